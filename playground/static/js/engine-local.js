// The engine in the local Python process that served this page: one POST to /api per request.

import { unwrap } from "./engine-error.js";

export class LocalEngine {
  constructor() {
    this.name = "local Python";
    this.onRestart = null; // the local engine never restarts by itself
    this.canRestart = false; // (its typed code is given up on after a time limit instead)
  }

  async start() {
    const hello = await this.call("hello");
    this.name = `Python ${hello.python} on this computer`;
    this.hello = hello;
  }

  async call(method, params = {}) {
    let response;
    try {
      response = await fetch("api", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ method, params }) });
    } catch (err) {
      throw new Error(`the local server does not answer (was it stopped?): ${err.message}`);
    }
    if (!response.ok) throw new Error(`the local server answered HTTP ${response.status}: ${await response.text()}`);
    return unwrap(await response.json());
  }

  async restart() {
    throw new Error("the local engine cannot be restarted from the page: stop the server (Ctrl-C) and start it again");
  }
}

// The engine in the browser: stepgrad in Pyodide, inside a Web Worker (worker.js) so the page never freezes.
// A watchdog ends a request that runs too long (or a runtime that crashed) by starting a fresh worker.

import { EngineError, unwrap } from "./engine-error.js";

const LIMITS = { "graph.build": 20000, "train.trace": 20000 }; // ms; typed code stops itself after 5 s, this is the backstop
const DEFAULT_LIMIT = 30000;
const SLOW_MS = 3000; // a call this long shows the Restart button

export class WorkerEngine {
  constructor(host, onStatus) {
    this.host = host;
    this.onStatus = (text, kind) => {
      this.slowShown = kind === "slow";
      onStatus(text, kind);
    };
    this.onRestart = null; // set by the page: re-send its state to a fresh engine
    this.name = "Python in this browser (Pyodide)";
    this.canRestart = true; // a fresh worker is a fresh engine
    this.pending = new Map();
    this.nextId = 1;
  }

  start() {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.ready = new Promise((resolve, reject) => { this.booted = { resolve, reject }; });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.crashed(`the engine's worker failed: ${event.message || "an error it could not report"}`);
    this.worker.postMessage({ boot: this.host });
    return this.ready;
  }

  receive(message) {
    if (message.status) return this.onStatus(message.status, "busy");
    if (message.booted) {
      this.name = `Python ${message.booted.python} in this browser (Pyodide ${message.booted.pyodide})`;
      this.hello = message.booted.hello;
      performance.mark("stepgrad-engine-booted", { detail: message.booted.phases }); // where the load time goes, for the benchmark
      return this.booted.resolve();
    }
    if (message.bootError) return this.booted.reject(new Error(message.bootError));
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    clearTimeout(call.timer);
    clearTimeout(call.slow);
    if (this.slowShown) this.onStatus("ready", "ready");
    if (message.fatal) {
      const why = /call stack/i.test(message.fatal) ? ": a graph thousands of nodes deep was freed all at once (keep graphs shallower)" : "";
      call.reject(new EngineError({ type: "EngineCrashed", message: `the Python runtime crashed (${message.fatal})${why}; a fresh one is starting` }));
      this.restart();
      return;
    }
    try {
      call.resolve(unwrap(JSON.parse(message.answer)));
    } catch (err) {
      call.reject(err);
    }
  }

  call(method, params = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const limit = LIMITS[method] ?? DEFAULT_LIMIT;
      const slow = setTimeout(() => this.onStatus(`${method} is still running… (Restart stops it)`, "slow"), SLOW_MS);
      const timer = setTimeout(() => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        reject(new EngineError({ type: "TimeLimit", message: `${method} took more than ${limit / 1000} s; the engine was stopped and a fresh one is starting` }));
        this.restart();
      }, limit);
      this.pending.set(id, { resolve, reject, timer, slow });
      this.worker.postMessage({ id, request: JSON.stringify({ method, params }) });
    });
  }

  crashed(reason) {
    this.booted?.reject(new Error(reason));
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      clearTimeout(call.slow);
      call.reject(new EngineError({ type: "EngineCrashed", message: reason }));
    }
    this.pending.clear();
  }

  /** Stop the worker (whatever it is doing) and boot a fresh one; the page's onRestart re-sends its state. */
  async restart() {
    this.worker.terminate();
    this.crashed("the engine was restarted");
    this.onStatus("restarting the engine…", "busy");
    await this.start();
    if (this.onRestart) await this.onRestart();
  }
}

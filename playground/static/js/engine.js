// The page's one engine interface: call(method, params) -> Promise of the answer, with two hosts behind it.
//  - "local": python -m demos playground serves this page; the engine is that Python process (engine-local.js)
//  - "pyodide": the static site; the engine is Pyodide + stepgrad's wheel in a Web Worker (engine-worker.js)
// host.json (served next to index.html) says which one this page has.

import { LocalEngine } from "./engine-local.js";
import { WorkerEngine } from "./engine-worker.js";

export { EngineError } from "./engine-error.js";

/** Connect to this page's engine; onStatus(text, kind) reports progress ("busy", "ready", "failed"). */
export async function connect(onStatus) {
  let host;
  try {
    const response = await fetch("host.json", { cache: "no-cache" });
    if (!response.ok) throw new Error(`host.json: HTTP ${response.status}`);
    host = await response.json();
  } catch (err) {
    throw new Error(`this page needs a host: run "python -m demos playground", or build the static site (${err.message})`);
  }
  const engine = host.engine === "local" ? new LocalEngine() : new WorkerEngine(host, onStatus);
  await engine.start();
  return engine;
}

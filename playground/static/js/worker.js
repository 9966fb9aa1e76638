// The Web Worker that runs stepgrad: Pyodide (CPython in WebAssembly) with stepgrad's wheel, and viz.js
// (Graphviz in WebAssembly) registered as stepgrad's layout through autograd_core.drawing.set_layout.
// Every file comes from this site (host.json lists them); nothing is fetched from anywhere else.

import { loadPyodide } from "../pyodide/pyodide.mjs";

let handle = null;

async function boot(host) {
  const here = (path) => new URL(`../${path}`, import.meta.url).href;
  const say = (status) => postMessage({ status });
  const t0 = performance.now();
  say("loading Python…");
  const wheels = Promise.all(host.wheels.map(async (path) => {
    const response = await fetch(here(path));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }));
  const viz = import("../viz/viz.js").then((module) => module.instance()); // loads while Pyodide boots
  const pyodide = await loadPyodide({ indexURL: here("pyodide/"), stdout: () => {}, stderr: (text) => console.warn(text) });
  const t1 = performance.now();
  say("installing stepgrad…");
  for (const wheel of await wheels) pyodide.unpackArchive(wheel, "wheel");
  const layout = await viz;
  pyodide.globals.set("render_with_viz", (source, format) => layout.renderString(source, { format }));
  const t2 = performance.now();
  const hello = pyodide.runPython(`
import sys
from playground.api import handle_json, use_layout
use_layout(render_with_viz)
handle_json('{"method": "hello"}')`);
  handle = pyodide.globals.get("handle_json");
  const phases = { python: t1 - t0, install: t2 - t1, imports: performance.now() - t2 };
  postMessage({ booted: { python: pyodide.runPython("sys.version.split()[0]"), pyodide: pyodide.version, hello: JSON.parse(hello).ok, phases } });
}

onmessage = async ({ data }) => {
  if (data.boot) {
    try {
      await boot(data.boot);
    } catch (err) {
      postMessage({ bootError: String(err.message || err) });
    }
    return;
  }
  try {
    postMessage({ id: data.id, answer: handle(data.request) });
  } catch (err) {
    // handle_json turns every Python error into an answer, so reaching here means the runtime itself failed
    postMessage({ id: data.id, fatal: String(err.message || err).split("\n")[0] });
  }
};

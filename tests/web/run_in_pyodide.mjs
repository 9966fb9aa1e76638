// Run stepgrad's built wheel in Pyodide under Node (no browser): node run_in_pyodide.mjs <site folder> <checks.py>
// Installs the wheels the site lists in host.json, registers viz.js as the layout (as the page's worker does),
// runs the Python file (its last expression is a JSON text of results), then checks the page's JS network
// evaluator (netmaps.js) against the engine's own predictions. Prints one JSON object.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [site, checks] = process.argv.slice(2).map((p) => path.resolve(p));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const modules = path.join(root, "web", "node_modules");
const { loadPyodide } = await import(pathToFileURL(path.join(modules, "pyodide", "pyodide.mjs")).href);
const { instance } = await import(pathToFileURL(path.join(modules, "@viz-js", "viz", "dist", "viz.js")).href);
const { forward } = await import(pathToFileURL(path.join(root, "playground", "static", "js", "netmaps.js")).href);

const started = performance.now();
const warnings = [];
const pyodide = await loadPyodide({ indexURL: path.join(modules, "pyodide") + path.sep, stdout: () => {}, stderr: (t) => warnings.push(t) });
const host = JSON.parse(fs.readFileSync(path.join(site, "host.json"), "utf8"));
for (const wheel of host.wheels) pyodide.unpackArchive(new Uint8Array(fs.readFileSync(path.join(site, wheel))), "wheel");
const viz = await instance();
pyodide.globals.set("render_with_viz", (source, format) => viz.renderString(source, { format }));
const booted = performance.now() - started;

const results = JSON.parse(pyodide.runPython(fs.readFileSync(checks, "utf8")));
const maps = results.netmaps;
const grid = forward(maps.weights, Float64Array.from(maps.points.map((p) => p[0])), Float64Array.from(maps.points.map((p) => p[1])));
const outputs = grid[grid.length - 1][0];
results.netmaps_max_difference = Math.max(...maps.predictions.map((p, i) => Math.abs(p - outputs[i])));
delete results.netmaps.weights;
results.boot_ms = booted;
results.stderr = warnings;
console.log(JSON.stringify(results));

// The playground page: connect to the engine (local Python or Pyodide), restore the state in the URL, run both labs.

import { $ } from "./dom.js";
import { connect } from "./engine.js";
import { GraphLab } from "./graph-lab.js";
import { TrainLab } from "./train-lab.js";
import { hideControls, readState, writeState } from "./url-state.js";

const page = { lab: "graph", hide: [], graph: null, train: null, restoring: true };

function status(text, kind) {
  const box = $("status");
  box.textContent = text;
  box.title = text;
  box.className = `status ${kind}`;
  $("restart").hidden = !["failed", "slow"].includes(kind) || !page.engine?.canRestart;
}

function save() {
  if (page.restoring) return;
  writeState({ lab: page.lab, hide: page.hide, ...page.graph.state(), ...page.train.urlState() });
}

function selectLab(lab) {
  page.lab = lab;
  for (const name of ["graph", "train"]) {
    $(`${name}-lab`).hidden = name !== lab;
    $(`tab-${name}`).setAttribute("aria-selected", String(name === lab));
  }
  if (lab === "train" && page.train?.state) page.train.paint(); // the network view needs its box's size
  save();
}

/** Restore both labs from ``state``: {first: the lab on show, rest: then the other one}. */
function restore(state, engine) {
  const graph = () => page.graph.load({ ...state, run: false });
  const train = () => {
    page.train.add = state.add;
    page.train.remove = state.remove;
    return page.train.configure({ ...engine.hello.defaults, noise: null, ...state.train });
  };
  const [shown, hidden] = state.lab === "train" ? [train, graph] : [graph, train];
  const first = shown();
  return { first, rest: first.then(hidden) };
}

async function boot() {
  status("starting the engine…", "busy");
  const engine = await connect(status);
  page.engine = engine;
  $("engine-name").textContent = `engine: ${engine.name}`;
  const state = readState();
  page.hide = state.hide;
  hideControls(state.hide);
  page.graph = new GraphLab(engine, save);
  page.train = new TrainLab(engine, {
    onChange: save,
    onTrace: async (graph, index) => {
      selectLab("graph");
      await page.graph.showTraced(graph, `training point ${index}'s loss, current weights, no L2`);
    },
  });
  for (const lab of ["graph", "train"]) $(`tab-${lab}`).addEventListener("click", () => selectLab(lab));
  selectLab(state.lab);
  const restoring = restore(state, engine);
  await restoring.first;
  status("ready", "ready"); // the lab on show is restored; the other one follows in the background
  performance.mark("stepgrad-ready"); // for benchmarks/playground.py: the load time, from navigation to ready
  await restoring.rest;
  engine.onRestart = async () => {
    await restore({ ...readState(), code: page.graph.code }, engine).rest;
    status("ready", "ready");
  };
  page.restoring = false;
  save();
}

$("share").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    $("share").textContent = "Link copied";
  } catch {
    $("share").textContent = "Copy the address bar";
  }
  setTimeout(() => { $("share").textContent = "Copy link"; }, 1800);
});
$("restart").addEventListener("click", () => page.engine.restart().catch((err) => status(err.message, "failed")));

boot().catch((err) => status(err.message || String(err), "failed"));

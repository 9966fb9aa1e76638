// The page's whole state in the URL's hash, so a link reopens it (and a teacher can link a prepared exercise).
//   #lab=graph&preset=toy&k=3&deriv=1                 a graph-lab preset at step 3, edge derivatives on
//   #code=...                                          typed code (loaded into the editor; Draw runs it)
//   #lab=train&dataset=circles&hidden=4,4&lr=0.03&...  train-lab settings; add=x:y:class;... remove=3,17
//   &hide=code,dataset                                 hide controls (the names are the data-control attributes)

const TRAIN_KEYS = { dataset: "dataset", points: "points", noise: "noise", seed: "seed", hidden: "hidden", act: "activation",
  loss: "loss", opt: "optimizer", lr: "lr", l2: "l2", batch: "batch" };

/** The state in the current URL: {lab, preset, code, k, derivatives, train: {...settings}, add, remove, hide}. */
export function readState(hash = location.hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const train = {};
  for (const [key, setting] of Object.entries(TRAIN_KEYS)) {
    if (!q.has(key)) continue;
    const raw = q.get(key);
    if (setting === "hidden") train.hidden = raw === "" ? [] : raw.split(",").map(Number);
    else if (["points", "seed"].includes(setting)) train[setting] = Number(raw);
    else if (["noise", "lr", "l2"].includes(setting)) train[setting] = Number(raw);
    else if (setting === "batch") train.batch = /^\d+$/.test(raw) ? Number(raw) : raw;
    else train[setting] = raw;
  }
  const add = (q.get("add") || "").split(";").filter(Boolean).map((p) => p.split(":").map(Number));
  const remove = (q.get("remove") || "").split(",").filter(Boolean).map(Number);
  return {
    lab: q.get("lab") === "train" ? "train" : "graph",
    preset: q.get("preset"), code: q.get("code"), k: q.has("k") ? Number(q.get("k")) : null,
    derivatives: q.get("deriv") === "1", train, add, remove,
    hide: (q.get("hide") || "").split(",").filter(Boolean),
  };
}

/** Write the state into the URL without a new history entry. */
export function writeState(state) {
  const q = new URLSearchParams();
  q.set("lab", state.lab);
  if (state.code !== null && state.code !== undefined) q.set("code", state.code);
  else if (state.preset) q.set("preset", state.preset);
  if (state.k) q.set("k", String(state.k));
  if (state.derivatives) q.set("deriv", "1");
  for (const [key, setting] of Object.entries(TRAIN_KEYS)) {
    const v = state.train?.[setting];
    if (v === undefined || v === null) continue;
    q.set(key, Array.isArray(v) ? v.join(",") : String(v));
  }
  if (state.add?.length) q.set("add", state.add.map((p) => p.map((v, i) => (i < 2 ? Number(v.toFixed(3)) : v)).join(":")).join(";"));
  if (state.remove?.length) q.set("remove", state.remove.join(","));
  if (state.hide?.length) q.set("hide", state.hide.join(","));
  const hash = `#${q.toString()}`;
  if (location.hash !== hash) history.replaceState(null, "", hash); // (the browser throttles needless rewrites)
}

/** Hide every control named in ``names`` (elements carrying data-control="name"). */
export function hideControls(names) {
  for (const name of names) {
    for (const node of document.querySelectorAll(`[data-control="${CSS.escape(name)}"]`)) node.hidden = true;
  }
}

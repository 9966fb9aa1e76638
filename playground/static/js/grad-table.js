// The gradient table beside the drawing (filling in step by step) and a leaf's sum over paths.

import { el } from "./dom.js";

/** Rebuild the table's rows for a new graph; ``onLeaf(name)`` is called when a leaf's name is clicked. */
export function buildTable(tbody, rows, onLeaf) {
  tbody.replaceChildren(...rows.map((r) => {
    const name = el("td", {}, r.name, r.group ? el("span", { class: "group" }, r.group) : null);
    const tr = el("tr", { class: r.leaf ? "leaf" : "" }, name, el("td", { class: "num" }, r.data), el("td", { class: "num" }));
    tr.dataset.node = r.name;
    if (r.leaf) name.addEventListener("click", () => onLeaf(r.name));
    return tr;
  }));
}

/** The table's state at frame k: frame 0 holds every gradient, each later frame what its step changed. */
export function stateAt(frames, k) {
  const grads = { ...frames[0].grads };
  const final = new Set(frames[0].final);
  for (let i = 1; i <= k; i++) {
    Object.assign(grads, frames[i].grads);
    for (const r of frames[i].final) final.add(r);
  }
  return { grads, final, received: new Set(frames[k].received), current: frames[k].current };
}

/** Show a state: each value's grad, final or pending, who received this step, the current node. */
export function showFrame(tbody, state) {
  [...tbody.rows].forEach((tr, i) => {
    const cell = tr.cells[2];
    cell.textContent = state.grads[i];
    cell.className = `num ${state.final.has(i) ? "final" : "pending"}${state.received.has(i) ? " received" : ""}`;
    tr.classList.toggle("current", state.current === i);
  });
}

/** Mark the row of the leaf being explained. */
export function markLeaf(tbody, name) {
  for (const tr of tbody.rows) tr.classList.toggle("picked", tr.dataset.node === name);
}

/** The explanation of one step: its title (the chain rule at one node) and one line per input. */
export function showStep(box, f) {
  box.replaceChildren(el("div", { class: "title" }, f.title), el("ul", {}, ...f.lines.map((t) => el("li", {}, t))));
}

/** ∂root/∂leaf as a sum over paths: each path's factors and product, then the sum, equal to the leaf's grad. */
export function showPaths(box, p) {
  const lines = [el("div", {}, `∂${p.root}/∂${p.leaf}: ${p.count} path${p.count === 1 ? "" : "s"} from ${p.root} to ${p.leaf}`)];
  for (const path of p.paths) {
    const route = path.nodes.join(" → ");
    const edges = path.factors.map((f) => f.edge).join(" · ");
    const values = path.factors.map((f) => f.value).join(" × ");
    lines.push(el("div", {}, `${route}: ${edges} = ${values} = ${path.product}`));
  }
  if (p.paths.length < p.count) lines.push(el("div", {}, `… and ${p.count - p.paths.length} more`));
  lines.push(el("div", { class: "sum" }, `sum over paths = ${p.sum} = ${p.leaf}.grad (${p.grad})`));
  const close = el("button", { class: "close", title: "close", "aria-label": "close" }, "×");
  close.addEventListener("click", () => { box.hidden = true; });
  box.replaceChildren(close, ...lines);
  box.hidden = false;
}

// The network as TensorFlow Playground draws one: each unit a small map of its output over the input plane
// ("hidden layers as learned features"), each weight an edge whose width is |w| and whose colour is its sign.

import { el, num } from "./dom.js";
import { CLASS_RGB, writeClasses, writeSigned } from "./paint.js";

const SVG = "http://www.w3.org/2000/svg";

export class NetworkView {
  constructor(box) {
    this.box = box;
    this.shape = "";
  }

  /** Lay the units and edges out for ``layers`` (only when the shape changed). */
  layout(layers, n) {
    const sizes = [2, ...layers.map((l) => l.w.length)];
    const W = this.box.clientWidth;
    const H = this.box.clientHeight;
    const shape = `${sizes.join("-")}/${layers.map((l) => l.activation).join(",")}/${n}/${W}x${H}`;
    if (shape === this.shape || !W || !H) return; // a hidden lab has no size yet: laid out when shown
    this.shape = shape;
    const most = Math.max(...sizes);
    const s = Math.max(10, Math.min(52, (H - 44) / (most * 1.28)));
    const margin = 36;
    const colX = (c) => margin + (c * (W - 2 * margin - s)) / (sizes.length - 1);
    this.pos = sizes.map((count, c) => Array.from({ length: count }, (_, i) => [colX(c), (H - 24) / 2 + (i - (count - 1) / 2) * s * 1.28 - s / 2]));
    this.edges = document.createElementNS(SVG, "svg");
    this.edges.classList.add("edges");
    this.lines = layers.map((layer, l) => layer.w.map((w, j) => w.map((_, i) => {
      const line = document.createElementNS(SVG, "path");
      const [ax, ay] = this.pos[l][i];
      const [bx, by] = this.pos[l + 1][j];
      const mid = (ax + s + bx) / 2;
      line.setAttribute("d", `M${ax + s},${ay + s / 2} C${mid},${ay + s / 2} ${mid},${by + s / 2} ${bx},${by + s / 2}`);
      line.setAttribute("fill", "none");
      line.append(document.createElementNS(SVG, "title"));
      this.edges.append(line);
      return line;
    })));
    this.units = this.pos.map((col, c) => col.map(([x, y], j) => {
      const canvas = el("canvas", { class: "unit", width: n, height: n });
      Object.assign(canvas.style, { left: `${x}px`, top: `${y}px`, width: `${s}px`, height: `${s}px` });
      canvas.title = c === 0 ? `input x${j + 1}` : c === sizes.length - 1 ? `output ${j + 1} (${layers[c - 1].activation})`
        : `layer ${c - 1}, unit ${j} (${layers[c - 1].activation})`;
      return canvas;
    }));
    const captions = sizes.map((count, c) => el("div", { class: "caption" },
      c === 0 ? "inputs x1, x2" : c === sizes.length - 1 ? `output (${layers[c - 1].activation})` : `${count} ${layers[c - 1].activation}`));
    captions.forEach((cap, c) => Object.assign(cap.style, { left: `${colX(c) + s / 2}px`, top: `${H - 20}px` }));
    this.box.replaceChildren(this.edges, ...this.units.flat(), ...captions);
  }

  /** Repaint every unit's map and every edge for new weights; ``maps[c][j]`` is unit j of column c over the grid. */
  update(layers, maps, n, decide) {
    this.layout(layers, n);
    if (!this.lines) return;
    const most = Math.max(1e-9, ...layers.flatMap((l) => l.w.flat().map(Math.abs)));
    layers.forEach((layer, l) => layer.w.forEach((w, j) => w.forEach((v, i) => {
      const line = this.lines[l][j][i];
      const t = Math.abs(v) / most;
      line.setAttribute("stroke", `rgb(${CLASS_RGB[v < 0 ? 0 : 1].join(",")})`);
      line.setAttribute("stroke-width", (0.4 + 4.6 * t).toFixed(2));
      line.setAttribute("stroke-opacity", (0.25 + 0.75 * t).toFixed(2));
      line.firstChild.textContent = `w = ${num(v)} (layer ${l}, unit ${j} ← input ${i})`;
    })));
    const last = maps.length - 1;
    maps.forEach((column, c) => column.forEach((values, j) => {
      const ctx = this.units[c][j].getContext("2d");
      const image = ctx.createImageData(n, n);
      if (c === last) {
        const mine = column.length === 1 ? decide.conf : decide.conf.map((v, p) => (decide.cls[p] === j ? v : 0));
        writeClasses(image.data, decide.cls, mine);
      } else {
        const act = c === 0 ? "linear" : layers[c - 1].activation;
        let most = 1e-9;
        for (const v of values) most = Math.max(most, Math.abs(v));
        const centred = act === "sigmoid" || act === "step" ? values.map((v) => 2 * v - 1) : values;
        writeSigned(image.data, centred, act === "tanh" || act === "sigmoid" || act === "step" ? 1 : 1 / most);
      }
      ctx.putImageData(image, 0, 0);
    }));
  }
}

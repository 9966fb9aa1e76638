// The graph lab: typed code or a preset -> the engine's graph, stepped backward one node at a time.

import { $, fillSelect } from "./dom.js";
import { buildTable, markLeaf, showFrame, showPaths, showStep, stateAt } from "./grad-table.js";
import { nodeNames, showMessage, showSvg } from "./graph-view.js";
import { showCodeError, clearCodeError, numberLines } from "./code-editor.js";

const PLAY_MS = 1100;

export class GraphLab {
  constructor(engine, onChange) {
    this.engine = engine;
    this.onChange = onChange; // the URL keeps up with the lab
    this.graph = null; // what graph.build answered: rows, frames, total
    this.k = 0;
    this.preset = "toy";
    this.code = null; // typed code, when it is not a preset's
    this.timer = null;
    this.seq = 0;
    this.size = null; // the drawing box's size, read once per resize: reading it after the table changed forces a layout
    new ResizeObserver(() => { this.size = null; }).observe($("graph"));
    const hello = engine.hello;
    this.presets = Object.fromEntries(hello.presets.map((p) => [p.id, p]));
    fillSelect($("preset"), [...hello.presets.map((p) => ({ value: p.id, label: p.title })), { value: "", label: "(your code)" }]);
    $("rule").textContent = `Names you have: Value, vsum, softmax, nn, math. ${hello.rule[0].toUpperCase()}${hello.rule.slice(1)}.`;
    this.wire();
  }

  wire() {
    $("preset").addEventListener("change", () => {
      if (!$("preset").value) return;
      this.preset = $("preset").value;
      this.code = null;
      $("code").value = this.presets[this.preset].code;
      numberLines();
      this.build();
    });
    $("code").addEventListener("input", () => {
      $("preset").value = "";
      this.code = $("code").value;
      $("code-note").textContent = "";
      numberLines();
      this.onChange();
    });
    $("code").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.build(); }
    });
    $("run").addEventListener("click", () => this.build());
    $("next").addEventListener("click", () => this.go(this.k + 1));
    $("prev").addEventListener("click", () => this.go(this.k - 1));
    $("first").addEventListener("click", () => { this.stop(); this.go(0); });
    $("play").addEventListener("click", () => this.play());
    $("derivatives").addEventListener("change", () => { this.onChange(); this.go(this.k); });
    $("natural").addEventListener("change", () => this.go(this.k));
    $("grouped").addEventListener("change", () => this.go(this.k));
    document.addEventListener("keydown", (e) => {
      if ($("graph-lab").hidden || ["TEXTAREA", "INPUT", "SELECT"].includes(e.target.tagName)) return;
      const act = { ArrowRight: () => this.go(this.k + 1), ArrowLeft: () => this.go(this.k - 1), Home: () => this.go(0),
        End: () => this.graph && this.go(this.graph.total), " ": () => this.play() }[e.key];
      if (act) { e.preventDefault(); act(); }
    });
  }

  /** Load a preset (run it) or typed code (shown; run only when ``run`` is true). */
  async load({ preset, code, k, derivatives, run }) {
    $("derivatives").checked = Boolean(derivatives);
    if (code !== null && code !== undefined) {
      this.code = code;
      $("preset").value = "";
      $("code").value = code;
    } else {
      this.preset = this.presets[preset] ? preset : "toy";
      this.code = null;
      $("preset").value = this.preset;
      $("code").value = this.presets[this.preset].code;
    }
    numberLines();
    if (this.code !== null && !run) {
      $("code-note").textContent = "This link brought code: read it, then press Draw to run it.";
      showMessage($("graph"), "Press Draw to run the code from the link.");
      return;
    }
    await this.build(k ?? 0);
  }

  async build(k = 0) {
    this.stop();
    const seq = ++this.seq;
    clearCodeError();
    $("code-note").textContent = "";
    $("run").disabled = true;
    try {
      const picture = { derivatives: $("derivatives").checked, box: this.box(), grouped: null };
      const params = this.code === null ? { preset: this.preset, picture } : { code: $("code").value, picture };
      const graph = await this.engine.call("graph.build", params);
      if (seq !== this.seq) return;
      this.show(graph, this.code === null ? this.presets[this.preset].title : `your code (the root: ${graph.chosen})`);
      this.showPicture(graph.picture);
      $("printed").textContent = graph.printed || "";
      $("printed").hidden = !graph.printed;
      await this.go(Math.min(Math.max(0, k), graph.total));
    } catch (err) {
      if (seq !== this.seq) return;
      this.graph = null;
      showCodeError(err);
      showMessage($("graph"), "Fix the code, then press Draw.");
      $("graph-title").textContent = "";
      $("grads").tBodies[0].replaceChildren();
      $("paths").hidden = true;
      this.showCount();
    } finally {
      $("run").disabled = false;
      this.onChange();
    }
  }

  /** Show a traced training point: the code that builds it, and its graph (built by the engine already). */
  async showTraced(graph, title) {
    this.stop();
    clearCodeError();
    this.code = graph.code;
    $("preset").value = "";
    $("code").value = graph.code;
    numberLines();
    this.show(graph, title);
    this.showPicture(graph.picture);
    await this.go(0);
  }

  /** The first picture came with the graph: it says whether the graph is drawn one box per neuron. */
  showPicture(picture) {
    $("grouped").checked = picture.grouped;
    this.prefetched = { k: 0, view: this.view(), answer: Promise.resolve(picture) };
  }

  show(graph, title) {
    this.graph = graph;
    this.k = 0;
    this.prefetched = null;
    $("graph-title").textContent = `${title}: ${graph.values} values, ${graph.total} steps`;
    buildTable($("grads").tBodies[0], graph.rows, (leaf) => this.explain(leaf));
    $("paths").hidden = true;
  }

  /** Show frame k: the picture (from the engine), the step's explanation and the gradient table. */
  async go(k) {
    if (!this.graph) return;
    k = Math.max(0, Math.min(this.graph.total, k));
    this.k = k;
    this.showCount();
    const f = this.graph.frames[k];
    showStep($("step-text"), f);
    showFrame($("grads").tBodies[0], stateAt(this.graph.frames, k));
    const seq = ++this.seq;
    try {
      const frame = (await this.ahead(k)) ?? (await this.frame(k));
      if (seq !== this.seq) return;
      const svg = showSvg($("graph"), frame.svg, $("natural").checked);
      const leaves = new Set(this.graph.rows.filter((r) => r.leaf).map((r) => r.name));
      for (const [g, name] of nodeNames(svg)) {
        if (leaves.has(name)) {
          g.classList.add("leaf-pick");
          g.addEventListener("click", () => this.explain(name));
        }
      }
      // the next frame, asked for once this one is on the page (the engine's work then does not delay it)
      if (k < this.graph.total) this.prefetched = { k: k + 1, view: this.view(), answer: this.frame(k + 1).catch(() => null) };
    } catch (err) {
      if (seq === this.seq) showMessage($("graph"), `${err.type ?? "Error"}: ${err.message}`);
    }
    this.onChange();
  }

  /** Ask the engine for frame k's picture (laid out to suit the drawing's box). */
  frame(k) {
    return this.engine.call("graph.frame", { k, derivatives: $("derivatives").checked, grouped: $("grouped").checked, box: this.box() });
  }

  view() {
    return `${$("derivatives").checked}/${$("grouped").checked}`;
  }

  box() {
    this.size ??= [$("graph").clientWidth || 800, $("graph").clientHeight || 600];
    return this.size;
  }

  /** The next frame, asked for while the reader reads this one (null when it is another frame, or it failed). */
  ahead(k) {
    const next = this.prefetched;
    this.prefetched = null;
    return next && next.k === k && next.view === this.view() ? next.answer : null;
  }

  showCount() {
    const total = this.graph ? this.graph.total : 0;
    $("step-count").textContent = `step ${this.graph ? this.k : 0} of ${total}`;
    $("prev").disabled = $("first").disabled = !this.graph || this.k === 0;
    $("next").disabled = !this.graph || this.k === total;
    $("play").disabled = !this.graph || total === 0;
    if (!this.graph) $("step-text").replaceChildren();
  }

  play() {
    if (this.timer) return this.stop();
    if (!this.graph) return;
    if (this.k === this.graph.total) this.go(0);
    $("play").textContent = "❚❚ Pause";
    this.timer = setInterval(() => {
      if (this.k >= this.graph.total) return this.stop();
      this.go(this.k + 1);
    }, PLAY_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    $("play").textContent = "▶ Play";
  }

  async explain(leaf) {
    try {
      showPaths($("paths"), await this.engine.call("graph.paths", { leaf }));
      markLeaf($("grads").tBodies[0], leaf);
    } catch (err) {
      showPaths($("paths"), { root: "", leaf, count: 0, paths: [], sum: "–", grad: err.message });
    }
  }

  /** What the URL keeps of this lab. */
  state() {
    return { preset: this.code === null ? this.preset : null, code: this.code, k: this.k, derivatives: $("derivatives").checked };
  }
}

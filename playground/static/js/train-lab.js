// The train lab: the engine trains (nn.fit, a few epochs per request); the page paints what it sends back.

import { $, nextFrame, num } from "./dom.js";
import { drawCurves } from "./charts.js";
import { decisions, forward, gridPoints } from "./netmaps.js";
import { NetworkView } from "./network-view.js";
import { paintField, paintPoints, planeAt, writeClasses } from "./paint.js";
import { clickMode, fillChoices, fillClickModes, limitLosses, readSettings, writeSettings } from "./train-controls.js";

const GRID = 50; // maps are n × n
const TARGET_MS = 120; // each training request should take about this long: a few epochs, then a repaint

const loss = (v) => (v === null || v === undefined ? "–" : v < 10 ? v.toFixed(4) : num(v));

export class TrainLab {
  constructor(engine, { onChange, onTrace }) {
    this.engine = engine;
    this.onChange = onChange;
    this.onTrace = onTrace;
    this.state = null; // what the engine last described: config, points, weights, history
    this.add = [];
    this.remove = [];
    this.picked = null;
    this.playing = false;
    this.epochsPerCall = 1;
    this.rate = [];
    this.net = new NetworkView($("net"));
    fillChoices(engine.hello);
    this.wire();
  }

  wire() {
    let timer = null;
    $("train-form").addEventListener("input", (e) => {
      if (e.target.name === "click") return;
      if (e.target.id === "noise") $("noise-out").value = Number($("noise").value).toFixed(2);
      clearTimeout(timer);
      timer = setTimeout(() => this.configure(readSettings(), e.target.id === "dataset" || e.target.id === "points" || e.target.id === "seed"), 250);
    });
    $("train-form").addEventListener("submit", (e) => e.preventDefault());
    $("train").addEventListener("click", () => (this.playing ? this.pause() : this.play()));
    $("train-step").addEventListener("click", () => { this.pause(); this.run(() => this.step(1)); });
    $("reset").addEventListener("click", () => this.run(async () => { this.pause(); this.show(await this.engine.call("train.reset")); }));
    $("map").addEventListener("click", (e) => this.click(e));
    $("trace").addEventListener("click", () => this.trace());
  }

  /** New settings: fresh data (edits forgotten when the data itself changed) and a fresh model. */
  async configure(settings, newData = false) {
    this.pause();
    if (newData) { this.add = []; this.remove = []; this.picked = null; }
    await this.run(async () => {
      const state = await this.engine.call("train.configure", settings);
      this.show(this.add.length || this.remove.length ? await this.engine.call("train.edit", { add: this.add, remove: this.remove }) : state);
    });
  }

  async step(epochs) {
    this.apply(await this.engine.call("train.step", { epochs }));
  }

  apply(update) {
    this.state.weights = update.weights;
    this.state.epoch = update.epoch;
    this.state.history.push(...update.added);
    this.paint();
  }

  /** Train until paused: the next request is sent before this one's answer is painted, so the engine never waits. */
  async play() {
    if (!this.state) return;
    this.playing = true;
    $("train").textContent = "❚❚ Pause";
    this.rate = [];
    await this.run(async () => {
      let sent = performance.now();
      let pending = this.engine.call("train.step", { epochs: this.epochsPerCall });
      while (pending) {
        const update = await pending;
        const ms = performance.now() - sent;
        this.epochsPerCall = Math.max(1, Math.min(25, Math.round(this.epochsPerCall * TARGET_MS / Math.max(ms, 1))));
        sent = performance.now();
        pending = this.playing ? this.engine.call("train.step", { epochs: this.epochsPerCall }) : null;
        this.apply(update);
        this.showRate(update.epoch);
        await nextFrame();
      }
    });
    this.pause();
  }

  showRate(epoch) {
    const now = performance.now();
    this.rate.push([now, epoch]);
    this.rate = this.rate.filter(([t]) => t > now - 3000);
    const [t0, e0] = this.rate[0];
    if (now - t0 > 500) $("rate").textContent = `${((epoch - e0) / ((now - t0) / 1000)).toFixed(1)} epochs/s`;
  }

  pause() {
    this.playing = false;
    $("train").textContent = "▶ Train";
  }

  /** Run an engine call, showing its error (and stopping the training) instead of throwing. */
  async run(action) {
    try {
      $("train-error").hidden = true;
      await action();
    } catch (err) {
      this.pause();
      $("train-error").textContent = `${err.type ?? "Error"}: ${err.message}`;
      $("train-error").hidden = false;
    }
  }

  show(state) {
    this.state = state;
    writeSettings(state.config);
    limitLosses(state.classes);
    fillClickModes(state.classes, clickMode());
    this.net.shape = "";
    this.paint();
  }

  /** Repaint the decision map, the network's unit maps and the curves from the current weights. */
  paint() {
    const s = this.state;
    const t0 = performance.now();
    const [xs, ys] = gridPoints(s.domain, GRID);
    const maps = forward(s.weights, xs, ys);
    const decide = decisions(maps[maps.length - 1], s.config.loss);
    const ctx = $("map").getContext("2d");
    paintField(ctx, GRID, (data) => writeClasses(data, decide.cls, decide.conf));
    paintPoints(ctx, s.domain, s.train, s.test, this.picked);
    this.net.update(s.weights, maps, GRID, decide);
    performance.measure("stepgrad-repaint", { start: t0 }); // the maps and the network, for benchmarks/playground.py
    const last = s.history[s.history.length - 1];
    const tested = [...s.history].reverse().find((h) => h.test_loss !== null) ?? {};
    $("epoch").textContent = String(s.epoch);
    $("loss-value").textContent = loss(last.train_loss);
    $("test-loss").textContent = tested.test_loss === undefined ? "" : `held-out ${loss(tested.test_loss)}`;
    const scored = [...s.history].reverse().find((h) => h.train_accuracy !== null);
    $("accuracy").textContent = scored ? `${(100 * scored.train_accuracy).toFixed(0)}%` : "–";
    $("test-accuracy").textContent = tested.test_accuracy === null || tested.test_accuracy === undefined ? ""
      : `held-out ${(100 * tested.test_accuracy).toFixed(0)}%`;
    drawCurves($("curves"), s.history);
    this.onChange();
  }

  async click(event) {
    if (!this.state) return;
    const [x, y] = planeAt($("map"), this.state.domain, event);
    const mode = clickMode();
    const nearest = this.nearest(x, y);
    if (mode === "pick") {
      this.picked = nearest;
      const p = this.state.train[nearest];
      $("point-text").textContent = nearest === null ? "No point there." : `point ${nearest}: (${num(p[0], 3)}, ${num(p[1], 3)}), class ${p[2]}`;
      $("trace").disabled = nearest === null;
      return this.paint();
    }
    if (mode === "remove") {
      if (nearest === null) return;
      const origin = this.state.origin[nearest];
      if (origin >= 0) this.remove.push(origin);
      else this.add.splice(-1 - origin, 1);
    } else {
      this.add.push([x, y, Number(mode.slice(3))]);
    }
    this.picked = null;
    $("trace").disabled = true;
    await this.run(async () => this.show(await this.engine.call("train.edit", { add: this.add, remove: this.remove })));
  }

  /** The training point nearest (x, y) within a small radius, or null. */
  nearest(x, y) {
    const [x0, x1] = this.state.domain;
    let best = null;
    let dist = ((x1 - x0) / 40) ** 2;
    this.state.train.forEach(([px, py], i) => {
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < dist) { dist = d; best = i; }
    });
    return best;
  }

  async trace() {
    if (this.picked === null) return;
    this.pause();
    const picture = { derivatives: false, box: [$("graph").clientWidth || 800, $("graph").clientHeight || 600], grouped: null };
    await this.run(async () => this.onTrace(await this.engine.call("train.trace", { index: this.picked, picture }), this.picked));
  }

  /** What the URL keeps of this lab. */
  urlState() {
    return { train: this.state ? { ...this.state.config } : readSettings(), add: this.add, remove: this.remove };
  }
}

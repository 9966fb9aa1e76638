// The train lab's form: filled from the engine's choices, read into settings, written back from a link.

import { $, el, fillSelect } from "./dom.js";
import { CLASS_RGB } from "./paint.js";

const LOSS_NAMES = { hinge: "hinge", bce_logits: "BCE with logits", bce: "BCE (σ output)", mse: "squared error",
  cross_entropy: "softmax + CE" };
const OPTIMIZER_NAMES = { adam: "Adam", sgd: "SGD", momentum: "SGD, momentum" };

export function fillChoices(hello) {
  fillSelect($("dataset"), hello.datasets.map((d) => ({ value: d.id, label: d.title })));
  fillSelect($("activation"), hello.activations.map((a) => ({ value: a, label: a === "step" ? "step (does not learn)" : a })));
  fillSelect($("loss"), hello.losses.map((l) => ({ value: l, label: LOSS_NAMES[l] ?? l })));
  fillSelect($("optimizer"), hello.optimizers.map((o) => ({ value: o, label: OPTIMIZER_NAMES[o] ?? o })));
  $("points").min = hello.limits.points[0];
  $("points").max = hello.limits.points[1];
}

/** The click modes for the map: pick a point, add a point of a class, remove a point. */
export function fillClickModes(classes, keep) {
  const modes = [["pick", "pick", null], ...Array.from({ length: classes }, (_, k) => [`add${k}`, "add", k]), ["remove", "remove", null]];
  $("click-mode").replaceChildren(...modes.map(([value, label, k]) => el("label", {},
    el("input", { type: "radio", name: "click", value, checked: value === keep || (value === "pick" && !modes.some((m) => m[0] === keep)) }),
    label, k === null ? null : el("span", { class: "dot", style: `background: rgb(${CLASS_RGB[k].join(",")})` }))));
}

export const clickMode = () => document.querySelector('#click-mode input[name="click"]:checked')?.value ?? "pick";

/** The settings in the form (as the engine's train.configure takes them). */
export function readSettings() {
  const hidden = $("hidden").value.trim();
  const batch = $("batch").value;
  return {
    dataset: $("dataset").value, points: Number($("points").value), noise: Number($("noise").value), seed: Number($("seed").value),
    hidden: hidden === "" ? [] : hidden.split(/[\s,]+/).filter(Boolean).map(Number),
    activation: $("activation").value, loss: $("loss").value, optimizer: $("optimizer").value,
    lr: Number($("lr").value), l2: Number($("l2").value), batch: /^\d+$/.test(batch) ? Number(batch) : batch,
  };
}

/** Show ``settings`` (what the engine reports back) in the form. */
export function writeSettings(s) {
  $("dataset").value = s.dataset;
  $("points").value = s.points;
  $("noise").value = s.noise;
  $("noise-out").value = Number(s.noise).toFixed(2);
  $("seed").value = s.seed;
  $("hidden").value = s.hidden.join(", ");
  $("activation").value = s.activation;
  $("loss").value = s.loss;
  $("optimizer").value = s.optimizer;
  $("lr").value = s.lr;
  $("l2").value = s.l2;
  const batch = String(s.batch);
  if (![...$("batch").options].some((o) => o.value === batch)) $("batch").append(el("option", { value: batch }, `mini-batch of ${batch}`));
  $("batch").value = batch;
}

/** Losses a dataset can use: with more than two classes only softmax cross-entropy scores them all. */
export function limitLosses(classes) {
  for (const option of $("loss").options) option.disabled = classes > 2 && option.value !== "cross_entropy";
}

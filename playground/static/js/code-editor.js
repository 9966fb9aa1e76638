// The code box: line numbers beside the textarea, and the line of an error marked in them.

import { $, el } from "./dom.js";

let badLine = null;

/** Redraw the line numbers (the bad line, if any, marked). */
export function numberLines() {
  const count = Math.max(1, $("code").value.split("\n").length);
  $("code").rows = Math.max(8, Math.min(14, count + 1));
  const gutter = $("gutter");
  gutter.replaceChildren(...Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return el("div", { class: n === badLine ? "bad" : "" }, String(n));
  }));
  gutter.scrollTop = $("code").scrollTop;
}

/** Show an engine error under the code: type, stepgrad's message, and the line it came from. */
export function showCodeError(err) {
  const box = $("code-error");
  badLine = err.line ?? null;
  const where = badLine ? ` on line ${badLine}` : "";
  const line = err.text ? [el("div", {}, el("code", {}, err.text))] : [];
  box.replaceChildren(el("b", {}, `${err.type ?? "Error"}${where}: `), err.message, ...line);
  box.hidden = false;
  numberLines();
}

export function clearCodeError() {
  badLine = null;
  $("code-error").hidden = true;
  numberLines();
}

$("code").addEventListener("scroll", () => { $("gutter").scrollTop = $("code").scrollTop; });

// Small DOM helpers shared by the page's modules.

export const $ = (id) => document.getElementById(id);

/** An element with attributes/properties and children (strings become text). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** Fill a <select> with options [{value, label}], keeping the current value when it still exists. */
export function fillSelect(select, options) {
  const keep = select.value;
  select.replaceChildren(...options.map((o) => el("option", { value: o.value }, o.label)));
  if (options.some((o) => o.value === keep)) select.value = keep;
}

/** Resolves on the next animation frame (lets the browser paint between engine calls). */
export const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** A number as the page prints it: 4 significant digits, no exponent for everyday sizes. */
export function num(x, digits = 4) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(digits)));
}

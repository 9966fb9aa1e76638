// The drawing: stepgrad's SVG put into the page (scripts and event attributes stripped), fitted to its box.

const PROLOG = /^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?/;
// What could run in an SVG: a script, a foreign object, an event attribute, a link (its value may be entity-encoded).
const RISKY = /script|foreignobject|[\s/]on[a-z]*\s*=|href|&#/i;

/** Parse SVG text into an <svg> element with nothing that could run (it may carry typed labels). */
export function parseSvg(text) {
  // The HTML parser builds the same SVG elements in under half DOMParser's XML time (a template's content: inert)
  const holder = document.createElement("template");
  holder.innerHTML = text.replace(PROLOG, "");
  const svg = holder.content.firstElementChild;
  if (svg?.namespaceURI !== "http://www.w3.org/2000/svg" || svg.localName !== "svg") throw new Error("the engine's picture is not SVG");
  if (!RISKY.test(text.replace(/&#(39|45|92|160);/g, ""))) return document.importNode(svg, true); // nothing to strip: skip the walk
  for (const bad of svg.querySelectorAll("script, foreignObject")) bad.remove();
  for (const node of svg.querySelectorAll("*")) {
    for (const attr of [...node.attributes]) {
      if (/^on/i.test(attr.name) || /^\s*javascript:/i.test(attr.value)) node.removeAttribute(attr.name);
    }
  }
  return document.importNode(svg, true);
}

/** Show ``text`` (SVG) in ``box``; ``natural`` keeps its size (scroll), else it is fitted (at most 1.6× enlarged). */
export function showSvg(box, text, natural) {
  const svg = parseSvg(text);
  const width = parseFloat(svg.getAttribute("width")) * 4 / 3; // Graphviz writes points; CSS pixels are 3/4 of a point
  const height = parseFloat(svg.getAttribute("height")) * 4 / 3;
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.style.width = natural ? `${width}px` : "100%";
  svg.style.height = natural ? `${height}px` : "100%";
  if (!natural) {
    svg.style.maxWidth = `${width * 1.6}px`;
    svg.style.maxHeight = `${height * 1.6}px`;
  }
  box.classList.toggle("natural", Boolean(natural));
  box.replaceChildren(svg);
  return svg;
}

/** The first text of each drawn node, so a click on a node's picture can be matched to a value's name. */
export function nodeNames(svg) {
  const out = [];
  for (const g of svg.querySelectorAll("g.node")) {
    const first = g.querySelector("text");
    if (first) out.push([g, first.textContent.trim()]);
  }
  return out;
}

/** Show a message in the drawing's place. */
export function showMessage(box, text) {
  const p = document.createElement("p");
  p.className = "placeholder";
  p.textContent = text;
  box.classList.remove("natural");
  box.replaceChildren(p);
}

"""The stepper's script: one function that turns a ``.sgs`` element and its JSON into the stepper.

The page runs it once; a notebook output runs it for its own element (found by its id, which is
unique per output), so several steppers live side by side. Until it runs -- an untrusted
notebook never runs it -- the element holds only a static picture and one line saying how to
see it live; the script replaces them. The picture fits the space it has (width, and the window's
height) and scales up on a big screen -- unless its text would then be smaller than 11 px: a big
graph starts at a readable size and follows each step's node; ``fit`` shows it whole, − / + zoom.
"""

SCRIPT = r"""
(function () {
const uid = "__UID__", page = __PAGE__, READABLE = 0.75;  // below this scale node text is under 11 px
function stepper(root) {
  const data = JSON.parse(root.querySelector("script.sgs-data").textContent);
  const make = (tag, cls, text) => {
    const e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e;
  };
  const button = (cls, text, title) => { const b = make("button", cls, text); b.type = "button"; b.title = title; return b; };
  root.querySelectorAll(".sgs-static").forEach(e => e.remove());
  const bar = make("div", "sgs-bar"), zoomBox = make("span", "sgs-zoom");
  const reset = button("sgs-reset", "Reset", "back to the start (Home)"), prev = button("sgs-prev", "◀ Prev", "previous step (←)");
  const playB = button("sgs-play", "▶ Play", "play / pause (space)"), next = button("sgs-next", "Next ▶", "next step (→)");
  const counter = make("span", "sgs-counter"), percent = make("span", "sgs-percent");
  const out = button("sgs-zoom-out", "−", "smaller (-)"), fitB = button("sgs-fit", "fit", "the whole picture (0)");
  const inn = button("sgs-zoom-in", "+", "larger (+)");
  zoomBox.append(percent, out, fitB, inn);
  bar.append(reset, prev, playB, next, counter, zoomBox);
  const hint = make("p", "sgs-hint", (page ? "Keys" : "Click the stepper, then keys") +
    ": → next, ← previous, space play/pause, Home start, End last step, + / − zoom. Each step applies the chain rule at one node: " +
    "every input's grad += local derivative × the node's grad. Click a node or a row for its gradient as a sum over paths.");
  const main = make("div", "sgs-main"), pic = make("div", "sgs-pic"), side = make("div", "sgs-side");
  const title = make("h3", "sgs-title"), explain = make("ul", "sgs-explain");
  const paths = make("div", "sgs-paths sgs-empty",
    "Click a node of the picture or a row of the table to see its gradient as a sum over paths.");
  const table = make("table"), head = table.createTHead().insertRow(), body = table.createTBody();
  ["node", "data", "grad"].forEach(t => head.append(make("th", "", t)));
  const words = make("div", "sgs-words");
  words.append(title, explain, paths);
  side.append(words, table);
  main.append(pic, side);
  root.append(bar, hint, main);
  const frames = data.frames.map((f, i) => {
    const div = make("div", "sgs-frame"); div.innerHTML = f.svg; div.hidden = i !== 0; pic.append(div);
    const svg = div.querySelector("svg"); svg.removeAttribute("width"); svg.removeAttribute("height"); return div;
  });
  const box = (frames[0].querySelector("svg").getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
  const natural = { w: box[2] * 4 / 3, h: box[3] * 4 / 3 };  // points to CSS pixels
  const rowOf = {};
  data.ids.forEach((id, i) => { rowOf[id] = i; });
  const rows = data.names.map((name, i) => {
    const tr = body.insertRow(), n = tr.insertCell();
    n.textContent = name;
    if (data.groups[i]) n.append(make("span", "sgs-group", data.groups[i]));
    const d = tr.insertCell(); d.textContent = data.data[i]; d.className = "num";
    tr.insertCell().className = "num";
    tr.onclick = () => choose(i);
    return tr;
  });
  let k = 0, timer = null, chosenScale = null;
  function choose(i) {
    paths.className = "sgs-paths"; paths.textContent = data.paths[i].join("\n");
    rows.forEach((tr, j) => tr.classList.toggle("chosen", j === i));
  }
  pic.addEventListener("click", e => {
    const node = e.target.closest && e.target.closest(".node");
    const id = node && node.querySelector("title") ? node.querySelector("title").textContent.replace(/op$/, "") : null;
    if (id !== null && id in rowOf) choose(rowOf[id]);
  });
  function height() {  // the height the picture may take: the window's, below the controls
    const top = pic.getBoundingClientRect().top + (page ? window.scrollY : 0);
    return page ? Math.max(240, window.innerHeight - top - 14) : Math.max(260, window.innerHeight * 0.72);
  }
  function arrange() {  // a wide, short picture gets the whole width, the explanation under it
    const width = main.clientWidth, h = height();
    const beside = Math.min((width - 380) / natural.w, h / natural.h), below = Math.min(width / natural.w, 0.62 * h / natural.h);
    main.classList.toggle("sgs-stacked", below > 1.15 * beside);
  }
  function fitScale() {
    const stacked = main.classList.contains("sgs-stacked"), availW = Math.max(120, pic.clientWidth - 4);
    const availH = height() * (stacked ? 0.62 : 1);
    return [Math.min(availW / natural.w, availH / natural.h), availH];
  }
  function fit() {  // auto (chosenScale === null): the whole picture, unless its text would be too small to read
    arrange();
    const [whole, availH] = fitScale();
    const scale = chosenScale === null ? Math.max(whole, Math.min(READABLE, 1)) : chosenScale;
    pic.style.maxHeight = scale > whole * 1.001 ? availH + "px" : "";
    frames.forEach(f => {
      const s = f.querySelector("svg"); s.style.width = natural.w * scale + "px"; s.style.height = natural.h * scale + "px";
    });
    percent.textContent = Math.round(scale * 100) + "%";
    root.dataset.scale = scale.toFixed(3); root.dataset.whole = whole.toFixed(3);
    return scale;
  }
  function zoomBy(factor) {
    chosenScale = factor === 0 ? fitScale()[0] : Math.min(8, Math.max(0.1, Number(root.dataset.scale) * factor));
    fit(); center();
  }
  function center() {  // keep this step's node (the root at the start) in the middle of a zoomed picture
    const node = frames[k].querySelector(".current") ||
      [...frames[k].querySelectorAll(".node")].find(g => g.querySelector("title").textContent === "n0");
    if (!node || pic.scrollWidth <= pic.clientWidth + 1 && pic.scrollHeight <= pic.clientHeight + 1) return;
    const r = node.getBoundingClientRect(), p = pic.getBoundingClientRect();
    pic.scrollLeft += r.left + r.width / 2 - (p.left + p.width / 2);
    pic.scrollTop += r.top + r.height / 2 - (p.top + p.height / 2);
  }
  function show(i) {
    k = Math.max(0, Math.min(frames.length - 1, i));
    frames.forEach((f, j) => { f.hidden = j !== k; });
    const f = data.frames[k];
    counter.textContent = `step ${k} of ${frames.length - 1}`;
    title.textContent = f.title;
    explain.replaceChildren(...f.lines.map(t => make("li", "", t)));
    rows.forEach((tr, j) => {
      const g = tr.cells[2];
      g.textContent = f.grads[j];
      g.className = "num " + (f.final[j] ? "final" : "pending") + (f.received[j] ? " received" : "");
      tr.classList.toggle("current", f.current === j);
    });
    prev.disabled = reset.disabled = k === 0;
    next.disabled = k === frames.length - 1;
    root.dataset.step = k;
    center();
    if (k === frames.length - 1) stop();
  }
  function stop() { clearInterval(timer); timer = null; playB.textContent = "▶ Play"; }
  function play() {
    if (timer) return stop();
    if (k === frames.length - 1) show(0);
    playB.textContent = "❚❚ Pause";
    timer = setInterval(() => show(k + 1), 1200);
  }
  next.onclick = () => show(k + 1); prev.onclick = () => show(k - 1); playB.onclick = play;
  reset.onclick = () => { stop(); show(0); };
  out.onclick = () => zoomBy(1 / 1.25); inn.onclick = () => zoomBy(1.25); fitB.onclick = () => zoomBy(0);
  (page ? document : root).addEventListener("keydown", e => {
    const act = { ArrowRight: () => show(k + 1), ArrowLeft: () => show(k - 1), Home: () => show(0), End: () => show(frames.length - 1),
                  " ": play, "+": () => zoomBy(1.25), "=": () => zoomBy(1.25), "-": () => zoomBy(1 / 1.25), "0": () => zoomBy(0) }[e.key];
    if (act && !e.altKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); act(); }
  });
  if (!page) root.tabIndex = 0;
  let width = 0;
  const refit = () => { if (root.clientWidth !== width || page) { width = root.clientWidth; fit(); } };
  window.addEventListener("resize", refit);
  if (window.ResizeObserver) new ResizeObserver(refit).observe(root);
  fit();
  show(0);
  root.dataset.ready = "1";
}
function start(tries) {
  const root = document.getElementById(uid);
  if (!root) { if (tries < 100) setTimeout(() => start(tries + 1), 50); return; }
  if (root.dataset.started) return;
  root.dataset.started = "1";
  stepper(root);
}
start(0);
})();
"""


def script(uid: str, page: bool) -> str:
    """The script for the stepper element ``uid`` (``page``: keys on the whole page, height from the window)."""
    if not uid.replace("-", "").isalnum():
        raise ValueError(f"a stepper id must be letters, digits and hyphens, not {uid!r}")
    return SCRIPT.replace("__UID__", uid).replace("__PAGE__", "true" if page else "false")

"""The HTML stepper page's style sheet and script (inline in the page: no network, nothing external).

The script reads the frames' JSON (names, data, and per frame: title, explanation lines, gradients,
which are final, which just received, the current node) and shows one frame at a time.
"""

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2937; }
header { padding: 12px 20px; border-bottom: 1px solid #e5e7eb; background: #f9fafb; }
h1 { font-size: 18px; margin: 0 0 8px; }
nav button { font: inherit; padding: 4px 12px; margin-right: 4px; border: 1px solid #9ca3af; border-radius: 6px;
             background: white; cursor: pointer; }
nav button:disabled { opacity: .4; cursor: default; }
#counter { margin-left: 12px; font-weight: 600; }
.hint { color: #6b7280; font-size: 13px; margin: 6px 0 0; }
main { display: flex; flex-wrap: wrap; gap: 20px; padding: 16px 20px; align-items: flex-start; }
#picture { flex: 3 1 560px; overflow: auto; max-height: 78vh; }
#picture.fit svg { max-width: 100%; height: auto; }
.group { color: #6b7280; font-size: 12px; margin-left: 6px; }
aside { flex: 1 1 320px; max-width: 520px; }
#title { font-size: 16px; margin: 0 0 6px; font-family: ui-monospace, Menlo, Consolas, monospace; }
#explain { margin: 0 0 14px; padding-left: 18px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13.5px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 2px 10px; border-bottom: 1px solid #e5e7eb; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.current td { border-top: 2px solid #dc2626; border-bottom: 2px solid #dc2626; }
tr.current td:first-child { color: #dc2626; font-weight: 700; }
td.received { background: #fee2e2; }
td.pending { color: #9ca3af; font-style: italic; }
td.final { font-weight: 700; }
"""

JS = """
const data = JSON.parse(document.getElementById("frames").textContent);
const frames = document.querySelectorAll(".frame");
const body = document.querySelector("#grads tbody");
const rows = data.names.map((name, i) => {
  const tr = body.insertRow();
  const n = tr.insertCell(); n.textContent = name;
  if (data.groups[i]) { const g = document.createElement("span"); g.className = "group"; g.textContent = data.groups[i]; n.append(g); }
  const d = tr.insertCell(); d.textContent = data.data[i]; d.className = "num";
  tr.insertCell().className = "num";
  return tr;
});
let k = 0, timer = null;
function show(i) {
  k = Math.max(0, Math.min(frames.length - 1, i));
  frames.forEach((f, j) => { f.hidden = j !== k; });
  const f = data.frames[k];
  document.getElementById("counter").textContent = `step ${k} of ${frames.length - 1}`;
  document.getElementById("title").textContent = f.title;
  const ul = document.getElementById("explain");
  ul.replaceChildren(...f.lines.map(t => { const li = document.createElement("li"); li.textContent = t; return li; }));
  rows.forEach((tr, i) => {
    const g = tr.cells[2];
    g.textContent = f.grads[i];
    g.className = "num " + (f.final[i] ? "final" : "pending") + (f.received[i] ? " received" : "");
    tr.className = f.current === i ? "current" : "";
  });
  const node = frames[k].querySelector(".current"), pic = document.getElementById("picture");
  if (node) {  // bring this step's node to the middle of the picture's scroll area
    const r = node.getBoundingClientRect(), p = pic.getBoundingClientRect();
    pic.scrollLeft += r.left + r.width / 2 - (p.left + p.width / 2);
    pic.scrollTop += r.top + r.height / 2 - (p.top + p.height / 2);
  }
  document.getElementById("prev").disabled = document.getElementById("reset").disabled = k === 0;
  document.getElementById("next").disabled = k === frames.length - 1;
  if (k === frames.length - 1) stop();
}
function stop() { clearInterval(timer); timer = null; document.getElementById("play").textContent = "▶ Play"; }
function play() {
  if (timer) return stop();
  if (k === frames.length - 1) show(0);
  document.getElementById("play").textContent = "❚❚ Pause";
  timer = setInterval(() => show(k + 1), 1200);
}
document.getElementById("next").onclick = () => show(k + 1);
document.getElementById("prev").onclick = () => show(k - 1);
document.getElementById("reset").onclick = () => { stop(); show(0); };
document.getElementById("play").onclick = play;
document.getElementById("fit").onchange = e => document.getElementById("picture").classList.toggle("fit", e.target.checked);
document.addEventListener("keydown", e => {
  const act = { ArrowRight: () => show(k + 1), ArrowLeft: () => show(k - 1), Home: () => show(0),
                End: () => show(frames.length - 1), " ": play }[e.key];
  if (act) { e.preventDefault(); act(); }
});
show(0);
"""

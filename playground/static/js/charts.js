// Loss and accuracy over the epochs, on the training points (solid) and the held-out ones (dashed).

const TRAIN = "#2563eb";
const TEST = "#f59e0b";

/** Draw both charts side by side on ``canvas`` from the history [{epoch, train_loss, test_loss, train_accuracy, test_accuracy}]. */
export function drawCurves(canvas, history) {
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const half = width / 2;
  const losses = history.flatMap((h) => [h.train_loss, h.test_loss]).filter((v) => v !== null && Number.isFinite(v));
  const top = Math.max(1e-9, ...losses);
  panel(ctx, 0, half, height, "loss", history, ["train_loss", "test_loss"], 0, top);
  if (history.some((h) => h.train_accuracy !== null && h.train_accuracy !== undefined)) {
    panel(ctx, half, half, height, "accuracy", history, ["train_accuracy", "test_accuracy"], 0, 1);
  }
  ctx.font = `${height / 14}px system-ui, sans-serif`;
  ctx.textAlign = "right";
  legend(ctx, width - 16, height - 10, [["training", TRAIN, []], ["held-out", TEST, [6, 4]]]);
}

function panel(ctx, x0, w, h, title, history, keys, low, high) {
  const pad = { left: w * 0.2, right: w * 0.05, top: h * 0.13, bottom: h * 0.2 };
  const px = (epoch, last) => x0 + pad.left + (last ? epoch / last : 0) * (w - pad.left - pad.right);
  const py = (v) => h - pad.bottom - ((v - low) / (high - low)) * (h - pad.top - pad.bottom);
  const last = Math.max(1, history[history.length - 1]?.epoch ?? 1);
  ctx.strokeStyle = "#e5e7eb";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(px(0, last), py(high));
  ctx.lineTo(px(0, last), py(low));
  ctx.lineTo(px(last, last), py(low));
  ctx.stroke();
  ctx.fillStyle = "#374151";
  ctx.font = `600 ${h / 12}px system-ui, sans-serif`;
  ctx.textAlign = "left";
  ctx.fillText(title, x0 + pad.left, h * 0.09);
  ctx.fillStyle = "#6b7280";
  ctx.font = `${h / 14}px system-ui, sans-serif`;
  ctx.textAlign = "right";
  ctx.fillText(fmt(high), px(0, last) - 6, py(high) + h / 40);
  ctx.fillText(fmt(low), px(0, last) - 6, py(low));
  ctx.textAlign = "right";
  ctx.fillText(`epoch ${Math.round(last)}`, px(last, last), h - pad.bottom + h / 11);
  keys.forEach((key, i) => {
    const points = history.filter((p) => p[key] !== null && p[key] !== undefined && Number.isFinite(p[key]));
    if (!points.length) return;
    ctx.strokeStyle = i === 0 ? TRAIN : TEST;
    ctx.setLineDash(i === 0 ? [] : [6, 4]);
    ctx.lineWidth = 3;
    ctx.beginPath();
    points.forEach((p, k) => (k ? ctx.lineTo : ctx.moveTo).call(ctx, px(p.epoch, last), py(p[key])));
    ctx.stroke();
    ctx.setLineDash([]);
  });
}

function legend(ctx, right, bottom, entries) {
  let x = right;
  for (const [label, colour, dash] of entries.reverse()) {
    ctx.fillStyle = "#374151";
    ctx.fillText(label, x, bottom);
    x -= ctx.measureText(label).width + 8;
    ctx.strokeStyle = colour;
    ctx.setLineDash(dash);
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(x - 26, bottom - 5);
    ctx.lineTo(x, bottom - 5);
    ctx.stroke();
    ctx.setLineDash([]);
    x -= 40;
  }
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));

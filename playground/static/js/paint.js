// Painting on canvases: a field of values as a smooth heat map (colour tables, no allocation per pixel), and the data points.

export const CLASS_RGB = [[245, 158, 11], [37, 99, 235], [22, 163, 74]];
const LEVELS = 256;

/** A table of LEVELS colours from white to ``rgb`` at strength ``top`` (r, g, b per level): no allocation per pixel. */
function ramp(rgb, top) {
  const table = new Uint8ClampedArray(LEVELS * 3);
  for (let i = 0; i < LEVELS; i++) {
    const t = (top * i) / (LEVELS - 1);
    for (let c = 0; c < 3; c++) table[i * 3 + c] = Math.round(255 + (rgb[c] - 255) * t);
  }
  return table;
}
const PALE = CLASS_RGB.map((rgb) => ramp(rgb, 0.5)); // decision regions: pale, so the points stand out
const FULL = CLASS_RGB.map((rgb) => ramp(rgb, 1)); // a unit's output: orange below zero, blue above
const level = (t) => Math.max(0, Math.min(LEVELS - 1, Math.round(t * (LEVELS - 1))));

/** Fill RGBA ``data`` with each point's class colour at its confidence (white when unsure). */
export function writeClasses(data, cls, conf) {
  for (let p = 0; p < cls.length; p++) {
    const table = PALE[cls[p]];
    const i = level(conf[p]) * 3;
    data[p * 4] = table[i]; data[p * 4 + 1] = table[i + 1]; data[p * 4 + 2] = table[i + 2]; data[p * 4 + 3] = 255;
  }
}

/** Fill RGBA ``data`` with values scaled to -1..1 (TensorFlow Playground's convention: orange below 0, blue above). */
export function writeSigned(data, values, scale) {
  for (let p = 0; p < values.length; p++) {
    const t = values[p] * scale;
    const table = FULL[t < 0 ? 0 : 1];
    const i = level(Math.abs(t)) * 3;
    data[p * 4] = table[i]; data[p * 4 + 1] = table[i + 1]; data[p * 4 + 2] = table[i + 2]; data[p * 4 + 3] = 255;
  }
}

/** An n × n field, written by ``write(data)``, drawn over the whole of ``ctx``'s canvas, smoothed. */
export function paintField(ctx, n, write) {
  const small = new OffscreenCanvas(n, n);
  const sctx = small.getContext("2d");
  const image = sctx.createImageData(n, n);
  write(image.data);
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(small, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/** The data: training points filled, held-out points as rings; ``picked`` (an index of train) circled. */
export function paintPoints(ctx, domain, train, test, picked) {
  const [x0, x1, y0, y1] = domain;
  const w = ctx.canvas.width;
  const h = ctx.canvas.height;
  const at = (x, y) => [((x - x0) / (x1 - x0)) * w, ((y1 - y) / (y1 - y0)) * h];
  const radius = w / 90;
  ctx.lineWidth = w / 340;
  for (const [x, y, k] of test) {
    const [px, py] = at(x, y);
    ctx.beginPath();
    ctx.arc(px, py, radius * 0.85, 0, 2 * Math.PI);
    ctx.fillStyle = "white";
    ctx.fill();
    ctx.strokeStyle = `rgb(${CLASS_RGB[k].join(",")})`;
    ctx.lineWidth = w / 200;
    ctx.stroke();
  }
  ctx.lineWidth = w / 340;
  for (const [x, y, k] of train) {
    const [px, py] = at(x, y);
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${CLASS_RGB[k].join(",")})`;
    ctx.fill();
    ctx.strokeStyle = "white";
    ctx.stroke();
  }
  if (picked !== null && train[picked]) {
    const [px, py] = at(train[picked][0], train[picked][1]);
    ctx.beginPath();
    ctx.arc(px, py, radius * 2.1, 0, 2 * Math.PI);
    ctx.strokeStyle = "#0f172a";
    ctx.lineWidth = w / 180;
    ctx.stroke();
  }
}

/** The plane coordinates of a click on ``canvas``. */
export function planeAt(canvas, domain, event) {
  const box = canvas.getBoundingClientRect();
  const [x0, x1, y0, y1] = domain;
  return [x0 + ((event.clientX - box.left) / box.width) * (x1 - x0), y1 - ((event.clientY - box.top) / box.height) * (y1 - y0)];
}

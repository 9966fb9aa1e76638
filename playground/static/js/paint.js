// Painting on canvases: a field of values as a smooth heat map, and the data points over it.

export const CLASS_RGB = [[245, 158, 11], [37, 99, 235], [22, 163, 74]];
const WHITE = [255, 255, 255];
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

/** Draw an n × n field on ``ctx`` (scaled to the canvas, smoothed); ``rgb(p)`` gives point p's colour. */
export function paintField(ctx, n, rgb) {
  const small = new OffscreenCanvas(n, n);
  const sctx = small.getContext("2d");
  const image = sctx.createImageData(n, n);
  for (let p = 0; p < n * n; p++) {
    const [r, g, b] = rgb(p);
    image.data.set([r, g, b, 255], p * 4);
  }
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(small, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/** Colour for a class with a confidence 0..1 (white when unsure), kept pale enough for points to stand out. */
export const classColour = (k, confidence) => mix(WHITE, CLASS_RGB[k], 0.5 * Math.min(1, Math.max(0, confidence)));

/** Colour for a unit's output scaled to -1..1: orange below zero, blue above (TensorFlow Playground's convention). */
export const signedColour = (t) => (t < 0 ? mix(WHITE, CLASS_RGB[0], Math.min(1, -t)) : mix(WHITE, CLASS_RGB[1], Math.min(1, t)));

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

// The network's function over the input plane, from the weights the engine sends after each training request:
// every unit's output at every point of an n × n grid (the decision regions and the hidden units' maps).
// It is the same arithmetic as nn's forward pass -- z = b + Σ wᵢxᵢ, a = σ(z) -- on plain numbers
// (tests/web checks it against nn.predict); the engine itself is asked only to train.

const ACTIVATIONS = {
  linear: (z) => z,
  relu: (z) => (z > 0 ? z : 0),
  tanh: Math.tanh,
  sigmoid: (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
  step: (z) => (z >= 0 ? 1 : 0),
};

/** The grid's points: row 0 at the top (y max), column 0 at the left (x min); cell centres. */
export function gridPoints(domain, n) {
  const [x0, x1, y0, y1] = domain;
  const xs = new Float64Array(n * n);
  const ys = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      xs[r * n + c] = x0 + ((c + 0.5) / n) * (x1 - x0);
      ys[r * n + c] = y1 - ((r + 0.5) / n) * (y1 - y0);
    }
  }
  return [xs, ys];
}

/** Every unit's output at every point: result[layer][unit] is a Float64Array over the points (inputs first). */
export function forward(layers, xs, ys) {
  let acts = [xs, ys];
  const out = [acts];
  const count = xs.length;
  for (const layer of layers) {
    const f = ACTIVATIONS[layer.activation];
    if (!f) throw new Error(`no activation ${layer.activation} in the page`);
    acts = layer.w.map((w, j) => {
      const b = layer.b[j];
      const a = new Float64Array(count);
      for (let p = 0; p < count; p++) {
        let z = b;
        for (let i = 0; i < w.length; i++) z += w[i] * acts[i][p];
        a[p] = f(z);
      }
      return a;
    });
    out.push(acts);
  }
  return out;
}

/** What the output says at each point, as [class, confidence in 0..1] per point (how the loss reads the output). */
export function decisions(outputs, loss) {
  const count = outputs[0].length;
  const cls = new Uint8Array(count);
  const conf = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    if (loss === "cross_entropy") {
      let best = 0;
      let m = -Infinity;
      for (let k = 0; k < outputs.length; k++) if (outputs[k][p] > m) { m = outputs[k][p]; best = k; }
      let total = 0;
      for (let k = 0; k < outputs.length; k++) total += Math.exp(outputs[k][p] - m);
      const prob = 1 / total; // softmax of the winner
      cls[p] = best;
      conf[p] = (prob - 1 / outputs.length) / (1 - 1 / outputs.length);
    } else {
      const s = outputs[0][p];
      const signed = loss === "bce" ? 2 * s - 1 : loss === "bce_logits" ? 2 / (1 + Math.exp(-s)) - 1 : Math.max(-1, Math.min(1, s));
      cls[p] = signed > 0 ? 1 : 0;
      conf[p] = Math.abs(signed);
    }
  }
  return { cls, conf };
}

"""The graph lab's presets: code a learner can read, change and run (the lectures' examples)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    title: str
    code: str


TOY = '''\
# the lectures' toy graph: b is used twice,
# so its gradient is a sum over two paths
a = Value(2.0, label="a")
b = Value(1.0, label="b")
c = a + b;  c.label = "c"
d = b + 1;  d.label = "d"
e = c * d;  e.label = "e"
'''

NEURON = '''\
# one sigmoid neuron, loss ½(y − σ(z))²
x1 = Value(2.0, label="x1")
x2 = Value(-1.0, label="x2")
w1 = Value(0.3, label="w1")
w2 = Value(0.8, label="w2")
b = Value(0.1, label="b")
y = Value(1.0, label="y")    # the label
z = w1 * x1 + w2 * x2 + b    # net input
a = z.sigmoid()              # activation
loss = 0.5 * (y - a) ** 2
z.label, a.label = "z", "a"
loss.label = "loss"
'''

LECTURE = '''\
# the notes' 2-3-1 sigmoid network:
# x = [5, 3], label 1, loss J = -log y
W = [[1.0, -1.0, 3.0],  # W[i][j]: input i
     [2.0, 2.0, -1.0]]  #   -> hidden unit j
V = [0.1, 0.5, -0.1]    # hidden j -> output
model = nn.MLP(2, [3, 1], bias=False,
               activation="sigmoid",
               output_activation="sigmoid")
hidden, top = model.layers
for j, unit in enumerate(hidden.neurons):
    for i, w in enumerate(unit.w):
        w.data = W[i][j]
        w.label = f"W{i + 1}{j + 1}"
for j, v in enumerate(top.neurons[0].w):
    v.data, v.label = V[j], f"V{j + 1}"
x = [Value(5.0, label="x1"),
     Value(3.0, label="x2")]
y = model(x);  y.label = "y"
loss = nn.bce_loss([y], [1])  # -log y
loss.label = "J"
'''

SOFTMAX = '''\
# softmax: three scores -> probabilities;
# cross-entropy: -log p of the true class
z = [Value(2.0, label="z1"),
     Value(1.0, label="z2"),
     Value(0.1, label="z3")]
p = softmax(z)
for k, pk in enumerate(p):
    pk.label = f"p{k + 1}"
loss = -p[0].log()  # the true class: 1st
loss.label = "loss"
'''

MLP = '''\
# your own network on one point: change
# the shape, the activation, the point
model = nn.MLP(2, [3, 1], activation="tanh",
               seed=0)
x = [Value(0.5, label="x1"),
     Value(-1.0, label="x2")]
out = model(x);  out.label = "out"
loss = (out - 1.0) ** 2   # target 1
loss.label = "loss"
'''

PRESETS = {
    "toy": Preset("toy graph: e = (a + b)(b + 1)", TOY),
    "neuron": Preset("one sigmoid neuron, ½(y − σ(z))²", NEURON),
    "lecture": Preset("the lectures' 2-3-1 network", LECTURE),
    "softmax": Preset("softmax + cross-entropy", SOFTMAX),
    "mlp": Preset("your own MLP on one point", MLP),
}

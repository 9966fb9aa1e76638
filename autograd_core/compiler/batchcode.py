"""The batch part's code (the sums over examples, what follows them, their chain rule) and the shared names.

``batch_forward`` writes a batch node: a sum over the examples calls the op's forward on the lists
the example loop collected (``vsum(*items_t2)``: the engine's own function, so the same bits);
``batch_backward`` writes the chain rule at a batch node to its parameters and batch-node inputs;
the examples' shares come to them as seeds inside the example loop. ``program_names`` names every
value the variants share.
"""

from __future__ import annotations

from typing import Any

from .batchpart import BatchPart
from .formulas import forward_text, is_zero, partial_with, term
from .names import Namer, identifier
from .trace import CompileError
from .writer import Names, Writer, num

HELPERS = {"params", "grads", "X", "Y", "consts", "x", "y", "yk", "v", "saved", "outs", "tail", "model", "zip", "tuple", "Retrace",
           "len", "max", "min", "abs", "inf", "nan", "predict", "training_step", *(f"y_{j}" for j in range(1, 65)),
           *(f"{kind}_{j}" for kind in ("max", "min", "const") for j in range(1, 65))}  # fmt: skip


def model_reads(model_rep: Any, bp: BatchPart) -> set[int]:
    """Which batch-level nodes (by index) the per-example model code reads (one pass over its parents)."""
    read = {id(p) for m in model_rep.model for p in m.parents}
    return {i for i, node in enumerate(bp.nodes) if id(node) in read}


def batch_forward(w: Writer, bp: BatchPart, i: int) -> str:
    node = bp.nodes[i]
    op = node.op_entry
    assert op is not None
    name = w.names.batch[i]
    lay = bp.layouts.get(i)
    if lay is not None and lay.chain is not None:
        return ""  # Python's sum: added up in the example loop
    if lay is None:
        return f"{name} = {forward_text(op, len(node.parents), [w.text(p) for p in node.parents])}"
    parts: list[str] = []
    names_ = op.input_names(len(node.parents))
    seen_prefixes: set[str] = set()
    singles = dict(lay.singles)
    for q, input_name in enumerate(names_):
        if q in singles:
            parts.append(w.text(singles[q]))
            continue
        prefix = input_name.rstrip("0123456789")
        if prefix in seen_prefixes:
            continue
        seen_prefixes.add(prefix)
        parts += [w.text(g[prefix]) for g in lay.before]
        parts.append(f"*{w.names.items[i][prefix]}")
        parts += [w.text(g[prefix]) for g in lay.after]
    return f"{name} = {op.name}({', '.join(parts)})"


def batch_backward(w: Writer, bp: BatchPart, i: int) -> list[str]:
    """The chain rule at batch node i, to its parameters and batch-node inputs (examples get theirs as seeds)."""
    node = bp.nodes[i]
    op = node.op_entry
    assert op is not None
    parents = node.parents
    lay = bp.layouts.get(i)
    runs = {pos for per in lay.positions for g in per for pos in g.values()} if lay else set()
    grad = f"grad_{w.names.batch[i]}"
    lines = []
    if lay is not None and lay.chain is not None:  # every link of a running sum passes its gradient on unchanged (× 1)
        acc = partial_with(op, lay.chain.acc, 2, lambda q: "", "")
        if acc.strip() not in ("1", "1.0"):
            raise CompileError(f"a chain of {op.name} nodes over the examples that scales its running value: not compiled")
        init = lay.chain.init
        if id(init) in w.b.param_index or bp.refs.get(id(init), ("",))[0] == "b":
            lines.append(f"grad_{w.text(init)} += {grad}")
        return [f"if {grad}:", *[f"    {x}" for x in lines]] if lines else []
    for j, p in enumerate(parents):
        r = bp.refs.get(id(p))
        is_param = id(p) in w.b.param_index
        if j in runs or not (is_param or (r is not None and r[0] == "b")):
            continue

        def arg(q: int) -> str:
            if q in runs:
                raise CompileError("a batch node's partial reads one example's value")
            return w.text(parents[q])

        part = partial_with(op, j, len(parents), arg, w.names.batch[i])
        if not is_zero(part):
            lines.append(f"grad_{w.text(p)} += {term(part, grad)}")
    return [f"if {grad}:", *[f"    {x}" for x in lines]] if lines else []


def program_names(params: list[Any], inputs: list[Any], model_rep: Any, bp: BatchPart, batch_values: dict[int, tuple[float, ...]],
                  naming: Any, reserved: set[str], rules: list[Any]) -> tuple[Names, Namer]:  # fmt: skip
    """Names for everything the variants share: parameters, inputs, the model's nodes, the batch part."""
    namer = Namer(HELPERS | reserved)

    def pick(v: Any, fallback: str | None) -> str:
        given = naming(v) if naming else None
        return namer.take(given or identifier(v.label) or fallback)

    param_names = [pick(p, f"theta_{i + 1}") for i, p in enumerate(params)]
    input_names = [namer.take((naming(x) if naming else None) or f"x_{i + 1}") for i, x in enumerate(inputs)]
    model = [pick(v, None) for v in model_rep.model]
    batch = [namer.take((naming(n) if naming else None) or identifier(n.label) or ("loss" if i == 0 else None))
             for i, n in enumerate(bp.nodes)]  # fmt: skip
    consts, accs = [], [namer.take(f"acc_{j + 1}") for j in range(len(bp.acc_bases))]
    lit, slots = 0, list[int]()
    for d in bp.const_desc:
        if d[0] == "acc":
            consts.append(accs[d[1]])
            continue
        values = {vals[lit] for vals in batch_values.values()}
        if len(values) == 1:
            consts.append(num(values.pop()))
        else:  # a number that changes with the batch size: passed in (``N`` for the batch size itself)
            kind, k = rules[lit] if lit < len(rules) else ("traced", 0.0)
            base = {"times": "N", "over": "inv_N"}.get(kind, f"c_{len(slots) + 1}")
            consts.append(namer.take(base if kind == "traced" or k == 1.0 else f"{base}_times_{int(k)}"))
            slots.append(lit)
        lit += 1
    items = {i: {p: namer.take(f"items_{batch[i]}" + (f"_{p}" if len(lay.prefixes) > 1 else "")) for p in lay.prefixes}
             for i, lay in bp.layouts.items()}  # fmt: skip
    return Names(param_names, input_names, model, batch, consts, items, accs, slots), namer

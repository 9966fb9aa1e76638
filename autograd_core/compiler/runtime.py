"""``CompiledStep``: generated source, run on plain floats, re-traced when the data asks for it.

``run(X, Y, grads)`` reads the parameters' data into a list, calls the generated ``step`` and
returns the loss, the new gradients and the outputs; nothing of the graph exists while it runs.
The generated code raises ``Retrace`` for an example no variant fits (a new label, a guard that
came out the other way): the batch is traced again, the new variant added, the source written
again. Whatever the generated code cannot give exactly as the engine does -- a formula that raises
(``log`` of 0), a gradient that is not finite (where the engine's "an exact 0 sends nothing" rule
matters), a batch whose graph has a shape the compiler refuses -- is computed by the interpreter
instead, with the same result as ``loss.backward()``.
"""

from __future__ import annotations

import builtins
import linecache
from collections.abc import Callable, Sequence
from itertools import count
from operator import attrgetter
from typing import Any

from ..grad_mode import MODE, RECORD
from ..value import Value
from .analysis import Analysis, Variants, analyse, estimated_lines
from .batchcode import program_names
from .canon import target_key
from .formulas import namespace
from .names import Namer, identifier
from .program import Retrace, generate
from .sizes import Rule, rules, same_examples, second_batch, values_for
from .trace import CompileError, Forward, Loss, as_outputs, trace
from .writer import Writer

MAX_LINES = 60_000
_DATA, _GRAD = attrgetter("data"), attrgetter("grad")
MAX_VARIANTS = 64
_FILES = count(1)


class CompiledStep:
    """Forward, loss and backward of ``loss(forward(x) for x in X, Y)`` as generated Python (see the module doc)."""

    def __init__(self, forward: Forward, loss: Loss, params: Sequence[Value], *, names: Callable[[Value], str | None] | None = None,
                 max_lines: int = MAX_LINES, max_variants: int = MAX_VARIANTS) -> None:  # fmt: skip
        self.forward, self.loss, self.params = forward, loss, list(params)
        self.naming, self.max_lines = names, max_lines
        self.variants = Variants(max_variants)
        self.first: Analysis | None = None
        self.batch_values: dict[int, tuple[float, ...]] = {}
        self.fn: Callable[..., Any] | None = None
        self.predict_fn: Callable[..., Any] | None = None
        self._source = ""
        self._dirty = False
        self._broken: CompileError | None = None
        self.stats = {"traces": 0, "generations": 0, "interpreted_steps": 0, "lines": 0}
        self._targets: set[Any] = set()
        self._single = True
        self._slots: list[int] = []  # which of the batch part's plain numbers are slots (they change with the batch size)
        self.rules: list[Rule] = []
        self.outputs: list[Any] = []

    # learning the graph's shapes ----------------------------------------------------------------
    def learn(self, X: Sequence[Sequence[float]], Y: Sequence[Any]) -> None:  # noqa: N803
        """Trace (X, Y) and add what it shows: its batch size's constants, its examples' variants.
        The first time, the same examples are traced again in a batch of another size (``sizes.py``)."""
        X, Y = list(X), list(Y)  # noqa: N806
        if self.first is None and len(X) == 1:
            X, Y = [X[0], X[0]], [Y[0], Y[0]]  # noqa: N806 -- a batch of one cannot show the batch's sums on its own
        first = self.first is None
        a = self._analysed(X, Y)
        if first and estimated_lines(a) > self.max_lines:
            self.first = None
            raise CompileError(f"the generated step would be about {estimated_lines(a):,} lines, more than max_lines={self.max_lines:,}: "
                               "the network is too large to compile; use the interpreter (compile=False)")  # fmt: skip
        if first:
            X2, Y2 = second_batch(X, Y)  # noqa: N806
            b = self._analysed(X2, Y2)
            same_examples(a.blocks, b.blocks)
            self.rules = rules(len(X), a.batch.values, len(X2), b.batch.values)
            self.batch_values[len(X2)] = b.batch.values
        self._add(a, len(X))

    def size(self, n: int) -> bool:
        """Make batches of ``n`` examples ready without a trace if the batch-size rules allow; False if not."""
        if n in self.batch_values:
            return True
        values = None if self.first is None else values_for(n, self.rules)
        if values is not None:
            self.batch_values[n] = values
        return values is not None

    def _analysed(self, X: list[Any], Y: list[Any]) -> Analysis:  # noqa: N803
        t = trace(self.forward, self.loss, self.params, X, Y)
        self.stats["traces"] += 1
        a = analyse(t, None if self.first is None else self.first.batch)
        if self.first is None:
            self.first = a
        return a

    def _add(self, a: Analysis, n: int) -> None:
        assert self.first is not None
        if a.batch.key != self.first.batch.key:
            raise CompileError("the batch part of this batch's graph differs from the first batch's")
        if a.blocks[0].model_key != self.first.blocks[0].model_key:
            raise CompileError("the model's graph differs from the first batch's: its structure depends on the data")
        changed = n not in self.batch_values and bool(self.batch_values) and a.batch.values != next(iter(self.batch_values.values()))
        self.batch_values[n] = a.batch.values
        before = {i: set(v.targets) for i, v in enumerate(self.variants.ordered())}
        changed |= self.variants.add(a.blocks)
        self._targets = self.variants.known_targets()
        if len(self.variants) > 1:
            changed |= any(set(v.targets) != before.get(i) for i, v in enumerate(self.variants.ordered()))
        if changed or self.fn is None:
            self._dirty = True  # written on the next run (several learns in a row write it once)

    @property
    def source(self) -> str:
        """The generated Python source of ``training_step`` and ``predict``."""
        self._written()
        return self._source

    def _written(self) -> None:
        if self._broken is not None:
            raise CompileError(str(self._broken))
        if self._dirty:
            self._dirty = False
            try:
                self._generate()
            except CompileError as err:  # e.g. too big: every step goes through the interpreter from now on
                self._broken = err
                raise

    def _generate(self) -> None:
        assert self.first is not None
        rep = self.first.blocks[0]
        ns = namespace()
        variants = self.variants.ordered()
        names, namer = program_names(self.params, self.first.trace.inputs[0], rep, self.first.batch, self.batch_values,
                                     self.naming, set(ns), self.rules)  # fmt: skip
        loss_names = []
        for v in variants:
            sub = Namer(set(namer.used))
            loss_names.append([sub.take((self.naming(n) if self.naming else None) or identifier(n.label)) for n in v.rep.loss])
        w = Writer(rep, rep.const_desc, names, [], self.first.batch)
        outs = [w.text(o) for o in self.first.trace.outputs[0]]
        outputs = outs[0] if self.first.trace.single_output else f"[{', '.join(outs)}]"
        self._single = len(variants) == 1
        width = len(rep.target) if isinstance(rep.target, tuple) else None
        self._source = generate(rep, variants, self.first.batch, names, loss_names, outputs, self._single, width, self.max_lines)
        filename = f"<stepgrad compiled step {next(_FILES)}>"
        linecache.cache[filename] = (len(self._source), None, self._source.splitlines(True), filename)
        ns.update({"Retrace": Retrace, **{f"TARGETS_{i}": v.targets for i, v in enumerate(variants)}})
        exec(builtins.compile(self._source, filename, "exec"), ns)  # our own generated source
        self.fn, self.predict_fn = ns["training_step"], ns["predict"]
        self._slots = names.slots
        self.stats["generations"] += 1
        self.stats["lines"] = self._source.count("\n")

    # running ------------------------------------------------------------------------------------
    def _ready(self, X: Sequence[Any], Y: Sequence[Any]) -> bool:  # noqa: N803
        self._written()
        if self.fn is None or not self.size(len(X)):
            return False
        return not self._single or self._targets.issuperset(map(target_key, Y))

    def run(self, X: Sequence[Sequence[float]], Y: Sequence[Any], grads: list[float]) -> tuple[float, list[float] | None, list[Any]]:  # noqa: N803
        """(loss, gradients added to ``grads``, outputs); gradients are None when the loss is not finite.
        Raises CompileError when this batch must go through the interpreter instead."""
        if not X:
            raise ValueError("the batch is empty")
        if MODE.get() != RECORD:  # detect_anomaly() checks every op, no_grad() records none: the interpreter's business
            raise CompileError("anomaly detection or no_grad is on: the interpreter runs this step")
        for attempt in range(2):
            if not self._ready(X, Y):
                self.learn(X, Y)
                self._written()
            assert self.fn is not None
            try:
                consts = tuple(self.batch_values[len(X)][i] for i in self._slots)
                loss, new, outs = self.fn(list(map(_DATA, self.params)), grads, X, Y, consts)
            except Retrace:
                if attempt == 0:
                    self.learn(X, Y)
                    self._written()
                    continue
                raise CompileError("the re-traced code still has no variant for an example") from None
            except (ArithmeticError, ValueError) as err:
                raise CompileError(f"the generated code raised {type(err).__name__}: the interpreter decides") from None
            total = sum(new) if new is not None else 0.0  # inf or NaN anywhere makes the sum so (or an overflow: harmless)
            if total - total != 0.0:
                raise CompileError("a gradient is not finite: the interpreter applies the engine's exact-zero rule")
            return loss, new, outs
        raise AssertionError("unreachable")  # pragma: no cover

    def interpret(self, X: Sequence[Sequence[float]], Y: Sequence[Any]) -> tuple[Value, list[Any]]:  # noqa: N803
        """The same step through the engine: the root (``backward()`` not called yet) and the outputs' data."""
        self.stats["interpreted_steps"] += 1
        results = []
        for row in X:
            outs, single = as_outputs(self.forward([Value(float(v)) for v in row]))
            results.append(outs[0] if single else outs)
        root = self.loss(results, list(Y))
        return root, [r.data if isinstance(r, Value) else [v.data for v in r] for r in results]

    def step(self, X: Sequence[Sequence[float]], Y: Sequence[Any]) -> float:  # noqa: N803
        """Forward, loss and backward on a batch: every parameter's ``.grad`` accumulates ∂loss/∂p exactly
        as ``loss.backward()`` would; returns the loss. The outputs are left in ``self.outputs``."""
        try:
            loss, new, self.outputs = self.run(X, Y, list(map(_GRAD, self.params)))
        except CompileError:
            root, self.outputs = self.interpret(X, Y)
            root.backward()
            return root.data
        if new is None:  # a loss that is not finite: the engine's gradients, NaNs and all
            root, _ = self.interpret(X, Y)
            root.backward()
            return root.data
        for p, g in zip(self.params, new):
            p.grad = g
        return loss

    def predict(self, X: Sequence[Sequence[float]]) -> list[Any]:  # noqa: N803
        """The model's outputs for each row, computed by the generated forward (no graph)."""
        self._written()
        if self.predict_fn is None:
            raise CompileError("nothing compiled yet: call step (or learn) on a batch first")
        return self.predict_fn(list(map(_DATA, self.params)), X)

"""What an op-table entry holds, and the one place entries are registered.

An ``Op`` says everything about one primitive, so that every reader of the table -- ``Value``'s
methods, the reference engine and its tuned twin, the stepper, the drawings, the compiler and
the tests -- needs nothing else:

* ``forward`` on floats, and the local partials ∂out/∂xᵢ twice: as one callable
  ``local(out, *xs)`` returning one partial per input, and as one formula string per input (a
  Python expression over the input names, ``out`` and ``math``'s functions);
* ``domain``: where each input may be drawn from (see ``DOMAINS``), so tests draw valid inputs;
* ``torch``: the same op in PyTorch, an expression over the input names and ``torch``, so the
  PyTorch oracle covers it;
* ``methods``/``reflected``: the ``Value`` methods made from the entry (``__add__``, ``sin``);
* ``expr``: the forward as a Python expression, for the compiler (default: a call to ``forward``).

``register(op)`` adds an entry to ``TABLE`` and tells every listener (``Value`` installs the
entry's methods); a new primitive is one ``register(Op(...))`` line in ``ops.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Partials = Sequence[float]
Names = tuple[str, ...] | Callable[[int], tuple[str, ...]]

DOMAINS = {
    "real": "any real number",
    "positive": "a number > 0 (log, a base raised to any power)",
    "nonzero": "a number != 0 (a denominator)",
    "kink": "any real number, but not differentiable at 0 (relu, step, abs): tests keep away from 0",
    "bounded": "a moderate number (exp overflows past 709.78): tests keep |x| small",
    "exponent": "a constant number, not a Value (the k of x ** k): no gradient flows to it",
}


@dataclass(frozen=True, eq=False)
class Op:
    """One primitive. Fixed-arity ops give tuples; n-ary ops (``nary=True``) give callables from
    the number of inputs to the tuple (``inputs``, ``formulas``, ``expr``), and one domain kind for
    all of their inputs. ``constant`` lists inputs that are constants of the op (no gradient)."""

    name: str
    symbol: str
    forward: Callable[..., float]
    local: Callable[..., Partials]
    inputs: Names
    formulas: Names
    domain: tuple[str, ...]
    torch: str
    methods: tuple[str, ...] = ()
    reflected: tuple[str, ...] = ()
    expr: str | Callable[[int], str] | None = None
    constant: tuple[int, ...] = ()
    nary: bool = False
    # n-ary ops only: how a node stored as (own inputs, a row shared with other nodes) unfolds into
    # its parents tuple; wsum keeps (w..., b) per node and shares the input row x across a layer.
    unpack: Callable[[tuple, tuple], tuple] | None = None
    # with ``unpack``: the same partials as ``local``, from the two parts' data, in parents order:
    # (for own's first len(row) inputs, for the row, for own's last input or None if it has none)
    local_rows: Callable[[float, tuple, tuple], tuple[Partials, Partials, float | None]] | None = None
    arity: int = field(init=False)  # number of inputs; 0 for the n-ary ops

    def __post_init__(self) -> None:
        object.__setattr__(self, "arity", 0 if self.nary else len(self.input_names(0)))
        unknown = [d for d in self.domain if d not in DOMAINS]
        if unknown or (not self.nary and len(self.domain) != self.arity) or (self.nary and len(self.domain) != 1):
            raise ValueError(f"op {self.name!r}: domain {self.domain!r} must give one of {sorted(DOMAINS)} per input")

    def input_names(self, n: int) -> tuple[str, ...]:
        """Names of the inputs for a node with ``n`` inputs (``('a', 'b')``, ``('w0', 'x0', 'b')``)."""
        return self.inputs(n) if callable(self.inputs) else self.inputs

    def formula(self, i: int, n: int) -> str:
        """Formula string of ∂out/∂(input i) for a node with ``n`` inputs."""
        forms = self.formulas(n) if callable(self.formulas) else self.formulas
        return forms[i]

    def expression(self, n: int) -> str:
        """The forward as a Python expression over the input names (a call ``name(a, b)`` by default)."""
        if self.expr is None:
            return f"{self.name}({', '.join(self.input_names(n))})"
        return self.expr(n) if callable(self.expr) else self.expr

    def input_domain(self, i: int) -> str:
        """The domain kind of input ``i`` (one kind for every input of an n-ary op)."""
        return self.domain[0] if self.nary else self.domain[i]

    def __repr__(self) -> str:
        return f"Op({self.name!r}, {self.symbol!r})"


TABLE: dict[str, Op] = {}
_LISTENERS: list[Callable[[Op | None, Op | None], None]] = []


def register(op: Op) -> Op:
    """Add ``op`` to the table and tell every listener (a name may be registered once)."""
    if op.name in TABLE:
        raise ValueError(f"an op named {op.name!r} is already in the table")
    TABLE[op.name] = op
    try:
        for listener in _LISTENERS:
            listener(None, op)
    except Exception:
        del TABLE[op.name]
        raise
    return op


def unregister(name: str) -> Op:
    """Remove an op (and, through the listeners, its methods): for tests that register throwaway ops."""
    op = TABLE.pop(name)
    for listener in _LISTENERS:
        listener(op, None)
    return op


def on_register(listener: Callable[[Op | None, Op | None], None]) -> None:
    """Call ``listener(None, op)`` for every op in the table now and each one registered later, and
    ``listener(op, None)`` for each op unregistered."""
    _LISTENERS.append(listener)
    for op in list(TABLE.values()):
        listener(None, op)

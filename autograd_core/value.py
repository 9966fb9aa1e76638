"""Value: one scalar node of a computational graph, with its arithmetic from the op table.

Every operator and method of ``Value`` comes from a row of the op table (``ops.py``): the row
names its methods (``__add__``/``__radd__``, ``exp``, ``__abs__``), and registering the row
installs them. ``apply(op, *inputs)`` is what each of them does: run the row's forward on the
inputs' data and record a node holding the result, the op and the inputs. How a node is stored
(compactly, with node creation inlined for speed) is the tuned path's business: ``fast/``.
Equality and hashing are by identity, so Values can be dict keys and set members.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from numbers import Real
from typing import TYPE_CHECKING, Any

from . import op as op_table
from . import ops
from .errors import describe_number, domain_error
from .fast import backward as fast_backward
from .fast.methods import binary_method, unary_method
from .fast.node import Node, make_node, read_data

if TYPE_CHECKING:
    from .drawing.inline import Stepper
    from .stepper import Step
    from .text_tree import Tree

Number = int | float


def as_float(data: object) -> float:
    """Accept int, float, bool or a real numpy scalar; a TypeError naming the type otherwise, an
    OverflowError saying so for a number too large for a float (``10**400``)."""
    kind = type(data)
    if kind is float:
        return data  # type: ignore[return-value]
    if kind is int or kind is bool or (isinstance(data, Real) and not isinstance(data, Value)):
        try:
            return float(data)  # type: ignore[arg-type]
        except OverflowError:
            raise OverflowError(
                f"Value data {describe_number(data)} is too large for a float (the largest is about 1.8e308)"
            ) from None
    if getattr(getattr(data, "dtype", None), "kind", None) == "b" and getattr(data, "ndim", 1) == 0:
        return float(data)  # type: ignore[arg-type]  # numpy.bool_
    hint = " (use the Value itself, not Value(value))" if isinstance(data, Value) else ""
    raise TypeError(f"Value data must be an int, float, bool or real numpy scalar, not {kind.__name__}: {data!r}{hint}")


def lift(x: object) -> Value:
    """A Value as is; a number as a constant leaf Value; NotImplemented for anything else."""
    if isinstance(x, Value):
        return x
    try:
        return Value(x)  # type: ignore[arg-type]
    except TypeError:
        return NotImplemented


def apply(op: ops.Op, *inputs: Value | Number) -> Value:
    """The node ``op(*inputs)``: the row's forward on the inputs' data, recorded with its inputs.

    Numbers are lifted to constant leaves; anything else, or an input outside the op's domain,
    is a clear error naming the op.
    """
    try:
        args = tuple(map(read_data, inputs))  # all Values: the common case
    except TypeError:
        inputs = lifted(op.name, inputs)
        args = tuple(map(read_data, inputs))
    try:
        data = op.forward(*args)
    except (ArithmeticError, ValueError) as err:
        raise domain_error(op, inputs, err) from None
    return make_node(Value, op, inputs, data)


def lifted(what: str, items: Iterable[object]) -> tuple[Value, ...]:
    """The items as Values, numbers lifted to constant leaves; a TypeError naming the first bad one."""
    out = tuple(map(lift, items))
    for i, v in enumerate(out):
        if v is NotImplemented:
            bad = list(items)[i]
            raise TypeError(f"{what}: item {i} must be a Value or a number, not {type(bad).__name__}: {bad!r}")
    return out


class Value(Node):
    """A scalar with a gradient, remembering the op and the parents that made it.

    Attributes: ``data`` and ``grad`` (floats), ``label`` (str), ``op`` (the op's name, "" for a
    leaf), ``parents`` (tuple in argument order, duplicates kept), ``tag`` (free for grouping,
    e.g. by neuron and layer in drawings).
    """

    __slots__ = ()

    def __init__(self, data: Number, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, not {type(label).__name__}: {label!r}")
        self.data = as_float(data)
        self.grad = 0.0
        self.label = label
        self._op = None
        self.tag = None

    @property
    def op(self) -> str:
        """Name of the op that made this node ("" for a leaf)."""
        return self._op.name if self._op is not None else ""

    @property
    def op_entry(self) -> ops.Op | None:
        """The op-table entry that made this node (None for a leaf)."""
        return self._op

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def __pow__(self, k: Value | Number) -> Value:
        """self ** k: ``pow`` for a number exponent (a constant), ``powv`` for a Value exponent."""
        return self._pow_value(k) if isinstance(k, Value) else self._pow_number(k)

    def __pos__(self) -> Value:
        return self

    def __float__(self) -> float:
        return self.data

    # comparisons by value (equality and hashing stay by identity); a non-number is a TypeError
    def __lt__(self, other: Value | Number) -> bool:
        o = lift(other)
        return NotImplemented if o is NotImplemented else self.data < o.data

    def __le__(self, other: Value | Number) -> bool:
        o = lift(other)
        return NotImplemented if o is NotImplemented else self.data <= o.data

    def __gt__(self, other: Value | Number) -> bool:
        o = lift(other)
        return NotImplemented if o is NotImplemented else self.data > o.data

    def __ge__(self, other: Value | Number) -> bool:
        o = lift(other)
        return NotImplemented if o is NotImplemented else self.data >= o.data

    # graph-wide operations --------------------------------------------------------------------
    def backward(self) -> None:
        """∂self/∂v into every v.grad below: interior nodes recomputed, leaves accumulate (call
        ``zero_grad()`` between steps). The tuned twin of ``engine.backward``, proven equal to it."""
        fast_backward(self)

    def zero_grad(self) -> None:
        """Set the gradient of every node in this graph (leaves included) to 0."""
        from .graph import zero_grad

        zero_grad(self)

    def backward_steps(self) -> Iterator[Step]:
        """Run backward one node at a time (the reference engine), yielding an explained ``Step`` for each."""
        from .stepper import backward_steps

        return backward_steps(self)

    def stepper(self, **options: Any) -> Stepper:
        """Step through backward inline in Jupyter: ``draw(self, **options).stepper()`` (the HTML page's stepper)."""
        from .drawing import draw

        return draw(self, **options).stepper()

    def tree(self, **options: Any) -> Tree:
        """The graph as text: a ``Tree``, a str that shows itself as the tree at a prompt and in Jupyter."""
        from .text_tree import tree

        return tree(self, **options)

    if TYPE_CHECKING:  # for type checkers only: parents are Values, and these methods come from the table's rows
        @property
        def parents(self) -> tuple[Value, ...]: ...
        def __add__(self, other: Value | Number) -> Value: ...
        def __radd__(self, other: Value | Number) -> Value: ...
        def __sub__(self, other: Value | Number) -> Value: ...
        def __rsub__(self, other: Value | Number) -> Value: ...
        def __mul__(self, other: Value | Number) -> Value: ...
        def __rmul__(self, other: Value | Number) -> Value: ...
        def __truediv__(self, other: Value | Number) -> Value: ...
        def __rtruediv__(self, other: Value | Number) -> Value: ...
        def __rpow__(self, other: Value | Number) -> Value: ...
        def _pow_number(self, k: Number) -> Value: ...
        def _pow_value(self, k: Value) -> Value: ...
        def __neg__(self) -> Value: ...
        def __abs__(self) -> Value: ...
        def abs(self) -> Value: ...
        def exp(self) -> Value: ...
        def log(self) -> Value: ...
        def tanh(self) -> Value: ...
        def sigmoid(self) -> Value: ...
        def relu(self) -> Value: ...
        def step(self) -> Value: ...
        def sin(self) -> Value: ...
        def cos(self) -> Value: ...


def _method(op: ops.Op, reflected: bool) -> Any:
    """The method a row names: the tuned one- and two-input makers, else a call to ``apply``."""
    if op.arity == 1:
        return unary_method(Value, op)
    if op.arity == 2:
        return binary_method(Value, op, lift, reflected)
    return (lambda self, *others: apply(op, *others, self)) if reflected else (lambda self, *others: apply(op, self, *others))


def _install(old: ops.Op | None, new: ops.Op | None) -> None:
    """Registry listener: a row's methods appear on ``Value`` when it is registered, go when it leaves."""
    for name in () if old is None else (*old.methods, *old.reflected):
        delattr(Value, name)
    if new is not None:
        clash = [name for name in (*new.methods, *new.reflected) if name in vars(Value)]
        if clash:
            raise ValueError(f"op {new.name!r}: Value already has {', '.join(clash)}")
        for name in new.methods:
            setattr(Value, name, _method(new, reflected=False))
        for name in new.reflected:
            setattr(Value, name, _method(new, reflected=True))


op_table.on_register(_install)

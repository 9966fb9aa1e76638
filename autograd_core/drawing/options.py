"""What ``draw()`` may be asked for, checked before any work: each bad option is an error naming it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from ..names import check_digits
from ..value import Value

Grouping = Callable[[Value], object] | Mapping[Value, object] | None
RANKDIRS = ("LR", "TB", "RL", "BT")


@dataclass(frozen=True)
class Options:
    """What ``draw()`` was asked for (see its docstring)."""

    derivatives: bool = False
    rankdir: str = "LR"
    digits: int = 4
    clusters: Grouping = None
    collapse: bool | int = False
    max_nodes: int | None = 1000
    legend: bool = True
    parameters: Collection[Value] | None = None


def _flag(value: object, option: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{option} must be True or False, not {type(value).__name__}: {value!r}")
    return value


def check_step(step: object) -> int | None:
    """``step`` as draw() takes it: None, or an int (negative counts from the end)."""
    if step is None:
        return None
    if isinstance(step, bool) or not isinstance(step, int):
        raise TypeError(
            f"step must be an int (0 is the start, k the picture after k nodes; -1 the last) or None, not {type(step).__name__}: {step!r}"
        )
    return step


def options(
    derivatives: object, rankdir: object, digits: object, clusters: object, collapse: object,
    max_nodes: object, legend: object, parameters: object,
) -> Options:  # fmt: skip
    """The checked options (see ``draw``)."""
    _flag(derivatives, "derivatives")
    _flag(legend, "legend")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be 'LR' or 'TB' (or 'RL', 'BT'), not {rankdir!r}")
    check_digits(digits)
    if clusters is not None and not callable(clusters) and not isinstance(clusters, Mapping):
        raise TypeError(
            f"clusters must be a function or a mapping from Value to a group name (e.g. clusters=lambda v: v.tag), "
            f"or None, not {type(clusters).__name__}: {clusters!r}"
        )
    if isinstance(collapse, bool):
        if collapse and clusters is None:
            raise ValueError("collapse needs clusters=... to know the groups (e.g. clusters=lambda v: v.tag)")
    elif isinstance(collapse, int):
        if collapse < 1:
            raise ValueError(f"collapse must be True, False or a depth >= 1, not {collapse!r}")
        if clusters is None:
            raise ValueError("collapse needs clusters=... to know the groups (e.g. clusters=lambda v: v.tag)")
    else:
        raise TypeError(f"collapse must be True, False or a depth >= 1 (an int), not {type(collapse).__name__}: {collapse!r}")
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)):
        raise TypeError(f"max_nodes must be a positive int or None, not {type(max_nodes).__name__}: {max_nodes!r}")
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive int or None, not {max_nodes!r}")
    params = None
    if parameters is not None:
        if not isinstance(parameters, Iterable) or isinstance(parameters, Value):
            raise TypeError(f"parameters must be an iterable of Values (e.g. model.parameters()), not {type(parameters).__name__}")
        items = list(parameters)
        bad = next((p for p in items if not isinstance(p, Value)), None)
        if bad is not None:
            raise TypeError(f"parameters must hold only Values, not {type(bad).__name__}: {bad!r}")
        params = frozenset(items)
    return Options(derivatives, rankdir, digits, clusters, collapse, max_nodes, legend, params)  # type: ignore[arg-type]

"""Module: a tree of modules whose leaves own parameters (Values), PyTorch-shaped.

Children and parameters are found from public attributes, as in PyTorch: an attribute holding a
``Module``, a ``Value``, or a list/tuple of them. Names are dotted paths, ``layers.0.neurons.3.w.1``.
Assigning a child also sets its path, and every parameter's ``tag`` is the dotted path of the module
that owns it (``layers.0.neurons.3``), so a drawing can cluster nodes by neuron or by layer.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from typing import Any, TypeVar

from autograd_core import Value

from .serialize import FORMAT, VERSION, brief, check_header, check_numbers, held_numbers, planned_parameters, read_json, write_json_atomic

M = TypeVar("M", bound="Module")


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _shape(arch: dict[str, Any]) -> dict[str, Any]:
    """The parts of an architecture that decide the parameters and the function (not ``fused``)."""
    return {k: v for k, v in arch.items() if k != "fused"}


class _ValueMethod:
    """Stands in for a ``Value`` method in a pickle: unpickles as ``getattr(Value, name)``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return getattr, (Value, self.name)


class Module:
    """Base class of Neuron, Layer, MLP and user models: parameters, zero_grad, state_dict, save/load."""

    _registry: dict[str, type[Module]] = {}
    _path = ""
    _tag = "module"
    _repr_children = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._tag = cls.__name__.lower()
        known = Module._registry.get(cls.__name__)
        if known is None or not known.__module__.startswith("nn."):  # a user class never shadows Neuron/Layer/MLP
            Module._registry[cls.__name__] = cls

    # the tree ---------------------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if not name.startswith("_"):
            self._adopt(name, value)

    def _adopt(self, name: str, value: Any) -> None:
        """Give a newly assigned child its dotted path, a newly assigned parameter this module's tag."""
        items = enumerate(value) if isinstance(value, list | tuple) else ((None, value),)
        for i, v in items:
            if isinstance(v, Module):
                v._set_path(_join(self._path, name if i is None else f"{name}.{i}"))
            elif isinstance(v, Value):
                v.tag = self._tag

    def _set_path(self, path: str) -> None:
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_tag", path or type(self)._tag)
        for name, value in list(vars(self).items()):
            if not name.startswith("_"):
                self._adopt(name, value)

    def _members(self) -> Iterator[tuple[str, str | None, Module | Value]]:
        """(attribute, index or None, member) for every Module/Value held by a public attribute."""
        for name, value in vars(self).items():
            if name.startswith("_"):
                continue
            if isinstance(value, Module | Value):
                yield name, None, value
            elif isinstance(value, list | tuple):
                for i, v in enumerate(value):
                    if isinstance(v, Module | Value):
                        yield name, str(i), v

    def children(self) -> list[tuple[str, Module]]:
        """Direct sub-modules with their names (``layers.0``, ``neurons.3``)."""
        return [(name if i is None else f"{name}.{i}", m) for name, i, m in self._members() if isinstance(m, Module)]

    def named_parameters(self, prefix: str = "") -> list[tuple[str, Value]]:
        """Every parameter once, with its dotted name (``layers.0.neurons.3.w.1``), in a fixed order."""
        out: list[tuple[str, Value]] = []
        seen: set[int] = set()
        self._collect(prefix, out, seen)
        return out

    def _collect(self, prefix: str, out: list[tuple[str, Value]], seen: set[int]) -> None:
        for name, i, m in self._members():
            full = _join(prefix, name if i is None else f"{name}.{i}")
            if isinstance(m, Module):
                m._collect(full, out, seen)
            elif id(m) not in seen:
                seen.add(id(m))
                out.append((full, m))

    def parameters(self) -> list[Value]:
        """Every parameter (a Value) once, in the order of ``named_parameters``."""
        return [p for _, p in self.named_parameters()]

    def batch(self, rows: Any) -> list[Any]:
        """The model's output for each row: ``[model(x) for x in rows]`` (Layer and MLP build it layer by layer)."""
        return [self(x) for x in rows]  # type: ignore[operator]

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (gradients accumulate across ``backward()`` calls)."""
        for p in self.parameters():
            p.grad = 0.0

    # architecture and state -------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        """The architecture: ``{"type": ClassName, **constructor arguments}`` (JSON-serialisable)."""
        return {"type": type(self).__name__}

    @classmethod
    def from_config(cls: type[M], arch: dict[str, Any]) -> M:
        """Build a model from ``config()`` output; ``ValueError`` if the architecture is invalid."""
        kwargs = {k: v for k, v in arch.items() if k != "type"}
        try:
            return cls(**kwargs)
        except (TypeError, ValueError, ArithmeticError, RecursionError) as err:
            raise ValueError(f"invalid {cls.__name__} architecture {brief(arch)}: {err}") from None

    def _groups(self, prefix: str = "") -> Iterator[tuple[str, list[Value]]]:
        """Parameters grouped by attribute: (``layers.0.neurons.3.w``, [w0, w1]), (``….b``, [b])."""
        groups: dict[str, list[Value]] = {}
        for name, i, m in self._members():
            if isinstance(m, Module):
                yield from m._groups(_join(prefix, name if i is None else f"{name}.{i}"))
            else:
                groups.setdefault(_join(prefix, name), []).append(m)
        yield from groups.items()

    def state_dict(self) -> dict[str, Any]:
        """A plain dict: format marker, version, ``architecture`` and ``parameters`` (name → list of floats)."""
        params = {name: [v.data for v in vs] for name, vs in self._groups()}
        return {"format": FORMAT, "version": VERSION, "architecture": self.config(), "parameters": params}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Copy parameter values from ``state``. Everything is checked first: on any ``ValueError``
        (foreign dict, other architecture, missing/extra/ill-typed/non-finite numbers) nothing changes."""
        check_header(state)
        mine, theirs = _shape(self.config()), _shape(state["architecture"])
        if mine != theirs:
            diff = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
            pairs = ((k if len(k) <= 40 else brief(k), brief(mine.get(k)), brief(theirs.get(k))) for k in diff[:5])
            detail = ", ".join(f"{k}: model {a} vs state {b}" for k, a, b in pairs)
            raise ValueError(f"architecture mismatch ({detail})")
        groups = dict(self._groups())
        given = state["parameters"]
        missing, extra = sorted(groups.keys() - given.keys()), sorted(given.keys() - groups.keys())
        if missing or extra:
            raise ValueError(f"parameter names do not match the model: missing {missing[:5]}, unexpected {extra[:5]}")
        checked = [(vs, check_numbers(name, given[name], len(vs))) for name, vs in groups.items()]
        for vs, numbers in checked:
            for v, x in zip(vs, numbers, strict=True):
                v.data = x

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the state dict as JSON, atomically (temporary file beside the target + rename), to a
        regular file only, through symlinks to their target; never pickle (``files.py``)."""
        for name, p in self.named_parameters():
            if not math.isfinite(p.data):
                raise ValueError(f"cannot save: parameter {name} is {p.data!r} (a model file holds finite numbers only)")
        write_json_atomic(path, self.state_dict())

    @classmethod
    def load(cls: type[M], path: str | os.PathLike[str]) -> M:
        """Read a model written by ``save``: ``MLP.load("m.json")`` (``Module.load`` accepts any type).

        Every problem is a ``ValueError`` naming the file (a missing file is also a ``FileNotFoundError``).
        The declared architecture is checked against the number of parameters the file holds before
        the model is built, so a small file cannot make it allocate a huge one."""
        state = read_json(path)
        try:
            check_header(state)
            arch = state["architecture"]
            kind = arch["type"]
            target = Module._registry.get(kind)
            if target is None or not issubclass(target, cls):
                raise ValueError(f"the file holds a {brief(kind)} model, not a {cls.__name__}")
            planned, held = planned_parameters(target, arch), held_numbers(state["parameters"])
            if planned is not None and planned > held:  # checked before building: a small file cannot allocate a huge model
                raise ValueError(f"its architecture {brief(arch)} has {planned:,} parameters, but it holds only {held:,} numbers")
            model = target.from_config(arch)
            model.load_state_dict(state)
        except (ValueError, RecursionError) as err:
            raise ValueError(f"{os.fsdecode(os.fspath(path))}: {err}") from None
        return model

    # pickling (multiprocessing, joblib, copy) -------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        """The attributes, with ``Value`` methods (a neuron's activation, ``Value.relu``) kept by name:
        they are made from the op table at import and have no importable name of their own.

        Pickling is for handing a live model to another process of the same program; a file to
        keep or share is ``save`` (JSON: no code runs when it is read, unlike ``pickle.load``).
        """
        for name, i, m in self._members():
            if isinstance(m, Value) and m.op:
                where = name if i is None else f"{name}[{i}]"
                raise TypeError(
                    f"cannot pickle {type(self).__name__}: attribute {where} holds a computed node ({m.op}), not a "
                    "parameter; keep outputs and losses out of the model (or use model.save(path) for its weights)"
                )
        methods = {id(f): n for n, f in vars(Value).items() if callable(f)}
        return {k: _ValueMethod(methods[id(v)]) if id(v) in methods else v for k, v in vars(self).items()}

    # display ----------------------------------------------------------------------------------
    def num_parameters(self) -> int:
        """How many scalar parameters the model has."""
        return len(self.named_parameters())

    def _describe(self) -> str:
        return f"{type(self).__name__}({self.num_parameters()} parameters)"

    def __repr__(self) -> str:
        head = self._describe()
        kids = self.children() if self._repr_children else []
        if not kids:
            return head
        body = "\n".join(f"  ({name}): " + repr(child).replace("\n", "\n  ") for name, child in kids)
        return f"{head}(\n{body}\n)"

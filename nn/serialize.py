"""JSON model files: written atomically, read strictly. Never pickle.

A model file is one JSON object::

    {"format": "stepgrad.nn", "version": 1,
     "architecture": {"type": "MLP", "nin": 2, "nouts": [16, 1], ...},
     "parameters": {"layers.0.neurons.0.w": [0.12, -0.7], "layers.0.neurons.0.b": [0.0], ...}}

Every problem with a file or a dict is a ``ValueError`` that says what is wrong: numbers no
float holds (``1e400``, a 400-digit integer), JSON nested a hundred thousand levels deep, a file
too large, not UTF-8, not a regular file (``files.py`` reads and writes the bytes). A file's
architecture is checked against the number of parameters it holds before a model is built.
"""

from __future__ import annotations

import json
import math
import os
import reprlib
from numbers import Real
from typing import Any

from .checks import describe
from .files import read_bytes_capped, write_text_atomic

FORMAT = "stepgrad.nn"
VERSION = 1
_FLOAT_DIGITS = 309  # 10**308 < the largest float < 10**309

class _Short(reprlib.Repr):
    """reprlib with huge ints described by their digit count (their repr fails past 4,300 digits)."""

    def repr_int(self, x: int, level: int) -> str:
        return describe(x) if x.bit_length() > 64 else repr(x)


_short = _Short()
_short.maxstring, _short.maxother, _short.maxlevel, _short.maxlist, _short.maxdict = 40, 40, 3, 6, 4


def brief(x: object) -> str:
    """A bounded repr for messages: a 60 MB string or a 900-deep list from a file prints short."""
    try:
        return _short.repr(x)
    except (ValueError, RecursionError):
        return f"a {type(x).__name__}"


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows (a model file holds finite numbers only)")


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
    """Write ``obj`` as JSON to ``path`` atomically (``files.write_text_atomic``): a regular file only,
    through symlinks; a crash or an error half-way leaves any earlier file at ``path`` as it was."""
    write_text_atomic(path, json.dumps(obj, allow_nan=False, indent=1))


def _where(text: str, literal: str) -> str:
    """'line L column C' of the first occurrence of ``literal`` in ``text``."""
    at = max(text.find(literal), 0)
    return f"line {text.count(chr(10), 0, at) + 1} column {at - text.rfind(chr(10), 0, at)}"


def read_json(path: str | os.PathLike[str]) -> Any:
    """Parse a model file; ``ValueError`` naming the file if it is not valid, strict JSON with float-sized numbers."""
    raw = read_bytes_capped(path)
    name = os.fsdecode(os.fspath(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{name}: not a stepgrad model file (not UTF-8 text: {err})") from None
    if not text.strip():
        raise ValueError(f"{name}: the file is empty (not a stepgrad model file)")

    def parse_int(literal: str) -> int:
        digits = len(literal.lstrip("-"))
        if digits > _FLOAT_DIGITS or (digits == _FLOAT_DIGITS and not math.isfinite(float(literal))):
            raise ValueError(f"{_where(text, literal)}: an integer of {digits} digits is too large for a float")
        return int(literal)

    def parse_float(literal: str) -> float:
        number = float(literal)
        if not math.isfinite(number):
            raise ValueError(f"{_where(text, literal)}: {brief(literal)} is too large for a float")
        return number

    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=parse_int, parse_float=parse_float)
    except json.JSONDecodeError as err:
        raise ValueError(f"{name}: not valid JSON (corrupt or truncated?): {err}") from None
    except RecursionError:
        raise ValueError(f"{name}: not a stepgrad model file (its JSON is nested too deeply to read)") from None
    except ValueError as err:
        raise ValueError(f"{name}: {err}") from None


def check_header(state: Any) -> None:
    """The outer shape of a state dict: format marker, version, architecture and parameters."""
    if not isinstance(state, dict):
        raise ValueError(f"a stepgrad state dict must be a JSON object / dict, not {type(state).__name__}")
    if state.get("format") != FORMAT:
        raise ValueError(f"not a stepgrad model: expected 'format': {FORMAT!r}, found {brief(state.get('format'))}")
    version = state.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        raise ValueError(f"unsupported model file version {brief(version)} (this stepgrad reads version {VERSION})")
    if not isinstance(state.get("architecture"), dict) or not isinstance(state["architecture"].get("type"), str):
        raise ValueError("the state dict has no 'architecture' object with a 'type' name")
    if not isinstance(state.get("parameters"), dict):
        raise ValueError("the state dict has no 'parameters' object")


def check_numbers(name: str, values: Any, expected: int) -> list[float]:
    """``values`` must be a list of ``expected`` finite real numbers (bools are not numbers here)."""
    if not isinstance(values, list | tuple):
        raise ValueError(f"parameter {name!r}: expected a list of {expected} numbers, found {type(values).__name__}")
    if len(values) != expected:
        raise ValueError(f"parameter {name!r}: expected {expected} numbers, found {len(values)}")
    out = []
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, Real):
            raise ValueError(f"parameter {name!r}[{i}]: expected a number, found {type(v).__name__} {brief(v)}")
        try:
            number = float(v)
        except OverflowError:
            raise ValueError(f"parameter {name!r}[{i}]: {describe(v)} is too large for a float") from None
        if not math.isfinite(number):
            raise ValueError(f"parameter {name!r}[{i}]: expected a finite number, found {number!r}")
        out.append(number)
    return out


def held_numbers(parameters: dict[str, Any]) -> int:
    """How many numbers a state's parameters hold (a group that is not a list counts as one)."""
    return sum(len(v) if isinstance(v, list | tuple) else 1 for v in parameters.values())


def _size(value: object) -> int | None:
    return value if type(value) is int and value >= 1 else None


def planned_parameters(target: type, arch: dict[str, Any]) -> int | None:
    """How many parameters ``target.from_config(arch)`` would make, computed without making them, for
    Neuron, Layer, MLP and subclasses that construct as they do; None when it cannot be known."""
    base = next((c for c in target.__mro__ if c.__module__ == "nn.layers" and c.__name__ in ("Neuron", "Layer", "MLP")), None)
    if base is None or target.__init__ is not base.__init__ or getattr(target, "config") is not getattr(base, "config"):  # type: ignore[misc]  # noqa: B009
        return None
    if type(arch.get("bias", True)) is not bool:
        return None
    bias = int(arch.get("bias", True))
    nin = _size(arch.get("nin"))
    if base.__name__ == "Neuron":
        return None if nin is None else nin + bias
    widths = [arch.get("nout")] if base.__name__ == "Layer" else arch.get("nouts")
    if nin is None or not isinstance(widths, list) or not widths:
        return None
    given = [nin, *map(_size, widths)]
    sizes = [k for k in given if k is not None]
    if len(sizes) != len(given):
        return None
    return sum((a + bias) * b for a, b in zip(sizes, sizes[1:]))

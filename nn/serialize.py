"""JSON model files: written atomically, read strictly. Never pickle.

A model file is one JSON object::

    {"format": "stepgrad.nn", "version": 1,
     "architecture": {"type": "MLP", "nin": 2, "nouts": [16, 1], ...},
     "parameters": {"layers.0.neurons.0.w": [0.12, -0.7], "layers.0.neurons.0.b": [0.0], ...}}

Every problem with a file or a dict is a ``ValueError`` that says what is wrong.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

FORMAT = "stepgrad.nn"
VERSION = 1


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows (a model file holds finite numbers only)")


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
    """Write ``obj`` as JSON to ``path`` atomically: a temporary file in the same folder, then rename.

    A crash or an error half-way leaves any earlier file at ``path`` as it was.
    """
    target = Path(path)
    text = json.dumps(obj, allow_nan=False, indent=1)
    try:  # keep an existing file's permissions; a new file gets what open() would give it
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def read_json(path: str | os.PathLike[str]) -> Any:
    """Parse a model file; ``ValueError`` naming the file if it is not valid, strict JSON."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{os.fspath(path)}: not a stepgrad model file (not UTF-8 text: {err})") from None
    if not text.strip():
        raise ValueError(f"{os.fspath(path)}: the file is empty (not a stepgrad model file)")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise ValueError(f"{os.fspath(path)}: not valid JSON (corrupt or truncated?): {err}") from None
    except ValueError as err:
        raise ValueError(f"{os.fspath(path)}: {err}") from None


def check_header(state: Any) -> None:
    """The outer shape of a state dict: format marker, version, architecture and parameters."""
    if not isinstance(state, dict):
        raise ValueError(f"a stepgrad state dict must be a JSON object / dict, not {type(state).__name__}")
    if state.get("format") != FORMAT:
        raise ValueError(f"not a stepgrad model: expected 'format': {FORMAT!r}, found {state.get('format')!r}")
    version = state.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        raise ValueError(f"unsupported model file version {version!r} (this stepgrad reads version {VERSION})")
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
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(f"parameter {name!r}[{i}]: expected a number, found {type(v).__name__} {v!r}")
        if not math.isfinite(v):
            raise ValueError(f"parameter {name!r}[{i}]: expected a finite number, found {v!r}")
        out.append(float(v))
    return out

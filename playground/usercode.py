"""Running the code typed into the graph lab: a fresh namespace, a time limit, a root, errors with their line.

The root is the last line's value if it is a Value (``e``), else the Value named ``loss``, ``e``
or ``out`` (first found). Errors keep stepgrad's message and name the line of *your* code.
"""

from __future__ import annotations

import ast
import builtins
import io
import math
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

import nn
from autograd_core import Value, softmax, vsum

from .limits import CODE_SECONDS, MAX_CODE_CHARS, MAX_PRINTED
from .teardown import free

FILENAME = "<your code>"
ROOT_NAMES = ("loss", "e", "out")
RULE = "the root is the last line's value, or else the Value named loss, e or out"


class CodeError(Exception):
    """Typed code failed: ``kind`` (the exception's type), stepgrad's ``message``, the ``line`` of your code."""

    def __init__(self, kind: str, message: str, line: int | None = None, text: str = "") -> None:
        super().__init__(f"{kind}: {message}" + (f" (line {line})" if line else ""))
        self.kind, self.message, self.line, self.text = kind, message, line, text


class CodeTimeLimitError(Exception):
    """Raised inside typed code that runs past its time limit."""


@dataclass
class Ran:
    """What the code left: its root, how the root was chosen, its namespace and what it printed."""

    root: Value
    chosen: str
    namespace: dict[str, Any]
    printed: str


def fresh_namespace() -> dict[str, Any]:
    """The names typed code starts with."""
    return {"__builtins__": builtins, "__name__": "__playground__", "Value": Value, "vsum": vsum, "softmax": softmax,
            "nn": nn, "math": math}  # fmt: skip


def _deadline(seconds: float) -> Callable[[FrameType, str, Any], Any]:
    """A trace function that stops typed code (only its own frames are traced) once ``seconds`` have passed."""
    stop = time.monotonic() + seconds

    def line(frame: FrameType, event: str, arg: Any) -> Any:
        if time.monotonic() > stop:
            raise CodeTimeLimitError(f"your code ran for more than {seconds:g} s and was stopped (an endless loop, or a graph too big?)")
        return line

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != FILENAME:
            return None
        frame.f_trace_opcodes = True  # opcode events too: `while True: pass` has no new line to report
        return line

    return call


def _error(err: BaseException, lines: list[str]) -> CodeError:
    """``err`` as a CodeError naming the innermost line of the typed code it came from."""
    if isinstance(err, SyntaxError) and err.filename == FILENAME:
        line: int | None = err.lineno
        message = err.msg
    else:
        line, tb = None, err.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == FILENAME:
                line = tb.tb_lineno
            tb = tb.tb_next
        message = str(err) or type(err).__name__
    kind = "TimeLimit" if isinstance(err, CodeTimeLimitError) else type(err).__name__
    text = lines[line - 1].strip() if line and 0 < line <= len(lines) else ""
    return CodeError(kind, message, line, text)


def _pick_root(last: object, namespace: dict[str, Any]) -> tuple[Value, str]:
    if isinstance(last, Value):
        return last, "the last line"
    for name in ROOT_NAMES:
        if isinstance(namespace.get(name), Value):
            return namespace[name], f"the variable {name}"
    got = "" if last is None else f" (the last line gives {type(last).__name__}, not a Value)"
    raise CodeError("NoRoot", f"nothing to draw{got}: end with an expression such as e, or name the root loss, e or out")


def run(code: str, seconds: float = CODE_SECONDS) -> Ran:
    """Run ``code`` in a fresh namespace within ``seconds``; a CodeError on any failure (the namespace is then freed)."""
    if not isinstance(code, str):
        raise CodeError("TypeError", f"code must be text, not {type(code).__name__}")
    if len(code) > MAX_CODE_CHARS:
        raise CodeError("TooLong", f"the code has {len(code):,} characters; the playground takes at most {MAX_CODE_CHARS:,}")
    lines = code.splitlines()
    namespace = fresh_namespace()
    printed = io.StringIO()
    failure: CodeError | None = None
    left: list[Any] = []  # what the frames of a failed run still hold, freed with the namespace
    try:
        root, chosen = _watched(code, namespace, printed, seconds)
    except CodeError as err:
        failure = err
    except Exception as err:  # any error in typed code is shown to its author
        failure = _error(err, lines)
        left = _frame_locals(err)
        traceback.clear_frames(err.__traceback__)
    if failure is not None:  # raised outside the handler, so the error keeps no traceback of the code's frames
        free(namespace, left)
        raise failure
    text = printed.getvalue()
    if len(text) > MAX_PRINTED:
        text = text[:MAX_PRINTED] + f"\n… ({len(text) - MAX_PRINTED:,} more characters not shown)"
    return Ran(root, chosen, namespace, text)


def _watched(code: str, namespace: dict[str, Any], printed: io.StringIO, seconds: float) -> tuple[Value, str]:
    """``_execute`` in a thread of its own, given up on when a single call into C outlasts the limit (where the
    trace function cannot stop it, e.g. ``sum(range(10**12))``). Pyodide has no threads: there the page's watchdog
    restarts the whole engine instead."""
    if sys.platform == "emscripten":
        return _execute(code, namespace, printed, seconds)
    outcome: list[Any] = []

    def work() -> None:
        try:
            outcome.append(_execute(code, namespace, printed, seconds))
        except BaseException as err:  # handed to the caller's thread
            outcome.append(err)

    thread = threading.Thread(target=work, name="typed code", daemon=True)
    thread.start()
    thread.join(seconds + 2.0)
    if thread.is_alive():
        raise CodeError("TimeLimit", f"your code ran for more than {seconds:g} s inside one call that cannot be interrupted; it goes "
                        "on in the background until it ends (restart the server to stop it now)")  # fmt: skip
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _execute(code: str, namespace: dict[str, Any], printed: io.StringIO, seconds: float) -> tuple[Value, str]:
    """Parse, run all but a last expression, evaluate that, and pick the root."""
    tree = ast.parse(code, FILENAME)
    tail = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if tail is not None:
        tree.body.pop()
    body = compile(tree, FILENAME, "exec")
    expr = compile(ast.Expression(tail.value), FILENAME, "eval") if tail else None
    # print() writes to this run's buffer (not sys.stdout: redirecting that would touch every thread of the process)
    namespace["print"] = lambda *args, file=None, **kwargs: builtins.print(*args, file=printed if file is None else file, **kwargs)
    saved = sys.gettrace()
    sys.settrace(_deadline(seconds))
    try:
        exec(body, namespace)
        last = eval(expr, namespace) if expr else None
    finally:
        sys.settrace(saved)
    return _pick_root(last, namespace)


def _frame_locals(err: BaseException) -> list[Any]:
    """The local variables of the typed code's functions that ``err`` passed through (they may hold deep graphs)."""
    out: list[Any] = []
    tb = err.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename == FILENAME and frame.f_code.co_name != "<module>":
            out.extend(frame.f_locals.values())
        tb = tb.tb_next
    return out

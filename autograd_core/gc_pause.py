"""Pause Python's cyclic garbage collector while a graph is built or differentiated, safely across threads.

A training step or a backward pass makes tens of thousands of nodes that hold no reference
cycles: refcounting frees them, and the cyclic GC would only walk them again and again. So
``backward`` and ``fit`` pause it::

    with paused_gc():          # or pause(); try: ... finally: resume()
        ...

Pauses nest and overlap across threads: one module-level lock guards a count of open pauses.
The first pause disables the GC (if it was enabled); the last one to end enables it again, and
only if it was enabled when the first one began, so a GC the user turned off stays off.
Without the count, thread A (GC on) and thread B (sees it off, because A paused it) end in the
wrong order: the GC runs under B, or stays off for the rest of the process.

``resume()`` with no pause open does nothing. After a fork, the child starts with no pause open
(the threads that held them are not there) and the GC as it was before the first of them.
"""

from __future__ import annotations

import gc
import os
import threading
from types import TracebackType

_lock = threading.Lock()
_state = [0, False]  # [open pauses, whether the GC was enabled when the first of them began]
_isenabled, _disable, _enable = gc.isenabled, gc.disable, gc.enable


def pause() -> None:
    """Open a pause: the GC is off until every open pause has ended."""
    with _lock:  # a lock's with-block always releases it, even on Ctrl-C
        if not _state[0]:
            _state[1] = _isenabled()
            _disable()
        _state[0] += 1


def resume() -> None:
    """End a pause; the last one to end turns the GC back on if it was on before the first began."""
    with _lock:
        if _state[0]:
            _state[0] -= 1
            if not _state[0] and _state[1]:
                _enable()


def pausers() -> int:
    """How many pauses are open now, over all threads (0: the GC is as the user left it)."""
    return int(_state[0])


class _PausedGC:
    """The context manager ``paused_gc()`` returns (one shared instance: all its state is module-level)."""

    __slots__ = ()

    def __enter__(self) -> None:
        pause()

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        resume()


_PAUSE = _PausedGC()


def paused_gc() -> _PausedGC:
    """A context manager: the cyclic GC is off inside it (see the module docstring for threads)."""
    return _PAUSE


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()
    if _state[0] and _state[1]:
        _enable()
    _state[0] = 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=lambda: _lock.acquire(), after_in_parent=lambda: _lock.release(), after_in_child=_after_fork_in_child)

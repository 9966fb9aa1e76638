"""Pause Python's cyclic garbage collector while a graph is built or differentiated, safely across threads.

A training step or a backward pass makes tens of thousands of nodes that hold no reference
cycles: refcounting frees them, and the cyclic GC would only walk them again and again. So
``backward`` and ``fit`` pause it::

    with paused_gc():
        ...

Pauses nest and overlap across threads: one module-level lock guards a count of pausers. The
first pauser disables the GC (if it was enabled); the last one to leave enables it again, and
only if it was enabled when the first one came in, so a GC the user turned off stays off.
Without the count, thread A (GC on) and thread B (sees it off, because A paused it) would leave
in the wrong order and the GC would stay off for the rest of the process.

A fork while another thread is paused: the child has only the forking thread, so its count is
set to that thread's own pauses (the others will never leave there).
"""

from __future__ import annotations

import gc
import os
import threading
from types import TracebackType

_lock = threading.Lock()
_depth: dict[int, int] = {}  # thread id -> how many pauses that thread is inside
_state = {"pausers": 0, "reenable": False}


def pausers() -> int:
    """How many pauses are open now, over all threads (0: the GC is as the user left it)."""
    return _state["pausers"]


class _PausedGC:
    """The context manager ``paused_gc()`` returns (one shared instance: all its state is module-level)."""

    __slots__ = ()

    def __enter__(self) -> None:
        tid = threading.get_ident()
        with _lock:
            if _state["pausers"] == 0:
                _state["reenable"] = gc.isenabled()
                gc.disable()
            _state["pausers"] += 1
            _depth[tid] = _depth.get(tid, 0) + 1

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        tid = threading.get_ident()
        with _lock:
            if _state["pausers"] == 0:
                raise RuntimeError("paused_gc: left a pause that was never entered")
            left = _depth.get(tid, 0) - 1  # a pause entered in one thread may be left in another (a generator)
            if left > 0:
                _depth[tid] = left
            else:
                _depth.pop(tid, None)
            _state["pausers"] -= 1
            if _state["pausers"] == 0 and _state["reenable"]:
                gc.enable()


_PAUSE = _PausedGC()


def paused_gc() -> _PausedGC:
    """A context manager: the cyclic GC is off inside it (see the module docstring for threads)."""
    return _PAUSE


def _after_fork_in_child() -> None:
    """Only the forking thread lives on in the child: count its own pauses, drop the others'."""
    global _lock
    _lock = threading.Lock()
    mine, paused = _depth.get(threading.get_ident(), 0), _state["pausers"] > 0
    _depth.clear()
    if mine:
        _depth[threading.get_ident()] = mine
    _state["pausers"] = mine
    if paused and mine == 0 and _state["reenable"]:
        gc.enable()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=lambda: _lock.acquire(), after_in_parent=lambda: _lock.release(), after_in_child=_after_fork_in_child)

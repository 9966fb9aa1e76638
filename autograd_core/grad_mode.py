"""Whether operations record a graph, and whether they are checked for NaN/inf.

Both live in one context variable, so each thread (and each asyncio task) has its own mode and
``no_grad`` in one thread never affects another. Node creation reads it once per op.

``no_grad()``, ``enable_grad()`` and ``detect_anomaly()`` are context managers and decorators
(``@no_grad()``). Each block remembers the mode it found in a second context
variable, a stack of (block, mode), so one object may be entered again inside itself and every
exit restores what its own entry found. Decorating a generator function (sync or async) sets the
mode only while the generator's body runs, as PyTorch does, not while its caller holds a value;
decorating an ``async def`` sets it for the coroutine's task only.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncGenerator, Callable, Generator
from contextvars import ContextVar
from typing import Any, TypeVar

RECORD = 1  # bit 0: build the graph (parents, op) for new nodes
ANOMALY = 2  # bit 1: check every forward value and backward gradient for NaN/inf

MODE: ContextVar[int] = ContextVar("stepgrad_mode", default=RECORD)
F = TypeVar("F", bound=Callable[..., Any])
_SAVED: ContextVar[tuple[tuple[_SetMode, int], ...]] = ContextVar("stepgrad_saved_modes", default=())


class _SetMode:
    """Base for context managers that set mode bits on entry and restore them on exit."""

    def _new_mode(self, mode: int) -> int:
        raise NotImplementedError

    def __enter__(self) -> _SetMode:
        mode = MODE.get()
        _SAVED.set((*_SAVED.get(), (self, mode)))
        MODE.set(self._new_mode(mode))
        return self

    def __exit__(self, *exc: object) -> None:
        saved = _SAVED.get()
        for i in range(len(saved) - 1, -1, -1):
            if saved[i][0] is self:
                MODE.set(saved[i][1])
                _SAVED.set(saved[:i] + saved[i + 1 :])
                return
        raise RuntimeError(f"{type(self).__name__}: leaving a block that was not entered in this thread or task")

    def __call__(self, func: F) -> F:
        """Decorate ``func``: its calls run in this mode (generators: only while their body runs)."""
        if not callable(func):
            raise TypeError(f"{type(self).__name__}() decorates a function, not {type(func).__name__}: {func!r}")
        make = type(self)
        if inspect.isgeneratorfunction(func):
            return _wrap_generator(make, func)  # type: ignore[return-value]
        if inspect.isasyncgenfunction(func):
            return _wrap_async_generator(make, func)  # type: ignore[return-value]
        if inspect.iscoroutinefunction(func):
            return _wrap_coroutine(make, func)  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with make():
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def _wrap_generator(make: Callable[[], _SetMode], func: Callable[..., Generator[Any, Any, Any]]) -> Callable[..., Any]:
    """A generator function that runs ``func``'s body in the mode, one resumption at a time."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        gen = func(*args, **kwargs)
        try:
            with make():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with make():
                        gen.close()
                    raise
                except BaseException as err:  # thrown in by the caller: the body handles it in the mode
                    with make():
                        response = gen.throw(err)
                else:
                    with make():
                        response = gen.send(request)
        except StopIteration as stop:
            return stop.value

    return wrapper


def _wrap_async_generator(make: Callable[[], _SetMode], func: Callable[..., AsyncGenerator[Any, Any]]) -> Callable[..., Any]:
    """An async generator function that runs ``func``'s body in the mode, one resumption at a time."""

    @functools.wraps(func)
    async def wrapper(*args: Any, **kwargs: Any) -> AsyncGenerator[Any, Any]:
        agen = func(*args, **kwargs)
        try:
            with make():
                response = await agen.asend(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with make():
                        await agen.aclose()
                    raise
                except BaseException as err:
                    with make():
                        response = await agen.athrow(err)
                else:
                    with make():
                        response = await agen.asend(request)
        except StopAsyncIteration:
            return

    return wrapper


def _wrap_coroutine(make: Callable[[], _SetMode], func: Callable[..., Any]) -> Callable[..., Any]:
    """An ``async def`` whose body runs in the mode (its task's own context: other tasks are unaffected)."""

    @functools.wraps(func)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        with make():
            return await func(*args, **kwargs)

    return wrapper


class no_grad(_SetMode):  # noqa: N801 -- PyTorch's name
    """Compute values without recording a graph: results are leaves with no parents.

    Use as ``with no_grad(): ...`` or as a decorator ``@no_grad()`` (generators too).
    """

    def _new_mode(self, mode: int) -> int:
        return mode & ~RECORD


class enable_grad(_SetMode):  # noqa: N801 -- PyTorch's name
    """Record a graph again inside a ``no_grad`` block."""

    def _new_mode(self, mode: int) -> int:
        return mode | RECORD


class detect_anomaly(_SetMode):  # noqa: N801 -- PyTorch's name
    """Raise ``FloatingPointError`` at the first op whose value or gradient is NaN or infinite.

    The error names the op, the node's label, its inputs and whether it happened in the forward
    or the backward pass. Off by default; costs nothing when off.
    """

    def _new_mode(self, mode: int) -> int:
        return mode | ANOMALY


def is_grad_enabled() -> bool:
    """True when new operations record a graph (not inside ``no_grad``)."""
    return bool(MODE.get() & RECORD)

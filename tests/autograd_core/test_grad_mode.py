"""no_grad as a context manager and a decorator, per thread; enable_grad inside it."""

from __future__ import annotations

import threading

from autograd_core import Value, enable_grad, is_grad_enabled, no_grad


def test_no_grad_context_records_no_parents() -> None:
    a = Value(2.0)
    with no_grad():
        assert not is_grad_enabled()
        b = a * 3 + 1
    assert is_grad_enabled()
    assert (b.data, b.op, b.parents) == (7.0, "", ())
    c = a * 3
    assert c.parents[0] is a


def test_no_grad_decorator_including_recursion() -> None:
    @no_grad()
    def f(x: Value, depth: int) -> Value:
        assert not is_grad_enabled()
        return x * 2 if depth == 0 else f(x, depth - 1) + 1

    y = f(Value(1.0), 3)
    assert y.parents == () and y.data == 5.0
    assert is_grad_enabled()


def test_enable_grad_inside_no_grad() -> None:
    a = Value(1.0)
    with no_grad():
        with enable_grad():
            b = a + 1
        c = a + 1
    assert b.parents and not c.parents


def test_no_grad_in_one_thread_does_not_affect_another() -> None:
    inside = threading.Event()
    checked = threading.Event()
    seen: dict[str, bool] = {}

    def worker() -> None:
        with no_grad():
            inside.set()
            checked.wait(5)
            seen["worker"] = is_grad_enabled()

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(5)
    seen["main"] = is_grad_enabled()
    a = Value(1.0)
    seen["main_records"] = bool((a * 2).parents)
    checked.set()
    t.join()
    assert seen == {"worker": False, "main": True, "main_records": True}

"""paused_gc: the cyclic GC is off while any thread is inside a pause, and back as the user left it after."""

from __future__ import annotations

import gc
import os
import random
import threading
from collections.abc import Callable, Iterator

import pytest

from autograd_core import Op, Value, apply
from autograd_core.gc_pause import paused_gc, pausers, resume


@pytest.fixture(autouse=True)
def _gc_on() -> Iterator[None]:
    assert gc.isenabled() and pausers() == 0
    yield
    gc.enable()


def _waiting_op(wait: Callable[[], None]) -> Op:
    """An identity op whose local derivative waits for ``wait()``: it holds a thread inside backward."""

    def local(out: float, x: float) -> tuple[float]:
        wait()
        return (1.0,)

    return Op(name="hold", symbol="hold", forward=lambda x: x, local=local, inputs=("x",), formulas=("1",), domain=("real",), torch="x")


def test_a_pause_turns_the_gc_off_and_back_on() -> None:
    with paused_gc():
        assert not gc.isenabled() and pausers() == 1
        with paused_gc():
            assert not gc.isenabled() and pausers() == 2
        assert not gc.isenabled()
    assert gc.isenabled() and pausers() == 0


def test_a_gc_the_user_turned_off_stays_off() -> None:
    gc.disable()
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()
    (Value(2.0) * 3).backward()
    assert not gc.isenabled()


def test_an_error_inside_still_ends_the_pause() -> None:
    with pytest.raises(ZeroDivisionError), paused_gc():
        _ = 1 / 0
    assert gc.isenabled() and pausers() == 0


def test_ending_a_pause_never_begun_changes_nothing() -> None:
    resume()
    assert gc.isenabled() and pausers() == 0
    gc.disable()
    resume()
    assert not gc.isenabled()


def test_a_forked_child_starts_with_no_pause_and_the_gc_as_the_user_had_it() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    with paused_gc():
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report, then leave without running pytest's cleanup
            os.write(write, f"{int(gc.isenabled())}{pausers()}".encode())
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(read, 8) == b"10"
        os.close(read)
        os.close(write)
        assert not gc.isenabled() and pausers() == 1  # the parent's pause goes on
    assert gc.isenabled()


def test_the_gc_stays_off_while_another_thread_is_still_inside_backward() -> None:
    """Thread A leaves backward while thread B is still inside: B must still run with the GC off
    (on main, A turned the GC back on under B), and once both are out it is on again."""
    both_inside = threading.Barrier(2)
    a_done = threading.Event()
    seen_by_b: list[bool] = []

    def a_waits() -> None:
        both_inside.wait(timeout=10)

    def b_waits() -> None:
        both_inside.wait(timeout=10)
        assert a_done.wait(timeout=10)
        seen_by_b.append(gc.isenabled())

    def run(wait: Callable[[], None], done: threading.Event | None) -> None:
        x = Value(1.0)
        apply(_waiting_op(wait), x).backward()
        if done is not None:
            done.set()

    threads = [threading.Thread(target=run, args=(a_waits, a_done)), threading.Thread(target=run, args=(b_waits, None))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert seen_by_b == [False]
    assert gc.isenabled() and pausers() == 0


def test_many_threads_pausing_in_any_order_leave_the_gc_on() -> None:
    errors: list[str] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(300):
            depth = rng.randint(1, 3)
            for _ in range(depth):
                paused_gc().__enter__()
            if gc.isenabled():
                errors.append("the GC ran while a pause was open")
            for _ in range(depth):
                resume()
            if rng.random() < 0.2:
                (Value(rng.random()) * 2 + 1).backward()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert gc.isenabled() and pausers() == 0


def test_a_pause_entered_in_one_thread_may_end_in_another() -> None:
    pause = paused_gc()
    pause.__enter__()
    t = threading.Thread(target=pause.__exit__, args=(None, None, None))
    t.start()
    t.join(timeout=10)
    assert gc.isenabled() and pausers() == 0

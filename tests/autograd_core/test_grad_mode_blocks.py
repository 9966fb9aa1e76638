"""Mode blocks as decorators of generators and coroutines, reused objects, threads and asyncio tasks."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Generator, Iterator

import pytest

from autograd_core import Value, detect_anomaly, enable_grad, is_grad_enabled, no_grad
from autograd_core.grad_mode import ANOMALY, MODE

BLOCKS = [no_grad, enable_grad, detect_anomaly]


def _mode() -> int:
    return MODE.get()


def test_a_decorated_generator_does_not_record_while_it_runs_and_the_caller_does() -> None:
    x = Value(2.0)

    @no_grad()
    def doubles(n: int) -> Iterator[Value]:
        for i in range(n):
            assert not is_grad_enabled()
            yield x * i

    made: list[Value] = []
    seen_by_caller = []
    for v in doubles(3):
        seen_by_caller.append(is_grad_enabled())
        made.append(v)
        caller_node = x + 1  # the caller records between the generator's steps
        assert caller_node.parents[0] is x
    assert seen_by_caller == [True, True, True]
    assert [v.parents for v in made] == [(), (), ()] and [v.data for v in made] == [0.0, 2.0, 4.0]


def test_a_decorated_generator_keeps_send_throw_close_and_its_return_value() -> None:
    log: list[tuple[str, bool]] = []

    @no_grad()
    def echo() -> Generator[int, int, None]:
        try:
            got = yield 1
            log.append(("sent", is_grad_enabled()))
            try:
                yield got * 10
            except KeyError:
                log.append(("thrown", is_grad_enabled()))
                yield -1
            yield 0
        finally:
            log.append(("closed", is_grad_enabled()))

    gen = echo()
    assert next(gen) == 1 and gen.send(4) == 40 and is_grad_enabled()
    assert gen.throw(KeyError("k")) == -1 and is_grad_enabled()
    gen.close()
    assert log == [("sent", False), ("thrown", False), ("closed", False)] and is_grad_enabled()

    @no_grad()
    def give_back() -> Generator[int, None, int]:  # return values pass through
        yield 1
        return 7

    def outer() -> Iterator[int]:
        result = yield from give_back()
        yield result

    assert list(outer()) == [1, 7]


@pytest.mark.parametrize("block", BLOCKS)
def test_one_block_object_entered_inside_itself_restores_each_level(block: type) -> None:
    start = _mode()
    same = block()
    with same:
        inner_mode = _mode()
        with same:
            assert _mode() == inner_mode
        assert _mode() == inner_mode
    assert _mode() == start and is_grad_enabled()
    with same:  # and it is reusable afterwards
        assert _mode() == inner_mode
    assert _mode() == start


def test_a_block_left_without_being_entered_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="no_grad: leaving a block that was not entered"):
        no_grad().__exit__(None, None, None)
    assert is_grad_enabled()


@pytest.mark.parametrize("block", BLOCKS)
def test_every_block_decorates_generators(block: type) -> None:
    @block()
    def gen() -> Iterator[int]:
        yield _mode()
        yield _mode()

    caller = enable_grad if block is no_grad else no_grad  # the caller's own mode differs from the generator's
    with caller():
        outside = _mode()
        inside = list(gen())
        assert _mode() == outside
    expected = block()._new_mode(outside)
    assert inside == [expected, expected]


def test_decorating_something_that_is_not_a_function_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"no_grad\(\) decorates a function, not int"):
        no_grad()(3)  # type: ignore[type-var]


def test_one_shared_block_object_used_by_two_threads_at_once() -> None:
    shared = no_grad()
    both_inside, first_out = threading.Barrier(2), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with shared:
            both_inside.wait(5)
        first_out.set()
        seen["first after"] = is_grad_enabled()

    def second() -> None:
        with shared:
            both_inside.wait(5)
            first_out.wait(5)
            seen["second inside"] = is_grad_enabled()
        seen["second after"] = is_grad_enabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"first after": True, "second inside": False, "second after": True}


def test_async_functions_and_generators_set_the_mode_for_their_own_task_only() -> None:
    x = Value(3.0)

    @no_grad()
    async def quiet(ticks: int) -> list[bool]:
        seen = []
        for _ in range(ticks):
            seen.append(is_grad_enabled())
            await asyncio.sleep(0)
        return seen

    @detect_anomaly()
    async def numbers() -> AsyncIterator[int]:
        for _ in range(3):
            yield _mode() & ANOMALY
            await asyncio.sleep(0)

    async def loud(ticks: int) -> list[bool]:
        seen = []
        for _ in range(ticks):
            seen.append(bool((x * 2).parents))
            await asyncio.sleep(0)
        return seen

    async def main() -> tuple[list[bool], list[bool], list[int], list[int]]:
        checks: list[int] = []
        flags = []
        async for flag in numbers():
            flags.append(flag)
            checks.append(_mode() & ANOMALY)
        a, b = await asyncio.gather(quiet(5), loud(5))
        return a, b, flags, checks

    quiet_seen, loud_seen, flags, checks = asyncio.run(main())
    assert quiet_seen == [False] * 5 and loud_seen == [True] * 5
    assert flags == [ANOMALY] * 3 and checks == [0, 0, 0]
    assert is_grad_enabled()

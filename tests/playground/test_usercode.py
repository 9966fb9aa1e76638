"""Typed code: a fresh namespace, the root rule, errors with stepgrad's message and the line, a time limit."""

from __future__ import annotations

import time

import pytest

from autograd_core import Value
from playground import usercode
from playground.usercode import CodeError


def test_the_last_lines_value_is_the_root() -> None:
    ran = usercode.run("a = Value(2.0, label='a')\nb = a * 3\nb + 1")
    assert isinstance(ran.root, Value) and ran.root.data == 7.0 and ran.chosen == "the last line"


@pytest.mark.parametrize(("code", "name"), [
    ("loss = Value(1.0)\ne = Value(2.0)\nout = Value(3.0)", "loss"),
    ("e = Value(2.0)\nout = Value(3.0)\nx = 1", "e"),
    ("out = Value(3.0)\nprint('hi')", "out"),
])  # fmt: skip
def test_otherwise_loss_then_e_then_out(code: str, name: str) -> None:
    ran = usercode.run(code)
    assert ran.chosen == f"the variable {name}" and ran.root is ran.namespace[name]


def test_the_names_it_starts_with_and_what_it_prints() -> None:
    ran = usercode.run("import math\nprint('sum', vsum([Value(1.0), Value(2.0)]).data)\nout = softmax([Value(0.0), Value(0.0)])[0]\n"
                       "model = nn.MLP(2, [1], seed=0)")  # fmt: skip
    assert ran.printed == "sum 3.0\n" and ran.root.data == 0.5


def test_a_fresh_namespace_each_run() -> None:
    usercode.run("secret = Value(1.0)\nsecret")
    with pytest.raises(CodeError, match="name 'secret' is not defined") as err:
        usercode.run("secret")
    assert err.value.kind == "NameError" and err.value.line == 1


def test_an_engine_error_keeps_stepgrads_message_and_names_the_line() -> None:
    with pytest.raises(CodeError) as err:
        usercode.run("a = Value(1.0, label='a')\nb = a - 1\nc = b.log()\nc")
    assert (err.value.kind, err.value.line, err.value.text) == ("ValueError", 3, "c = b.log()")
    assert err.value.message == "log(0.0): log needs a positive input"


def test_an_error_inside_a_function_names_the_line_where_it_happened() -> None:
    with pytest.raises(CodeError) as err:
        usercode.run("def f(v):\n    return v / 0\n\ne = f(Value(1.0))")
    assert err.value.kind == "ZeroDivisionError" and err.value.line == 2 and "division by zero" in err.value.message


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(CodeError) as err:
        usercode.run("a = Value(1.0)\nb = (a +\n")
    assert err.value.kind == "SyntaxError" and err.value.line == 2


@pytest.mark.parametrize("code", ["3 + 4", "x = 1"])
def test_no_root_is_a_clear_error(code: str) -> None:
    with pytest.raises(CodeError, match="nothing to draw.*name the root loss, e or out") as err:
        usercode.run(code)
    assert err.value.kind == "NoRoot"


@pytest.mark.parametrize("code", ["while True: pass", "i = 0\nwhile True:\n    i += 1", "def f():\n    while 1: pass\nf()"])
def test_endless_code_is_stopped(code: str) -> None:
    t0 = time.monotonic()
    with pytest.raises(CodeError, match=r"ran for more than 0.3 s and was stopped") as err:
        usercode.run(code, seconds=0.3)
    assert err.value.kind == "TimeLimit" and time.monotonic() - t0 < 3


def test_the_time_limit_is_lifted_afterwards() -> None:
    with pytest.raises(CodeError):
        usercode.run("while True: pass", seconds=0.1)
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.3:  # this test's own loop runs past the limit without being stopped
        pass


def test_bad_input() -> None:
    with pytest.raises(CodeError, match="code must be text"):
        usercode.run(42)  # type: ignore[arg-type]
    with pytest.raises(CodeError, match="at most 20,000"):
        usercode.run("#" * 20_001)


def test_a_single_endless_call_into_c_is_given_up_on() -> None:
    """The trace function cannot stop one long C call; the caller stops waiting for it (the thread ends on its own)."""
    t0 = time.monotonic()
    with pytest.raises(CodeError, match="inside one call that cannot be interrupted") as err:
        usercode.run("import time\ntime.sleep(3)\nValue(1.0)", seconds=0.2)
    assert err.value.kind == "TimeLimit" and time.monotonic() - t0 < 2.9


def test_printing_leaves_the_process_stdout_alone(capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    before = sys.stdout
    ran = usercode.run("print('to the page', end='!')\nprint('to stderr', file=__import__('sys').stderr)\nValue(1.0)")
    assert ran.printed == "to the page!" and sys.stdout is before
    assert capsys.readouterr().err == "to stderr\n"

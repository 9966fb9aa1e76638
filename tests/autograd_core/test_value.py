"""Value: construction, attributes, operators with numbers on either side, identity semantics."""

from __future__ import annotations

import math

import pytest

from autograd_core import Value, detect_anomaly, linear, linear_rows, no_grad, softmax, vsum, wsum


def test_toy_graph_values_and_gradients() -> None:
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = a + b
    d = b + 1
    e = c * d
    e.backward()
    assert (c.data, d.data, e.data) == (3.0, 2.0, 6.0)
    assert (a.grad, b.grad, c.grad, d.grad, e.grad) == (2.0, 5.0, 2.0, 3.0, 1.0)


@pytest.mark.parametrize("data", [3, 2.5, True, False, -0.0])
def test_data_is_stored_as_float(data: object) -> None:
    v = Value(data)  # type: ignore[arg-type]
    assert type(v.data) is float and v.data == float(data)  # type: ignore[arg-type]


def test_numpy_scalars_are_accepted() -> None:
    np = pytest.importorskip("numpy")
    for x in (np.float64(1.5), np.float32(2.0), np.int64(3), np.bool_(True)):
        assert type(Value(x).data) is float and Value(x).data == float(x)


@pytest.mark.parametrize("bad", ["3", None, [1.0], 1 + 2j, b"1", {}])
def test_non_numbers_are_a_type_error_naming_the_type(bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)  # type: ignore[arg-type]


def test_numpy_arrays_are_refused() -> None:
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError, match="ndarray"):
        Value(np.array([1.0, 2.0]))  # type: ignore[arg-type]


def test_a_value_of_a_value_is_refused_with_a_hint() -> None:
    with pytest.raises(TypeError, match="Value itself"):
        Value(Value(1.0))  # type: ignore[arg-type]


def test_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)  # type: ignore[arg-type]


def test_attributes_of_leaves_and_nodes() -> None:
    a = Value(2.0, label="a")
    assert (a.op, a.parents, a.grad, a.label) == ("", (), 0.0, "a")
    b = a * a
    assert b.op == "mul" and b.parents == (a, a)  # duplicates kept, argument order
    assert isinstance(b.parents, tuple)
    c = 3 - a
    assert c.op == "sub" and c.parents[1] is a and c.parents[0].data == 3.0


def test_numbers_mix_in_on_either_side_of_every_operator() -> None:
    a = Value(2.0)
    cases = {
        a + 3: 5.0, 3 + a: 5.0, a - 3: -1.0, 3 - a: 1.0, a * 3: 6.0, 3 * a: 6.0,
        a / 4: 0.5, 4 / a: 2.0, a**3: 8.0, 3**a: 9.0, -a: -2.0, +a: 2.0,
    }  # fmt: skip
    for v, expected in cases.items():
        assert isinstance(v, Value) and v.data == expected


def test_value_exponent_and_its_gradient() -> None:
    a, b = Value(2.0), Value(3.0)
    c = a**b
    c.backward()
    assert c.op == "powv" and c.data == 8.0
    assert a.grad == pytest.approx(12.0) and b.grad == pytest.approx(8.0 * math.log(2.0))


def test_functions() -> None:
    x = Value(0.5)
    assert x.exp().data == math.exp(0.5)
    assert x.log().data == math.log(0.5)
    assert x.tanh().data == math.tanh(0.5)
    assert x.sigmoid().data == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert (x.relu().data, (-x).relu().data) == (0.5, 0.0)
    assert (x.step().data, (-x).step().data, Value(0.0).step().data) == (1.0, 0.0, 1.0)


def test_step_has_zero_derivative() -> None:
    x = Value(0.7)
    y = x.step() * 3
    y.backward()
    assert x.grad == 0.0


def test_unsupported_operand_types_are_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="unsupported operand"):
        Value(1.0) + "a"  # type: ignore[operator]
    with pytest.raises(TypeError, match="Value"):
        [1] * Value(2.0)  # type: ignore[operator]
    with pytest.raises(TypeError, match="unsupported operand"):
        Value(2.0) ** "x"  # type: ignore[operator]


def test_equality_and_hashing_are_by_identity() -> None:
    a, b = Value(1.0), Value(1.0)
    assert a != b and a == a
    assert len({a, b}) == 2
    assert {a: 1}[a] == 1


def test_comparisons_and_float() -> None:
    a = Value(1.0)
    assert a < 2 and a <= 1 and a > 0 and a >= 1.0 and a < Value(1.5)
    assert float(a) == 1.0


def test_repr() -> None:
    e = Value(6.0, label="e")
    e.grad = 1.0
    assert repr(e) == "Value(data=6.0, grad=1.0, label='e')"
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"


def test_vsum_is_one_node() -> None:
    xs = [Value(float(i)) for i in range(5)]
    s = vsum(xs)
    assert s.op == "vsum" and s.parents == tuple(xs) and s.data == 10.0
    s.backward()
    assert all(x.grad == 1.0 for x in xs)
    assert vsum([]).data == 0.0
    assert vsum([1, 2.5, Value(1.0)]).data == 4.5


def test_wsum_is_one_node_with_partials_x_w_1() -> None:
    w = [Value(2.0), Value(-1.0)]
    x = [Value(0.5), Value(3.0)]
    b = Value(0.25)
    z = wsum(w, x, b)
    assert z.op == "wsum" and z.parents == (*w, *x, b) and z.data == 0.25 + 1.0 - 3.0
    z.backward()
    assert [v.grad for v in (*w, *x, b)] == [0.5, 3.0, 2.0, -1.0, 1.0]


def test_wsum_equals_the_unfused_chain_bit_for_bit() -> None:
    import random

    rng = random.Random(3)
    for n in (1, 2, 7, 16):
        w = [rng.uniform(-1, 1) for _ in range(n)]
        x = [rng.uniform(-1, 1) for _ in range(n)]
        b = rng.uniform(-1, 1)
        chain = Value(b)
        for wi, xi in zip(w, x):
            chain = chain + Value(wi) * Value(xi)
        assert wsum(w, x, b).data == chain.data


def test_wsum_refuses_mismatched_lengths_and_bad_items() -> None:
    with pytest.raises(ValueError, match="2 weights but 3 inputs"):
        wsum([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="item 1 .* str"):
        wsum([1, 2], [1, "x"])


def test_softmax_sums_to_one_and_is_stable() -> None:
    probs = softmax([Value(1.0), Value(2.0), Value(3.0)])
    assert sum(p.data for p in probs) == pytest.approx(1.0)
    big = softmax([1000.0, 1001.0, 999.0])
    assert all(math.isfinite(p.data) for p in big)
    assert big[1].data == pytest.approx(math.exp(1) / (1 + math.exp(1) + math.exp(-1)))
    with pytest.raises(ValueError, match="empty"):
        softmax([])


def test_softmax_gradient_is_p_times_one_minus_p() -> None:
    xs = [Value(0.3), Value(-1.2), Value(2.0)]
    p = softmax(xs)
    p[0].backward()
    assert xs[0].grad == pytest.approx(p[0].data * (1 - p[0].data))
    assert xs[1].grad == pytest.approx(-p[0].data * p[1].data)


def test_wsum_nodes_share_an_input_row_passed_as_a_tuple() -> None:
    x = (Value(0.5), Value(-1.0))
    w1, w2 = [Value(1.0), Value(2.0)], [Value(3.0), Value(4.0)]
    z1, z2 = wsum(w1, x, Value(0.1)), wsum(w2, x, None)
    assert z1.parents == (*w1, *x, z1.parents[-1]) and z2.parents == (*w2, *x)
    assert z1._b is x and z2._b is x  # one row kept for the layer, not a copy per neuron
    (z1 * z2).backward()
    assert x[0].grad == 1.0 * z2.data + 3.0 * z1.data


def test_linear_is_a_layer_of_wsum_nodes_keeping_the_given_tuples() -> None:
    x = [Value(0.5), Value(-1.0), Value(2.0)]
    with_bias = (Value(1.0), Value(2.0), Value(-0.5), Value(0.25))
    no_bias = (Value(-3.0), Value(0.5), Value(1.5))
    z1, z2 = linear([with_bias, no_bias], x)
    assert (z1.op, z2.op) == ("wsum", "wsum")
    assert z1.data == wsum(with_bias[:3], x, with_bias[3]).data and z2.data == wsum(no_bias, x).data
    assert z1._a is with_bias and z2._a is no_bias and z1._b is z2._b  # kept, not copied; one row for both
    assert z1.parents == (*with_bias[:3], *x, with_bias[3]) and z2.parents == (*no_bias, *x)
    (z1 * z2).backward()
    assert [w.grad for w in with_bias] == [v.data * z2.data for v in x] + [z2.data]
    assert x[2].grad == -0.5 * z2.data + 1.5 * z1.data


def test_linear_lifts_numbers_and_refuses_wrong_lengths() -> None:
    w = Value(2.0)
    (z,) = linear([(w, 3.0, 1.0)], [0.5, Value(4.0)])  # numbers in both the parameters and the row
    assert z.data == 1.0 + 2.0 * 0.5 + 3.0 * 4.0
    z.backward()
    assert w.grad == 0.5
    with pytest.raises(ValueError, match="linear: neuron 1 has 4 parameters for 2 inputs"):
        linear([(w, w), (w, w, w, w)], [1.0, 2.0])


def test_linear_follows_the_grad_mode() -> None:
    x, params = (Value(1.0), Value(2.0)), (Value(3.0), Value(4.0))
    with no_grad():
        (z,) = linear([params], x)
    assert z.data == 11.0 and z.parents == ()
    with detect_anomaly(), pytest.raises(FloatingPointError, match="anomaly in the forward pass: wsum"):
        linear([(Value(math.inf), Value(1.0))], x)


def test_linear_rows_is_linear_on_each_row_reading_the_parameters_once() -> None:
    params = [(Value(1.0), Value(-2.0), Value(0.5)), (Value(0.25), Value(3.0))]
    rows = [(Value(1.0), Value(2.0)), [Value(-1.0), 4.0], (Value(0.0), Value(0.5))]  # a number in row 1
    batch = linear_rows(params, iter(rows))
    assert [[z.data for z in zs] for zs in batch] == [[z.data for z in linear(params, row)] for row in rows]
    assert all(zs[0]._a is params[0] and zs[1]._a is params[1] for zs in (batch[0], batch[2]))
    assert batch[0][0]._b is batch[0][1]._b  # one row per input row, shared by its nodes
    vsum([z for zs in batch for z in zs]).backward()
    assert params[0][0].grad == 1.0 - 1.0 + 0.0 and params[0][2].grad == 3.0 and params[1][1].grad == 2.0 + 4.0 + 0.5
    assert linear_rows(params, []) == []

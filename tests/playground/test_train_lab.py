"""The train lab through the API: settings checked, training with nn.fit, points edited, a point traced."""

from __future__ import annotations

from typing import Any

import pytest

from playground.api import Session
from playground.datasets import DATASETS, make


def ok(answer: dict[str, Any]) -> Any:
    assert "ok" in answer, answer
    return answer["ok"]


@pytest.fixture
def api() -> Session:
    session = Session()
    ok(session.handle("train.configure", {}))
    return session


def test_moons_learn_in_30_full_batch_epochs(api: Session) -> None:
    state = ok(api.handle("train.state"))
    assert len(state["train"]) == 100 and len(state["test"]) == 50 and state["epoch"] == 0
    before = state["history"][0]["train_loss"]
    update = ok(api.handle("train.step", {"epochs": 30}))
    assert update["epoch"] == 30 and len(update["added"]) == 30
    last = update["added"][-1]
    assert last["train_loss"] < before / 3 and last["train_accuracy"] >= 0.85 and last["test_accuracy"] >= 0.85
    assert update["added"][0]["test_loss"] is None  # held-out figures once per request, after its last epoch
    layers = update["weights"]
    assert [len(layer["w"]) for layer in layers] == [8, 8, 1] and [layer["activation"] for layer in layers] == ["relu", "relu", "linear"]


def test_the_same_settings_train_the_same(api: Session) -> None:
    first = ok(api.handle("train.step", {"epochs": 3}))["weights"]
    ok(api.handle("train.reset"))
    assert ok(api.handle("train.step", {"epochs": 3}))["weights"] == first


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_dataset_trains(dataset: str) -> None:
    session = Session()
    loss = "cross_entropy" if DATASETS[dataset].classes > 2 else "bce_logits"
    state = ok(session.handle("train.configure", {"dataset": dataset, "loss": loss, "points": 60}))
    assert state["classes"] == DATASETS[dataset].classes
    assert len(ok(session.handle("train.step", {"epochs": 2}))["weights"][-1]["w"]) == (state["classes"] if loss == "cross_entropy" else 1)


@pytest.mark.parametrize(("settings", "message"), [
    ({"dataset": "spiral"}, "train it with loss cross_entropy"),
    ({"hidden": [32, 32], "points": 200}, "more than the 80,000 the page trains live"),
    ({"hidden": [40]}, "1 to 32 units"),
    ({"lr": 0}, "lr must be above 0"),
    ({"batch": "half"}, "batch must be 'full', 'online'"),
    ({"activation": "swish"}, "activation must be one of"),
    ({"learning_rate": 0.1}, "unknown setting 'learning_rate'"),
    ({"points": 2}, "points must be a whole number from 4 to 500"),
])  # fmt: skip
def test_bad_settings_are_refused_and_nothing_changes(api: Session, settings: dict[str, Any], message: str) -> None:
    before = ok(api.handle("train.state"))
    error = api.handle("train.configure", settings)["error"]
    assert message in error["message"]
    assert ok(api.handle("train.state")) == before


def test_points_are_added_and_removed_from_the_generated_set(api: Session) -> None:
    generated = ok(api.handle("train.state"))["train"]
    state = ok(api.handle("train.edit", {"add": [[0.5, 0.5, 1], [-1.0, 2.0, 0]], "remove": [0, 5]}))
    assert len(state["train"]) == 100 and state["train"][-2:] == [[0.5, 0.5, 1], [-1.0, 2.0, 0]]
    assert state["origin"][:4] == [1, 2, 3, 4] and state["origin"][-2:] == [-1, -2]
    assert state["train"][0] == generated[1]
    again = ok(api.handle("train.edit", {"add": [], "remove": [0]}))  # absolute: from the generated set again
    assert len(again["train"]) == 99 and again["train"][0] == generated[1]
    assert "not the index" in api.handle("train.edit", {"remove": [100]})["error"]["message"]
    assert "class 0 to 1" in api.handle("train.edit", {"add": [[0, 0, 2]]})["error"]["message"]


def test_a_traced_point_is_the_graph_labs_graph(api: Session) -> None:
    ok(api.handle("train.step", {"epochs": 5}))
    traced = ok(api.handle("train.trace", {"index": 7}))
    state = ok(api.handle("train.state"))
    assert traced["point"] == state["train"][7] and traced["root"] == "loss"
    assert traced["values"] <= 200 and traced["total"] > 10
    assert any(r["group"] == "hidden layer 1 · unit 4" for r in traced["rows"])
    before = ok(api.handle("graph.frame", {"k": 1}))["svg"]
    ok(api.handle("train.step", {"epochs": 5}))  # training on does not change the traced picture
    assert ok(api.handle("graph.frame", {"k": 1}))["svg"] == before
    assert "<svg" in before
    assert traced["code"].startswith("# training point 7:") and "nn.LOSSES[\"hinge\"]" in traced["code"]
    rebuilt = ok(api.handle("graph.build", {"code": traced["code"], "picture": {"grouped": None}}))  # the code is the graph
    assert rebuilt["total"] == traced["total"] and rebuilt["frames"][-1]["grads"] == traced["frames"][-1]["grads"]
    assert rebuilt["picture"]["grouped"] is True  # 146 values of nn neurons: drawn one box per neuron unless asked otherwise
    assert ok(api.handle("graph.frame", {"k": 2, "grouped": False}))["grouped"] is False


def test_a_network_too_big_to_trace_says_so() -> None:
    session = Session()
    ok(session.handle("train.configure", {"hidden": [16, 16]}))
    error = session.handle("train.trace", {"index": 0})["error"]
    assert error["type"] == "Limit" and "at most 200" in error["message"]


def test_a_diverging_run_stops_with_a_message() -> None:
    session = Session()
    ok(session.handle("train.configure", {"loss": "mse", "optimizer": "sgd", "lr": 10.0, "hidden": [16, 16], "activation": "linear"}))
    error = session.handle("train.step", {"epochs": 50})["error"]
    assert error["type"] == "Limit" and "press Reset" in error["message"]


def test_held_out_points_are_a_third_of_the_data() -> None:
    points = make("circles", 40, 0.05, 3)
    assert len(points.train) == 40 and len(points.test) == 20
    x0, x1, y0, y1 = points.domain()
    assert x1 - x0 == pytest.approx(y1 - y0) and all(x0 < x < x1 and y0 < y < y1 for x, y in points.train + points.test)

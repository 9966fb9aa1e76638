"""The train lab's settings, checked one by one: every bad value is a ValueError saying what is allowed."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from .datasets import DATASETS
from .limits import MAX_LAYERS, MAX_POINTS, MAX_WIDTH, MAX_WORK, MIN_POINTS, LimitError

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "step")
LOSSES = ("hinge", "bce_logits", "bce", "mse", "cross_entropy")
OPTIMIZERS = ("adam", "sgd", "momentum")


@dataclass
class Config:
    """Everything that decides a training run (and so what the page keeps in its URL)."""

    dataset: str = "moons"
    points: int = 100
    noise: float | None = None  # None: the dataset's default
    seed: int = 0
    hidden: list[int] = field(default_factory=lambda: [8, 8])
    activation: str = "relu"
    loss: str = "hinge"
    optimizer: str = "adam"
    lr: float = 0.05
    l2: float = 1e-4
    batch: str | int = "full"  # "full", "online" or a mini-batch size

    @property
    def batch_size(self) -> int | None:
        return None if self.batch == "full" else 1 if self.batch == "online" else int(self.batch)

    @property
    def classes(self) -> int:
        return DATASETS[self.dataset].classes

    @property
    def outputs(self) -> int:
        return self.classes if self.loss == "cross_entropy" else 1

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "noise": self.noise if self.noise is not None else DATASETS[self.dataset].noise}


def _choice(params: dict[str, Any], key: str, options: tuple[str, ...] | list[str], default: str) -> str:
    value = params.get(key, default)
    if value not in options:
        raise ValueError(f"{key} must be one of {', '.join(options)}, not {value!r}")
    return str(value)


def _number(params: dict[str, Any], key: str, default: float, low: float, high: float, low_open: bool = False) -> float:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{key} must be a number, not {value!r}")
    if value > high or value < low or (low_open and value == low):
        raise ValueError(f"{key} must be {'above' if low_open else 'at least'} {low:g} and at most {high:g}, not {value!r}")
    return float(value)


def _int(params: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{key} must be a whole number from {low} to {high}, not {value!r}")
    return value


def parse(params: dict[str, Any]) -> Config:
    """A Config from the page's settings (missing ones take the defaults)."""
    if not isinstance(params, dict):
        raise TypeError(f"settings must be an object, not {type(params).__name__}")
    known = set(Config.__dataclass_fields__)
    unknown = sorted(set(params) - known)
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r}; the settings are {', '.join(sorted(known))}")
    d = Config()
    dataset = _choice(params, "dataset", list(DATASETS), d.dataset)
    noise = None if params.get("noise") is None else _number(params, "noise", 0.0, 0.0, 2.0)
    hidden = params.get("hidden", d.hidden)
    if not isinstance(hidden, list) or len(hidden) > MAX_LAYERS:
        raise ValueError(f"hidden must be a list of up to {MAX_LAYERS} layer widths, e.g. [8, 8], not {hidden!r}")
    for w in hidden:
        if isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= MAX_WIDTH:
            raise ValueError(f"each hidden layer has 1 to {MAX_WIDTH} units, not {w!r}")
    batch = params.get("batch", d.batch)
    if batch not in ("full", "online") and (isinstance(batch, bool) or not isinstance(batch, int) or batch < 1):
        raise ValueError(f"batch must be 'full', 'online' or a mini-batch size >= 1, not {batch!r}")
    config = Config(
        dataset=dataset, points=_int(params, "points", d.points, MIN_POINTS, MAX_POINTS), noise=noise,
        seed=_int(params, "seed", d.seed, 0, 2**31 - 1), hidden=list(hidden),
        activation=_choice(params, "activation", ACTIVATIONS, d.activation), loss=_choice(params, "loss", LOSSES, d.loss),
        optimizer=_choice(params, "optimizer", OPTIMIZERS, d.optimizer), lr=_number(params, "lr", d.lr, 0.0, 10.0, low_open=True),
        l2=_number(params, "l2", d.l2, 0.0, 1.0), batch=batch,
    )  # fmt: skip
    if config.classes > 2 and config.loss != "cross_entropy":
        raise ValueError(f"{dataset} has {config.classes} classes: train it with loss cross_entropy (the others score two classes)")
    return config


def check_work(config: Config, points: int) -> None:
    """Refuse a network too big to train live: parameters × training points over MAX_WORK."""
    sizes = [2, *config.hidden, config.outputs]
    params = sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))
    if params * points > MAX_WORK:
        shape = f"MLP(2, [{', '.join(map(str, sizes[1:]))}])"
        raise LimitError(
            f"{shape} has {params:,} parameters; with {points} training points each step touches {params * points:,} "
            f"parameter·points, more than the {MAX_WORK:,} the page trains live. Use fewer units or fewer points"
        )

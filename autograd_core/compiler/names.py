"""Python identifiers for the values of a network, spelled as CONVENTIONS.md's display names.

``z¹₂`` → ``z_1_2`` (layer 1, unit 2), ``w¹₂₁`` → ``w_1_2_1`` (into unit 2 from input 1; two-digit
subscripts are separated by a comma, ``w¹₁₂,₃`` → ``w_1_12_3``; anything else has one index, ``b¹₁₀`` →
``b_1_10``), ``x₁`` → ``x_1``, ``p₁`` → ``p_1``;
a loss node's display name becomes a short word (``ŷ − y`` → ``diff``, ``L`` → ``loss``). A label
that is already an identifier is kept; other labels are spelled out (``log p`` → ``log_p``);
unlabelled values are ``t1``, ``t2``, ... ``Namer`` keeps every name unique in one program.
"""

from __future__ import annotations

import keyword
import re

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"
LOSS_WORDS = {  # nn's loss nodes (nn/losses.py) by their display names
    "ŷ − y": "diff", "(ŷ − y)²": "sq", "Σ(ŷ − y)²": "sum_sq", "Σ(ŷ − y)²/N": "mean_sq", "log p": "log_p",
    "1 − p": "one_minus_p", "log(1 − p)": "log_one_minus_p", "y·log p": "y_log_p", "(1 − y)·log(1 − p)": "q_log_q",
    "y log p + (1 − y) log(1 − p)": "log_lik", "Σ[y log p + (1 − y) log(1 − p)]": "sum_log_lik",
    "Σ[y log p + (1 − y) log(1 − p)]/N": "mean_log_lik", "−s": "neg_s", "σ(−s)": "sig_neg_s", "log σ(−s)": "log_sig_neg_s",
    "y·s": "y_s", "(1 − y)·s": "q_s", "y·s + log σ(−s)": "log_lik", "log σ(s) − (1 − y)·s": "log_lik",
    "Σ e^(s − m)": "sum_exp", "log Σ e^(s − m)": "log_sum_exp", "Σ(−log p)": "sum_nll", "Σ(−log p)/N": "mean_nll",
    "Σ e^(z − m)": "sum_e", "max(0, 1 − y·s)": "hinge", "Σ p²": "sum_p_sq", "λ·Σ p²": "l2_term", "L": "loss",
}  # fmt: skip
_SPELL = {
    "ŷ": "y_hat", "−": "_minus_", "-": "_minus_", "+": "_plus_", "·": "_times_", "×": "_times_", "*": "_times_",
    "/": "_over_", "²": "_sq", "Σ": "sum_", "σ": "sigma", " ": "_", ",": "_", "^": "_", "(": "_", ")": "_",
    **{c: str(i) for i, c in enumerate(SUBSCRIPTS)}, **{c: str(i) for i, c in enumerate(SUPERSCRIPTS) if i != 2},
}  # fmt: skip
_TOKEN = re.compile(rf"[A-Za-z]+(?:[{SUPERSCRIPTS}]+[{SUBSCRIPTS},]*|[{SUBSCRIPTS},]+)")  # a lecture name inside a label
_LECTURE = re.compile(rf"^([A-Za-z]+)([{SUPERSCRIPTS}]*)([{SUBSCRIPTS},]*)(⁽[{SUPERSCRIPTS}]+⁾)?$")


def _digits(text: str, alphabet: str) -> str:
    return "".join(str(alphabet.index(c)) for c in text)


def identifier(label: str) -> str | None:
    """The code name for a display label, or None when nothing readable can be made of it."""
    label = label.strip()
    if not label:
        return None
    if label in LOSS_WORDS:
        return LOSS_WORDS[label]
    m = _LECTURE.match(label)
    if m and (m.group(2) or m.group(3)):
        parts = [m.group(1)]
        if m.group(2):
            parts.append(_digits(m.group(2), SUPERSCRIPTS))
        sub = m.group(3)
        if "," in sub:
            parts += [_digits(s, SUBSCRIPTS) for s in sub.split(",") if s]
        elif m.group(1) == "w":  # a weight's two indices, unit then input (w¹₂₁)
            parts += [_digits(c, SUBSCRIPTS) for c in sub]
        elif sub:  # one index: z¹₁₀ is unit 10
            parts.append(_digits(sub, SUBSCRIPTS))
        return "_".join(parts)
    if label.isidentifier() and label.isascii() and not keyword.iskeyword(label):
        return label
    label = _TOKEN.sub(lambda m: identifier(m.group()) or m.group(), label)  # z²₁ − m → z_2_1 − m
    spelled = "".join(_SPELL.get(c, c if c.isascii() and (c.isalnum() or c == "_") else "") for c in label)
    spelled = re.sub(r"_+", "_", spelled).strip("_")
    if spelled and spelled[0].isdigit():
        spelled = "v_" + spelled
    return spelled if spelled.isidentifier() and not keyword.iskeyword(spelled) else None


class Namer:
    """Unique identifiers: ``take("z_1_2")`` returns it, or ``z_1_2_2`` if taken; ``grad_`` + name stays free too."""

    def __init__(self, reserved: set[str]) -> None:
        self.used = set(reserved)
        self.temps = 0

    def take(self, base: str | None) -> str:
        if base is None:
            self.temps += 1
            base = f"t{self.temps}"
            while base in self.used or f"grad_{base}" in self.used:
                self.temps += 1
                base = f"t{self.temps}"
        name, n = base, 1
        while name in self.used or f"grad_{name}" in self.used:
            n += 1
            name = f"{base}_{n}"
        self.used.update((name, f"grad_{name}"))
        return name

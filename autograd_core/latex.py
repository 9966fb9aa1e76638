"""Display text (names, formulas, numbers, as ``names.py`` writes them) as LaTeX math.

``latex("z¹₂")`` is ``z^{1}_{2}``; ``latex("(ŷ − y)²")`` is ``(\\hat{y} - y)^{2}``; ``latex("1 - o²")``
is ``1 - o^{2}``; ``latex("1.67e-05")`` is ``1.67 \\times 10^{-5}``; ``latex("log p")`` is ``\\log p``;
a word such as ``loss`` is ``\\mathit{loss}``; ``#3`` is ``\\#3``. Only commands that amsmath,
KaTeX and matplotlib's mathtext all know are written (``\\leq``, not ``\\le``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["latex", "partial"]

_SUPER = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾", "0123456789+-()"))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₍₎", "0123456789+-()"))
_GREEK = dict(zip(
    "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ",
    r"\alpha \beta \gamma \delta \epsilon \zeta \eta \theta \iota \kappa \lambda \mu \nu \xi \pi \rho \sigma \tau \upsilon "
    r"\phi \chi \psi \omega \Gamma \Delta \Theta \Lambda \Xi \Pi \Sigma \Phi \Psi \Omega".split(),
))  # fmt: skip
_SYMBOLS = {
    "∂": r"\partial ", "·": r" \cdot ", "×": r" \times ", "−": "-", "≤": r" \leq ", "≥": r" \geq ", "≠": r" \neq ",
    "→": r" \to ", "…": r"\ldots ", "∞": r"\infty ", "√": r"\surd ", "±": r"\pm ", "′": "'", "∑": r"\Sigma ",
    "#": r"\#", "$": r"\$", "%": r"\%", "&": r"\&", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\sim ",
    "\\": r"\backslash ", '"': "''", "<": "<", ">": ">",
}  # fmt: skip
_FUNCTIONS = {"log", "exp", "sin", "cos", "tanh", "max", "min", "ln"}
_WORDS = {"if", "else", "and", "or", "not"}
_ACCENTS = {"\u0302": r"\hat", "\u0304": r"\bar", "\u0305": r"\bar", "\u0303": r"\tilde", "\u0307": r"\dot"}
_NUMBER = re.compile(r"(\d+\.?\d*)(?:e([+-]?\d+))?")
_WORD = re.compile(r"[A-Za-z]+")


def _number(mantissa: str, exponent: str | None) -> str:
    if exponent is None:
        return mantissa
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def latex(text: str) -> str:
    """``text`` (a display name, formula or number) as LaTeX math (see the module doc)."""
    text = unicodedata.normalize("NFD", text)  # ŷ -> y + combining circumflex
    out: list[str] = []
    scripts = ""  # the scripts already given to the current base: "^", "_" or both
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _SUPER or ch in _SUB:
            table, mark = (_SUPER, "^") if ch in _SUPER else (_SUB, "_")
            j = i
            while j < n and (text[j] in table or (mark == "_" and text[j] == "," and j + 1 < n and text[j + 1] in _SUB)):
                j += 1
            body = "".join(table.get(c, c) for c in text[i:j])
            out.append(("{}" if mark in scripts else "") + f"{mark}{{{body}}}")
            scripts = mark if mark in scripts else scripts + mark
            i = j
            continue
        if ch == "^":  # a power written out: x^1.5, x^(a + b) -- after loss⁽¹⁾ too: {}^{…}
            j = _atom_end(text, i + 1)
            out.append(("{}" if "^" in scripts else "") + f"^{{{latex(text[i + 1 : j])}}}")
            scripts = "^"
            i = j
            continue
        scripts = ""
        m = _NUMBER.match(text, i) if ch.isdigit() else None
        if m:
            out.append(_number(m[1], m[2]))
            i = m.end()
            continue
        m = _WORD.match(text, i)
        if m:
            word, i = m[0], m.end()
            accent = _ACCENTS.get(text[i]) if i < n else None
            if accent:  # y + combining circumflex: the accent sits on the word's last letter
                word, last = word[:-1], word[-1]
                i += 1
            if word:
                out.append(_word(word))
            if accent:
                out.append(f"{accent}{{{last}}}")
            continue
        if ch in _ACCENTS or unicodedata.category(ch).startswith("M"):
            pass  # a mark with no letter before it, or with no LaTeX accent: dropped
        elif ch in _GREEK:
            out.append(_GREEK[ch] + " ")
        elif ch in _SYMBOLS:
            out.append(_SYMBOLS[ch])
        elif ch.isascii():
            out.append(ch)
        else:
            out.append(rf"\text{{{ch}}}")
        i += 1
    return re.sub(r" +", " ", "".join(out)).strip()


def _word(word: str) -> str:
    """A run of letters: a function (``\\log``), a word of a formula (``\\text{ if }``), a letter, or a name (``\\mathit{loss}``)."""
    if word in ("inf", "nan"):
        return r"\infty " if word == "inf" else r"\mathrm{nan}"
    if word in _FUNCTIONS:
        return f"\\{word} "
    if word in _WORDS:
        return rf"\text{{ {word} }}"
    return word if len(word) == 1 else rf"\mathit{{{word}}}"


def _atom_end(text: str, start: int) -> int:
    """Where the exponent after ``^`` at ``start - 1`` ends: a bracketed group, a number or a name."""
    if start < len(text) and text[start] in "([":
        depth = 0
        for j in range(start, len(text)):
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(text[j], 0)
            if depth == 0:
                return j + 1
        return len(text)
    j = start + (1 if start < len(text) and text[start] == "-" else 0)
    while j < len(text) and (text[j].isalnum() or text[j] in "."):
        j += 1
    return max(j, start + 1)


def partial(numerator: str, denominator: str) -> str:
    """``\\frac{\\partial e}{\\partial c}`` for the display names ``e`` and ``c`` (already bracketed by ``d_name``)."""
    return rf"\frac{{\partial {latex(numerator)}}}{{\partial {latex(denominator)}}}"

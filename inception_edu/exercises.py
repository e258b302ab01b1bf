"""Self-checked exercises: ``check(qid, answer)``, ``hint(qid)``, ``reveal(qid)``.

Feedback is specific: a known wrong answer (FLOPs instead of MACs, a forgotten bias, the input
size used where the output size belongs) gets its own explanation, never a bare "wrong".
Answers are read tolerantly: ``118013952``, ``118_013_952.0``, ``"118,013,952"``, ``"28%"``,
``"7/25"`` and ``0.28`` are all understood. Question banks live in :mod:`inception_edu.questions`.

A question may carry its Chinese wording (``prompt_zh``) and, for a multiple-choice question,
its ``options``: the answer is then the 1-based number of the right option, and a letter
(``"C"``) is read as that option too. :func:`check_question` checks a question that is not in
the bank (the randomly drawn drills of :mod:`inception_edu.drills`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

Number = int | float | Fraction


@dataclass(frozen=True)
class Question:
    """One exercise: the prompt, the exact answer, known mistakes and the worked solution."""

    qid: str
    prompt: str
    answer: Number
    solution: str
    hint: str = ""
    unit: str = ""  # "MACs", "params", "%" …; "%" accepts 0.28 and "28%" alike
    mistakes: tuple[tuple[Number, str], ...] = ()  # (wrong value, what went wrong)
    rel_tol: float = 0.0  # 0 = exact (integers); ratios may allow rounding
    checks: tuple[Callable[[float], str | None], ...] = field(default=(), compare=False)
    prompt_zh: str = ""  # the same question in Chinese (the course's source notes are Chinese)
    options: tuple[str, ...] = ()  # multiple choice: answer = 1-based option number ("C" = 3)


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`check`; renders as coloured HTML in a notebook."""

    qid: str
    correct: bool
    message: str

    def __str__(self) -> str:
        return f"{'✓' if self.correct else '✗'} {self.qid}: {self.message}"

    def __bool__(self) -> bool:
        return self.correct

    def _repr_html_(self) -> str:
        colour = "#1b7f3b" if self.correct else "#b3261e"
        mark = "✓" if self.correct else "✗"
        return (
            f"<div style='border-left:4px solid {colour};padding:4px 8px'>"
            f"<b style='color:{colour}'>{mark} {html.escape(self.qid)}</b> "
            f"{html.escape(self.message)}</div>"
        )


_REGISTRY: dict[str, Question] = {}


def register(*questions: Question) -> None:
    """Add questions to the bank (IDs are ``"NN.slug"`` and unique)."""
    for q in questions:
        if not re.fullmatch(r"\d\d\.[a-z0-9_]+", q.qid):
            raise ValueError(f"question id {q.qid!r} must look like '03.reduction_macs'")
        if q.qid in _REGISTRY and _REGISTRY[q.qid] != q:
            raise ValueError(f"question id {q.qid!r} is already registered")
        _REGISTRY[q.qid] = q


def question(qid: str) -> Question:
    """Look up a question; an unknown ID lists the known ones of that lecture."""
    from . import questions  # noqa: F401  (registers the banks)

    if qid not in _REGISTRY:
        prefix = qid.split(".")[0]
        near = [k for k in _REGISTRY if k.startswith(prefix)] or sorted(_REGISTRY)
        raise KeyError(f"no question {qid!r}; known: {', '.join(near)}")
    return _REGISTRY[qid]


def questions_for(lecture: str) -> list[Question]:
    """All questions of a lecture ("00", "03", …)."""
    from . import questions  # noqa: F401

    return [q for k, q in _REGISTRY.items() if k.startswith(f"{lecture}.")]


_NUMBER = re.compile(r"^\s*([-+]?[\d_,]*\.?\d+(?:[eE][-+]?\d+)?)\s*([kKmMgGbB%]?)\s*$")
_FRACTION = re.compile(r"^[-+]?\d+/\d+$")
_SCALE = {"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "b": 1e9, "%": 0.01}


def parse_answer(answer: object, unit: str = "") -> float:
    """Read an answer as a number: ints, floats, Fractions and strings like '1.5G' or '28%'."""
    if isinstance(answer, bool) or answer is None:
        raise TypeError(f"expected a number, got {answer!r}")
    if isinstance(answer, (int, float, Fraction)):
        value = float(answer)
    elif isinstance(answer, str) and _FRACTION.match(answer.replace(" ", "")):
        num, den = answer.replace(" ", "").split("/")
        if int(den) == 0:
            raise TypeError(f"{answer!r} divides by zero")
        value = float(Fraction(int(num), int(den)))
    elif isinstance(answer, str):
        match = _NUMBER.match(answer.replace(" ", ""))
        if not match:
            raise TypeError(f"could not read {answer!r} as a number (try e.g. 118013952 or '28%')")
        value = (
            float(match.group(1).replace(",", "").replace("_", "")) * _SCALE[match.group(2).lower()]
        )
    else:
        try:
            value = float(answer)  # numpy scalars, 0-d tensors
        except (TypeError, ValueError):
            raise TypeError(f"expected a number, got {type(answer).__name__}: {answer!r}") from None
    if math.isnan(value) or math.isinf(value):
        raise TypeError(f"expected a finite number, got {answer!r}")
    if unit == "%" and value > 1 and not (isinstance(answer, str) and answer.strip().endswith("%")):
        value /= 100  # 28 means 28%
    return value


def _close(a: float, b: float, rel_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=0 if rel_tol else 1e-9)


def check(qid: str, answer: object) -> Feedback:
    """Check an answer and say precisely what is right or wrong about it."""
    return check_question(question(qid), answer)


def _option_number(answer: object, q: Question) -> object:
    """A letter answer to a multiple-choice question ("b", "C") → its option number."""
    if q.options and isinstance(answer, str) and re.fullmatch(r"\s*[A-Za-z]\s*", answer):
        number = ord(answer.strip().upper()) - ord("A") + 1
        return number if number <= len(q.options) else answer  # an unknown letter is malformed
    return answer


def check_question(q: Question, answer: object) -> Feedback:
    """:func:`check` for a :class:`Question` object (e.g. a drawn drill not in the bank)."""
    qid = q.qid
    try:
        value = parse_answer(_option_number(answer, q), q.unit)
    except TypeError as err:
        if q.options:
            expected_form = f"an option number 1–{len(q.options)} (or its letter)"
        else:
            expected_form = f"a number in {q.unit or 'plain units'}"
        return Feedback(qid, False, f"{err}. The answer is {expected_form}.")
    expected = float(q.answer)
    if _close(value, expected, q.rel_tol):
        return Feedback(qid, True, f"Correct: {_fmt_answer(q)}.")
    for wrong, why in q.mistakes:
        if _close(value, float(wrong), q.rel_tol):
            return Feedback(qid, False, f"Not quite — {why}")
    for rule in q.checks:
        message = rule(value)
        if message:
            return Feedback(qid, False, f"Not quite — {message}")
    if q.options and not (value.is_integer() and 1 <= value <= len(q.options)):
        return Feedback(
            qid,
            False,
            f"Not quite: {value:g} is not one of the options 1–{len(q.options)} "
            f"(reveal('{qid}') shows the solution).",
        )
    ratio = value / expected if expected else math.inf
    direction = "too large" if ratio > 1 else "too small"
    return Feedback(
        qid,
        False,
        f"Not quite: {_fmt(value, q.unit)} is {direction} by a factor {max(ratio, 1 / ratio):.3g}. "
        f"Hint: {q.hint or 'recompute step by step'} (reveal('{qid}') shows the solution).",
    )


def _fmt(value: Number, unit: str) -> str:
    if unit == "%":
        return f"{float(value) * 100:.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}" + (f" {unit}" if unit else "")
    return f"{float(value):.4g}" + (f" {unit}" if unit else "")


def hint(qid: str) -> str:
    """A nudge without the answer."""
    return question(qid).hint or "Write down the formula first, then plug in the numbers."


class Solution(str):
    """A worked solution; renders as Markdown in a notebook."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _fmt_answer(q: Question) -> str:
    if q.options:
        n = int(q.answer)
        return f"option {n} ({chr(ord('A') + n - 1)}): {q.options[n - 1]}"
    return _fmt(q.answer, q.unit)


def render_prompt(q: Question) -> str:
    """The prompt as Markdown: English, the Chinese wording (if any) and the options."""
    text = q.prompt
    if q.prompt_zh:
        text += f"\n\n中文：{q.prompt_zh}"
    if q.options:
        text += "\n\n" + "\n".join(
            f"{i}. ({chr(ord('A') + i - 1)}) {option}" for i, option in enumerate(q.options, 1)
        )
    return text


def reveal(qid: str) -> Solution:
    """The worked solution of a question."""
    return reveal_question(question(qid))


def reveal_question(q: Question) -> Solution:
    """:func:`reveal` for a :class:`Question` object."""
    return Solution(
        f"**{q.qid}** — {render_prompt(q)}\n\n{q.solution}\n\n**Answer:** {_fmt_answer(q)}"
    )


__all__ = [
    "Feedback",
    "Question",
    "check",
    "check_question",
    "hint",
    "parse_answer",
    "question",
    "questions_for",
    "register",
    "render_prompt",
    "reveal",
    "reveal_question",
]

"""One exercise as data: :class:`Question`.

The banks (:mod:`inception_edu.questions`, one ``QUESTIONS`` tuple per lecture) and the drawn
drills (:mod:`inception_edu.drills`) build them; :mod:`inception_edu.exercises` checks answers
against them. This module imports neither, so the banks never import the checker.
"""

from __future__ import annotations

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
    unit: str = ""  # "MACs", "params", "%" …; "%" accepts 0.28, "28%" and "7/25" alike
    mistakes: tuple[tuple[Number, str], ...] = ()  # (wrong value, what went wrong)
    rel_tol: float = 0.0  # anything this close is right too (on top of the sig_figs rule)
    checks: tuple[Callable[[float], str | None], ...] = field(default=(), compare=False)
    prompt_zh: str = ""  # the same question in Chinese (the course's source notes are Chinese)
    options: tuple[str, ...] = ()  # multiple choice: answer = 1-based option number ("C" = 3)
    sig_figs: int = 3  # a rounded answer is right when it states at least this precision

    @property
    def sig_tol(self) -> float:
        """The relative error that ``sig_figs`` significant figures allow: 0.5·10^(1 − n)."""
        return 0.5 * 10.0 ** (1 - self.sig_figs)

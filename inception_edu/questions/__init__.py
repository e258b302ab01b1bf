"""Question banks, one module per lecture (``q00`` … ``q12``), each a ``QUESTIONS`` tuple in the
order its lecture asks them; :data:`BANK` collects them by ID (lecture 12's three parts share
``q12``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ..question import Question
from . import q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12


def bank(questions: Iterable[Question]) -> Mapping[str, Question]:
    """Questions by ID, in the order given; IDs are ``"NN.slug"`` and unique."""
    by_id: dict[str, Question] = {}
    for q in questions:
        if not re.fullmatch(r"\d\d\.[a-z0-9_]+", q.qid):
            raise ValueError(f"question id {q.qid!r} must look like '03.reduction_macs'")
        if q.qid in by_id:
            raise ValueError(f"question id {q.qid!r} appears twice in the banks")
        by_id[q.qid] = q
    return MappingProxyType(by_id)


LECTURES = (q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12)
BANK: Mapping[str, Question] = bank(q for lecture in LECTURES for q in lecture.QUESTIONS)

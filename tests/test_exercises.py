from fractions import Fraction

import numpy as np
import pytest
import torch

from inception_edu.exercises import (
    Question,
    check,
    hint,
    parse_answer,
    question,
    questions_for,
    register,
    reveal,
)
from inception_edu.questions import q00  # noqa: F401  (registers lecture 00's bank)

ALL = questions_for("00")


def test_lecture_00_has_a_bank():
    assert {q.qid for q in ALL} == {"00.conv1_macs", "00.conv1_params", "00.kernel_cost_ratio"}


@pytest.mark.parametrize("q", ALL, ids=lambda q: q.qid)
def test_right_answer_passes_in_every_form(q):
    assert check(q.qid, q.answer).correct
    assert check(q.qid, float(q.answer)).correct
    if float(q.answer).is_integer():
        assert check(q.qid, f"{int(q.answer):,}").correct
        assert check(q.qid, np.int64(int(q.answer))).correct
        assert check(q.qid, torch.tensor(int(q.answer))).correct


@pytest.mark.parametrize("q", ALL, ids=lambda q: q.qid)
def test_each_known_mistake_gets_its_own_feedback(q):
    for wrong, why in q.mistakes:
        assert wrong != q.answer
        feedback = check(q.qid, wrong)
        assert not feedback.correct and why in feedback.message


@pytest.mark.parametrize("bad", [None, "lots", [1, 2], ..., float("nan"), True])
def test_malformed_answers_say_what_was_expected(bad):
    feedback = check("00.conv1_macs", bad)
    assert not feedback.correct
    assert "number" in feedback.message and "MACs" in feedback.message


def test_specific_messages_for_lecture_00():
    assert "FLOPs" in check("00.conv1_macs", 236_027_904).message
    assert "bias" in check("00.conv1_macs", 118_816_768).message
    assert "112×112" in check("00.conv1_macs", 472_055_808).message
    assert "left out the bias" in check("00.conv1_params", 9_408).message
    assert "area" in check("00.kernel_cost_ratio", 5 / 3).message
    unknown_wrong = check("00.conv1_macs", 5).message
    assert "too small" in unknown_wrong and "reveal('00.conv1_macs')" in unknown_wrong


def test_ratio_answers_allow_rounding():
    assert check("00.kernel_cost_ratio", 2.78).correct
    assert check("00.kernel_cost_ratio", Fraction(25, 9)).correct
    assert not check("00.kernel_cost_ratio", 2.5).correct


def test_percent_forms_are_equivalent():
    assert parse_answer("28%", "%") == pytest.approx(0.28)
    assert parse_answer(28, "%") == pytest.approx(0.28)
    assert parse_answer(0.28, "%") == pytest.approx(0.28)
    assert parse_answer("1.5G") == 1.5e9
    assert parse_answer("118_013_952") == 118_013_952
    assert parse_answer("7/25") == pytest.approx(0.28) and parse_answer("25 / 9") == 25 / 9
    with pytest.raises(TypeError, match="divides by zero"):
        parse_answer("1/0")
    register(Question("99.saving", "5×5 → two 3×3 saves?", Fraction(7, 25), "18/25", unit="%"))
    assert check("99.saving", "28%").correct and check("99.saving", 0.28).correct
    assert check("99.saving", 28).correct and not check("99.saving", "33%").correct


def test_reveal_hint_and_lookup_errors():
    solution = reveal("00.conv1_macs")
    assert "118,013,952" in solution and solution._repr_markdown_() == str(solution)
    assert "112×112" in hint("00.conv1_macs")
    with pytest.raises(KeyError, match="00.conv1_macs"):
        question("00.nope")
    with pytest.raises(ValueError, match="must look like"):
        register(Question("bad id", "?", 1, "1"))
    html = check("00.conv1_macs", 1)._repr_html_()
    assert "✗" in html and "00.conv1_macs" in html


def _all_questions():
    from inception_edu.exercises import _REGISTRY, question

    question("00.conv1_macs")  # imports every bank
    return [q for qid, q in sorted(_REGISTRY.items()) if not qid.startswith("99.")]


BANK = _all_questions()


@pytest.mark.parametrize("q", BANK, ids=lambda q: q.qid)
def test_every_bank_question_accepts_its_answer_in_every_form(q):
    """The one home of the generic checks for every lecture's bank (lecture tests add only
    their own specific mistakes)."""
    value = float(q.answer)
    forms = [q.answer, value, str(q.answer), str(value)]
    if q.unit == "%":
        forms += [f"{value * 100:.1f}%", round(value, 3), value * 100]
    elif value.is_integer():
        forms += [int(value), f"{int(value):,}", f"{int(value):_}"]
    else:
        forms += [round(value, 2), f"{value:.2f}"]
    for form in forms:
        feedback = check(q.qid, form)
        assert feedback.correct and feedback.message.startswith("Correct"), (form, feedback)


@pytest.mark.parametrize("q", BANK, ids=lambda q: q.qid)
def test_every_bank_mistake_gets_its_own_message(q):
    assert q.mistakes, f"{q.qid} names no typical mistake"
    messages = []
    for wrong, why in q.mistakes:
        assert wrong != q.answer
        feedback = check(q.qid, wrong)
        assert not feedback.correct and why in feedback.message
        messages.append(feedback.message)
    assert len(set(messages)) == len(messages)


@pytest.mark.parametrize("bad", ["abc", None, ..., True, [1, 2]])
@pytest.mark.parametrize("q", BANK, ids=lambda q: q.qid)
def test_every_bank_question_refuses_malformed_answers(q, bad):
    feedback = check(q.qid, bad)
    assert not feedback.correct and "number" in feedback.message


@pytest.mark.parametrize("q", BANK, ids=lambda q: q.qid)
def test_every_bank_question_points_to_its_solution(q):
    feedback = check(q.qid, 0.05 if q.unit == "%" else 7)
    assert not feedback.correct and "reveal" in feedback.message
    assert hint(q.qid) and q.qid in reveal(q.qid) and "**Answer:**" in reveal(q.qid)

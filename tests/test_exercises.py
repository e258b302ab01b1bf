import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import cn2an
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from inception_edu.exercises import (
    Feedback,
    Question,
    check,
    check_question,
    hint,
    parse_answer,
    question,
    questions_for,
    read_answer,
    reveal,
)
from inception_edu.questions import BANK, bank, q00

from .golden import BRANCH_5X5_REDUCED_MACS, GOOGLENET_CONV1_MACS

ALL = questions_for("00")


def test_the_bank_is_data_collected_from_the_lectures():
    assert ALL == list(q00.QUESTIONS) and BANK["00.conv1_macs"] is q00.QUESTIONS[0]
    with pytest.raises(TypeError):
        BANK["99.x"] = q00.QUESTIONS[0]  # read-only: nothing registers at runtime
    with pytest.raises(ValueError, match="appears twice"):
        bank([*q00.QUESTIONS, q00.QUESTIONS[0]])


def test_lecture_00_has_a_bank():
    assert [q.qid for q in ALL] == [  # the notebook's order
        "00.conv1_macs",
        "00.stem3x3_macs",
        "00.stem3x3_params",
        "00.why_flops_2x",
    ]


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


@pytest.mark.parametrize("bad", ["lots", [1, 2], float("nan"), True, "5 apples"])
def test_malformed_answers_say_what_was_expected_in_one_sentence(bad):
    feedback = check("00.conv1_macs", bad)
    assert not feedback.correct and not feedback.pending
    assert "number" in feedback.message and "MACs" in feedback.message
    assert feedback.message.count(". ") == 0 and feedback.message.endswith(".")


def test_specific_messages_for_lecture_00():
    assert "FLOPs" in check("00.conv1_macs", 236_027_904).message
    assert "bias" in check("00.conv1_macs", 118_816_768).message
    assert "112×112" in check("00.conv1_macs", 472_055_808).message
    assert "left out the bias" in check("00.stem3x3_params", 864).message
    assert "padding 1" in check("00.stem3x3_macs", 19_440_000).message
    assert "stride" in check("00.stem3x3_macs", 3 * 3 * 3 * 32 * 297 * 297).message
    assert check("00.stem3x3_macs", "19.2M").correct and check("00.why_flops_2x", "B").correct
    for option, words in ((1, "2 × our MACs"), (3, "no backward"), (4, "same model")):
        feedback = check("00.why_flops_2x", option)
        assert not feedback.correct and words in feedback.message
    assert "area" in check("12.kernel_5x5_vs_3x3", 5 / 3).message
    unknown_wrong = check("00.conv1_macs", 5).message
    assert "too small" in unknown_wrong and "reveal('00.conv1_macs')" in unknown_wrong


def test_ratio_answers_allow_rounding():
    assert check("12.kernel_5x5_vs_3x3", 2.78).correct
    assert check("12.kernel_5x5_vs_3x3", Fraction(25, 9)).correct
    assert not check("12.kernel_5x5_vs_3x3", 2.5).correct


def test_percent_forms_are_equivalent():
    assert parse_answer("28%", "%") == pytest.approx(0.28)
    assert parse_answer(28, "%") == pytest.approx(0.28)
    assert parse_answer(0.28, "%") == pytest.approx(0.28)
    assert parse_answer("1.5G") == 1.5e9
    assert parse_answer(f"{GOOGLENET_CONV1_MACS:_}") == GOOGLENET_CONV1_MACS
    assert parse_answer("7/25") == pytest.approx(0.28) and parse_answer("25 / 9") == 25 / 9
    with pytest.raises(TypeError, match="divides by zero"):
        parse_answer("1/0")
    saving = Question("99.saving", "5×5 → two 3×3 saves?", Fraction(7, 25), "18/25", unit="%")
    assert check_question(saving, "28%").correct and check_question(saving, 0.28).correct
    assert check_question(saving, 28).correct and not check_question(saving, "33%").correct


def test_reveal_hint_and_lookup_errors():
    solution = reveal("00.conv1_macs")
    assert f"{GOOGLENET_CONV1_MACS:,}" in solution and solution._repr_markdown_() == str(solution)
    assert "112×112" in hint("00.conv1_macs")
    with pytest.raises(KeyError, match="00.conv1_macs"):
        question("00.nope")
    with pytest.raises(ValueError, match="must look like"):
        bank([Question("bad id", "?", 1, "1")])
    html = check("00.conv1_macs", 1)._repr_html_()
    assert "✗" in html and "00.conv1_macs" in html


# --- reading answers ---------------------------------------------------------------------------

M = GOOGLENET_CONV1_MACS

READ = [
    # separators of every kind, full-width forms
    (f"{M}", "", M),
    (f"{M:,}", "", M),
    (f"{M:_}", "", M),
    ("118 013 952", "", M),
    ("118\u2009013\u2009952", "", M),  # thin space
    ("118\u202f013\u202f952", "", M),  # narrow no-break space
    ("118\u00a0013\u00a0952", "", M),  # no-break space
    ("118，013，952", "", M),  # full-width comma
    ("１１８０１３９５２", "", M),  # full-width digits
    ("118'013'952", "", M),
    # scales, units, exponents
    ("118.013952M", "", M),
    ("118.013952 million MACs", "", M),
    ("0.118013952G", "", M),
    ("0.118013952 billion", "", M),
    ("118013.952k", "", M),
    ("11801.3952万", "", M),
    ("1.18013952亿", "", M),
    ("1.18013952e8", "", M),
    ("1.18013952E+8 MACs", "", M),
    ("1.18013952×10⁸", "", M),
    ("1.18013952 x 10^8", "", M),
    (f"{M} MACs", "", M),
    (f"{M} mult-adds", "", M),
    (f"{M}次乘加", "", M),
    ("9472 params", "", 9472),
    ("9,472 parameters", "", 9472),
    ("9472个参数", "", 9472),
    ("35 px", "", 35),
    ("35像素", "", 35),
    # approximation marks and signs
    ("≈118M", "", 118_000_000),
    ("~118M", "", 118_000_000),
    ("about 118M", "", 118_000_000),
    ("approx. 118M", "", 118_000_000),
    ("约1.18亿", "", 118_000_000),
    ("大约 1.18 亿", "", 118_000_000),
    ("1.18亿左右", "", 118_000_000),
    ("−5", "", -5),
    ("+5", "", 5),
    # ratios: ×, x, 倍, %, fractions, decimal commas
    ("9x", "", 9),
    ("9X", "", 9),
    ("9×", "", 9),
    ("9倍", "", 9),
    ("2.78 times", "", Fraction(278, 100)),
    ("278%", "", Fraction(278, 100)),
    ("25/9", "", Fraction(25, 9)),
    ("45%", "%", Fraction(45, 100)),
    ("45 %", "%", Fraction(45, 100)),
    ("45％", "%", Fraction(45, 100)),
    ("45", "%", Fraction(45, 100)),
    (45, "%", Fraction(45, 100)),
    ("0.45", "%", Fraction(45, 100)),
    ("0,45", "%", Fraction(45, 100)),
    ("22/49", "%", Fraction(22, 49)),
    ("22 / 49", "%", Fraction(22, 49)),
    # Chinese numerals (cn2an)
    ("一千二百万", "", 12_000_000),
    ("1千2百万", "", 12_000_000),
    ("1.2亿", "", 120_000_000),
    ("一点二亿", "", 120_000_000),
    ("十二点五万", "", 125_000),
    ("一亿一千八百零一万三千九百五十二", "", M),
    ("百分之四十五", "%", Fraction(45, 100)),
    ("百分之四十四点九", "%", Fraction(449, 1000)),
    ("四十九分之二十二", "%", Fraction(22, 49)),
    ("二点七八倍", "", Fraction(278, 100)),
    ("负三", "", -3),
    # numbers that are not strings
    (np.int64(M), "", M),
    (torch.tensor(M), "", M),
    (torch.tensor(0.45).item(), "", Fraction(45, 100)),
    (np.float32(0.45), "", Fraction(45, 100)),
    (Fraction(22, 49), "", Fraction(22, 49)),
    (10**400, "", 10**400),
    (-0.0, "", 0),
]


@pytest.mark.parametrize(("text", "unit", "value"), READ, ids=lambda x: repr(x)[:30])
def test_answers_are_read_the_way_people_write_them(text, unit, value):
    assert read_answer(text, unit).value == value


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("12.4M", 3),
        ("12,400,000", 3),
        ("12,440,000", 4),
        (f"{BRANCH_5X5_REDUCED_MACS}", 8),
        ("1.24e7", 3),
    ],
)
def test_stated_precision(text, figures):
    assert read_answer(text).sig_figs(BRANCH_5X5_REDUCED_MACS) == figures


def test_a_rounded_answer_says_how_precise_it_is():
    feedback = check("12.reduction_3a_macs", "12.4M")
    assert feedback.correct and str(feedback) == (
        f"✓ 12.reduction_3a_macs: Correct to 3 s.f.; exact: {BRANCH_5X5_REDUCED_MACS:,} MACs."
    )
    exact = f"{BRANCH_5X5_REDUCED_MACS:,}"
    assert check("12.reduction_3a_macs", exact).message == f"Correct: {exact} MACs."
    assert check("12.stack_7x7_saving", "45%").message == "Correct to 2 s.f.; exact: 22/49 = 44.9%."
    assert check("06.asym_cin_cout", "42.9%").message == "Correct to 3 s.f.; exact: 3/7 = 42.9%."
    assert "Correct to 3 s.f." in check("00.conv1_macs", "约1.18亿").message


def test_too_few_significant_figures_or_a_wrong_rounding_is_not_right():
    coarse = check("00.conv1_macs", "1.2e8")
    assert not coarse.correct and "right to 2 s.f." in coarse.message
    assert "wants 3 significant figures" in coarse.message
    assert not check("12.kernel_5x5_vs_3x3", "2.77").correct  # 25/9 = 2.777… rounds to 2.78
    assert not check("12.kernel_5x5_vs_3x3", "2.8").correct
    assert not check("00.conv1_macs", 118_013_953).correct  # written in full: must be exact
    assert not check("11.crops_144", 143).correct
    # a rounding that also fits a known mistake asks for more digits
    ambiguous = check("09.v4_params", "42.68M")
    assert not ambiguous.correct and "more digits" in ambiguous.message
    assert check("09.v4_params", "42.680M").correct


def test_known_mistakes_are_named_exact_rounded_or_labelled():
    assert "FLOPs" in check("00.conv1_macs", "236M").message  # the FLOPs count, rounded
    assert "FLOPs" in check("00.conv1_macs", "236,027,904 FLOPs").message
    mislabelled = check("00.conv1_macs", f"{M:,} FLOPs")
    assert not mislabelled.correct and "asks for MACs, not FLOPs" in mislabelled.message
    assert "5×5 → two 3×3" in check("12.stack_7x7_saving", "百分之二十八").message


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (M * 2.2, "about 2.2× too large"),
        (M * 1.12, "off by 12% (too large)"),
        (M * 0.88, "off by 12% (too small)"),
        (M / 3, "about 3× too small"),
        (M * 1.02, "off by 2% (too large)"),
        (M + 1, "off by 1 (too large)"),
        (M * 5000, "about 5,000× too large"),
        (10**400, "about 10^392× too large"),
        (0, "0 MACs is too small — the answer is a positive number"),
        (-M, "wrong sign: the size is right"),
        (-M * 3, "wrong sign (the answer is positive), and its size is about 3× too large"),
    ],
)
def test_a_wrong_answer_is_told_how_far_off_in_words(answer, words):
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    feedback = check("00.conv1_macs", answer)
    assert not feedback.correct and words in feedback.message, feedback.message
    assert "factor" not in feedback.message and "reveal('00.conv1_macs')" in feedback.message


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1e9).filter(lambda r: abs(r - 1) > 0.06))
def test_how_far_never_says_factor_1(ratio):
    message = check("00.conv1_macs", M * ratio).message
    assert "factor" not in message and not re.search(r"about 1× |off by 0% ", message)
    assert ("too large" in message) == (ratio > 1) or "Not quite —" in message


# --- unanswered: the notebooks' `...` ----------------------------------------------------------


@pytest.mark.parametrize("placeholder", [..., None, "", "   ", "..."])
def test_an_unanswered_exercise_is_a_neutral_prompt(placeholder):
    feedback = check("00.conv1_macs", placeholder)
    assert feedback.pending and not feedback.correct and not feedback
    assert str(feedback).startswith("✎ 00.conv1_macs: ")
    assert "number" in feedback.message and "MACs" in feedback.message
    html = feedback._repr_html_()
    assert "✗" not in html and "#b3261e" not in html and "✎" in html
    if placeholder is ...:
        assert "replace `...` with a number of MACs" in feedback.message


def test_feedback_has_three_states():
    right, wrong, pending = (check("00.conv1_macs", a) for a in (M, M + 1, ...))
    assert [f.mark for f in (right, wrong, pending)] == ["✓", "✗", "✎"]
    assert [bool(f) for f in (right, wrong, pending)] == [True, False, False]
    assert Feedback("00.x", False, "m").pending is False  # the old three-field form still works


# --- every question of every bank --------------------------------------------------------------


EVERY = [q for _, q in sorted(BANK.items())]
NUMERIC = [q for q in EVERY if not q.options]
CHOICE = [q for q in EVERY if q.options]
UNIT_WORDS = {"MACs": "MACs", "params": "params", "pixels": "px", "px": "px", "channels": "ch"}


def _rounded(x: Fraction, figures: int) -> Decimal:
    d = Decimal(x.numerator) / Decimal(x.denominator)
    return d.quantize(Decimal(1).scaleb(d.adjusted() - figures + 1))


def _plain(d: Decimal) -> str:
    return format(d, "f")


def _exact_forms(q: Question) -> list:
    x = Fraction(q.answer)
    forms = [q.answer, str(q.answer), float(x)]
    if q.unit == "%":
        return forms + [f"{x.numerator}/{x.denominator}", f"{float(x):.17g}"]
    if x.denominator != 1:
        return forms + [f"{x.numerator}/{x.denominator}"] * (x.denominator < 1000)
    n = int(x)
    grouped = f"{n:,}"
    forms += [
        n,
        np.int64(n),
        torch.tensor(n),
        grouped,
        f"{n:_}",
        grouped.replace(",", " "),
        grouped.replace(",", "\u2009"),
        grouped.replace(",", "\u202f"),
        grouped.replace(",", "，"),
        str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        f"≈{grouped}",
        f"约{n}",
        f"about {grouped}",
        cn2an.an2cn(n),
    ]
    if q.unit in UNIT_WORDS:
        forms += [f"{grouped} {UNIT_WORDS[q.unit]}", f"{n}{q.unit}"]
    for scale, suffix in ((10**3, "k"), (10**4, "万"), (10**6, "M"), (10**8, "亿"), (10**9, "G")):
        if n >= 10 * scale:
            forms.append(_plain(Decimal(n) / scale) + suffix)
    return forms


def _rounded_forms(q: Question) -> list:
    """The answer rounded to the question's significant figures, in the forms people use."""
    x = Fraction(q.answer)
    r = _rounded(x, q.sig_figs)
    if q.unit == "%":
        percent = _rounded(x * 100, q.sig_figs)
        an2cn = cn2an.an2cn(_plain(percent))
        return [
            f"{_plain(percent)}%",
            _plain(r),
            _plain(percent),
            f"百分之{an2cn}",
            f"约{percent}%",
        ]
    forms = [_plain(r), f"≈{_plain(r)}", f"约{_plain(r)}", f"{_plain(r)}x", f"{_plain(r)}倍"]
    if x.denominator == 1 and x >= 10**5:
        forms += [
            f"{_plain(r.scaleb(-6))}M",
            f"{_plain(r.scaleb(-4))}万",
            f"~{_plain(r.scaleb(-6))} million",
        ]
    if x.denominator != 1 and not q.unit:
        forms.append(f"{_plain(_rounded(x * 100, q.sig_figs))}%")
    return forms


@pytest.mark.parametrize("q", NUMERIC, ids=lambda q: q.qid)
def test_every_numeric_answer_is_right_exact_and_rounded_in_every_form(q):
    """The one home of the generic checks for every lecture's bank (lecture tests add only
    their own specific mistakes)."""
    for form in _exact_forms(q):
        feedback = check(q.qid, form)
        assert feedback.correct and feedback.message.startswith("Correct"), (form, feedback)
    for form in _rounded_forms(q):
        feedback = check(q.qid, form)
        assert feedback.correct and feedback.message.startswith("Correct"), (form, feedback)


@pytest.mark.parametrize("q", NUMERIC, ids=lambda q: q.qid)
def test_five_percent_off_is_never_right(q):
    assert q.rel_tol < 0.05 and q.sig_figs >= 2
    x = Fraction(q.answer)
    for off in (x * Fraction(105, 100), x * Fraction(95, 100)):
        for form in (off, float(off), _plain(_rounded(off, max(3, q.sig_figs)))):
            assert not check(q.qid, form).correct, form


@pytest.mark.parametrize("q", CHOICE, ids=lambda q: q.qid)
def test_every_choice_answer_is_read_as_a_number_or_a_letter(q):
    n = int(q.answer)
    letter = chr(ord("A") + n - 1)
    forms = [n, float(n), str(n), letter, letter.lower(), f"({letter})", f"{letter})", f"{letter}."]
    forms += [f"option {n}", f"Option {letter}", f"选{letter}", f"选项{letter}", f"答案是{letter}"]
    forms += [f" {letter} ", chr(ord("Ａ") + n - 1), cn2an.an2cn(n), f"第{n}项"]
    for form in forms:
        feedback = check(q.qid, form)
        assert feedback.correct and feedback.message.startswith(f"Correct: option {n}"), form
    assert not check(q.qid, len(q.options) + 1).correct
    assert "no option Z" in check(q.qid, "Z").message


@pytest.mark.parametrize("q", EVERY, ids=lambda q: q.qid)
def test_every_bank_mistake_gets_its_own_message(q):
    assert q.mistakes, f"{q.qid} names no typical mistake"
    messages = []
    for wrong, why in q.mistakes:
        assert wrong != q.answer
        feedback = check(q.qid, wrong)
        assert not feedback.correct and why in feedback.message
        messages.append(feedback.message)
    assert len(set(messages)) == len(messages)


ODD = [0, "0", "0%", -0.0, 10**400, -(10**400), float("inf"), float("nan"), -5, "-5", "1/0"]
ODD += ["", None, ..., [1, 2], "abc", True, {"a": 1}, "e", ".", "%", "万", "1e999999", "0/0"]


@pytest.mark.parametrize("q", EVERY, ids=lambda q: q.qid)
def test_every_bank_question_gives_any_answer_a_verdict(q):
    for answer in ODD:
        feedback = check(q.qid, answer)
        assert isinstance(feedback, Feedback) and feedback.message, answer
        assert not feedback.correct or answer in ("0", 0), answer
        assert feedback.pending == (answer in ("", None) or answer is ...), answer
        assert "REFERENCE" not in feedback.message and "../shared" not in feedback.message


@pytest.mark.parametrize("bad", ["abc", True, [1, 2]])
@pytest.mark.parametrize("q", EVERY, ids=lambda q: q.qid)
def test_every_bank_question_refuses_malformed_answers(q, bad):
    feedback = check(q.qid, bad)
    assert not feedback.correct and "number" in feedback.message


@pytest.mark.parametrize("q", NUMERIC, ids=lambda q: q.qid)
def test_every_bank_question_points_to_its_solution(q):
    feedback = check(q.qid, Fraction(q.answer) * 7)
    assert not feedback.correct and "reveal" in feedback.message
    assert hint(q.qid) and q.qid in reveal(q.qid) and "**Answer:**" in reveal(q.qid)


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=30))
def test_no_text_makes_the_checker_raise(text):
    for qid in ("00.conv1_macs", "12.stack_7x7_saving", "12.versions_not_v3"):
        assert isinstance(check(qid, text), Feedback)


def test_questions_outside_the_bank_use_the_same_rules():
    q = Question(
        "99.tiny",
        "?",
        BRANCH_5X5_REDUCED_MACS,
        "…",
        unit="MACs",
        mistakes=((2 * BRANCH_5X5_REDUCED_MACS, "FLOPs"),),
    )
    assert check_question(q, "12.4M").correct and check_question(q, ...).pending
    assert "FLOPs" in check_question(q, "24.9M").message


def test_lecture_12_keeps_its_promise():
    """The notebook says `"45%"`, `0.45` and `"22/49"` are all read: each must be right."""
    path = Path(__file__).resolve().parents[1] / "notebooks" / "12b_interview_cards.ipynb"
    cells = json.loads(path.read_text())["cells"]
    text = next(
        "".join(c["source"]) for c in cells if "12.stack_7x7_saving" in "".join(c["source"])
    )
    promise = re.search(r"\((.*?) are all read", text)
    assert promise, "lecture 12 no longer states which forms are read"
    forms = re.findall(r"`([^`]+)`", promise.group(1))
    assert len(forms) == 3
    for form in forms:
        answer = json.loads(form) if form.startswith('"') else float(form)
        assert check("12.stack_7x7_saving", answer).correct, form

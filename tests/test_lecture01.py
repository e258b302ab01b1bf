"""Lecture 01 (NIN and the 1×1 convolution): its question bank and its explorer."""

import json
from pathlib import Path

import pytest
import torch

from inception_edu import count_params, profile
from inception_edu.cost import conv2d_cost, linear_macs, linear_params
from inception_edu.exercises import check, hint, question, questions_for, reveal
from inception_edu.explorers.nin import head_params_explorer
from inception_edu.models.nin import fc_head_params, gap_head_params, head_params_rows, nin

from .golden import (
    BRANCH_5X5_DIRECT_MACS,
    BRANCH_5X5_REDUCED_MACS,
    FC_1024_PARAMS,
    FC_2048_MACS,
    VGG16_FC_HEAD_PARAMS,
)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_nin_and_1x1_conv.ipynb"
QUESTIONS = questions_for("01")
EXPECTED = {  # in the order the notebook asks them
    "01.fc_head_params": 431_924_200,
    "01.gap_head_params": 2_049_000,
    "01.why_gap": 2,
    "01.expand_macs": 51_380_224,
    "01.mlpconv2_params": 535_104,
    "01.why_1x1": 3,
}
CHOICE = {"01.why_gap", "01.why_1x1"}
NUMERIC = sorted(set(EXPECTED) - CHOICE)
MISTAKES = {  # qid: (wrong answer, words its feedback must contain)
    "01.fc_head_params": [
        (431_915_008, "biases"),
        (411_045_888, "only the first FC layer"),
        (29_271_016, "as after GAP"),
    ],
    "01.gap_head_params": [(FC_2048_MACS, "left out the bias"), (100_353_000, "flattened")],
    "01.why_gap": [(1, "no dropout"), ("C", "throws the spatial"), ("D", "training speed")],
    "01.expand_macs": [
        (102_760_448, "that is FLOPs"),
        (16_384, "weight count"),
        (462_422_016, "3×3"),
        (917_504, "56·56 = 3,136"),
    ],
    "01.mlpconv2_params": [(534_528, "left out the biases"), (2_304_576, "not 5×5")],
    "01.why_1x1": [("A", "weighted sum"), (2, "receptive field"), ("d", "no neighbours")],
}


def _notebook_cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_bank_has_the_lecture_questions_in_notebook_order():
    # the notebook asks them in this order: tests/test_notebooks.py
    assert [q.qid for q in QUESTIONS] == list(EXPECTED)


def test_a_transfer_and_a_why_question():
    assert {q.qid for q in QUESTIONS if q.options} == CHOICE
    for qid in CHOICE:
        q = question(qid)
        assert 3 <= len(q.options) <= 4
        assert sorted([int(q.answer), *(int(w) for w, _ in q.mistakes)]) == list(
            range(1, len(q.options) + 1)
        ), "every wrong option has its own explanation"


def test_the_notebook_shows_each_option_of_the_choice_questions():
    text = "\n".join("".join(c["source"]) for c in _notebook_cells())
    for qid in CHOICE:
        for letter, option in zip("ABCD", question(qid).options, strict=False):
            assert f"**{letter}.** {option}" in text, (qid, letter)


def test_transfer_answers_are_not_printed_in_the_lecture():
    """The numeric exercises ask about layers the lecture never prints."""
    cells = _notebook_cells()
    shown = "\n".join(
        "".join(c["source"]) + "".join("".join(o.get("text", "")) for o in c.get("outputs", []))
        for c in cells
    )
    for qid in NUMERIC:
        n = EXPECTED[qid]
        assert f"{n:,}" not in shown and str(n) not in shown, qid


def test_no_number_of_lecture_03_in_lecture_01():
    """One home per number: inception(3a)'s reduced-vs-naive 5×5 branch belongs to lecture 03."""
    text = NOTEBOOK.read_text(encoding="utf-8")
    direct, reduced = BRANCH_5X5_DIRECT_MACS, BRANCH_5X5_REDUCED_MACS
    for number in (f"{direct:,}", f"{direct}", f"{reduced:,}", f"{reduced}", "2,408,448", "9.7×"):
        assert number not in text, number
    assert "(03_dimension_reduction.ipynb)" in text


@pytest.mark.parametrize("qid", list(EXPECTED))
def test_answers_match_the_closed_forms(qid):
    assert question(qid).answer == EXPECTED[qid]


def test_answers_follow_from_the_library_and_torchvision():
    from torchvision.models import resnet50

    assert EXPECTED["01.fc_head_params"] == fc_head_params(2048, 7, 7)
    assert EXPECTED["01.gap_head_params"] == gap_head_params(2048)
    with torch.device("meta"):
        r50 = resnet50()
    assert count_params(r50.fc) == EXPECTED["01.gap_head_params"]  # ResNet-50's real head
    assert r50.fc.in_features == 2048
    expand = torch.nn.Conv2d(64, 256, 1, bias=False)
    assert profile(expand, (64, 56, 56)).macs == EXPECTED["01.expand_macs"]
    assert conv2d_cost(64, 256, 1, 56, 56).macs == EXPECTED["01.expand_macs"]
    assert EXPECTED["01.mlpconv2_params"] == count_params(nin().mlpconv2)


@pytest.mark.parametrize("qid", NUMERIC)
def test_right_answer_in_any_form(qid):
    n = EXPECTED[qid]
    for form in (n, float(n), f"{n:,}", f"{n:_}", str(n), f"{n / 1e6}M"):
        feedback = check(qid, form)
        assert feedback.correct, (form, feedback.message)
        assert feedback.message.startswith("Correct")


@pytest.mark.parametrize("qid", sorted(CHOICE))
def test_right_option_as_number_or_letter(qid):
    n = EXPECTED[qid]
    for form in (n, str(n), "ABCD"[n - 1], "abcd"[n - 1], f"选{'ABCD'[n - 1]}"):
        assert check(qid, form).correct, form


@pytest.mark.parametrize(
    ("qid", "wrong", "words"),
    [(qid, wrong, words) for qid, cases in MISTAKES.items() for wrong, words in cases],
)
def test_each_mistake_gets_its_own_feedback(qid, wrong, words):
    feedback = check(qid, wrong)
    assert not feedback.correct
    assert words in feedback.message and "Not quite —" in feedback.message


@pytest.mark.parametrize("qid", NUMERIC)
def test_unknown_wrong_answer_says_how_far_off(qid):
    feedback = check(qid, EXPECTED[qid] * 3)
    assert not feedback.correct and "about 3× too large" in feedback.message


@pytest.mark.parametrize("qid", list(EXPECTED))
def test_hint_and_solution(qid):
    answer = EXPECTED[qid]
    if qid in CHOICE:
        assert hint(qid) and question(qid).options[answer - 1] in reveal(qid)
        return
    assert hint(qid) and str(answer) not in hint(qid).replace(",", "")
    assert f"{answer:,}" in reveal(qid)


# --- the explorer -------------------------------------------------------------------------------


@pytest.mark.parametrize(("c", "h", "w", "k"), [(512, 7, 7, 1000), (192, 8, 8, 10), (16, 1, 3, 2)])
def test_head_rows_follow_the_closed_forms(c, h, w, k):
    fc3, fc1, gap = head_params_rows(c, h, w, k)
    flat = c * h * w
    assert fc3.params == flat * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * k + k
    assert fc3.macs == flat * 4096 + 4096 * 4096 + 4096 * k
    assert fc1.params == flat * k + k and fc1.macs == linear_macs(flat, k)
    assert gap.params == linear_params(c, k) == c * k + k and gap.macs == c * k


def test_vgg16_head_numbers():
    fc3, _, gap = head_params_rows(512, 7, 7, 1000)
    assert (fc3.params, gap.params) == (VGG16_FC_HEAD_PARAMS, 513_000)


def test_explorer_updates_without_printing(capsys):
    box = head_params_explorer()
    assert f"{VGG16_FC_HEAD_PARAMS:,}" in box.output.value
    box.sliders["c"].value = 1024
    assert "226,403,304" in box.output.value and f"{FC_1024_PARAMS:,}" in box.output.value
    box.sliders["size"].value = 8
    box.sliders["num_classes"].value = 10
    for row in head_params_rows(1024, 8, 8, 10):
        assert f"{row.params:,}" in box.output.value
    assert capsys.readouterr().out == ""

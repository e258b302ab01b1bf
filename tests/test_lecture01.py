"""Lecture 01 (NIN and the 1×1 convolution): its question bank and its explorer."""

import pytest

from inception_edu.cost import conv2d_cost, linear_macs, linear_params
from inception_edu.exercises import check, hint, questions_for, reveal
from inception_edu.explorers.nin import head_params_explorer, head_params_rows
from inception_edu.models.nin import fc_head_params, gap_head_params

QUESTIONS = questions_for("01")
EXPECTED = {
    "01.fc_head_params": 431_924_200,
    "01.gap_head_params": 2_049_000,
    "01.reduction_macs": 14_450_688,
    "01.mlpconv2_params": 535_104,
}
MISTAKES = {  # qid: (wrong answer, words its feedback must contain)
    "01.fc_head_params": [
        (431_915_008, "biases"),
        (411_045_888, "only the first FC layer"),
        (29_271_016, "as after GAP"),
    ],
    "01.gap_head_params": [(2_048_000, "left out the bias"), (100_353_000, "flattened")],
    "01.reduction_macs": [
        (28_901_376, "that is FLOPs"),
        (18_432, "weight count"),
        (14_525_952, "bias adds"),
    ],
    "01.mlpconv2_params": [(534_528, "left out the biases"), (2_304_576, "not 5×5")],
}


def test_bank_has_the_lecture_questions():
    assert sorted(q.qid for q in QUESTIONS) == sorted(EXPECTED)
    assert 2 <= len(QUESTIONS) <= 5


@pytest.mark.parametrize("qid", sorted(EXPECTED))
def test_answers_match_the_closed_forms(qid):
    from inception_edu.exercises import question

    assert question(qid).answer == EXPECTED[qid]


def test_answers_follow_from_the_library():
    assert EXPECTED["01.fc_head_params"] == fc_head_params(2048, 7, 7)
    assert EXPECTED["01.gap_head_params"] == gap_head_params(2048)
    assert EXPECTED["01.reduction_macs"] == conv2d_cost(192, 96, 1, 28, 28).macs
    from inception_edu import count_params
    from inception_edu.models.nin import nin

    assert EXPECTED["01.mlpconv2_params"] == count_params(nin().mlpconv2)


@pytest.mark.parametrize("qid", sorted(EXPECTED))
def test_right_answer_in_any_form(qid):
    n = EXPECTED[qid]
    for form in (n, float(n), f"{n:,}", f"{n:_}", str(n), f"{n / 1e6}M"):
        feedback = check(qid, form)
        assert feedback.correct, (form, feedback.message)
        assert feedback.message.startswith("Correct")


@pytest.mark.parametrize(
    ("qid", "wrong", "words"),
    [(qid, wrong, words) for qid, cases in MISTAKES.items() for wrong, words in cases],
)
def test_each_mistake_gets_its_own_feedback(qid, wrong, words):
    feedback = check(qid, wrong)
    assert not feedback.correct
    assert words in feedback.message and "Not quite —" in feedback.message


@pytest.mark.parametrize("qid", sorted(EXPECTED))
def test_unknown_wrong_answer_says_how_far_off(qid):
    feedback = check(qid, EXPECTED[qid] * 3)
    assert not feedback.correct and "about 3× too large" in feedback.message


@pytest.mark.parametrize("qid", sorted(EXPECTED))
def test_hint_and_solution(qid):
    assert hint(qid) and str(EXPECTED[qid]) not in hint(qid).replace(",", "")
    assert f"{EXPECTED[qid]:,}" in reveal(qid)


# --- the explorer -------------------------------------------------------------------------------


@pytest.mark.parametrize(("c", "h", "w", "k"), [(512, 7, 7, 1000), (192, 8, 8, 10), (16, 1, 3, 2)])
def test_head_rows_follow_the_closed_forms(c, h, w, k):
    fc3, fc1, gap = head_params_rows(c, h, w, k)
    flat = c * h * w
    assert fc3["params"] == flat * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * k + k
    assert fc3["MACs"] == flat * 4096 + 4096 * 4096 + 4096 * k
    assert fc1["params"] == flat * k + k and fc1["MACs"] == linear_macs(flat, k)
    assert gap["params"] == linear_params(c, k) == c * k + k and gap["MACs"] == c * k


def test_vgg16_head_numbers():
    fc3, _, gap = head_params_rows(512, 7, 7, 1000)
    assert (fc3["params"], gap["params"]) == (123_642_856, 513_000)


def test_explorer_updates_without_printing(capsys):
    box = head_params_explorer()
    assert "123,642,856" in box.output.value
    box.sliders["c"].value = 1024
    assert "226,403,304" in box.output.value and "1,025,000" in box.output.value
    box.sliders["size"].value = 8
    box.sliders["num_classes"].value = 10
    for row in head_params_rows(1024, 8, 8, 10):
        assert f"{row['params']:,}" in box.output.value
    assert capsys.readouterr().out == ""

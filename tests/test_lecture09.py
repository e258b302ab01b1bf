"""Lecture 09: its questions' specific mistakes and its explorer (Reduction-A, Table 1)."""

import pytest
import torch

from inception_edu import count_params, profile
from inception_edu.cost import BranchCost, reduction_a_rows
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.inception_v4 import reduction_a_explorer, reduction_a_html
from inception_edu.models.inception_v3 import inception_v3
from inception_edu.models.inception_v4 import (
    REDUCTION_A_KLMN,
    InceptionB,
    ReductionA,
    inception_v4,
)

from .golden import TIMM_V4_PARAMS, V4_REDUCTION_A_PARAMS

QIDS = ["09.v4_params", "09.reduction_a_m", "09.inception_b_at_35", "09.why_uniform"]
C_IN = {"inception_v4": 384, "inception_resnet_v1": 256, "inception_resnet_v2": 320}


def test_lecture_09_has_its_questions():
    assert [q.qid for q in questions_for("09")] == QIDS


def test_answers_are_the_worked_numbers():
    assert question("09.v4_params").answer == TIMM_V4_PARAMS == count_params(inception_v4())
    m = question("09.reduction_a_m").answer
    assert m == 448 and ReductionA(320, 256, 256, m, 384).out_channels == 1152
    assert ReductionA(320, 64, 32, m, 384).out_channels == 1152  # k and l never matter
    b35 = question("09.inception_b_at_35").answer
    assert b35 == 7 * profile(InceptionB(), (1024, 35, 35)).macs == 25_139_430_400
    assert b35 * 289 == 5_930_853_376 * 1225  # MACs scale with the grid area
    assert question("09.why_uniform").answer == 2


def test_right_answers_pass():
    assert check("09.v4_params", TIMM_V4_PARAMS).correct
    assert check("09.v4_params", "42.680M").correct
    assert check("09.reduction_a_m", 448).correct
    assert check("09.inception_b_at_35", 25_139_430_400).correct
    assert check("09.inception_b_at_35", "25.1G").correct
    assert check("09.why_uniform", "B").correct and check("09.why_uniform", 2).correct


def test_specific_mistakes_named():
    assert "auxiliary head" in check("09.v4_params", 46_038_384).message
    assert "1001 classes" in check("09.v4_params", 42_681_353).message
    assert "image area" in check("09.v4_params", round(TIMM_V4_PARAMS * (224 / 299) ** 2)).message
    assert "image side" in check("09.v4_params", round(TIMM_V4_PARAMS * 224 / 299)).message
    assert "max-pool branch" in check("09.reduction_a_m", 768).message
    assert "3×3/2 conv branch" in check("09.reduction_a_m", 832).message
    assert "Inception-ResNet-v2's" in check("09.reduction_a_m", 384).message
    assert "at 17×17" in check("09.inception_b_at_35", 5_930_853_376).message
    assert "by the side" in check("09.inception_b_at_35", round(5_930_853_376 * 35 / 17)).message
    assert "one module" in check("09.inception_b_at_35", 3_591_347_200).message


def test_why_question_explains_each_wrong_option():
    q = question("09.why_uniform")
    assert len(q.options) == 4 and "DistBelief" in q.options[q.answer - 1]
    assert {v for v, _ in q.mistakes} == {1, 3, 4}
    assert "2.14×" in check("09.why_uniform", "A").message
    assert "no residual connections" in check("09.why_uniform", "C").message
    assert "Inception-v2" in check("09.why_uniform", "D").message
    for option in (1, 3, 4):
        feedback = check("09.why_uniform", option)
        assert not feedback.correct and dict(q.mistakes)[option] in feedback.message


def test_parameters_do_not_depend_on_the_input_size():
    # 09.v4_params: the network runs at 224 px, with the same parameters and fewer MACs
    v4 = inception_v4().eval()
    with torch.no_grad():
        assert v4(torch.zeros(1, 3, 224, 224)).shape == (1, 1000)
    macs = {n: profile(v4, (3, n, n)).macs for n in (224, 299)}
    assert macs[224] < 0.55 * macs[299]
    solution = question("09.v4_params").solution
    assert f"{count_params(v4):,}" in solution and f"{macs[224]:,}" in solution
    assert "25/12/5" in solution and "5×5 at 224 px" in solution


def test_why_answer_matches_the_mac_ratio():
    ratio = (
        profile(inception_v4(), (3, 299, 299)).macs / profile(inception_v3(), (3, 299, 299)).macs
    )
    assert f"{ratio:.2f}" == "2.14"


# --- the explorer's pure function -----------------------------------------------------------


@pytest.mark.parametrize("name", list(REDUCTION_A_KLMN))
def test_rows_match_the_library_block_and_profile(name):
    k, l, m, n = REDUCTION_A_KLMN[name]  # noqa: E741
    c_in = C_IN[name]
    rows = reduction_a_rows(c_in, k, l, m, n)
    block = ReductionA(c_in, k, l, m, n)
    assert [r.params for r in rows[:-1]] == [count_params(b) for b in block.children()]
    assert rows[-1].params == count_params(block)
    assert rows[-1].macs == profile(block, (c_in, 35, 35)).macs
    assert [r.out_channels for r in rows[:-1]] == [n, m, c_in]
    assert rows[-1].out_channels == block.out_channels
    assert {r.out_size for r in rows} == {17}


def test_rows_closed_forms_and_reference_integers():
    rows = reduction_a_rows(384, 192, 224, 256, 384)
    assert rows[0] == BranchCost(
        branch="3×3/2 n",
        params=9 * 384 * 384 + 2 * 384,
        macs=9 * 384 * 384 * 17 * 17,
        out_channels=384,
        out_size=17,
    )
    assert (rows[-1].params, rows[-1].macs, rows[-1].out_channels) == (
        V4_REDUCTION_A_PARAMS,
        1_097_164_800,
        1024,
    )
    assert [r.out_channels for r in (reduction_a_rows(256, 192, 192, 256, 384)[-1],)] == [896]
    # another grid size: 17 → 8
    small = reduction_a_rows(64, 32, 32, 32, 32, size=17)
    block = ReductionA(64, 32, 32, 32, 32)
    assert small[-1].macs == profile(block, (64, 17, 17)).macs and small[-1].out_size == 8


@pytest.mark.parametrize(
    "bad", [dict(c_in=0), dict(k=-1), dict(m=1.5), dict(n=True), dict(size=2), dict(l="3")]
)
def test_rows_reject_bad_arguments(bad):
    args = dict(c_in=384, k=192, l=224, m=256, n=384) | bad
    with pytest.raises(ValueError):
        reduction_a_rows(**args)


def test_html_has_numbers_and_bars():
    text = reduction_a_html(reduction_a_rows(384, 192, 224, 256, 384))
    assert "17×17×1,024" in text and "1,097,164,800" in text
    assert f"{V4_REDUCTION_A_PARAMS:,}" in text
    assert "384 channels (38%)" in text and "256 channels (25%)" in text


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = reduction_a_explorer()
    assert set(box.sliders) == {"c_in", "k", "l", "m", "n"}
    assert "17×17×1,024" in box.output.value
    box.sliders["m"].value = 384
    assert "17×17×1,152" in box.output.value and "17×17×1,024" not in box.output.value
    box.sliders["k"].value = 64  # k changes the cost, never the width
    assert "17×17×1,152" in box.output.value
    assert capsys.readouterr().out == ""

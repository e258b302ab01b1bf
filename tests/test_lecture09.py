"""Lecture 09: its questions' specific mistakes and its explorer (Reduction-A, Table 1)."""

import pytest

from inception_edu import count_params, profile
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.inception_v4 import (
    reduction_a_explorer,
    reduction_a_html,
    reduction_a_rows,
)
from inception_edu.models.inception_v4 import REDUCTION_A_KLMN, ReductionA, inception_v4

QIDS = ["09.reduction_a_out", "09.v4_params", "09.inception_b_params"]
C_IN = {"inception_v4": 384, "inception_resnet_v1": 256, "inception_resnet_v2": 320}


def test_lecture_09_has_its_questions():
    assert [q.qid for q in questions_for("09")] == QIDS


def test_answers_are_the_worked_numbers():
    assert question("09.reduction_a_out").answer == 1088
    assert question("09.v4_params").answer == 42_679_816 == count_params(inception_v4())
    assert question("09.inception_b_params").answer == 7 * 2_936_256 == 20_553_792


def test_specific_mistakes_named():
    assert "max-pool branch" in check("09.reduction_a_out", 768).message
    assert "inner widths" in check("09.reduction_a_out", 1280).message
    assert "Inception-v4's" in check("09.reduction_a_out", 960).message
    assert "Inception-v4's Reduction-A output" in check("09.reduction_a_out", 1024).message
    assert "auxiliary head" in check("09.v4_params", 46_038_384).message
    assert "1001-class" in check("09.v4_params", 42_681_353).message
    assert "final linear layer" in check("09.v4_params", 41_142_816).message
    assert "seven of them" in check("09.inception_b_params", 2_936_256).message
    assert "Inception-A stack" in check("09.inception_b_params", 11_745_024).message
    assert "Inception-A's 317,632" in check("09.inception_b_params", 2_223_424).message


# --- the explorer's pure function -----------------------------------------------------------


@pytest.mark.parametrize("name", list(REDUCTION_A_KLMN))
def test_rows_match_the_library_block_and_profile(name):
    k, l, m, n = REDUCTION_A_KLMN[name]  # noqa: E741
    c_in = C_IN[name]
    rows = reduction_a_rows(c_in, k, l, m, n)
    block = ReductionA(c_in, k, l, m, n)
    assert [r["params"] for r in rows[:-1]] == [count_params(b) for b in block.children()]
    assert rows[-1]["params"] == count_params(block)
    assert rows[-1]["MACs"] == profile(block, (c_in, 35, 35)).macs
    assert [r["out channels"] for r in rows[:-1]] == [n, m, c_in]
    assert rows[-1]["out channels"] == block.out_channels
    assert {r["out size"] for r in rows} == {17}


def test_rows_closed_forms_and_reference_integers():
    rows = reduction_a_rows(384, 192, 224, 256, 384)
    assert rows[0] == {
        "branch": "3×3/2 n",
        "params": 9 * 384 * 384 + 2 * 384,
        "MACs": 9 * 384 * 384 * 17 * 17,
        "out channels": 384,
        "out size": 17,
    }
    assert (rows[-1]["params"], rows[-1]["MACs"], rows[-1]["out channels"]) == (
        2_306_112,
        1_097_164_800,
        1024,
    )
    assert [r["out channels"] for r in (reduction_a_rows(256, 192, 192, 256, 384)[-1],)] == [896]
    # another grid size: 17 → 8
    small = reduction_a_rows(64, 32, 32, 32, 32, size=17)
    block = ReductionA(64, 32, 32, 32, 32)
    assert small[-1]["MACs"] == profile(block, (64, 17, 17)).macs and small[-1]["out size"] == 8


@pytest.mark.parametrize(
    "bad", [dict(c_in=0), dict(k=-1), dict(m=1.5), dict(n=True), dict(size=2), dict(l="3")]
)
def test_rows_reject_bad_arguments(bad):
    args = dict(c_in=384, k=192, l=224, m=256, n=384) | bad
    with pytest.raises(ValueError):
        reduction_a_rows(**args)


def test_html_has_numbers_and_bars():
    text = reduction_a_html(reduction_a_rows(384, 192, 224, 256, 384))
    assert "17×17×1,024" in text and "2,306,112" in text and "1,097,164,800" in text
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

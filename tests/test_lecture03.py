"""Lecture 03: its questions (right answers, every known mistake, malformed input) and explorer."""

import pytest

from inception_edu.cost import conv_macs, conv_params, reduction_rows
from inception_edu.count import profile
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.reduction import reduction_explorer, reduction_html
from inception_edu.models.googlenet import INCEPTION_ROWS, Inception, NaiveInception

from .golden import (
    BRANCH_5X5_DIRECT_MACS,
    BRANCH_5X5_DIRECT_WEIGHTS,
    BRANCH_5X5_REDUCED_MACS,
    BRANCH_5X5_REDUCED_WEIGHTS,
    INCEPTION_3A_MACS,
    INCEPTION_3A_WEIGHTS,
    NAIVE_3A_MACS,
    NAIVE_3A_WEIGHTS,
)

QIDS = [
    "03.breakeven_5x5red",
    "03.inception4e_5x5_saving",
    "03.why_reduce_before",
    "03.why_pool_projection",
]
W3A = (64, 96, 128, 16, 32, 32)


def test_lecture_03_has_its_questions():
    assert [q.qid for q in questions_for("03")] == QIDS


def _branch5(c_in, r, c5, size):
    return conv_macs(1, c_in, r, size, size) + conv_macs(5, r, c5, size, size)


def test_breakeven_is_the_largest_paying_width():
    r = question("03.breakeven_5x5red").answer
    direct = conv_macs(5, 192, 32, 28, 28)
    assert r == 154 and _branch5(192, r, 32, 28) < direct <= _branch5(192, r + 1, 32, 28)
    # the spatial size cancels: the same r on any grid
    assert _branch5(192, r, 32, 7) < conv_macs(5, 192, 32, 7, 7) <= _branch5(192, r + 1, 32, 7)
    assert check("03.breakeven_5x5red", 154).correct


def test_inception4e_saving_is_the_branch_ratio():
    row = next(r for r in INCEPTION_ROWS if r.name == "inception (4e)")
    assert (row.ch5x5red, row.ch5x5) == (32, 128)
    rows = reduction_rows(528, 14, *row.widths)
    assert (rows[2].naive.macs, rows[2].reduced.macs) == (331_161_600, 23_382_016)
    answer = question("03.inception4e_5x5_saving").answer
    assert answer == pytest.approx(331_161_600 / 23_382_016)
    assert check("03.inception4e_5x5_saving", "14.2").correct
    assert check("03.inception4e_5x5_saving", "14.16×").correct


def test_specific_mistakes_named():
    assert "own cost" in check("03.breakeven_5x5red", 191).message
    assert "rounded down" in check("03.breakeven_5x5red", 155).message
    assert "reduces nothing" in check("03.breakeven_5x5red", 192).message
    assert "Table 1 chose" in check("03.breakeven_5x5red", 16).message
    assert "528/32" in check("03.inception4e_5x5_saving", 16.5).message
    assert "whole module" in check("03.inception4e_5x5_saving", "3.86").message
    assert "inverted" in check("03.inception4e_5x5_saving", 0.0706).message
    assert "output width" in check("03.inception4e_5x5_saving", "20.6").message


@pytest.mark.parametrize(
    "qid,right,wrong",
    [
        (
            "03.why_reduce_before",
            2,
            {1: "keeps the 28×28 map", 3: "every conv of the module", 4: "computational reason"},
        ),
        (
            "03.why_pool_projection",
            3,
            {1: "stride 1 and padding 1", 2: "the opposite", 4: "their number"},
        ),
    ],
)
def test_why_questions(qid, right, wrong):
    q = question(qid)
    assert len(q.options) == 4 and q.answer == right
    assert check(qid, right).correct and check(qid, "ABCD"[right - 1]).correct
    assert {n for n, _ in q.mistakes} == set(wrong)
    for option, words in wrong.items():
        feedback = check(qid, "ABCD"[option - 1])
        assert not feedback.correct and words in feedback.message


# --- the explorer's pure function -----------------------------------------------------------


def test_reduction_rows_for_3a_are_the_reference_numbers():
    rows = reduction_rows(192, 28, *W3A)
    assert [r.branch for r in rows] == ["branch1", "branch2", "branch3", "branch4", "total"]
    b5, total = rows[2], rows[-1]
    assert (b5.reduced.macs, b5.naive.macs) == (BRANCH_5X5_REDUCED_MACS, BRANCH_5X5_DIRECT_MACS)
    assert (b5.reduced.weights, b5.naive.weights) == (
        BRANCH_5X5_REDUCED_WEIGHTS,
        BRANCH_5X5_DIRECT_WEIGHTS,
    )
    assert (total.reduced.weights, total.reduced.macs, total.reduced.channels) == (
        INCEPTION_3A_WEIGHTS,
        INCEPTION_3A_MACS,
        256,
    )
    assert (total.naive.weights, total.naive.macs, total.naive.channels) == (
        NAIVE_3A_WEIGHTS,
        NAIVE_3A_MACS,
        416,
    )


@pytest.mark.parametrize(
    "c_in,size,widths",
    [(192, 28, W3A), (256, 28, (128, 128, 192, 32, 96, 64)), (7, 5, (1, 2, 3, 4, 5, 6))],
)
def test_reduction_rows_match_closed_forms_and_profile(c_in, size, widths):
    ch1, r3, c3, r5, c5, pp = widths
    rows = reduction_rows(c_in, size, *widths)
    hw = (size, size)
    assert rows[1].reduced.macs == conv_macs(1, c_in, r3, *hw) + conv_macs(3, r3, c3, *hw)
    assert rows[2].reduced.macs == conv_macs(1, c_in, r5, *hw) + conv_macs(5, r5, c5, *hw)
    assert rows[3].reduced.weights == conv_params(1, c_in, pp)
    assert rows[2].naive.params == conv_params(5, c_in, c5, bias=True)
    reduced = profile(Inception(c_in, *widths), (c_in, size, size))
    naive = profile(NaiveInception(c_in, ch1, c3, c5), (c_in, size, size))
    for prof, side in ((reduced, "reduced"), (naive, "naive")):
        groups = prof.group(1)
        for row, group in zip(rows, groups, strict=False):
            cost = getattr(row, side)
            assert (cost.params, cost.macs) == (group.params, group.macs)
            assert cost.channels == group.output_shape[0]
        total = getattr(rows[-1], side)
        assert (total.params, total.macs) == (prof.params, prof.macs)
        assert total.channels == prof.block_shapes["(model)"][0]


def test_reduction_rows_cover_table_1():
    c_in = 192
    for row in INCEPTION_ROWS:
        size = int(row.output.split("×")[0])
        total = reduction_rows(c_in, size, *row.widths)[-1]
        assert f"{size}×{size}×{total.reduced.channels}" == row.output
        c_in = total.reduced.channels


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_reduction_rows_reject_bad_sizes(bad):
    with pytest.raises((ValueError, TypeError)):
        reduction_rows(192, bad, *W3A)
    with pytest.raises((ValueError, TypeError)):
        reduction_rows(bad, 28, *W3A)


def test_reduction_html_has_table_and_bars():
    text = reduction_html(reduction_rows(192, 28, *W3A))
    assert text.count("<tr>") == 6
    assert f"{INCEPTION_3A_MACS:,}" in text and f"{NAIVE_3A_MACS:,}" in text
    assert "width:240px" in text and "2.37× fewer" in text


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = reduction_explorer()
    assert f"{INCEPTION_3A_MACS:,}" in box.output.value
    assert set(box.sliders) == {
        "c_in",
        "size",
        "ch1x1",
        "ch3x3red",
        "ch3x3",
        "ch5x5red",
        "ch5x5",
        "pool_proj",
    }
    box.sliders["ch5x5red"].value = 48
    box.sliders["size"].value = 14
    expected = reduction_rows(192, 14, 64, 96, 128, 48, 32, 32)
    assert f"{expected[2].reduced.macs:,}" in box.output.value
    assert f"{expected[-1].reduced.macs:,}" in box.output.value
    assert f"{INCEPTION_3A_MACS:,}" not in box.output.value
    assert capsys.readouterr().out == ""

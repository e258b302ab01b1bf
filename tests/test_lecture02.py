"""Lecture 02 (naive Inception module): its question bank and its explorer."""

import json
import re
from pathlib import Path

import pytest

from inception_edu import profile
from inception_edu.cost import (
    Fig2Cost,
    NaiveBranch,
    conv_macs,
    conv_output_size,
    conv_params,
    module_total,
    naive_module_rows,
    snowball,
)
from inception_edu.exercises import check, hint, question, questions_for, reveal
from inception_edu.explorers.naive_inception import naive_inception_explorer
from inception_edu.models.googlenet import TABLE_1, NaiveInception

from .golden import INCEPTION_3A_MACS, NAIVE_3A_MACS, NAIVE_3A_WEIGHTS, NAIVE_3B_MACS

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_naive_inception.ipynb"
ANSWERS = {  # in the order the notebook asks them
    "02.naive4a_channels": 928,
    "02.naive4a_macs": 307_077_120,
    "02.pad_7x7": 3,
    "02.modules_over_budget": 3,
    "02.why_snowball": 3,
}
CHOICE = {"02.why_snowball"}
NUMERIC = [qid for qid in ANSWERS if qid not in CHOICE]


def _notebook_cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_lecture02_bank_is_discovered_in_notebook_order():
    # the notebook asks them in this order: tests/test_notebooks.py
    assert [q.qid for q in questions_for("02")] == list(ANSWERS)


def test_answers_are_the_worked_numbers():
    assert {qid: question(qid).answer for qid in ANSWERS} == ANSWERS


def test_answers_follow_from_the_library():
    row = next(r for r in TABLE_1 if r.name == "inception (4a)")
    widths = (row.ch1x1, row.ch3x3, row.ch5x5)
    assert widths == (192, 208, 48)
    before_4a = next(r for r in TABLE_1 if r.output == "14×14×480")  # the pool in front of 4a
    assert TABLE_1.index(before_4a) + 1 == TABLE_1.index(row)
    measured = profile(NaiveInception(480, *widths), (480, 14, 14))
    assert measured.macs == ANSWERS["02.naive4a_macs"]
    assert measured.rows[-1].output_shape[0] == 480
    assert module_total(naive_module_rows(480, *widths, size=14)).channels == 928
    assert conv_output_size(28, 7, padding=ANSWERS["02.pad_7x7"]) == 28
    stack = snowball(192, (64, 128, 32), depth=3, size=28)
    assert stack[1].total_macs <= 1.5e9 < stack[2].total_macs


def test_transfer_answers_are_not_printed_in_the_lecture():
    shown = "\n".join(
        "".join(c["source"]) + "".join("".join(o.get("text", "")) for o in c.get("outputs", []))
        for c in _notebook_cells()
    )
    for number in ("928", "307,077,120", "307077120", "1,972,518,912"):
        assert number not in shown, number


def test_no_reduced_vs_naive_comparison_in_lecture_02():
    """One home per number: the reduced module and its savings belong to lecture 03."""
    text = NOTEBOOK.read_text(encoding="utf-8")
    for number in (f"{INCEPTION_3A_MACS:,}", "304,267,264", "432,316,416", "2.37", "3.91"):
        assert number not in text, number
    reduced_module = re.search(r"(?<!Naive)Inception\((?!\d)", text)  # Inception(192, 64, …)
    assert not reduced_module, "lecture 02 builds no reduced module"
    assert "[lecture 03](03_dimension_reduction.ipynb) fixes this" in text


def test_a_transfer_and_a_why_question():
    assert {q.qid for q in questions_for("02") if q.options} == CHOICE
    q = question("02.why_snowball")
    assert 3 <= len(q.options) <= 4
    assert sorted([int(q.answer), *(int(w) for w, _ in q.mistakes)]) == [1, 2, 3, 4]
    text = "\n".join("".join(c["source"]) for c in _notebook_cells())
    for letter, option in zip("ABCD", q.options, strict=False):
        assert f"**{letter}.** {option}" in text


@pytest.mark.parametrize("qid", ANSWERS)
def test_each_mistake_gets_its_own_message(qid):
    q = question(qid)
    assert len(q.mistakes) >= 2
    wrong_values = [float(w) for w, _ in q.mistakes]
    assert len(set(wrong_values)) == len(wrong_values) and float(q.answer) not in wrong_values
    for wrong, why in q.mistakes:
        feedback = check(qid, wrong)
        assert not feedback.correct and why in feedback.message


def test_specific_mistakes_named_in_the_brief():
    assert "pool" in check("02.naive4a_channels", 448).message
    assert "FLOPs" in check("02.naive4a_macs", 614_154_240).message
    assert "14×14" in check("02.naive4a_macs", 1_228_308_480).message  # 28×28 grid
    assert "480" in check("02.naive4a_macs", 122_830_848).message  # 192 channels in
    assert "area" in check("02.naive4a_macs", 99_348_480).message
    assert "whole number" in check("02.pad_7x7", 2.5).message
    assert "per side" in check("02.pad_7x7", 6).message
    assert "under 1.5 billion" in check("02.modules_over_budget", 2).message
    assert "224 more channels" in check("02.modules_over_budget", 5).message
    assert "do not grow" in check("02.why_snowball", "A").message
    assert "cost, not its channels" in check("02.why_snowball", 2).message
    assert "stacks the outputs" in check("02.why_snowball", "选D").message
    assert check("02.why_snowball", "C").correct and check("02.why_snowball", 3).correct


@pytest.mark.parametrize("qid", ANSWERS)
def test_hint_and_solution(qid):
    q = question(qid)
    assert hint(qid)
    if q.options:
        assert q.options[int(q.answer) - 1] in reveal(qid)
    else:
        assert f"{q.answer:,}" in reveal(qid)


def test_naive_module_rows_follow_the_closed_forms():
    rows = naive_module_rows(192, 64, 128, 32, size=28)
    assert [r.branch for r in rows] == ["1×1 conv", "3×3 conv", "5×5 conv", "3×3 max pool"]
    for row, (k, c) in zip(rows, ((1, 64), (3, 128), (5, 32)), strict=False):
        out = conv_output_size(28, k, padding=k // 2)
        assert out == 28 and row.output == f"{c}×28×28" and row.padding == k // 2
        assert row.weights == conv_params(k, 192, c)
        assert row.params == conv_params(k, 192, c, bias=True)
        assert row.macs == conv_macs(k, 192, c, out, out)
    assert rows[3] == NaiveBranch(
        branch="3×3 max pool", padding=1, channels=192, size=28, weights=0, params=0, macs=0
    )
    assert rows[3].output == "192×28×28"
    total = module_total(rows)
    assert total == Fig2Cost(
        "concat", channels=416, weights=NAIVE_3A_WEIGHTS, params=387_296, macs=NAIVE_3A_MACS
    )


@pytest.mark.parametrize(
    ("c_in", "widths", "size"),
    [
        (192, (64, 128, 32), 28),
        (416, (128, 192, 96), 28),
        (480, (192, 208, 48), 14),
        (5, (3, 2, 1), 9),
    ],
)
def test_naive_module_rows_equal_profile_of_the_module(c_in, widths, size):
    total = module_total(naive_module_rows(c_in, *widths, size=size))
    measured = profile(NaiveInception(c_in, *widths), (c_in, size, size))
    assert (measured.macs, measured.params) == (total.macs, total.params)
    assert measured.rows[-1].output_shape[0] == c_in  # the pool passes c_in through
    assert total.channels == c_in + sum(widths)


def test_snowball_grows_channels_by_the_pass_through():
    stack = snowball(192, [(64, 128, 32), (128, 192, 96)], depth=4, size=28)
    assert [s.c_in for s in stack] == [192, 416, 832, 1248]
    assert [s.c_out for s in stack] == [416, 832, 1248, 1664]
    assert (stack[1].weights, stack[1].macs) == (1_770_496, NAIVE_3B_MACS)
    assert stack[1].total_macs == NAIVE_3A_MACS + NAIVE_3B_MACS
    for s in stack[1:]:  # modules 2, 3, 4 repeat 3b's widths
        module = NaiveInception(s.c_in, 128, 192, 96)
        assert s.macs == profile(module, (s.c_in, 28, 28)).macs
    same = snowball(10, (1, 2, 3), depth=3, size=7)
    assert [s.c_out for s in same] == [16, 22, 28]
    with pytest.raises(ValueError, match="depth"):
        snowball(192, (64, 128, 32), depth=0)


def test_explorer_updates_without_printing(capsys):
    box = naive_inception_explorer()
    assert set(box.sliders) == {"c_in", "ch1x1", "ch3x3", "ch5x5", "size", "depth"}
    assert f"{NAIVE_3A_MACS:,}" in box.output.value
    box.sliders["c_in"].value = 416
    box.sliders["ch1x1"].value = 128
    box.sliders["ch3x3"].value = 192
    box.sliders["ch5x5"].value = 96
    box.sliders["depth"].value = 2
    assert f"{NAIVE_3B_MACS:,}" in box.output.value
    for s in snowball(416, (128, 192, 96), depth=2, size=28):
        assert f"{s.macs:,}" in box.output.value
    box.sliders["size"].value = 14
    assert f"{NAIVE_3B_MACS // 4:,}" in box.output.value
    assert capsys.readouterr().out == ""

"""Lecture 02 (naive Inception module): its question bank and its explorer."""

import pytest

from inception_edu import profile
from inception_edu.cost import conv_macs, conv_output_size, conv_params
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.naive_inception import (
    module_total,
    naive_inception_explorer,
    naive_module_rows,
    snowball,
)
from inception_edu.models.googlenet import NaiveInception

ANSWERS = {
    "02.naive3a_channels": 416,
    "02.naive3a_macs": 303_464_448,
    "02.naive3b_macs": 1_388_068_864,
    "02.pad_5x5": 2,
}


def test_lecture02_bank_is_discovered():
    assert sorted(q.qid for q in questions_for("02")) == sorted(ANSWERS)


def test_answers_are_the_worked_numbers():
    assert {qid: question(qid).answer for qid in ANSWERS} == ANSWERS


@pytest.mark.parametrize("qid", ANSWERS)
def test_each_mistake_gets_its_own_message(qid):
    q = question(qid)
    assert len(q.mistakes) >= 3
    wrong_values = [float(w) for w, _ in q.mistakes]
    assert len(set(wrong_values)) == len(wrong_values) and float(q.answer) not in wrong_values
    for wrong, why in q.mistakes:
        feedback = check(qid, wrong)
        assert not feedback.correct and why in feedback.message


def test_specific_mistakes_named_in_the_brief():
    assert "pool" in check("02.naive3a_channels", 224).message
    assert "FLOPs" in check("02.naive3a_macs", 606_928_896).message
    assert "28×28" in check("02.naive3a_macs", 247_627_776).message  # unpadded 26×26, 24×24
    assert "416" in check("02.naive3b_macs", 640_647_168).message  # 192 channels in
    assert "whole number" in check("02.pad_5x5", 1.5).message


def test_naive_module_rows_follow_the_closed_forms():
    rows = naive_module_rows(192, 64, 128, 32, size=28)
    assert [r["branch"] for r in rows] == ["1×1 conv", "3×3 conv", "5×5 conv", "3×3 max pool"]
    for row, (k, c) in zip(rows, ((1, 64), (3, 128), (5, 32)), strict=False):
        out = conv_output_size(28, k, padding=k // 2)
        assert out == 28 and row["output"] == f"{c}×28×28" and row["padding"] == k // 2
        assert row["weights"] == conv_params(k, 192, c)
        assert row["params"] == conv_params(k, 192, c, bias=True)
        assert row["MACs"] == conv_macs(k, 192, c, out, out)
    assert rows[3] == {
        "branch": "3×3 max pool",
        "padding": 1,
        "output": "192×28×28",
        "channels": 192,
        "weights": 0,
        "params": 0,
        "MACs": 0,
    }
    total = module_total(rows)
    assert total == {"channels": 416, "weights": 387_072, "params": 387_296, "MACs": 303_464_448}


@pytest.mark.parametrize(
    ("c_in", "widths", "size"),
    [(192, (64, 128, 32), 28), (416, (128, 192, 96), 28), (5, (3, 2, 1), 9)],
)
def test_naive_module_rows_equal_profile_of_the_module(c_in, widths, size):
    total = module_total(naive_module_rows(c_in, *widths, size=size))
    measured = profile(NaiveInception(c_in, *widths), (c_in, size, size))
    assert (measured.macs, measured.params) == (total["MACs"], total["params"])
    assert measured.rows[-1].output_shape[0] == c_in  # the pool passes c_in through
    assert total["channels"] == c_in + sum(widths)


def test_snowball_grows_channels_by_the_pass_through():
    stack = snowball(192, [(64, 128, 32), (128, 192, 96)], depth=4, size=28)
    assert [s["c_in"] for s in stack] == [192, 416, 832, 1248]
    assert [s["c_out"] for s in stack] == [416, 832, 1248, 1664]
    assert (stack[1]["weights"], stack[1]["MACs"]) == (1_770_496, 1_388_068_864)
    assert stack[1]["total MACs"] == 303_464_448 + 1_388_068_864
    for s in stack[1:]:  # modules 2, 3, 4 repeat 3b's widths
        module = NaiveInception(s["c_in"], 128, 192, 96)
        assert s["MACs"] == profile(module, (s["c_in"], 28, 28)).macs
    same = snowball(10, (1, 2, 3), depth=3, size=7)
    assert [s["c_out"] for s in same] == [16, 22, 28]
    with pytest.raises(ValueError, match="depth"):
        snowball(192, (64, 128, 32), depth=0)


def test_explorer_updates_without_printing(capsys):
    box = naive_inception_explorer()
    assert set(box.sliders) == {"c_in", "ch1x1", "ch3x3", "ch5x5", "size", "depth"}
    assert "303,464,448" in box.output.value
    box.sliders["c_in"].value = 416
    box.sliders["ch1x1"].value = 128
    box.sliders["ch3x3"].value = 192
    box.sliders["ch5x5"].value = 96
    box.sliders["depth"].value = 2
    assert "1,388,068,864" in box.output.value
    for s in snowball(416, (128, 192, 96), depth=2, size=28):
        assert f"{s['MACs']:,}" in box.output.value
    box.sliders["size"].value = 14
    assert f"{1_388_068_864 // 4:,}" in box.output.value
    assert capsys.readouterr().out == ""

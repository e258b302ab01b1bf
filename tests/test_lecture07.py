"""Lecture 07: the grid-reduction explorer, real modules, Inception-v3's reductions, questions."""

from fractions import Fraction

import pytest
from torch import nn

from inception_edu.cost import conv_macs
from inception_edu.count import profile
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.grid_reduction import (
    OPTIONS,
    grid_reduction_explorer,
    grid_reduction_html,
    grid_reduction_rows,
)
from inception_edu.layers import Concat
from inception_edu.models.inception_v3 import GridReduction17to8, GridReduction35to17

QIDS = ["07.cost_ratio", "07.pool_conv_macs", "07.bottleneck_values"]


def _options(d, k):
    pad = (d + 1) % 2
    return [
        nn.Sequential(nn.Conv2d(k, 2 * k, 3, padding=1, bias=False), nn.MaxPool2d(3, 2, pad)),
        nn.Sequential(nn.MaxPool2d(3, 2, pad), nn.Conv2d(k, 2 * k, 3, padding=1, bias=False)),
        Concat(
            conv=nn.Conv2d(k, k, 3, stride=2, padding=pad, bias=False),
            pool=nn.MaxPool2d(3, 2, pad),
        ),
    ]


def test_reference_numbers():
    rows = grid_reduction_rows(35, 320)
    assert [r["name"] for r in rows] == list(OPTIONS)
    assert [r["MACs"] for r in rows] == [2_257_920_000, 532_684_800, 266_342_400]
    assert rows[0]["intermediate"] == 784_000
    assert rows[1]["narrowest"] == rows[1]["intermediate"] == 92_480
    assert all(r["output"] == 184_960 for r in rows)
    assert [r["bottleneck"] for r in rows] == [False, True, False]
    assert [r["ratio"] for r in rows[1:]] == [2, 1] and f"{float(rows[0]['ratio']):.2f}" == "8.48"


@pytest.mark.parametrize("d", [34, 16, 8])
def test_even_grids_give_exactly_8_2_1(d):
    rows = grid_reduction_rows(d, 12)
    assert [r["ratio"] for r in rows] == [8, 2, 1]
    assert Fraction(rows[0]["MACs"], rows[1]["MACs"]) == 4


@pytest.mark.parametrize("d,k", [(35, 320), (34, 320), (9, 8), (12, 5)])
def test_rows_match_profile_of_real_modules(d, k):
    rows = grid_reduction_rows(d, k)
    for row, module in zip(rows, _options(d, k), strict=True):
        p = profile(module, (k, d, d))
        assert p.macs == row["MACs"]
        assert p.rows[-1].output_shape[-2:] == (d // 2, d // 2)


def test_kernel_argument_and_formulas():
    rows = grid_reduction_rows(17, 768, kernel=1)
    assert rows[0]["MACs"] == conv_macs(1, 768, 1536, 17, 17)
    assert rows[1]["MACs"] == conv_macs(1, 768, 1536, 8, 8)
    assert rows[2]["MACs"] == conv_macs(1, 768, 768, 8, 8)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_rows_reject_bad_arguments(bad):
    for args in ((bad, 8), (8, bad), (8, 8, bad)):
        with pytest.raises(ValueError):
            grid_reduction_rows(*args)
    with pytest.raises(ValueError):
        grid_reduction_rows(1, 8)


def test_v3_reduction_modules():
    a = profile(GridReduction35to17(288), (288, 35, 35))
    b = profile(GridReduction17to8(768), (768, 17, 17))
    assert (a.params, a.macs) == (1_153_280, 401_937_408)
    assert (b.params, b.macs) == (1_698_304, 291_004_416)


def test_html_has_a_row_per_option():
    text = grid_reduction_html(grid_reduction_rows(35, 320))
    assert text.count("<tr>") == 4 and "2,257,920,000" in text and "bottleneck" in text


def test_explorer_updates_without_printing(capsys):
    box = grid_reduction_explorer()
    assert set(box.sliders) == {"d", "k", "kernel"}
    assert "266,342,400" in box.output.value
    box.sliders["d"].value = 17
    box.sliders["k"].value = 768
    assert all(f"{r['MACs']:,}" in box.output.value for r in grid_reduction_rows(17, 768))
    assert "266,342,400" not in box.output.value
    assert capsys.readouterr().out == ""


def test_lecture_07_questions_come_from_the_explorer():
    assert [q.qid for q in questions_for("07")] == QIDS
    rows = grid_reduction_rows(35, 320)
    assert question("07.cost_ratio").answer == 4
    assert question("07.pool_conv_macs").answer == rows[1]["MACs"] == 532_684_800
    assert question("07.bottleneck_values").answer == 92_480


def test_specific_mistakes_named():
    assert "4× the cost" in check("07.cost_ratio", 3).message
    assert "inverted" in check("07.cost_ratio", 0.25).message
    assert "d instead of d/2" in check("07.bottleneck_values", 392_000).message
    assert "FLOPs" in check("07.pool_conv_macs", 2 * 532_684_800).message
    assert "35×35" in check("07.pool_conv_macs", 2_257_920_000).message
    assert "320→320" in check("07.pool_conv_macs", 266_342_400).message

"""Lecture 07: the grid-reduction explorer, real modules, Inception-v3's reductions, questions."""

from fractions import Fraction

import pytest
from torch import nn

from inception_edu.cost import GRID_REDUCTIONS, conv_macs, grid_reduction_rows
from inception_edu.count import profile
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.grid_reduction import grid_reduction_explorer, grid_reduction_html
from inception_edu.layers import Concat
from inception_edu.models.inception_v3 import GridReduction17to8, GridReduction35to17

QIDS = ["07.parallel_why", "07.parallel_macs", "07.odd_grid_ratio"]


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
    assert [r.name for r in rows] == list(GRID_REDUCTIONS)
    assert [r.macs for r in rows] == [2_257_920_000, 532_684_800, 266_342_400]
    assert rows[0].intermediate == 784_000
    assert rows[1].narrowest == rows[1].intermediate == 92_480
    assert all(r.output == 184_960 for r in rows)
    assert [r.bottleneck for r in rows] == [False, True, False]
    assert [r.ratio for r in rows[1:]] == [2, 1] and f"{float(rows[0].ratio):.2f}" == "8.48"


@pytest.mark.parametrize("d", [34, 16, 8])
def test_even_grids_give_exactly_8_2_1(d):
    rows = grid_reduction_rows(d, 12)
    assert [r.ratio for r in rows] == [8, 2, 1]
    assert Fraction(rows[0].macs, rows[1].macs) == 4


@pytest.mark.parametrize("d,k", [(35, 320), (34, 320), (9, 8), (12, 5)])
def test_rows_match_profile_of_real_modules(d, k):
    rows = grid_reduction_rows(d, k)
    for row, module in zip(rows, _options(d, k), strict=True):
        p = profile(module, (k, d, d))
        assert p.macs == row.macs
        assert p.rows[-1].output_shape[-2:] == (d // 2, d // 2)


def test_kernel_argument_and_formulas():
    rows = grid_reduction_rows(17, 768, kernel=1)
    assert rows[0].macs == conv_macs(1, 768, 1536, 17, 17)
    assert rows[1].macs == conv_macs(1, 768, 1536, 8, 8)
    assert rows[2].macs == conv_macs(1, 768, 768, 8, 8)


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
    assert all(f"{r.macs:,}" in box.output.value for r in grid_reduction_rows(17, 768))
    assert "266,342,400" not in box.output.value
    assert capsys.readouterr().out == ""


def test_lecture_07_questions_come_from_the_explorer():
    assert [q.qid for q in questions_for("07")] == QIDS
    rows = grid_reduction_rows(28, 256)
    parallel = profile(_options(28, 256)[2], (256, 28, 28)).macs
    assert question("07.parallel_macs").answer == rows[2].macs == parallel
    assert question("07.parallel_macs").answer == conv_macs(3, 256, 256, 14, 14)
    odd = grid_reduction_rows(71, 192)
    assert question("07.odd_grid_ratio").answer == Fraction(odd[0].macs, odd[2].macs)
    assert question("07.odd_grid_ratio").answer == Fraction(2 * 71**2, 35**2)
    why = question("07.parallel_why")
    assert why.answer == 1 and "full 35×35 input" in why.options[0]


def test_the_why_question_agrees_with_the_rows():
    """Option 1's facts: pool-then-conv squeezes through half the output, the parallel does not,
    and the parallel module has half pool-then-conv's weights."""
    conv_first, pool_first, parallel = grid_reduction_rows(35, 320)
    assert pool_first.bottleneck and not parallel.bottleneck
    assert Fraction(pool_first.narrowest, pool_first.output) == Fraction(1, 2)
    weights = [sum(p.numel() for p in m.parameters()) for m in _options(35, 320)]
    assert weights[2] * 2 == weights[1] == 9 * 320 * 640


def test_specific_mistakes_named():
    assert "twice the answer" in check("07.parallel_macs", 231_211_008).message
    assert "28×28 grid" in check("07.parallel_macs", 462_422_016).message
    assert "conv-then-pool" in check("07.parallel_macs", 924_844_032).message
    assert "kernel area" in check("07.parallel_macs", 12_845_056).message
    assert "only for even d" in check("07.odd_grid_ratio", 8).message
    assert "8.48" in check("07.odd_grid_ratio", "8.48").message
    assert "pool-then-conv" in check("07.odd_grid_ratio", Fraction(71**2, 35**2)).message
    assert check("07.odd_grid_ratio", "8.23").correct
    assert "half the weights" in check("07.parallel_why", "C").message
    assert "stride-2 conv" in check("07.parallel_why", 2).message
    assert check("07.parallel_why", "A").correct

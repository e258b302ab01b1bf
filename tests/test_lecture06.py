"""Lecture 06: questions, the empirical receptive field, the timing helper and the explorer."""

from fractions import Fraction

import pytest
import torch
from torch import nn

from inception_edu.cost import asymmetric_saving, conv_macs, conv_params, factorization_saving
from inception_edu.count import profile
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.factorization import (
    factorization_explorer,
    factorization_html,
    factorization_rows,
)
from inception_edu.layers import conv
from inception_edu.receptive_field import empirical_receptive_field, input_gradient
from inception_edu.timing import time_module, time_pair

QIDS = ["06.two_3x3_saving", "06.ratio_5x5_3x3", "06.asym7_saving", "06.pair7_macs"]


def test_lecture_06_has_its_questions():
    assert [q.qid for q in questions_for("06")] == QIDS


def test_answers_come_from_the_library():
    assert (
        question("06.two_3x3_saving").answer == factorization_saving(5, [3, 3]) == Fraction(7, 25)
    )
    assert question("06.ratio_5x5_3x3").answer == Fraction(25, 9)
    assert question("06.asym7_saving").answer == asymmetric_saving(7) == Fraction(5, 7)
    pair = nn.Sequential(
        conv(192, 192, (1, 7), padding=(0, 3)), conv(192, 192, (7, 1), padding=(3, 0))
    )
    assert question("06.pair7_macs").answer == profile(pair, (192, 17, 17)).macs == 149_151_744


def test_percent_forms_of_the_7x7_saving():
    for form in ["71.4%", 0.714, Fraction(5, 7), 71.4, "71.43%"]:
        assert check("06.asym7_saving", form).correct, form


def test_specific_mistakes_named():
    assert "cost ratio" in check("06.two_3x3_saving", 0.72).message
    assert "cost ratio" in check("06.asym7_saving", "28.6%").message
    assert "2n instead of n²" in check("06.asym7_saving", 1 - 1 / 14).message
    assert "inverted" in check("06.ratio_5x5_3x3", 0.36).message
    assert "FLOPs" in check("06.pair7_macs", 2 * 149_151_744).message
    assert "full 7×7" in check("06.pair7_macs", 522_031_104).message


# --- empirical receptive field ---------------------------------------------------------------


def _pair(k1, k2, c=3, bn=True):
    pad = lambda k: (k[0] // 2, k[1] // 2)  # noqa: E731
    return nn.Sequential(
        conv(c, c, k1, padding=pad(k1), bn=bn), conv(c, c, k2, padding=pad(k2), bn=bn)
    )


@pytest.mark.parametrize(
    "module,expected",
    [
        (conv(3, 3, 5, padding=2), (5, 5)),
        (conv(3, 3, 3, padding=1), (3, 3)),
        (_pair((3, 3), (3, 3)), (5, 5)),
        (_pair((3, 3), (3, 3), bn=False), (5, 5)),
        (_pair((1, 3), (3, 1)), (3, 3)),
        (_pair((1, 7), (7, 1)), (7, 7)),
        (_pair((1, 7), (1, 7)), (1, 13)),
        (nn.Sequential(_pair((3, 3), (3, 3)), _pair((3, 3), (3, 3))), (9, 9)),
        (nn.Conv2d(3, 3, 5), (5, 5)),
    ],
)
def test_empirical_receptive_field_is_exact(module, expected):
    assert empirical_receptive_field(module, (3, 17, 17)) == expected


def test_probe_leaves_the_module_untouched_and_cancellation_cannot_hide_pixels():
    torch.manual_seed(0)
    module = nn.Sequential(nn.Conv2d(2, 2, 3, padding=1), nn.ReLU(), nn.Conv2d(2, 2, 3, padding=1))
    with torch.no_grad():
        module[0].weight[:, :, 1, 1] = 0.0  # a zero or negative weight must not shrink the field
        module[2].weight.neg_()
    before = {k: v.clone() for k, v in module.state_dict().items()}
    assert module.training
    assert empirical_receptive_field(module, (2, 11, 11)) == (5, 5)
    assert module.training
    assert all(torch.equal(before[k], v) for k, v in module.state_dict().items())
    grad = input_gradient(module, (2, 11, 11))
    assert (
        grad.shape == (11, 11) and (grad[3:8, 3:8] > 0).all() and grad.sum() == grad[3:8, 3:8].sum()
    )


def test_receptive_field_rejects_bad_input_sizes():
    with pytest.raises(ValueError):
        empirical_receptive_field(conv(3, 3, 3), (17, 17))


# --- timing -----------------------------------------------------------------------------------


def test_time_pair_reports_positive_medians():
    result = time_pair(
        conv(8, 8, 3, padding=1, bn=False),
        _pair((1, 3), (3, 1), c=8, bn=False),
        (8, 9, 9),
        repeats=2,
    )
    assert set(result) == {"original_s", "replacement_s", "ratio", "device", "repeats"}
    assert result["original_s"] > 0 and result["replacement_s"] > 0 and result["ratio"] > 0
    assert result["device"] == "cpu" and result["repeats"] == 2
    assert time_module(nn.Identity(), torch.ones(1), repeats=1) >= 0


def test_time_pair_rejects_mismatched_outputs_and_bad_repeats():
    with pytest.raises(ValueError):
        time_pair(conv(4, 4, 3, padding=1), conv(4, 4, 3), (4, 9, 9), repeats=1)
    with pytest.raises(ValueError):
        time_pair(conv(4, 4, 3, padding=1), conv(4, 4, 3, padding=1), (4, 9, 9), repeats=0)


# --- the explorer's pure function -----------------------------------------------------------


@pytest.mark.parametrize(
    "n,c_in,c_out,size",
    [(7, 192, 192, 17), (5, 64, 96, 35), (3, 5, 7, 9), (4, 8, 8, 8), (9, 3, 2, 5)],
)
def test_factorization_rows_match_closed_forms(n, c_in, c_out, size):
    rows = factorization_rows(n, c_in, c_out, size)
    hw = (size, size)
    assert rows[0]["MACs"] == conv_macs(n, c_in, c_out, *hw)
    assert rows[0]["weights"] == conv_params(n, c_in, c_out)
    assert rows[1]["name"] == f"1×{n} + {n}×1"
    assert rows[1]["MACs"] == conv_macs((1, n), c_in, c_out, *hw) + conv_macs(
        (n, 1), c_out, c_out, *hw
    )
    if c_in == c_out:
        assert Fraction(rows[1]["MACs"], rows[0]["MACs"]) == Fraction(2, n)
        assert rows[1]["saving"] == pytest.approx(float(asymmetric_saving(n)))
    if n % 2 and n >= 5:
        depth = (n - 1) // 2
        assert len(rows) == 3 and rows[2]["receptive field"] == f"{n}×{n}"
        assert rows[2]["MACs"] == conv_macs(3, c_in, c_out, *hw) + (depth - 1) * conv_macs(
            3, c_out, c_out, *hw
        )
        if c_in == c_out:
            assert Fraction(rows[2]["MACs"], rows[0]["MACs"]) == 1 - factorization_saving(
                n, [3] * depth
            )
    else:
        assert len(rows) == 2
    assert all(r["receptive field"] == f"{n}×{n}" for r in rows)
    sequential = nn.Sequential(
        conv(c_in, c_out, (1, n), padding=(0, n // 2)),
        conv(c_out, c_out, (n, 1), padding=(n // 2, 0)),
    )
    if n % 2:
        assert profile(sequential, (c_in, size, size)).macs == rows[1]["MACs"]


def test_factorization_rows_reference_numbers():
    rows = factorization_rows(7, 192, 192, 17)
    assert [r["MACs"] for r in rows] == [522_031_104, 149_151_744, 287_649_792]
    assert factorization_rows(5, 64, 64, 35)[2]["ratio"] == pytest.approx(0.72)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_factorization_rows_reject_bad_arguments(bad):
    for args in ((bad, 8, 8, 8), (3, bad, 8, 8), (3, 8, bad, 8), (3, 8, 8, bad)):
        with pytest.raises(ValueError):
            factorization_rows(*args)
    with pytest.raises(ValueError):
        factorization_rows(1, 8, 8, 8)


def test_factorization_html_has_a_row_per_replacement():
    text = factorization_html(factorization_rows(7, 192, 192, 17))
    assert text.count("<tr>") == 4 and "522,031,104" in text and "saves 71.4%" in text


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = factorization_explorer()
    assert set(box.sliders) == {"n", "c_in", "c_out", "size"}
    assert "149,151,744" in box.output.value
    box.sliders["n"].value = 5
    box.sliders["c_in"].value = 64
    box.sliders["c_out"].value = 96
    box.sliders["size"].value = 35
    expected = factorization_rows(5, 64, 96, 35)
    assert all(f"{r['MACs']:,}" in box.output.value for r in expected)
    assert "149,151,744" not in box.output.value
    assert capsys.readouterr().out == ""

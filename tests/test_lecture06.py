"""Lecture 06: questions, the empirical receptive field, the timing helper and the explorer."""

from fractions import Fraction

import pytest
import torch
from torch import nn

from inception_edu.cost import (
    asymmetric_saving,
    conv_macs,
    conv_params,
    factorization_rows,
    factorization_saving,
)
from inception_edu.count import profile
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.factorization import factorization_explorer, factorization_html
from inception_edu.layers import conv
from inception_edu.receptive_field import empirical_receptive_field, input_gradient
from inception_edu.timing import time_module, time_pair

QIDS = ["06.relu_why", "06.asym_cin_cout", "06.time_from_rates"]


def test_lecture_06_has_its_questions():
    assert [q.qid for q in questions_for("06")] == QIDS


def test_answers_come_from_the_library():
    rows = factorization_rows(7, 128, 384, 17)
    pair = nn.Sequential(
        conv(128, 384, (1, 7), padding=(0, 3)), conv(384, 384, (7, 1), padding=(3, 0))
    )
    assert profile(pair, (128, 17, 17)).macs == rows[1].macs
    saving = 1 - Fraction(rows[1].macs, rows[0].macs)
    assert question("06.asym_cin_cout").answer == saving == Fraction(3, 7)
    assert question("06.time_from_rates").answer == (1 - asymmetric_saving(7)) * Fraction(12, 5)
    assert question("06.time_from_rates").answer == Fraction(24, 35)
    assert question("06.relu_why").answer == 1 and len(question("06.relu_why").options) == 4


def test_right_answers_pass_in_their_forms():
    for form in ["42.9%", 0.4286, Fraction(3, 7), "3/7", "42.86%"]:
        assert check("06.asym_cin_cout", form).correct, form
    for form in [0.686, "24/35", 0.6857]:
        assert check("06.time_from_rates", form).correct, form
    for form in [1, "A", "(A)", "选A"]:
        assert check("06.relu_why", form).correct, form


def test_each_wrong_option_is_explained():
    expected = {2: "5×5 either way", 3: "no multiply-adds", 4: "trains by backpropagation"}
    for option, words in expected.items():
        feedback = check("06.relu_why", option)
        assert not feedback.correct and words in feedback.message, option
    assert "Fig. 2" in check("06.relu_why", "D").message


def test_specific_mistakes_named():
    assert "only when C_in = C_out" in check("06.asym_cin_cout", "71.4%").message
    assert "cost ratio" in check("06.asym_cin_cout", "57.1%").message
    assert "middle width at C_in" in check("06.asym_cin_cout", 1 - 512 / (7 * 384)).message
    assert "only the 1×7" in check("06.asym_cin_cout", 6 / 7).message
    assert "MAC ratio 2/7" in check("06.time_from_rates", 2 / 7).message
    assert "inverted" in check("06.time_from_rates", 2 / 7 * 5 / 12).message
    assert "rate ratio alone" in check("06.time_from_rates", 2.4).message


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


def test_number_runs_the_module_that_many_times_per_timed_run():
    calls = []

    class Counter(nn.Module):
        def forward(self, x):
            calls.append(1)
            return x

    seconds = time_module(Counter(), torch.ones(1), repeats=3, warmup=1, number=5)
    assert seconds >= 0 and len(calls) == 1 + 3 * 5
    result = time_pair(nn.Identity(), nn.Identity(), (1, 2, 2), repeats=2, warmup=0, number=4)
    assert result["repeats"] == 2 and result["ratio"] > 0
    with pytest.raises(ValueError):
        time_module(nn.Identity(), torch.ones(1), repeats=1, number=0)
    with pytest.raises(ValueError):
        time_pair(nn.Identity(), nn.Identity(), (1, 2, 2), repeats=1, number=0)


def test_process_clock_counts_cpu_time_and_is_cpu_only():
    seconds = time_module(conv(4, 4, 3, padding=1), torch.ones(1, 4, 9, 9), 2, 1, 3, "process")
    assert seconds > 0
    result = time_pair(
        conv(4, 4, 3, padding=1), conv(4, 4, 3, padding=1), (4, 9, 9), 2, clock="process"
    )
    assert result["original_s"] > 0 and result["replacement_s"] > 0
    with pytest.raises(ValueError, match="clock"):
        time_module(nn.Identity(), torch.ones(1), repeats=1, clock="gpu")
    with pytest.raises(ValueError, match="CPU"):
        time_pair(
            nn.Identity(), nn.Identity(), (1, 2, 2), repeats=1, device="meta", clock="process"
        )


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
    assert rows[0].macs == conv_macs(n, c_in, c_out, *hw)
    assert rows[0].weights == conv_params(n, c_in, c_out)
    assert rows[1].name == f"1×{n} + {n}×1"
    assert rows[1].macs == conv_macs((1, n), c_in, c_out, *hw) + conv_macs(
        (n, 1), c_out, c_out, *hw
    )
    if c_in == c_out:
        assert Fraction(rows[1].macs, rows[0].macs) == Fraction(2, n)
        assert rows[1].saving == pytest.approx(float(asymmetric_saving(n)))
    if n % 2 and n >= 5:
        depth = (n - 1) // 2
        assert len(rows) == 3 and rows[2].receptive_field == f"{n}×{n}"
        assert rows[2].macs == conv_macs(3, c_in, c_out, *hw) + (depth - 1) * conv_macs(
            3, c_out, c_out, *hw
        )
        if c_in == c_out:
            assert Fraction(rows[2].macs, rows[0].macs) == 1 - factorization_saving(n, [3] * depth)
    else:
        assert len(rows) == 2
    assert all(r.receptive_field == f"{n}×{n}" for r in rows)
    sequential = nn.Sequential(
        conv(c_in, c_out, (1, n), padding=(0, n // 2)),
        conv(c_out, c_out, (n, 1), padding=(n // 2, 0)),
    )
    if n % 2:
        assert profile(sequential, (c_in, size, size)).macs == rows[1].macs


def test_factorization_rows_reference_numbers():
    rows = factorization_rows(7, 192, 192, 17)
    assert [r.macs for r in rows] == [522_031_104, 149_151_744, 287_649_792]
    assert factorization_rows(5, 64, 64, 35)[2].ratio == pytest.approx(0.72)


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
    assert all(f"{r.macs:,}" in box.output.value for r in expected)
    assert "149,151,744" not in box.output.value
    assert capsys.readouterr().out == ""

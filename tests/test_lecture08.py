"""Lecture 08: its questions' specific mistakes and its explorer (label smoothing, §7)."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torchvision import models as tv

from inception_edu import count_params
from inception_edu.cost import conv_output_size
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.inception_v3 import (
    label_smoothing_explorer,
    label_smoothing_html,
    label_smoothing_summary,
)
from inception_edu.layers import Concat, conv
from inception_edu.losses import smoothed_targets

QIDS = ["08.optimal_gap", "08.fig6_params", "08.aux_params", "08.stem_values"]


def test_lecture_08_has_its_questions():
    assert [q.qid for q in questions_for("08")] == QIDS


def test_answers_are_the_worked_numbers():
    assert question("08.optimal_gap").answer == pytest.approx(math.log(91))
    # Mixed_6b from its layer list: conv weights + BN γ, β (2 per output channel)
    weights = 768 * 192 + (768 * 128 + 7 * 128 * 128 + 7 * 128 * 192)
    weights += 768 * 128 + 3 * 7 * 128 * 128 + 7 * 128 * 192 + 768 * 192
    assert question("08.fig6_params").answer == weights + 2 * 1536 == 1_297_408
    # the aux head, counted on torchvision's own InceptionAux
    theirs = tv.inception_v3(weights=None, aux_logits=True, init_weights=False)
    assert question("08.aux_params").answer == count_params(theirs.AuxLogits) == 3_326_696
    side = 299
    for k, s in ((3, 2), (3, 1)):
        side = conv_output_size(side, k, s)
    side = conv_output_size(side, 3, 1, padding=1)  # Conv2d_2b_3x3 is padded
    side = conv_output_size(side, 3, 2)  # max pool → 73
    side = conv_output_size(conv_output_size(side, 1), 3)  # 1×1 80, 3×3 192 (V) → 71
    side = conv_output_size(side, 3, 2)  # max pool → 35
    assert question("08.stem_values").answer == 192 * side * side == 235_200


def test_unfactorized_mistake_is_the_module_with_7x7s():
    """The 'priced each pair as a 7×7' value equals a real module built with 7×7 convs."""
    square = Concat(
        a=conv(768, 192, 1),
        b=nn.Sequential(conv(768, 128, 1), conv(128, 192, 7, padding=3)),
        c=nn.Sequential(
            conv(768, 128, 1), conv(128, 128, 7, padding=3), conv(128, 192, 7, padding=3)
        ),
        d=nn.Sequential(nn.AvgPool2d(3, 1, 1), conv(768, 192, 1)),
    )
    [value] = [v for v, why in question("08.fig6_params").mistakes if "as one 7×7" in why]
    assert value == count_params(square) == 3_705_088


def test_specific_mistakes_named():
    assert "true class's own share" in check("08.optimal_gap", math.log(90)).message
    assert "K − 1 wrong classes" in check("08.optimal_gap", math.log(81)).message
    assert "not ε" in check("08.optimal_gap", math.log(9)).message
    assert "natural log" in check("08.optimal_gap", 91).message
    assert "log₂" in check("08.optimal_gap", math.log2(91)).message
    assert "K = 1000" in check("08.optimal_gap", 9.105).message
    assert check("08.optimal_gap", 4.51).correct and check("08.optimal_gap", "4.511").correct
    assert "conv weights only" in check("08.fig6_params", 1_294_336).message
    assert "Mixed_6e" in check("08.fig6_params", 2_141_952).message
    assert "Mixed_6c/6d" in check("08.fig6_params", 1_691_008).message
    assert "without BN-auxiliary" in check("08.aux_params", 3_325_928).message
    assert "TF-slim's count" in check("08.aux_params", 3_326_696 - 896).message
    assert "not a 1×1 conv" in check("08.aux_params", 967_400).message
    assert "final linear layer" in check("08.aux_params", 2_557_696).message
    assert "Table 1's input" in check("08.stem_values", 35 * 35 * 288).message
    assert "max pool follows" in check("08.stem_values", 71 * 71 * 192).message
    assert "grid side" in check("08.stem_values", 35).message


# --- the explorer's pure function -----------------------------------------------------------


@pytest.mark.parametrize(("k", "eps"), [(1000, 0.1), (10, 0.1), (2, 0.3), (100, 0.01)])
def test_summary_matches_smoothed_targets_and_the_entropy(k, eps):
    s = label_smoothing_summary(k, eps)
    q = smoothed_targets(torch.tensor([0]), k, eps)[0].double()
    assert s["q_true"] == pytest.approx(q[0].item(), rel=1e-6)
    assert s["q_other"] == pytest.approx(q[1].item(), rel=1e-6)
    assert s["min_loss"] == pytest.approx(-(q * q.log()).sum().item(), rel=1e-5)
    assert s["hard_loss"] == pytest.approx(-math.log(q[0].item()), abs=1e-6)
    assert s["gap"] == pytest.approx(math.log(q[0].item() / q[1].item()), rel=1e-6)


def test_gap_is_where_gradient_descent_on_logits_converges():
    z = torch.zeros(1, 10, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([z], lr=1.0)
    for _ in range(400):
        opt.zero_grad()
        F.cross_entropy(z, torch.tensor([4]), label_smoothing=0.1).backward()
        opt.step()
    others = torch.cat([z[0, :4], z[0, 5:]])
    assert (z[0, 4] - others).detach() == pytest.approx(
        torch.full((9,), label_smoothing_summary(10, 0.1)["gap"], dtype=torch.float64), abs=1e-6
    )


def test_hard_targets_have_no_finite_gap():
    s = label_smoothing_summary(10, 0)
    assert math.isinf(s["gap"]) and s["q_true"] == 1 and s["q_other"] == 0
    assert s["min_loss"] == 0 and s["hard_loss"] == 0
    assert label_smoothing_summary(1000, 0.1)["gap"] == pytest.approx(math.log(9001))


@pytest.mark.parametrize(
    "bad",
    [dict(num_classes=1), dict(num_classes=2.0), dict(num_classes=True), dict(epsilon=1.0)]
    + [dict(epsilon=-0.1), dict(epsilon="0.1"), dict(epsilon=True)],
)
def test_summary_rejects_bad_arguments(bad):
    args = dict(num_classes=10, epsilon=0.1) | bad
    with pytest.raises(ValueError):
        label_smoothing_summary(**args)


def test_html_has_the_numbers():
    text = label_smoothing_html(label_smoothing_summary(1000, 0.1))
    assert "9.105 = log(0.9001 / 0.000100)" in text and "each of 999 others" in text
    assert "1.0148" in text and "∞" in label_smoothing_html(label_smoothing_summary(5, 0.0))


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = label_smoothing_explorer()
    assert set(box.sliders) == {"num_classes", "epsilon_percent"}
    assert "9.105" in box.output.value
    box.sliders["num_classes"].value = 10
    assert "4.511" in box.output.value and "9.105" not in box.output.value
    box.sliders["epsilon_percent"].value = 0
    assert "∞" in box.output.value
    assert capsys.readouterr().out == ""

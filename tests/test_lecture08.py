"""Lecture 08: its questions' specific mistakes and its explorer (label smoothing, §7)."""

import math

import pytest
import timm
import torch
import torch.nn.functional as F
from torch import nn
from torchvision import models as tv

from inception_edu import count_params, load_reference_weights
from inception_edu.cost import conv_output_size
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.inception_v3 import label_smoothing_explorer, label_smoothing_html
from inception_edu.layers import Concat, conv
from inception_edu.losses import label_smoothing_summary, smoothed_targets
from inception_edu.models.inception_v3 import DEVIATIONS, Inception17x17, inception_v3

QIDS = [
    "08.fig6_unfactorized",
    "08.optimal_gap",
    "08.aux_params_10",
    "08.rmsprop_eps_why",
    "08.stem_224",
]


def test_lecture_08_has_its_questions():
    assert [q.qid for q in questions_for("08")] == QIDS


def test_answers_are_the_worked_numbers():
    # ε = 0.2 on 10 classes: q′(y) = 0.82, q′(k) = 0.02
    assert question("08.optimal_gap").answer == pytest.approx(math.log(41))
    # the aux head on torchvision's own InceptionAux, built for 10 classes
    theirs = tv.inception_v3(weights=None, aux_logits=True, init_weights=False, num_classes=10)
    assert question("08.aux_params_10").answer == count_params(theirs.AuxLogits) == 2_565_386
    side = 224
    for k, s in ((3, 2), (3, 1)):
        side = conv_output_size(side, k, s)
    side = conv_output_size(side, 3, 1, padding=1)  # Conv2d_2b_3x3 is padded
    side = conv_output_size(side, 3, 2)  # max pool → 54
    side = conv_output_size(conv_output_size(side, 1), 3)  # 1×1 80, 3×3 192 (V) → 52
    side = conv_output_size(side, 3, 2)  # max pool → 25
    assert question("08.stem_224").answer == 192 * side * side == 120_000
    with torch.no_grad():  # and the released network agrees, layer by layer
        x = torch.zeros(1, 3, 224, 224)
        for name in ("Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "maxpool1"):
            x = getattr(theirs, name)(x)
        for name in ("Conv2d_3b_1x1", "Conv2d_4a_3x3", "maxpool2"):
            x = getattr(theirs, name)(x)
    assert x[0].numel() == 120_000


def test_unfactorized_answer_is_the_module_with_7x7s():
    """The answer equals a real module built with a 7×7 wherever Mixed_6b has a pair."""
    square = Concat(
        a=conv(768, 192, 1),
        b=nn.Sequential(conv(768, 128, 1), conv(128, 192, 7, padding=3)),
        c=nn.Sequential(
            conv(768, 128, 1), conv(128, 128, 7, padding=3), conv(128, 192, 7, padding=3)
        ),
        d=nn.Sequential(nn.AvgPool2d(3, 1, 1), conv(768, 192, 1)),
    )
    assert question("08.fig6_unfactorized").answer == count_params(square) == 3_705_088
    factorized = count_params(Inception17x17(768, 128))
    assert [v for v, why in question("08.fig6_unfactorized").mistakes if "as built" in why] == [
        factorized
    ]


def test_eps_why_answer_is_the_arithmetic():
    """Option 2's claim, computed: with ms → 0, TF's √(ms + ε) and PyTorch's √ms + ε agree
    for ε = 1 and differ by 10⁵ for ε = 1e-10."""
    q = question("08.rmsprop_eps_why")
    assert q.options[q.answer - 1].startswith("where ε dominates")
    for eps, ratio in ((1.0, 1.0), (1e-10, 1e5)):
        tf_den, pt_den = math.sqrt(0.0 + eps), math.sqrt(0.0) + eps
        assert tf_den / pt_den == pytest.approx(ratio)


def test_specific_mistakes_named():
    assert "true class's own share" in check("08.optimal_gap", math.log(40)).message
    assert "K − 1 wrong classes" in check("08.optimal_gap", math.log(36)).message
    assert "not ε" in check("08.optimal_gap", math.log(4)).message
    assert "natural log" in check("08.optimal_gap", 41).message
    assert "log₂" in check("08.optimal_gap", math.log2(41)).message
    assert "paper's ε = 0.1" in check("08.optimal_gap", 4.511).message
    assert "K = 1000" in check("08.optimal_gap", 9.105).message
    assert check("08.optimal_gap", 3.714).correct and check("08.optimal_gap", "3.71").correct
    assert "as built" in check("08.fig6_unfactorized", 1_297_408).message
    assert "middle layer" in check("08.fig6_unfactorized", 3_705_856).message
    assert "conv weights only" in check("08.fig6_unfactorized", 3_702_784).message
    assert "single pair" in check("08.fig6_unfactorized", 2_214_656).message
    assert "49/14" in check("08.fig6_unfactorized", 4_540_928).message
    assert "1000-class head" in check("08.aux_params_10", 3_326_696).message
    assert "without BN-auxiliary" in check("08.aux_params_10", 2_565_386 - 768).message
    assert "TF-slim's count" in check("08.aux_params_10", 2_565_386 - 896).message
    assert "final linear layer" in check("08.aux_params_10", 2_557_696).message
    assert "outside" in check("08.rmsprop_eps_why", "A").message
    assert check("08.rmsprop_eps_why", "B").correct
    assert "299-px trace" in check("08.stem_224", 35 * 35 * 192).message
    assert "Table 1" in check("08.stem_224", 25 * 25 * 288).message
    assert "same' padding" in check("08.stem_224", 28 * 28 * 192).message
    assert "max pool follows" in check("08.stem_224", 52 * 52 * 192).message
    assert "rounds down" in check("08.stem_224", 26 * 26 * 192).message
    assert "grid side" in check("08.stem_224", 25).message


def test_v9_and_v12_are_the_ports_not_tf_slims():
    """The appendix's split: V9 (pools that count the padding) and V12 (a global final pool)
    are torchvision's and timm's, which ours follows. At 160 px, where a fixed 8×8 pool cannot
    run, all three give the same logits from torchvision's weights; counting the padding is what
    makes ours equal to theirs."""
    port = [d for d in DEVIATIONS if d.id in ("V9", "V12")]
    assert all(n in d.reference for d in port for n in ("TF-slim", "torchvision", "timm"))
    g = torch.Generator().manual_seed(0)
    theirs = tv.inception_v3(weights=None, aux_logits=False, init_weights=False).eval()
    for m in theirs.modules():  # BN away from the identity, so a swapped layer would show
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.rand(m.num_features, generator=g) - 0.5)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
    ours = load_reference_weights(inception_v3(), theirs.state_dict()).eval()
    timm_v3 = timm.create_model("inception_v3", pretrained=False).eval()
    timm_v3.load_state_dict(theirs.state_dict())
    x = torch.randn(1, 3, 160, 160, generator=g)
    with torch.no_grad():
        ref = theirs(x)
        assert torch.equal(ours(x), ref) and torch.equal(timm_v3(x), ref)
        with pytest.raises(RuntimeError):
            nn.AvgPool2d(8)(torch.zeros(1, 2048, 3, 3))  # Table 1's / TF-slim's default pool
        for m in ours.modules():
            if isinstance(m, nn.AvgPool2d):
                m.count_include_pad = False  # TF-slim's 'SAME' pooling
        assert not torch.allclose(ours(x), ref)


# --- the explorer's pure function -----------------------------------------------------------


@pytest.mark.parametrize(("k", "eps"), [(1000, 0.1), (10, 0.1), (2, 0.3), (100, 0.01)])
def test_summary_matches_smoothed_targets_and_the_entropy(k, eps):
    s = label_smoothing_summary(k, eps)
    q = smoothed_targets(torch.tensor([0]), k, eps)[0].double()
    assert s.q_true == pytest.approx(q[0].item(), rel=1e-6)
    assert s.q_other == pytest.approx(q[1].item(), rel=1e-6)
    assert s.min_loss == pytest.approx(-(q * q.log()).sum().item(), rel=1e-5)
    assert s.hard_loss == pytest.approx(-math.log(q[0].item()), abs=1e-6)
    assert s.gap == pytest.approx(math.log(q[0].item() / q[1].item()), rel=1e-6)


def test_gap_is_where_gradient_descent_on_logits_converges():
    z = torch.zeros(1, 10, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([z], lr=1.0)
    for _ in range(400):
        opt.zero_grad()
        F.cross_entropy(z, torch.tensor([4]), label_smoothing=0.1).backward()
        opt.step()
    others = torch.cat([z[0, :4], z[0, 5:]])
    assert (z[0, 4] - others).detach() == pytest.approx(
        torch.full((9,), label_smoothing_summary(10, 0.1).gap, dtype=torch.float64), abs=1e-6
    )


def test_hard_targets_have_no_finite_gap():
    s = label_smoothing_summary(10, 0)
    assert math.isinf(s.gap) and s.q_true == 1 and s.q_other == 0
    assert s.min_loss == 0 and s.hard_loss == 0
    assert label_smoothing_summary(1000, 0.1).gap == pytest.approx(math.log(9001))


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

"""BN-Inception (arXiv:1502.03167, Fig. 5): paper and TF-slim builds, counted to the integer."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from inception_edu import count_params, profile
from inception_edu.cost import conv_macs
from inception_edu.models.bn_inception import (
    DEVIATIONS,
    FIG_5,
    INCEPTION_ROWS,
    PAPER_INCONSISTENCIES,
    TF_SLIM_NAMES,
    BNInception,
    BNInceptionNet,
    SeparableConv,
    bn_inception,
    bn_inception_small,
    branch_sum,
)

from .golden import FC_1024_MACS, SMALL_MACS_BUDGET
from .helpers import fvcore_conv_linear

PAPER_OUTPUTS = [256, 320, 576, 576, 576, 608, 608, 1056, 1024, 1024]
TF_SLIM_OUTPUTS = [256, 320, 576, 576, 576, 576, 576, 1024, 1024, 1024]


def block_outputs(model: BNInceptionNet, size: int) -> tuple[list[tuple[int, ...]], object]:
    """(C, H, W) after every Inception module, seen by hooks during one profile() pass."""
    seen: dict[str, tuple[int, ...]] = {}
    hooks = [
        getattr(model, name).register_forward_hook(
            lambda m, i, o, name=name: seen.__setitem__(name, tuple(o.shape[1:]))
        )
        for name in model.block_names
    ]
    prof = profile(model, (model.in_channels, size, size))
    for h in hooks:
        h.remove()
    return [seen[name] for name in model.block_names], prof


def gammas(model: nn.Module) -> int:
    return sum(m.weight.numel() for m in model.modules() if isinstance(m, nn.BatchNorm2d))


def test_paper_build_hits_the_measured_integers():
    model = bn_inception()  # Fig. 5 per-branch numbers, plain 7×7 conv1 (REFERENCE.md §1.4)
    outputs, prof = block_outputs(model, 224)
    assert count_params(model) == prof.params == 11_285_224
    assert prof.conv_macs == 2_031_576_064 and prof.linear_macs == FC_1024_MACS
    assert [c for c, _, _ in outputs] == PAPER_OUTPUTS
    assert [h for _, h, _ in outputs] == [28, 28, 14, 14, 14, 14, 14, 7, 7, 7]
    assert not prof.uncounted and prof.unattributed_macs == 0
    assert gammas(model) == 10_016  # = the Caffe port's redundant conv biases (11,295,240)


def test_tf_slim_build_hits_the_measured_integers_and_the_published_count():
    model = bn_inception(variant="tf_slim", conv1="separable")
    outputs, prof = block_outputs(model, 224)
    assert count_params(model) == 11_188_288  # BN γ and β included
    assert count_params(model) - gammas(model) == 11_178_336  # TF-slim's published count (no γ)
    assert prof.conv_macs == 1_933_833_216
    assert [c for c, _, _ in outputs] == TF_SLIM_OUTPUTS
    assert TF_SLIM_OUTPUTS == [r.printed_channels for r in INCEPTION_ROWS]  # the printed sizes
    # fvcore agrees with our counter on this build too (grouped depthwise conv included)
    assert fvcore_conv_linear(model, torch.randn(1, 3, 224, 224)) == prof.macs


def test_separable_conv1_is_depthwise_x8_then_pointwise():
    sep = bn_inception(conv1="separable").conv1
    assert isinstance(sep, SeparableConv)
    assert sep.depthwise.weight.shape == (24, 1, 7, 7) and sep.depthwise.groups == 3
    assert sep.depthwise.bias is None and sep.pointwise.conv.weight.shape == (64, 24, 1, 1)
    weights = sep.depthwise.weight.numel() + sep.pointwise.conv.weight.numel()
    assert weights == 3 * 49 * 8 + 24 * 64 == 2_712  # vs 7·7·3·64 = 9,408 for the plain conv
    assert count_params(sep) == 2_712 + 2 * 64  # one BN (γ, β), after the pointwise conv only
    assert count_params(bn_inception().conv1) == 9_408 + 2 * 64
    assert [type(m) for m in sep.modules() if isinstance(m, nn.BatchNorm2d | nn.ReLU)] == [
        nn.BatchNorm2d,
        nn.ReLU,
    ]
    rows = {r.name: r for r in profile(sep, (3, 224, 224)).rows}
    assert rows["depthwise"].macs == conv_macs(7, 3, 24, 112, 112, groups=3) == 14_751_744
    assert rows["pointwise.conv"].macs == conv_macs(1, 24, 64, 112, 112) == 19_267_584
    # depthwise: maps 0–7 see input channel 0 only
    sep.eval()
    x = torch.randn(1, 3, 15, 15)
    bumped = x.clone()
    bumped[:, 0] += 1
    with torch.no_grad():
        changed = (sep.depthwise(bumped) - sep.depthwise(x)).abs().amax(dim=(0, 2, 3)) > 0
    assert changed.tolist() == [True] * 8 + [False] * 16


def test_paper_and_tf_slim_differ_only_in_4c_4d_pool_proj_and_downstream_inputs():
    paper = dict(bn_inception().named_parameters())
    slim = dict(bn_inception(variant="tf_slim").named_parameters())
    assert paper.keys() == slim.keys()
    differ = {k for k in paper if paper[k].shape != slim[k].shape}
    first_convs = ("branch1x1.conv", "branch3x3.0.conv", "branch3x3dbl.0.conv")
    expected = {
        "inception4c.branch_pool.1.conv.weight",
        "inception4c.branch_pool.1.bn.weight",
        "inception4c.branch_pool.1.bn.bias",
        *(f"inception4d.{b}.weight" for b in first_convs),  # input 608 vs 576
        "inception4d.branch_pool.1.conv.weight",  # input 608 vs 576 and output 128 vs 96
        "inception4d.branch_pool.1.bn.weight",
        "inception4d.branch_pool.1.bn.bias",
        *(f"inception4e.{b}.weight" for b in first_convs[1:]),  # 4e has no 1×1 branch
        *(f"inception5a.{b}.weight" for b in first_convs),  # input 1056 vs 1024
        "inception5a.branch_pool.1.conv.weight",
    }
    assert differ == expected
    assert paper["inception4c.branch_pool.1.conv.weight"].shape[:2] == (128, 576)
    assert slim["inception4c.branch_pool.1.conv.weight"].shape[:2] == (96, 576)
    assert paper["inception4d.branch_pool.1.conv.weight"].shape[:2] == (128, 608)
    assert slim["inception4d.branch_pool.1.conv.weight"].shape[:2] == (96, 576)
    assert paper["inception5a.branch1x1.conv.weight"].shape[1] == 1056
    assert slim["inception5a.branch1x1.conv.weight"].shape[1] == 1024


def test_fig5_table_builds_the_network_and_its_inconsistencies_are_recorded():
    model = bn_inception()
    c_in, mismatched = 192, []
    for row in INCEPTION_ROWS:
        block = getattr(model, row.name.replace(" (", "").replace(")", ""))
        computed = branch_sum(row, c_in)
        assert block.out_channels == computed
        if computed != row.printed_channels:
            mismatched.append(row.name)
        c_in = computed
    assert mismatched == ["inception (4c)", "inception (4d)", "inception (4e)"]
    recorded = {i.where for i in PAPER_INCONSISTENCIES}
    assert set(mismatched) <= recorded and "§4.2 parameter count" in recorded
    assert {r.pool for r in INCEPTION_ROWS} == {"avg", "max"} and FIG_5[6].proj == 0
    assert TF_SLIM_NAMES["inception (3c)"] == "Mixed_4a" and len(TF_SLIM_NAMES) == 10
    assert [d.id for d in DEVIATIONS] == ["B1", "B2", "B3", "B4", "B5", "B6", "B7"]


def test_module_conventions():
    model = bn_inception()
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert all(c.bias is None for c in convs)  # BN absorbs the bias (§3.2)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert len(bns) == len(convs) and all(b.eps == 1e-3 for b in bns)  # TF-slim eps
    c3 = model.inception3c
    assert "branch1x1" not in c3 and isinstance(c3["branch_pool"], nn.MaxPool2d)
    assert c3["branch3x3"][1].conv.stride == (2, 2) and c3["branch3x3dbl"][2].conv.stride == (2, 2)
    assert c3["branch3x3dbl"][1].conv.stride == (1, 1)
    assert isinstance(model.inception5b["branch_pool"][0], nn.MaxPool2d)
    avg = model.inception5a["branch_pool"][0]
    assert isinstance(avg, nn.AvgPool2d) and avg.count_include_pad is False
    assert model.head.dropout.p == 0.0 and bn_inception(dropout=0.2).head.dropout.p == 0.2


def test_inception_module_alone():
    x = torch.randn(2, 192, 28, 28)
    a3 = BNInception(192, 64, 64, 64, 64, 96, "avg", 32).eval()
    assert a3(x).shape == (2, 256, 28, 28) and a3.out_channels == 256
    c3 = BNInception(320, 0, 128, 160, 64, 96, "max", 0, stride=2).eval()
    for side, half in ((28, 14), (27, 14), (3, 2)):  # towers and pool agree at odd sizes too
        assert c3(torch.randn(1, 320, side, side)).shape == (1, 576, half, half)
    with pytest.raises(ValueError, match="pool must be"):
        BNInception(8, 4, 4, 4, 4, 4, "sum", 4)
    with pytest.raises(ValueError, match="no 1×1 branch"):
        BNInception(8, 4, 4, 4, 4, 4, "max", 0, stride=2)


def test_bn_false_has_conv_biases_and_no_batchnorm():
    for model in (bn_inception(bn=False, conv1="separable"), bn_inception_small(bn=False)):
        assert not any(isinstance(m, nn.BatchNorm2d) for m in model.modules())
        convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
        assert all(c.bias is not None for c in convs if c.groups == 1)
    # each BN's β becomes a conv bias: only the γ go
    assert count_params(bn_inception()) - count_params(bn_inception(bn=False)) == 10_016
    small = bn_inception_small()
    assert count_params(small) - count_params(bn_inception_small(bn=False)) == gammas(small)


@pytest.mark.parametrize(("size", "grids"), [(96, [12, 6, 6, 6, 3, 3]), (32, [8, 4, 4, 4, 2, 2])])
@pytest.mark.parametrize("bn", [True, False])
def test_small_variant_runs_at_96_and_32(size, grids, bn):
    model = bn_inception_small(image_size=size, bn=bn)
    outputs, prof = block_outputs(model, size)
    assert [h for _, h, _ in outputs] == grids  # 32 px: the compact stem halves twice
    assert [c for c, _, _ in outputs] == [96, 192, 216, 216, 384, 384]
    assert model.block_names == (
        "inception3a", "inception3c", "inception4a", "inception4b", "inception4e", "inception5b",
    )  # fmt: skip
    assert 700_000 < prof.params < 1_000_000 and prof.conv_macs < SMALL_MACS_BUDGET
    x = torch.randn(2, 3, size, size)
    model.train()(x).sum().backward()  # trains: BN needs batch > 1, gradients reach conv1
    assert model.conv1.conv.weight.grad is not None
    with torch.no_grad():
        assert model.eval()(x).shape == (2, 10)


def test_min_image_size_and_bad_inputs():
    for model in (bn_inception(num_classes=5), bn_inception_small(image_size=32)):
        model.eval()
        assert model.min_image_size == 1  # every stride-2 layer maps H → ⌈H/2⌉ ≥ 1
        with torch.no_grad():
            for side in (1, 2, 3, 5):
                assert model(torch.randn(1, 3, side, side)).shape[0] == 1
        with pytest.raises(ValueError, match="at least 1×1"):
            model(torch.randn(1, 3, 0, 0))
        with pytest.raises(ValueError, match=r"4-D batch N×3×H×W"):
            model(torch.randn(3, 64, 64))
        with pytest.raises(ValueError, match="expects 3 input channels, got 4"):
            model(torch.randn(1, 4, 64, 64))
    with pytest.raises(ValueError, match="variant"):
        bn_inception(variant="v3")
    with pytest.raises(ValueError, match="conv1"):
        bn_inception(conv1="dilated")

"""Inception-ResNet-v1/v2 (arXiv:1602.07261, Figs. 10–20): IR-v2 equal to timm, IR-v1 equal to
facenet's block counts (REFERENCE.md §1.5), residual scaling applied, inputs checked."""

from __future__ import annotations

import pytest
import timm
import torch
from torch import nn

from inception_edu import count_macs, count_params, load_reference_weights
from inception_edu.layers import Concat, Residual, conv
from inception_edu.models.inception_resnet import (
    DEVIATIONS,
    IR_A_WIDTHS,
    IR_B_WIDTHS,
    InceptionResNetA,
    InceptionResNetB,
    InceptionResNetC,
    InceptionResNetReductionB,
    InceptionResNetV1,
    InceptionResNetV2,
    Mixed5b,
    StemV1,
    StemV2,
    inception_resnet_v1,
    inception_resnet_v1_small,
    inception_resnet_v2,
    inception_resnet_v2_small,
    wide_residual_stack,
)
from inception_edu.models.inception_v4 import REDUCTION_A_KLMN, ReductionA, Stem

from .golden import (
    FACENET_V1_1000WAY_PARAMS,
    FC_1536_MACS,
    FC_1536_PARAMS,
    IR_V1_PARAMS,
    SMALL_MACS_BUDGET,
    STEM_CONV_PARAMS,
)
from .helpers import fvcore_conv_linear, randomize_bn, rel_err

TIMM_IR_V2_PARAMS = 55_843_464  # REFERENCE.md §1.1
IR_V2_CONV_MACS, IR_V2_LINEAR_MACS = 13_154_258_016, FC_1536_MACS  # fvcore at 299 px, §1.2
FACENET_V1_CONV_MACS_299 = 6_306_805_856  # §1.4 (5 + 1 Block8)
BLOCK8_V1_PARAMS = 1_600_768  # §1.5
BLOCK8_V1_MACS_8x8 = 64 * (1792 * 192 * 2 + 192 * 192 * 3 * 2 + 384 * 1792)  # 102,236,160


@pytest.fixture(scope="module")
def v2() -> nn.Module:
    return inception_resnet_v2().eval()


@pytest.fixture(scope="module")
def v1() -> nn.Module:
    return inception_resnet_v1().eval()


# --- Inception-ResNet-v2 as released = timm ---------------------------------------------------


def test_v2_params_equal_timm_live_and_the_published_integer(v2):
    theirs = timm.create_model("inception_resnet_v2", pretrained=False)
    assert count_params(v2) == sum(p.numel() for p in theirs.parameters()) == TIMM_IR_V2_PARAMS


def test_v2_outputs_equal_timm_after_weight_transfer():
    theirs = timm.create_model("inception_resnet_v2", pretrained=False)
    randomize_bn(theirs, seed=5).eval()
    with torch.no_grad():  # random up-projection biases too, so the residual path matters
        for name, p in theirs.named_parameters():
            if name.endswith("conv2d.bias"):
                p.uniform_(-0.5, 0.5)
    ours = load_reference_weights(inception_resnet_v2(), theirs.state_dict()).eval()
    x = torch.randn(2, 3, 107, 107, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        a, b = ours(x), theirs(x)
    # measured: max relative error 0.0 (bitwise equal)
    assert torch.allclose(a, b, rtol=1e-5, atol=1e-5) and rel_err(b, a) <= 1e-5
    assert a.std() > 1e-2


def test_v2_per_block_params_match_timm():  # REFERENCE.md §1.5
    model = inception_resnet_v2()
    stem = {name: count_params(m) for name, m in model.stem.named_children()}
    assert [n for n in stem.values() if n] == [*STEM_CONV_PARAMS, 5_280, 138_624, 268_320]
    assert [count_params(b) for b in model.inception_resnet_a] == [123_168] * 10
    assert count_params(model.reduction_a) == 2_664_960
    assert [count_params(b) for b in model.inception_resnet_b] == [1_126_784] * 20
    assert count_params(model.reduction_b) == 3_880_960
    assert [count_params(b) for b in model.inception_resnet_c] == [2_035_424] * 10
    assert count_params(model.conv2d_7b) == 3_197_952 and count_params(model.head) == FC_1536_PARAMS


def test_v2_macs_at_299_equal_fvcore_and_the_reference_integers(v2):
    ours = count_macs(v2, (3, 299, 299))
    assert ours == IR_V2_CONV_MACS + IR_V2_LINEAR_MACS
    assert fvcore_conv_linear(v2, torch.randn(1, 3, 299, 299)) == ours


def test_v2_widths_add_up_where_the_papers_do_not(v2):  # I3
    assert v2.stem.out_channels == 96 + 64 + 96 + 64 == 320
    assert v2.reduction_a.out_channels == 384 + 384 + 320 == 1088
    assert v2.reduction_b.out_channels == 384 + 288 + 320 + 1088 == 2080
    k, l, m, n = REDUCTION_A_KLMN["inception_resnet_v2"]  # noqa: E741
    assert [c.conv.out_channels for c in v2.reduction_a.branch3x3dbl] == [k, l, m]
    # the paper's Fig. 17 block (1154 outputs) on the 1152 channels Reduction-A gives: no sum
    a, b, c, d = IR_B_WIDTHS["inception_resnet_v2"]
    fig17 = Residual(
        Concat(
            b1=conv(1152, a, 1),
            b2=nn.Sequential(conv(1152, b, 1), conv(b, c, (1, 7), padding="same")),
        ),
        conv(a + c, 1154, 1, bn=False, relu=False),
    ).eval()
    with torch.no_grad(), pytest.raises(RuntimeError, match="1152.*1154|1154.*1152"):
        fig17(torch.randn(1, 1152, 5, 5))


def test_v2_paper_variant_is_the_figures_made_buildable():
    model = inception_resnet_v2(variant="paper").eval()
    assert isinstance(model.stem, Stem) and model.stem.out_channels == 384  # Fig. 3
    assert [len(s) for s in (model.inception_resnet_a, model.inception_resnet_b)] == [5, 10]
    assert len(model.inception_resnet_c) == 5 and isinstance(model.conv2d_7b, nn.Identity)
    assert model.reduction_a.out_channels == 1152 and model.reduction_b.out_channels == 2144
    assert count_params(model) == 32_433_928  # as its docstring states
    with torch.no_grad():
        assert model(torch.randn(1, 3, 75, 75)).shape == (1, 1000)
    with pytest.raises(ValueError, match="variant"):
        inception_resnet_v2(variant="v3")


# --- Inception-ResNet-v1 from the paper -------------------------------------------------------


def test_v1_per_block_params_match_facenet():  # REFERENCE.md §1.5 (facenet-pytorch)
    model = inception_resnet_v1()
    stem = [count_params(m) for m in model.stem if count_params(m)]
    assert stem == [*STEM_CONV_PARAMS, 5_280, 138_624, 442_880]
    assert [count_params(b) for b in model.inception_resnet_a] == [77_440] * 5
    assert count_params(model.reduction_a) == 1_710_080
    assert [count_params(b) for b in model.inception_resnet_b] == [690_048] * 10
    assert count_params(model.reduction_b) == 3_346_176
    assert [count_params(b) for b in model.inception_resnet_c] == [BLOCK8_V1_PARAMS] * 5
    # facenet stacks a 6th (linear) Block8 (R1): its 1000-way build is ours + one block
    assert count_params(model) + BLOCK8_V1_PARAMS == FACENET_V1_1000WAY_PARAMS


def test_v1_macs_at_299_equal_fvcore_and_facenet_minus_one_block(v1):
    ours = count_macs(v1, (3, 299, 299))
    assert ours == FACENET_V1_CONV_MACS_299 - BLOCK8_V1_MACS_8x8 + 1792 * 1000
    assert fvcore_conv_linear(v1, torch.randn(1, 3, 299, 299)) == ours


def test_v1_shapes_follow_fig_15(v1):
    x = torch.randn(1, 3, 299, 299)
    with torch.no_grad():
        x = v1.stem(x)
        assert x.shape == (1, 256, 35, 35)
        x = v1.reduction_a(v1.inception_resnet_a(x))
        assert x.shape == (1, 896, 17, 17)
        x = v1.reduction_b(v1.inception_resnet_b(x))
        assert x.shape == (1, 1792, 8, 8)
    k, l, m, n = REDUCTION_A_KLMN["inception_resnet_v1"]  # noqa: E741
    assert [c.conv.out_channels for c in v1.reduction_a.branch3x3dbl] == [k, l, m]


def test_v1_has_five_ir_c_blocks_the_last_one_linear(v1):  # R1
    blocks = list(v1.inception_resnet_c)
    assert len(blocks) == 5
    assert [b.scale for b in blocks] == [0.20] * 4 + [1.0]
    assert all(isinstance(b.act, nn.ReLU) for b in blocks[:4])
    assert isinstance(blocks[-1].act, nn.Identity)


# --- the residual scaling -----------------------------------------------------------------------


def test_scale_zero_returns_act_of_x():
    block = InceptionResNetA(256, scale=0.0).eval()
    x = torch.randn(2, 256, 9, 9)
    with torch.no_grad():
        assert torch.equal(block(x), torch.relu(x))
        linear = InceptionResNetC(64, (8, 8, 8, 8), scale=0.0, activation=False).eval()
        y = torch.randn(1, 64, 4, 4)
        assert torch.equal(linear(y), y)


@pytest.mark.parametrize("scale", [0.1, 1.0])
def test_scale_multiplies_the_residual_branch(scale):
    block = InceptionResNetB(96, (16, 16, 16, 16), scale=scale).eval()
    x = torch.randn(2, 96, 7, 7)
    with torch.no_grad():
        expected = torch.relu(x + scale * block.up(block.branches(x)))
        assert torch.allclose(block(x), expected, rtol=0, atol=1e-6)
        assert not torch.allclose(block(x), torch.relu(x), atol=1e-3)


def test_scales_are_constructor_arguments():
    model = inception_resnet_v1(scale_a=1.0, scale_b=1.0, scale_c=1.0)
    scales = [b.scale for b in model.modules() if isinstance(b, Residual)]
    assert scales == [1.0] * 20
    default = [b.scale for b in inception_resnet_v2().modules() if isinstance(b, Residual)]
    assert default == [0.17] * 10 + [0.10] * 20 + [0.20] * 9 + [1.0]


def test_up_projection_is_linear_with_bias_and_no_bn(v2):  # I8, R7
    for block in v2.modules():
        if isinstance(block, Residual):
            up = block.up
            assert up.conv.kernel_size == (1, 1) and up.conv.bias is not None
            assert isinstance(up.bn, nn.Identity) and isinstance(up.act, nn.Identity)
    assert "1×1 conv, 128→320 (bias, no BN, linear)" in repr(v2.inception_resnet_a[0])


# --- structure, inputs, small variants --------------------------------------------------------


def test_blocks_are_declared_not_hand_written():
    classes = (InceptionResNetA, InceptionResNetB, InceptionResNetC, InceptionResNetReductionB)
    for cls in (*classes, Mixed5b, StemV1, StemV2):
        assert "forward" not in vars(cls), cls
    assert issubclass(InceptionResNetA, Residual) and issubclass(ReductionA, Concat)


def test_avg_pools_exclude_padding(v2):  # pitfall P11
    pools = [m for m in v2.modules() if isinstance(m, nn.AvgPool2d)]
    assert len(pools) == 1 and not pools[0].count_include_pad


@pytest.mark.parametrize("build", [inception_resnet_v1, inception_resnet_v2])
def test_min_image_size_is_75_and_tight(build):
    model = build().eval()
    assert model.min_image_size == 75
    with torch.no_grad():
        assert model(torch.randn(1, 3, 75, 75)).shape == (1, 1000)
        with pytest.raises(ValueError, match="at least 75×75"):
            model(torch.randn(1, 3, 74, 74))
        model.min_image_size = 1
        with pytest.raises(RuntimeError):
            model(torch.randn(1, 3, 74, 74))


def test_bad_input_is_refused_with_a_message(v1):
    with pytest.raises(ValueError, match=r"4-D batch N×3×H×W.*add a batch dimension"):
        v1(torch.randn(3, 299, 299))
    with pytest.raises(ValueError, match="expects 3 input channels, got 4"):
        v1(torch.randn(1, 4, 299, 299))
    with pytest.raises(ValueError, match="InceptionResNetV1 needs inputs of at least 75×75"):
        v1(torch.randn(1, 3, 60, 60))
    with pytest.raises(TypeError, match="Tensor"):
        v1([[0.0]])


@pytest.mark.parametrize("build", [inception_resnet_v1_small, inception_resnet_v2_small])
@pytest.mark.parametrize("size, min_size", [(32, 25), (96, 75)])
def test_small_variants_run_keep_the_blocks_and_are_cheap(build, size, min_size):
    model = build(image_size=size)
    assert model.train()(torch.randn(2, 3, size, size)).shape == (2, 10)
    macs = count_macs(model, (3, size, size))
    assert macs <= SMALL_MACS_BUDGET  # tests/test_budget.py pins each variant's count
    kinds = {type(m) for m in model.modules()}
    blocks = {InceptionResNetA, InceptionResNetB, InceptionResNetC, InceptionResNetReductionB}
    assert blocks | {ReductionA} <= kinds
    residuals = [m for m in model.modules() if isinstance(m, Residual)]
    assert [r.scale for r in residuals] == [0.17, 0.17, 0.10, 0.10, 0.20, 1.0]
    model.eval()
    assert model.min_image_size == min_size
    with torch.no_grad():
        assert model(torch.randn(1, 3, min_size, min_size)).shape == (1, 10)
        with pytest.raises(ValueError, match=f"at least {min_size}×{min_size}"):
            model(torch.randn(1, 3, min_size - 1, min_size - 1))
        model.min_image_size = 1
        with pytest.raises(RuntimeError):
            model(torch.randn(1, 3, min_size - 1, min_size - 1))


def test_deviations_are_listed_and_documented():
    import inception_edu.models.inception_resnet as mod

    ids = [d.id for d in DEVIATIONS]
    assert ids == [f"I{i}" for i in range(1, 10)] + [f"R{i}" for i in range(1, 8)]
    for d in DEVIATIONS:
        assert f"* {d.id} " in (mod.__doc__ or "")


# --- the pure twin (shortcut=False) and the wide stack of lecture 10 -------------------------


def test_residual_without_shortcut_drops_only_the_x_term():
    block = InceptionResNetA(32, (4, 4, 4, 4, 4, 4), scale=0.5).eval()
    x = torch.randn(2, 32, 5, 5)
    with torch.no_grad():
        branch = 0.5 * block.up(block.branches(x))
        with_x = block(x)
        block.shortcut = False
        without_x = block(x)
    assert torch.equal(with_x, torch.relu(x + branch))
    assert torch.equal(without_x, torch.relu(branch)) and not torch.equal(with_x, without_x)
    assert "no shortcut" in repr(block) and Residual(nn.Identity(), nn.Identity()).shortcut


@pytest.mark.parametrize("build", [inception_resnet_v1_small, inception_resnet_v2_small])
def test_pure_twin_has_the_same_layers_weights_and_cost(build):
    torch.manual_seed(0)
    res = build(image_size=32)
    torch.manual_seed(0)
    pure = build(image_size=32, shortcut=False)
    residuals = [m for m in pure.modules() if isinstance(m, Residual)]
    assert len(residuals) == 6 and not any(b.shortcut for b in residuals)
    assert all(b.shortcut for b in res.modules() if isinstance(b, Residual))
    assert count_params(res) == count_params(pure)
    assert count_macs(res, (3, 32, 32)) == count_macs(pure, (3, 32, 32))
    for (ka, a), (kb, b) in zip(res.state_dict().items(), pure.state_dict().items(), strict=True):
        assert ka == kb and torch.equal(a, b)
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        assert not torch.allclose(res.eval()(x), pure.eval()(x))


def test_full_networks_accept_shortcut_false_and_keep_their_counts():
    v1 = inception_resnet_v1()
    pure_v1 = InceptionResNetV1(shortcut=False)
    assert count_params(pure_v1) == count_params(v1) == IR_V1_PARAMS
    assert not pure_v1.inception_resnet_c[-1].shortcut and v1.shortcut and not pure_v1.shortcut
    pure_v2 = InceptionResNetV2(shortcut=False)
    assert count_params(pure_v2) == TIMM_IR_V2_PARAMS
    assert not any(b.shortcut for b in pure_v2.modules() if isinstance(b, Residual))


def test_wide_residual_stack_shapes_counts_and_scale():
    model = wide_residual_stack(width=64, blocks=3, scale=0.1, in_channels=1, stride=8)
    blocks = list(model.blocks)
    assert len(blocks) == 3 and all(isinstance(b, InceptionResNetA) for b in blocks)
    assert {b.scale for b in blocks} == {0.1} and all(b.shortcut for b in blocks)
    with torch.no_grad():
        h = model.stem(torch.randn(2, 1, 28, 28))
    assert h.shape == (2, 64, 4, 4)  # 28 → 14 → 7 → 4
    assert model.train()(torch.randn(2, 1, 28, 28)).shape == (2, 10)
    # stem conv (9·1·64 weights + BN) + 3 blocks + linear head, from the parts
    block = InceptionResNetA(64, IR_A_WIDTHS["inception_resnet_v1"])
    expected = (9 * 64 + 2 * 64) + 3 * count_params(block) + (64 * 10 + 10)
    assert count_params(model) == expected
    assert (
        count_macs(model, (1, 28, 28))
        == 14 * 14 * 9 * 64 + 3 * count_macs(block, (64, 4, 4)) + 64 * 10
    )


def test_wide_residual_stack_options_and_errors():
    default = wide_residual_stack()
    assert len(default.blocks) == 8 and default.blocks[0].up.conv.out_channels == 1024
    with torch.no_grad():
        assert default.stem(torch.randn(1, 1, 28, 28)).shape == (1, 1024, 4, 4)
    stride4 = wide_residual_stack(width=16, blocks=1, stride=4, in_channels=3)
    with torch.no_grad():
        assert stride4.stem(torch.randn(1, 3, 28, 28)).shape == (1, 16, 7, 7)
    head = wide_residual_stack(width=32, blocks=2, head_width=8)
    assert head.head_conv.conv.kernel_size == (1, 1) and head.head.fc.in_features == 8
    assert isinstance(default.head_conv, nn.Identity)
    pure = wide_residual_stack(width=16, blocks=2, shortcut=False)
    assert not any(b.shortcut for b in pure.blocks)
    for bad in (dict(stride=3), dict(stride=1), dict(blocks=0)):
        with pytest.raises(ValueError):
            wide_residual_stack(**bad)
    with pytest.raises(ValueError, match="expects 1 input channels"):
        default(torch.randn(1, 3, 28, 28))

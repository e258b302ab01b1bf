"""Inception-v4 (arXiv:1602.07261, Figs. 3–9): equal to timm, counted exactly, checked inputs."""

from __future__ import annotations

import pytest
import timm
import torch
from torch import nn

from inception_edu import count_macs, count_params, load_reference_weights
from inception_edu.layers import Concat
from inception_edu.models.inception_v4 import (
    DEVIATIONS,
    REDUCTION_A_KLMN,
    InceptionA,
    InceptionB,
    InceptionC,
    ReductionA,
    ReductionB,
    Stem,
    inception_v4,
    inception_v4_small,
)

from .helpers import fvcore_conv_linear, randomize_bn, rel_err

TIMM_V4_PARAMS = 42_679_816  # REFERENCE.md §1.1
V4_CONV_MACS, V4_LINEAR_MACS = 12_252_438_624, 1_536_000  # fvcore at 299 px, §1.2


@pytest.fixture(scope="module")
def v4() -> nn.Module:
    return inception_v4().eval()


def test_params_equal_timm_live_and_the_published_integer(v4):
    theirs = timm.create_model("inception_v4", pretrained=False)
    assert count_params(v4) == sum(p.numel() for p in theirs.parameters()) == TIMM_V4_PARAMS


def test_outputs_equal_timm_after_weight_transfer(v4):
    theirs = randomize_bn(timm.create_model("inception_v4", pretrained=False), seed=3).eval()
    ours = load_reference_weights(inception_v4(), theirs.state_dict()).eval()  # by position
    x = torch.randn(2, 3, 107, 107, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        a, b = ours(x), theirs(x)
    # measured: max relative error 0.0 (bitwise equal; same ops in the same order)
    assert torch.allclose(a, b, rtol=1e-5, atol=1e-5) and rel_err(b, a) <= 1e-5
    assert a.std() > 0.1  # randomized BN: the logits are not a near-constant


def test_per_block_params_match_timm_features():  # REFERENCE.md §1.5, timm features[i]
    model = inception_v4()
    stem = [count_params(m) for m in model.stem]
    assert stem == [928, 9_280, 18_560, 55_488, 189_312, 332_160]
    assert [count_params(m) for m in model.inception_a] == [317_632] * 4
    assert count_params(model.reduction_a) == 2_306_112
    assert [count_params(m) for m in model.inception_b] == [2_936_256] * 7
    assert count_params(model.reduction_b) == 2_747_392
    assert [count_params(m) for m in model.inception_c] == [4_553_088] * 3
    assert count_params(model.head) == 1_537_000


def test_macs_at_299_equal_fvcore_and_the_reference_integers(v4):
    ours = count_macs(v4, (3, 299, 299))
    assert ours == V4_CONV_MACS + V4_LINEAR_MACS
    assert fvcore_conv_linear(v4, torch.randn(1, 3, 299, 299)) == ours


@pytest.mark.parametrize(
    "name, c_in, c_out",
    [
        ("inception_v4", 384, 1024),
        ("inception_resnet_v1", 256, 896),
        ("inception_resnet_v2", 320, 1088),
    ],
)
def test_reduction_a_widths_from_table_1(name, c_in, c_out):
    k, l, m, n = REDUCTION_A_KLMN[name]  # noqa: E741
    block = ReductionA(c_in, k, l, m, n).eval()
    assert block.out_channels == n + m + c_in == c_out
    with torch.no_grad():
        assert block(torch.randn(1, c_in, 35, 35)).shape == (1, c_out, 17, 17)


def test_network_uses_table_1_and_its_shapes(v4):
    k, l, m, n = REDUCTION_A_KLMN["inception_v4"]  # noqa: E741
    tower = v4.reduction_a.branch3x3dbl
    assert [c.conv.out_channels for c in tower] == [k, l, m]
    assert v4.reduction_a.branch3x3.conv.out_channels == n
    assert v4.stem.out_channels == 384 and v4.num_features == 1536
    x = torch.randn(1, 3, 299, 299)
    with torch.no_grad():
        x = v4.stem(x)
        assert x.shape == (1, 384, 35, 35)
        x = v4.reduction_a(v4.inception_a(x))
        assert x.shape == (1, 1024, 17, 17)
        assert v4.reduction_b(v4.inception_b(x)).shape == (1, 1536, 8, 8)


def test_repr_reads_like_the_paper_boxes():
    text = repr(ReductionA(384, 192, 224, 256, 384))
    assert "3×3 conv, 384→384 (stride 2, V)" in text
    assert "3×3 conv, 224→256 (stride 2, V)" in text and "1×1 conv, 384→192\n" in text


def test_blocks_are_declared_not_hand_written():
    for cls in (Stem, InceptionA, ReductionA, InceptionB, ReductionB, InceptionC):
        assert "forward" not in vars(cls), cls
    assert isinstance(InceptionC().branch3x3[1], Concat)  # nested "expanded filter bank"


def test_avg_pools_exclude_padding_like_tf_and_timm(v4):  # F7, pitfall P11
    pools = [m for m in v4.modules() if isinstance(m, nn.AvgPool2d)]
    assert len(pools) == 4 + 7 + 3 and not any(p.count_include_pad for p in pools)
    block = InceptionA().eval()
    ones = torch.ones(1, 384, 5, 5)
    assert torch.equal(block.branch_pool[0](ones), ones)  # corners stay 1, not 4/9


def test_min_input_size_is_75_and_tight(v4):
    with torch.no_grad():
        assert v4(torch.randn(1, 3, 75, 75)).shape == (1, 1000)
        with pytest.raises(ValueError, match="at least 75×75"):
            v4(torch.randn(1, 3, 74, 74))
        v4.min_input_size = 1  # without the check, 74 px dies inside the network
        try:
            with pytest.raises(RuntimeError):
                v4(torch.randn(1, 3, 74, 74))
        finally:
            del v4.min_input_size
    assert v4.min_input_size == 75


def test_bad_input_is_refused_with_a_message(v4):
    with pytest.raises(ValueError, match=r"4-D batch N×3×H×W.*add a batch dimension"):
        v4(torch.randn(3, 299, 299))
    with pytest.raises(ValueError, match="expects 3 input channels, got 1"):
        v4(torch.randn(1, 1, 299, 299))
    with pytest.raises(ValueError, match="needs inputs of at least 75×75, got 64×80"):
        v4(torch.randn(1, 3, 64, 80))


@pytest.mark.parametrize("size, min_size", [(32, 25), (96, 75)])
def test_small_variant_runs_and_is_cheap(size, min_size):
    model = inception_v4_small(image_size=size)
    out = model.train()(torch.randn(2, 3, size, size))
    assert out.shape == (2, 10)
    assert count_macs(model, (3, size, size)) <= 60_000_000  # the small variants' budget
    assert count_params(model) < 2_000_000  # measured 1,339,490
    kinds = {type(m) for m in model.modules()}
    assert {Stem, InceptionA, ReductionA, InceptionB, ReductionB, InceptionC} <= kinds
    model.eval()
    assert model.min_input_size == min_size
    with torch.no_grad():
        assert model(torch.randn(1, 3, min_size, min_size)).shape == (1, 10)
        with pytest.raises(ValueError, match=f"at least {min_size}×{min_size}"):
            model(torch.randn(1, 3, min_size - 1, min_size - 1))
        model.min_input_size = 1  # the stated minimum is tight
        with pytest.raises(RuntimeError):
            model(torch.randn(1, 3, min_size - 1, min_size - 1))


def test_deviations_are_listed():
    assert [d.id for d in DEVIATIONS] == [f"F{i}" for i in range(1, 9)]
    import inception_edu.models.inception_v4 as mod

    for d in DEVIATIONS:
        assert f"* {d.id} " in (mod.__doc__ or "")

"""Inception-v4 (arXiv:1602.07261, Figs. 3–9): equal to timm, counted exactly, checked inputs,
and each listed deviation of the references from the paper built both ways (F1–F8)."""

from __future__ import annotations

import copy
import inspect

import pytest
import timm
import torch
from torch import nn

from inception_edu import count_macs, count_params, load_reference_weights, profile
from inception_edu.layers import ClassifierHead, Concat, conv, split_1x3_3x1
from inception_edu.models.inception_v3 import AuxHead
from inception_edu.models.inception_v4 import (
    DEVIATIONS,
    REDUCTION_A_KLMN,
    InceptionA,
    InceptionB,
    InceptionC,
    InceptionV4,
    ReductionA,
    ReductionB,
    Stem,
    inception_v4,
    inception_v4_small,
)

from .golden import (
    FC_1536_MACS,
    FC_1536_PARAMS,
    SMALL_MACS_BUDGET,
    SMALL_PARAMS_CEILING,
    STEM_CONV_PARAMS,
    TIMM_V4_PARAMS,
    V4_REDUCTION_A_PARAMS,
)
from .helpers import fvcore_conv_linear, randomize_bn, rel_err

V4_CONV_MACS = 12_252_438_624  # fvcore at 299 px, REFERENCE.md §1.2


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
    assert stem == [*STEM_CONV_PARAMS, 55_488, 189_312, 332_160]
    assert [count_params(m) for m in model.inception_a] == [317_632] * 4
    assert count_params(model.reduction_a) == V4_REDUCTION_A_PARAMS
    assert [count_params(m) for m in model.inception_b] == [2_936_256] * 7
    assert count_params(model.reduction_b) == 2_747_392
    assert [count_params(m) for m in model.inception_c] == [4_553_088] * 3
    assert count_params(model.head) == FC_1536_PARAMS


def test_macs_at_299_equal_fvcore_and_the_reference_integers(v4):
    ours = count_macs(v4, (3, 299, 299))
    assert ours == V4_CONV_MACS + FC_1536_MACS
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


def test_min_image_size_is_75_and_tight(v4):
    with torch.no_grad():
        assert v4(torch.randn(1, 3, 75, 75)).shape == (1, 1000)
        with pytest.raises(ValueError, match="at least 75×75"):
            v4(torch.randn(1, 3, 74, 74))
        v4.min_image_size = 1  # without the check, 74 px dies inside the network
        try:
            with pytest.raises(RuntimeError):
                v4(torch.randn(1, 3, 74, 74))
        finally:
            del v4.min_image_size
    assert v4.min_image_size == 75


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
    assert count_macs(model, (3, size, size)) <= SMALL_MACS_BUDGET
    assert count_params(model) < SMALL_PARAMS_CEILING  # tests/test_budget.py pins the count
    kinds = {type(m) for m in model.modules()}
    assert {Stem, InceptionA, ReductionA, InceptionB, ReductionB, InceptionC} <= kinds
    model.eval()
    assert model.min_image_size == min_size
    with torch.no_grad():
        assert model(torch.randn(1, 3, min_size, min_size)).shape == (1, 10)
        with pytest.raises(ValueError, match=f"at least {min_size}×{min_size}"):
            model(torch.randn(1, 3, min_size - 1, min_size - 1))
        model.min_image_size = 1  # the stated minimum is tight
        with pytest.raises(RuntimeError):
            model(torch.randn(1, 3, min_size - 1, min_size - 1))


def test_deviations_are_listed():
    assert [d.id for d in DEVIATIONS] == [f"F{i}" for i in range(1, 9)]
    import inception_edu.models.inception_v4 as mod

    for d in DEVIATIONS:
        assert f"* {d.id} " in (mod.__doc__ or "")


# --- each listed deviation, built both ways: the paper's reading vs the references' ----------


@pytest.fixture(scope="module")
def timm_v4() -> nn.Module:
    with torch.device("meta"):  # structure only: no weights to initialize
        return timm.create_model("inception_v4", pretrained=False)


def _kernels(module: nn.Module) -> list[tuple[int, int]]:
    return [m.kernel_size for m in module.modules() if isinstance(m, nn.Conv2d)]


def _field(module: nn.Module, c_in: int, size: int = 17) -> tuple[int, int]:
    """Rows × columns of input pixels the centre output pixel depends on (by its gradient)."""
    torch.manual_seed(0)
    x = torch.randn(1, c_in, size, size, requires_grad=True)
    module.eval()(x)[..., size // 2, size // 2].sum().backward()
    hit = x.grad.abs().sum(dim=(0, 1)) > 0
    rows, cols = hit.any(dim=1).nonzero(), hit.any(dim=0).nonzero()
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def test_f1_stem_mixed_5a_conv_needs_the_unprinted_stride_2(v4):
    ours = v4.stem.Mixed_5a
    printed = Concat(branch3x3=conv(192, 192, 3), branch_pool=nn.MaxPool2d(3, stride=2)).eval()
    assert ours.branch3x3.conv.stride == (2, 2) and printed.branch3x3.conv.stride == (1, 1)
    x = torch.randn(1, 192, 71, 71)
    with torch.no_grad():
        assert ours(x).shape == (1, 384, 35, 35)
        assert printed.branch3x3(x).shape[-1] == 69 and printed.branch_pool(x).shape[-1] == 35
        with pytest.raises(RuntimeError):  # Fig. 3 as printed does not concatenate
            printed(x)


def test_f2_inception_b_7x7_branch_sees_7x7_where_the_figure_sees_1x13():
    ours = InceptionB().branch7x7
    printed = nn.Sequential(  # Fig. 5: 1×1 192 → 1×7 224 → 1×7 256
        conv(1024, 192, 1),
        conv(192, 224, (1, 7), padding="same"),
        conv(224, 256, (1, 7), padding="same"),
    )
    assert _kernels(ours) == [(1, 1), (1, 7), (7, 1)]
    assert count_params(ours) == count_params(printed)  # the same cost: only the shape differs
    assert _field(ours, 1024) == (7, 7) and _field(printed, 1024) == (1, 13)


def _f3_pair(where: str) -> tuple[nn.Module, nn.Module, tuple[int, int, int]]:
    """(ours, the figure's order, input C×H×W) at one of F3's three places."""
    if where == "stem":
        ours = Stem().Mixed_4a.branch7x7x3
        figure = nn.Sequential(
            conv(160, 64, 1),
            conv(64, 64, (7, 1), padding="same"),
            conv(64, 64, (1, 7), padding="same"),
            conv(64, 96, 3),
        )
        return ours, figure, (160, 73, 73)
    if where == "inception_b":
        ours = InceptionB().branch7x7dbl
        figure = nn.Sequential(
            conv(1024, 192, 1),
            conv(192, 192, (1, 7), padding="same"),
            conv(192, 224, (7, 1), padding="same"),
            conv(224, 224, (1, 7), padding="same"),
            conv(224, 256, (7, 1), padding="same"),
        )
        return ours, figure, (1024, 17, 17)
    ours = InceptionC().branch3x3dbl
    figure = nn.Sequential(
        conv(1536, 384, 1),
        conv(384, 448, (1, 3), padding="same"),
        conv(448, 512, (3, 1), padding="same"),
        split_1x3_3x1(512, 256),
    )
    return ours, figure, (1536, 8, 8)


@pytest.mark.parametrize(
    "where, ours_kernels",
    [
        ("stem", [(1, 1), (1, 7), (7, 1), (3, 3)]),
        ("inception_b", [(1, 1), (7, 1), (1, 7), (7, 1), (1, 7)]),
        ("inception_c", [(1, 1), (3, 1), (1, 3), (1, 3), (3, 1)]),
    ],
)
def test_f3_swapped_kernel_orders_cost_the_same_but_do_not_map(where, ours_kernels):
    ours, figure, shape = _f3_pair(where)
    assert _kernels(ours) == ours_kernels and _kernels(figure) != ours_kernels
    assert count_params(ours) == count_params(figure)
    assert profile(ours, shape).macs == profile(figure, shape).macs
    with torch.no_grad():
        x = torch.randn(1, *shape)
        assert ours.eval()(x).shape == figure.eval()(x).shape
    # tensor for tensor the same sizes, transposed kernels: TF-slim weights map to one order only
    sizes = [[(p.numel(), p.shape) for p in m.parameters()] for m in (ours, figure)]
    assert [n for n, _ in sizes[0]] == [n for n, _ in sizes[1]]
    assert [s for _, s in sizes[0]] != [s for _, s in sizes[1]]


def test_f4_no_aux_head_tf_slims_adds_3358568_params(v4, timm_v4):
    for model in (v4, timm_v4):  # the paper's Fig. 9, timm: none
        assert not any("aux" in name.lower() for name, _ in model.named_modules())
    assert "aux_logits" not in inspect.signature(InceptionV4).parameters
    # TF-slim's AuxLogits on Mixed_6h: avg pool 5×5/3 → 1×1 128 → 5×5 768 → FC (v3's head)
    tf_slim = AuxHead(1024, 1000).eval()
    gammas = 128 + 768  # our BN has γ and β, TF-slim's β only
    assert count_params(tf_slim) - gammas == 3_358_568
    with torch.no_grad():  # it fits the last Inception-B's 17×17×1024 output (299 px)
        assert tf_slim(torch.randn(1, 1024, 17, 17)).shape == (1, 1000)


def test_f5_tf_slims_1001_classes_put_the_background_at_index_0(v4, timm_v4):
    assert isinstance(v4.head, ClassifierHead) and v4.head.fc.out_features == 1000
    assert timm_v4.num_classes == 1000
    paper, tf_slim = ClassifierHead(1536, 1000).eval(), ClassifierHead(1536, 1001).eval()
    assert count_params(tf_slim) - count_params(paper) == 1536 + 1
    x = torch.randn(2, 1536, 8, 8)
    with torch.no_grad():
        paper.fc.weight.copy_(tf_slim.fc.weight[1:])
        paper.fc.bias.copy_(tf_slim.fc.bias[1:])
        assert torch.allclose(paper(x), tf_slim(x)[:, 1:], atol=1e-6)  # our i = TF-slim's i + 1


def test_f6_dropout_keep_0_8_here_and_in_tf_slim_none_in_timm(v4, timm_v4):
    assert v4.head.dropout.p == pytest.approx(1 - 0.8) and timm_v4.head_drop.p == 0.0
    ours, timms = ClassifierHead(1536, 10, 0.2), ClassifierHead(1536, 10, 0.0)
    timms.load_state_dict(ours.state_dict())
    x = torch.randn(4, 1536, 8, 8)
    with torch.no_grad():
        assert torch.equal(ours.eval()(x), timms.eval()(x))  # eval: dropout is the identity
        torch.manual_seed(0)
        assert not torch.allclose(ours.train()(x), timms.train()(x))  # train: 20% dropped


def test_f7_avg_pools_exclude_padding_counting_it_would_differ(timm_v4):
    pools = [m for m in timm_v4.modules() if isinstance(m, nn.AvgPool2d)]
    assert len(pools) == 4 + 7 + 3 and not any(p.count_include_pad for p in pools)  # timm = TF
    ours = InceptionA().eval()
    counting = copy.deepcopy(ours)
    counting.branch_pool[0].count_include_pad = True  # torchvision's v3 style
    x = torch.randn(1, 384, 7, 7)
    with torch.no_grad():
        a, b = ours(x), counting(x)
    assert not torch.allclose(a[:, 288:], b[:, 288:])  # the pool branch's border differs
    assert torch.allclose(a[..., 1:-1, 1:-1], b[..., 1:-1, 1:-1], atol=1e-6)  # interior agrees
    assert torch.equal(a[:, :288], b[:, :288])  # the other three branches: untouched


def test_f8_output_stride_is_32_with_no_dilated_option():
    with pytest.raises(AssertionError), torch.device("meta"):
        timm.create_model("inception_v4", pretrained=False, output_stride=16)
    assert "output_stride" not in inspect.signature(InceptionV4).parameters
    with torch.device("meta"):  # shapes only
        model = inception_v4().eval()
        sides = []
        for size in (75, 107, 139, 171):
            x = model.stem(torch.empty(1, 3, size, size))
            x = model.reduction_a(model.inception_a(x))
            sides.append(model.inception_c(model.reduction_b(model.inception_b(x))).shape[-1])
    assert sides == [1, 2, 3, 4]  # every 32 more input pixels: one more output pixel

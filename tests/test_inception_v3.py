"""Inception-v3 (arXiv:1512.00567) as released: equal to torchvision and timm, counted exactly,
and each listed deviation from the paper built both ways (V1–V12)."""

import copy

import pytest
import timm
import torch
import torch.nn.functional as F
from torch import nn
from torchvision import models as tv

from inception_edu import AuxOutputs, count_params, load_reference_weights, profile
from inception_edu.layers import conv
from inception_edu.losses import inception_loss
from inception_edu.models.inception_v3 import (
    DEVIATIONS,
    TABLE_1,
    AuxHead,
    GridReduction35to17,
    Inception8x8,
    Inception17x17,
    Inception35x35,
    InceptionV3,
    inception_v3,
    inception_v3_small,
)
from inception_edu.reference import WeightMappingError
from inception_edu.train import RECIPES

from .golden import SMALL_PARAMS_CEILING, TV_V3_AUX_PARAMS, TV_V3_MACS, TV_V3_PARAMS
from .helpers import randomize_bn, rel_err


def test_equals_torchvision_with_aux_head():
    theirs = randomize_bn(tv.inception_v3(aux_logits=True, init_weights=True))
    ours = load_reference_weights(inception_v3(aux_logits=True), theirs.state_dict())
    assert count_params(ours) == count_params(theirs) == TV_V3_AUX_PARAMS
    x = torch.randn(2, 3, 299, 299)
    with torch.no_grad():
        assert rel_err(theirs.eval()(x), ours.eval()(x).logits) <= 1e-5
        torch.manual_seed(0)
        t = theirs.train()(x)
        torch.manual_seed(0)
        o = ours.train()(x)
    assert rel_err(t.logits, o.logits) <= 1e-5 and rel_err(t.aux_logits, o.aux["aux"]) <= 1e-5


def test_equals_timm():
    theirs = randomize_bn(timm.create_model("inception_v3"), seed=1).eval()
    ours = load_reference_weights(inception_v3(), theirs.state_dict()).eval()
    assert count_params(ours) == count_params(theirs) == TV_V3_PARAMS
    x = torch.randn(1, 3, 160, 160)
    with torch.no_grad():
        assert rel_err(theirs(x), ours(x)) <= 1e-5


def test_profile_blocks_match_reference():  # REFERENCE §1.5
    blocks = {b.name: b.params for b in profile(inception_v3(), (3, 299, 299)).group(1)}
    assert blocks["Mixed_5b"] == 255_904 and blocks["Mixed_6e"] == 2_141_952
    assert blocks["Mixed_7c"] == 6_076_800


def test_mismatched_weights_are_refused_with_keys():
    with pytest.raises(WeightMappingError, match="tensors, the reference has"):
        load_reference_weights(inception_v3(aux_logits=True), inception_v3().state_dict())
    with pytest.raises(WeightMappingError, match="shape mismatches"):
        load_reference_weights(inception_v3(num_classes=10), inception_v3().state_dict())


def test_min_image_sizes():
    model = inception_v3(aux_logits=True)
    with pytest.raises(ValueError, match="at least 75×75"):
        model.eval()(torch.randn(1, 3, 74, 74))
    assert model.eval()(torch.randn(1, 3, 75, 75)).logits.shape == (1, 1000)
    with pytest.raises(ValueError, match="at least 299×299 with its aux heads"):
        model.train()(torch.randn(2, 3, 298, 298))


@pytest.mark.parametrize("size", [32, 128])
def test_small_variant(size):
    model = inception_v3_small(image_size=size, aux_logits=True)
    out = model.train()(torch.randn(2, 3, size, size))
    assert isinstance(out, AuxOutputs) and out.aux["aux"].shape == (2, 10)
    assert count_params(model) < SMALL_PARAMS_CEILING
    assert profile(model, (3, size, size)).macs < 250_000_000


# --- lecture 08 additions: Table 1 as printed, the deviations, the factorized_7x7 switch -------


def test_table_1_chain_and_its_one_inconsistency():
    """Each printed input size follows from the row before, except the last stem conv: an
    unpadded 3×3/1 on 35×35 gives 33×33, yet the next row reads 35×35 (REFERENCE §3.5)."""
    from inception_edu.cost import conv_output_size

    stem = TABLE_1[:8]
    consistent = []
    for row, nxt in zip(stem[:-1], stem[1:], strict=True):
        stride = int(row.patch.split("/")[1])
        pad = 1 if "padded" in row.type else 0
        consistent.append(conv_output_size(row.input_size[0], 3, stride, pad) == nxt.input_size[0])
    assert consistent == [True, True, True, True, True, True, False]
    assert TABLE_1[-1].input_size == (1, 1, 1000) and TABLE_1[7].input_size == (35, 35, 288)


def test_deviations_are_v1_to_v12():
    assert [d.id for d in DEVIATIONS] == [f"V{i}" for i in range(1, 13)]
    assert all(d.paper and d.reference and d.source for d in DEVIATIONS)


def test_factorized_7x7_default_keeps_the_release():
    default, explicit = (
        inception_v3(aux_logits=True),
        inception_v3(aux_logits=True, factorized_7x7=True),
    )
    assert list(default.state_dict()) == list(explicit.state_dict())
    assert [v.shape for v in default.state_dict().values()] == [
        v.shape for v in explicit.state_dict().values()
    ]
    assert default.factorized_7x7 and not hasattr(default, "Conv2d_1a_7x7")


def test_unfactorized_stem_one_7x7_same_grid():
    from inception_edu.cost import conv_macs, conv_params

    model = inception_v3(factorized_7x7=False).eval()
    assert not any(hasattr(model, n) for n in ("Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3"))
    with torch.no_grad():
        after_pool = model.maxpool1(model.Conv2d_1a_7x7(torch.zeros(1, 3, 299, 299)))
        assert after_pool.shape == (1, 64, 73, 73)
        assert model(torch.randn(1, 3, 299, 299)).shape == (1, 1000)
    three = conv_params(3, 3, 32) + conv_params(3, 32, 32) + conv_params(3, 32, 64) + 2 * 128
    assert count_params(model) == TV_V3_PARAMS - three + conv_params(7, 3, 64) + 2 * 64
    three_macs = conv_macs(3, 3, 32, 149, 149) + conv_macs(3, 32, 32, 147, 147)
    three_macs += conv_macs(3, 32, 64, 147, 147)
    macs = profile(model, (3, 299, 299)).macs
    assert macs == TV_V3_MACS - three_macs + conv_macs(7, 3, 64, 147, 147)


@pytest.mark.parametrize("size", [32, 128])
def test_small_variant_unfactorized(size):
    model = inception_v3_small(image_size=size, aux_logits=True, factorized_7x7=False)
    out = model.train()(torch.randn(2, 3, size, size))
    assert out.logits.shape == (2, 10) and out.aux["aux"].shape == (2, 10)
    first = model.Conv2d_1a_7x7.conv
    assert first.kernel_size == (7, 7) and first.stride == (2, 2)  # the compact stem keeps it
    assert first.padding == ((3, 3) if size < 75 else (0, 0))  # 'same' in the compact stem


# --- each listed deviation, built both ways: the paper's reading vs the release's ---------------


@pytest.fixture(scope="module")
def release() -> InceptionV3:
    return inception_v3(aux_logits=True).eval()


@pytest.fixture(scope="module")
def tv_v3() -> nn.Module:
    with torch.device("meta"):  # structure only: no weights to initialize
        return tv.inception_v3(aux_logits=True, init_weights=False)


def _kernels(module: nn.Module) -> list[tuple[int, int]]:
    return [m.kernel_size for m in module.modules() if isinstance(m, nn.Conv2d)]


def _channels_and_grid(layers: list[nn.Module], x: torch.Tensor) -> list[tuple[int, int]]:
    """(channels, grid side) after each layer, applied in turn."""
    out = []
    with torch.no_grad():
        for layer in layers:
            x = layer.eval()(x)
            out.append((x.shape[1], x.shape[-1]))
    return out


def test_v1_stem_after_the_first_pool(release):
    x = torch.randn(1, 64, 73, 73)  # after the first max pool
    # Table 1: 3×3 80, 3×3/2 192, 3×3 288 (padded: its next row reads 35×35, not 33×33)
    paper = [conv(64, 80, 3), conv(80, 192, 3, stride=2), conv(192, 288, 3, padding=1)]
    ours = [release.Conv2d_3b_1x1, release.Conv2d_4a_3x3, release.maxpool2]
    assert _channels_and_grid(paper, x) == [(80, 71), (192, 35), (288, 35)]
    assert _channels_and_grid(ours, x) == [(80, 73), (192, 71), (192, 35)]
    assert [r.input_size for r in TABLE_1[5:8]] == [(71, 71, 80), (35, 35, 192), (35, 35, 288)]
    assert _kernels(nn.Sequential(*ours)) == [(1, 1), (3, 3)]  # … and a max pool, no third conv
    assert isinstance(release.maxpool2, nn.MaxPool2d)


def test_v2_35x35_modules_output_256_288_288_not_288_each(release):
    ours = [release.Mixed_5b, release.Mixed_5c, release.Mixed_5d]
    paper = [Inception35x35(192, 64), Inception35x35(288, 64), Inception35x35(288, 64)]
    assert [m.out_channels for m in ours] == [256, 288, 288]
    assert [m.out_channels for m in paper] == [288, 288, 288]
    assert [m.branch_pool[1].conv.out_channels for m in ours] == [32, 64, 64]
    with torch.no_grad():
        x = torch.randn(1, 192, 35, 35)
        assert release.Mixed_5b(x).shape == (1, 256, 35, 35)
        assert paper[0].eval()(x).shape == (1, 288, 35, 35)
    # 32 fewer pool-projection filters in 5b (1×1 + BN), and 32 fewer input channels into 5c's
    # four 1×1 convs (64 + 48 + 64 + 64 filters); 5d is the same either way
    assert count_params(paper[0]) - count_params(ours[0]) == 32 * 192 + 2 * 32
    assert count_params(paper[1]) - count_params(ours[1]) == 32 * (64 + 48 + 64 + 64)
    assert count_params(paper[2]) == count_params(ours[2])


def test_v3_fig5_second_branch_keeps_its_5x5(release):
    ours = release.Mixed_5b.branch5x5
    paper = nn.Sequential(conv(192, 48, 1), conv(48, 64, 3, padding=1))  # Fig. 5: 1×1 → 3×3
    assert _kernels(ours) == [(1, 1), (5, 5)] and _kernels(paper) == [(1, 1), (3, 3)]
    x = torch.randn(1, 192, 35, 35)
    with torch.no_grad():
        assert ours(x).shape == paper.eval()(x).shape == (1, 64, 35, 35)
    assert count_params(ours) - count_params(paper) == (25 - 9) * 48 * 64


def test_v4_four_fig6_modules_at_17x17_five_with_the_reduction():
    with torch.device("meta"):  # shapes only
        model = inception_v3().eval()
        grids = {}
        for name, child in model.named_children():
            child.register_forward_hook(lambda m, i, o, n=name: grids.__setitem__(n, o.shape[-1]))
        model(torch.empty(1, 3, 299, 299))
    at_17 = [name for name, side in grids.items() if side == 17]
    fig6 = [name for name, m in model.named_children() if isinstance(m, Inception17x17)]
    assert fig6 == ["Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"]
    assert at_17 == ["Mixed_6a", *fig6] and isinstance(model.Mixed_6a, GridReduction35to17)
    assert TABLE_1[8].type == "5×Inception" and TABLE_1[8].input_size == (17, 17, 768)
    # Table 1's reading, five Fig. 6 modules: one more 768 → 768 module than the release
    assert len(at_17) == 5 and len(fig6) == 4


def test_v5_table_1_and_the_captions_not_section_6_place_the_figures():
    # Table 1: 35×35 as in Fig. 5, 17×17 Fig. 6, 8×8 Fig. 7; §6's text: 17×17 "figure 5",
    # 8×8 "figure 6". The text is not code; what is: we follow the table, and the two readings
    # would build different modules on the 17×17 grid.
    rows = {r.input_size[0]: r.patch for r in TABLE_1[7:10]}
    assert rows == {35: "As in figure 5", 17: "As in figure 6", 8: "As in figure 7"}
    for cls, figure in ((Inception35x35, "Fig. 5"), (Inception17x17, "Fig. 6")):
        assert (cls.__doc__ or "").startswith(figure)
    assert (Inception8x8.__doc__ or "").startswith("Fig. 7")
    table_reading, text_reading = Inception17x17(768, 192), Inception35x35(768, 64)
    assert {(1, 7), (7, 1)} <= set(_kernels(table_reading))
    assert not {(1, 7), (7, 1)} & set(_kernels(text_reading))


def test_v6_double_7x7_branch_order_costs_the_same_but_does_not_map(release):
    ours = release.Mixed_6b.branch7x7dbl
    c = 128  # Mixed_6b's c7
    paper = nn.Sequential(  # Fig. 6: 1×7 first
        conv(768, c, 1),
        conv(c, c, (1, 7), padding="same"),
        conv(c, c, (7, 1), padding="same"),
        conv(c, c, (1, 7), padding="same"),
        conv(c, 192, (7, 1), padding="same"),
    )
    assert _kernels(ours) == [(1, 1), (7, 1), (1, 7), (7, 1), (1, 7)]
    assert _kernels(paper) == [(1, 1), (1, 7), (7, 1), (1, 7), (7, 1)]
    assert count_params(ours) == count_params(paper)
    assert profile(ours, (768, 17, 17)).macs == profile(paper, (768, 17, 17)).macs
    # tensor for tensor the same sizes but transposed kernels: weights do not map by position
    sizes = [[(p.numel(), p.shape) for p in m.parameters()] for m in (ours, paper)]
    assert [n for n, _ in sizes[0]] == [n for n, _ in sizes[1]]
    assert [s for _, s in sizes[0]] != [s for _, s in sizes[1]]


def test_v7_dropout_before_the_classifier(release, tv_v3):
    assert release.dropout.p == tv_v3.dropout.p == 0.5  # torchvision's
    with torch.device("meta"):
        assert timm.create_model("inception_v3", pretrained=False).head_drop.p == 0.0  # timm's
    paper = inception_v3(dropout=0.0)  # Table 1: no dropout
    features = torch.ones(64, 2048)
    torch.manual_seed(0)
    assert torch.equal(paper.dropout.train()(features), features)
    dropped = F.dropout(features, release.dropout.p, training=True)
    assert 0.3 < (dropped == 0).float().mean() < 0.7 and set(dropped.unique().tolist()) == {0, 2}


def test_v8_bn_auxiliary_normalizes_the_768_layer_that_acts_as_the_fc(release, tv_v3):
    bn_aux, plain = AuxHead(768, 10, bn=True).eval(), AuxHead(768, 10, bn=False).eval()
    assert isinstance(release.AuxLogits.conv1.bn, nn.BatchNorm2d)  # aux_bn=True, the default
    assert isinstance(tv_v3.AuxLogits.conv1.bn, nn.BatchNorm2d)  # torchvision's InceptionAux
    assert isinstance(bn_aux.conv1.bn, nn.BatchNorm2d) and isinstance(plain.conv1.bn, nn.Identity)
    assert count_params(bn_aux) - count_params(plain) == 768  # BN γ, β in place of the bias
    # the 5×5 768 conv on the 5×5 map is the fully connected layer: it equals a Linear …
    x = torch.randn(2, 128, 5, 5)
    fc = nn.Linear(128 * 25, 768, bias=False)
    with torch.no_grad():
        fc.weight.copy_(bn_aux.conv1.conv.weight.flatten(1))
        assert torch.allclose(bn_aux.conv1.conv(x).flatten(1), fc(x.flatten(1)), atol=1e-5)
    # … and the final linear, the logits, is normalized in neither build
    for head in (bn_aux, plain, release.AuxLogits):
        assert list(head.children())[-1] is head.fc and isinstance(head.fc, nn.Linear)
        assert not any(isinstance(m, nn.BatchNorm1d) for m in head.modules())


def test_v9_avg_pools_count_the_padding_tf_slim_would_not(release):
    padded = [m for m in release.modules() if isinstance(m, nn.AvgPool2d) and m.padding]
    assert len(padded) == 3 + 4 + 2 and all(p.count_include_pad for p in padded)
    ours = release.Mixed_5b
    tf_slim = copy.deepcopy(ours)
    tf_slim.branch_pool[0].count_include_pad = False  # TF 'SAME': padding left out
    ones = torch.ones(1, 1, 5, 5)
    assert ours.branch_pool[0](ones)[0, 0, 0, 0] == pytest.approx(4 / 9)  # corner: 4 of 9
    assert tf_slim.branch_pool[0](ones)[0, 0, 0, 0] == 1
    x = torch.randn(1, 192, 9, 9)
    with torch.no_grad():
        a, b = ours(x), tf_slim(x)
    assert not torch.allclose(a[:, 224:], b[:, 224:])  # the pool branch's border
    assert torch.allclose(a[..., 1:-1, 1:-1], b[..., 1:-1, 1:-1], atol=1e-6)  # interior agrees
    assert torch.equal(a[:, :224], b[:, :224])  # the other three branches: untouched


def test_v10_aux_loss_weight_is_the_trainers_not_the_papers():
    # the paper states none; TF-slim's trainer uses 0.4 (our v3 recipe), GoogLeNet's §5 0.3
    weight = RECIPES["inception_v3"].aux_weight
    assert weight == 0.4 and RECIPES["googlenet"].aux_weight == 0.3
    g = torch.Generator().manual_seed(0)
    out = AuxOutputs(torch.randn(4, 10, generator=g), {"aux": torch.randn(4, 10, generator=g)})
    y = torch.tensor([0, 1, 2, 3])
    diff = inception_loss(out, y, weight) - inception_loss(out, y, 0.3)
    assert diff.item() == pytest.approx(0.1 * F.cross_entropy(out.aux["aux"], y).item())


def test_v11_the_convs_tf_slim_scopes_1x1_are_3x3_stride_2(release):
    # TF-slim names both Mixed_6a/Branch_*/Conv2d_1a_1x1; a name cannot be built both ways, so
    # check what the name hides, and that nothing here maps weights by it
    tf_scope_kernel = "Conv2d_1a_1x1".rsplit("_", 1)[1]
    units = (release.Mixed_6a.branch3x3, release.Mixed_6a.branch3x3dbl[-1])
    for unit in units:
        kh, kw = unit.conv.kernel_size
        assert (kh, kw, unit.conv.stride) == (3, 3, (2, 2)) and f"{kh}x{kw}" != tf_scope_kernel
    assert [unit.conv.out_channels for unit in units] == [384, 96]


def test_v12_global_pool_versus_fixed_8x8_and_the_fixed_aux_pool(release):
    fixed = nn.AvgPool2d(8)  # Table 1 and TF-slim's default
    x8, x16 = torch.randn(1, 2048, 8, 8), torch.randn(1, 2048, 16, 16)
    assert isinstance(release.avgpool, nn.AdaptiveAvgPool2d)
    assert torch.allclose(release.avgpool(x8), fixed(x8), atol=1e-6)  # 299 px: the same numbers
    # a larger input (16×16 map, ≈ 555 px): a vector from the global pool, a grid from the fixed
    assert release.avgpool(x16).shape == (1, 2048, 1, 1) and fixed(x16).shape == (1, 2048, 2, 2)
    aux = release.AuxLogits  # fixed 5×5/3 pool: needs the 17×17 map of a 299-px input
    assert isinstance(aux.pool, nn.AvgPool2d) and (aux.pool.kernel_size, aux.pool.stride) == (5, 3)
    with torch.no_grad():
        assert aux(torch.randn(1, 768, 17, 17)).shape == (1, 1000)
        with pytest.raises(RuntimeError):
            aux(torch.randn(1, 768, 16, 16))  # 298 px
        # the small variants pool adaptively (TF-slim instead shrinks the 5×5 conv after it)
        shrunk = AuxHead(768, 1000, adaptive=True).eval()
        assert shrunk(torch.randn(1, 768, 16, 16)).shape == (1, 1000)
    assert release.min_aux_image_size == 299

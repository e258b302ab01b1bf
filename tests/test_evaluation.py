"""Crop schemes, multi-crop averaging, ensembles and their cost (inception_edu.evaluation)."""

import matplotlib
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torchvision.transforms.v2 import functional as TF

from inception_edu import build_model, count_macs, count_params
from inception_edu.evaluation import (
    GOOGLENET_TABLE3,
    PAPER_IMAGENET,
    PAPER_SCALES,
    SCHEMES,
    Crop,
    center_crop,
    distinct,
    ensemble,
    evaluation_cost,
    extract_crops,
    googlenet_144,
    measured_row,
    multi_crop,
    predict,
    scaled_shape,
    source_images,
    ten_crop,
    window_offsets,
    working_scales,
)

from .golden import TABLE_1_MACS

matplotlib.use("Agg")

SHAPES = [(224, 224), (240, 320), (320, 240), (375, 500), (500, 333)]


# --- geometry --------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("size", [96, 224])
def test_counts_and_boxes_inside_the_image(shape, size):
    for scheme, count in ((center_crop, 1), (ten_crop, 10), (googlenet_144, 144)):
        crops = scheme(*shape, size)
        assert len(crops) == count
        for c in crops:
            h, w = c.resize
            top, left, bh, bw = c.box
            assert 0 <= top and 0 <= left and top + bh <= h and left + bw <= w, c
            assert c.size == size and bh == bw  # squares only
            assert min(c.resize) in working_scales(size)  # the shorter side is a scale


@pytest.mark.parametrize("shape", SHAPES)
def test_mirror_pairs(shape):
    for crops in (ten_crop(*shape, 96), googlenet_144(*shape, 96)):
        half = len(crops) // 2
        assert not any(c.mirror for c in crops[:half]) and all(c.mirror for c in crops[half:])
        assert [c.mirrored() for c in crops[:half]] == crops[half:]


def test_144_is_4_scales_3_squares_6_crops_2_mirrors():
    crops = googlenet_144(375, 500, 224)
    assert sorted({min(c.resize) for c in crops}) == list(PAPER_SCALES)
    per_scale = [c for c in crops if min(c.resize) == 256 and not c.mirror]
    assert len(per_scale) == 3 * 6
    squares = [c.box for c in per_scale if c.box[2] != 224]  # the whole squares
    assert squares == [(0, 0, 256, 256), (0, 42, 256, 256), (0, 85, 256, 256)]  # 256×341
    assert sum(c.box[2] == 224 for c in per_scale) == 3 * 5
    # a non-square image has 144 different crops; a square one only 48 (squares coincide)
    assert distinct(crops) == 144 and distinct(googlenet_144(224, 224, 96)) == 48


def test_exact_boxes_of_a_small_landscape_example():
    # 8×12 image, 4×4 crops, one scale with shorter side 6 → resized to 6×9; squares of side 6
    # at left 0, (9-6)//2 = 1 and 9-6 = 3; in each: corners, center (offset (6-4)//2 = 1),
    # the whole square; then the mirrors.
    crops = multi_crop(8, 12, 4, shorter_sides=(6,))
    expected = []
    for left in (0, 1, 3):
        expected += [
            (0, left + 0, 4, 4), (0, left + 2, 4, 4), (2, left + 0, 4, 4), (2, left + 2, 4, 4),
            (1, left + 1, 4, 4),
            (0, left, 6, 6),
        ]  # fmt: skip
    assert [c.box for c in crops] == expected * 2
    assert {c.resize for c in crops} == {(6, 9)} and {c.size for c in crops} == {4}
    # portrait: top, center and bottom squares
    portrait = multi_crop(12, 8, 4, shorter_sides=(6,), mirror=False)
    expected = []
    for top in (0, 1, 3):
        expected += [
            (top + 0, 0, 4, 4), (top + 0, 2, 4, 4), (top + 2, 0, 4, 4), (top + 2, 2, 4, 4),
            (top + 1, 1, 4, 4),
            (top, 0, 6, 6),
        ]  # fmt: skip
    assert [c.box for c in portrait] == expected and portrait[0].resize == (9, 6)


def test_exact_boxes_at_the_papers_size():
    one = center_crop(224, 224, 224)
    assert one == [Crop((256, 256), (16, 16, 224, 224), 224)]
    ten = ten_crop(224, 224, 224)
    assert [c.box[:2] for c in ten[:5]] == [(0, 0), (0, 32), (32, 0), (32, 32), (16, 16)]
    crops = googlenet_144(224, 224, 224)
    biggest = [c for c in crops if c.resize == (352, 352) and not c.mirror][:6]
    assert [c.box for c in biggest] == [
        (0, 0, 224, 224), (0, 128, 224, 224), (128, 0, 224, 224), (128, 128, 224, 224),
        (64, 64, 224, 224), (0, 0, 352, 352),
    ]  # fmt: skip


def test_scales_and_shapes():
    assert working_scales(224) == PAPER_SCALES
    assert working_scales(112) == (128, 144, 160, 176)
    assert working_scales(96) == (110, 123, 137, 151)  # 256·96/224 = 109.7 …
    assert scaled_shape(375, 500, 256) == (256, 341) and scaled_shape(500, 375, 256) == (341, 256)
    assert window_offsets(341, 256, 3) == [0, 42, 85] and window_offsets(10, 4, 1) == [3]
    assert window_offsets(256, 256, 3) == [0, 0, 0]


def test_bad_geometry_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        center_crop(224, 224, 96, resize=64)
    with pytest.raises(ValueError, match="must be an int ≥ 1, got 0"):
        ten_crop(224, 224, 0)
    with pytest.raises(ValueError, match="does not fit"):
        window_offsets(10, 12, 2)


# --- cutting crops ---------------------------------------------------------------------------


def test_extract_crops_slices_flips_and_resizes():
    x = torch.randn(2, 3, 8, 12)
    plain = Crop((8, 12), (1, 2, 4, 4), 4)
    got = extract_crops(x, [plain, plain.mirrored()])
    assert got.shape == (2, 2, 3, 4, 4)
    assert torch.equal(got[:, 0], x[:, :, 1:5, 2:6])  # no resize: an exact slice
    assert torch.equal(got[:, 1], x[:, :, 1:5, 2:6].flip(-1))
    whole = extract_crops(x, [Crop((8, 12), (0, 0, 8, 8), 4)])[:, 0]
    expected = F.interpolate(x[..., :8], size=(4, 4), mode="bilinear", antialias=True)
    assert torch.allclose(whole, expected)


def test_ten_crop_equals_torchvisions_ten_crop():
    x = torch.randn(2, 3, 40, 40)
    crops = ten_crop(40, 40, 32, resize=48)
    ours = extract_crops(x, crops)
    resized = F.interpolate(x, size=(48, 48), mode="bilinear", antialias=True)
    theirs = torch.stack(TF.ten_crop(resized, [32, 32]), dim=1)
    # torchvision's last five are the crops of the mirrored image: the same crops, mirrored,
    # with left and right corners swapped
    assert torch.equal(ours, theirs[:, [0, 1, 2, 3, 4, 6, 5, 8, 7, 9]])


# --- predictions -----------------------------------------------------------------------------


class LeftRight(nn.Module):
    """Two logits: the mean of the left half and of the right half of channel 0."""

    def forward(self, x):
        w = x.shape[-1] // 2
        return torch.stack([x[:, 0, :, :w].mean((1, 2)), x[:, 0, :, w:].mean((1, 2))], 1) * 10


class Mirrored(nn.Module):
    """A model that only ever sees the mirror image of its input."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x.flip(-1))


def tiny_net(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(8, 5),
    )  # fmt: skip


def test_mirrors_cancel_a_left_right_model():
    x = torch.zeros(3, 3, 40, 40)
    x[:, :, :, :20] = 1.0  # bright left half
    one = predict(LeftRight(), x, "1 crop", 32, device="cpu", macs=1)
    assert (one.probs[:, 0] > 0.99).all()  # without mirrors the model sees "left"
    two = predict(LeftRight(), x, "10 crops", 32, device="cpu", macs=1)
    assert torch.allclose(two.probs, torch.full_like(two.probs, 0.5))  # mirrors balance it


def test_a_model_that_sees_its_mirror_image_agrees_once_mirrors_are_averaged():
    x = torch.randn(4, 3, 40, 52)
    net = tiny_net()
    a = predict(net, x, "1 crop", 32, device="cpu")
    b = predict(Mirrored(net), x, "1 crop", 32, device="cpu")
    assert not torch.allclose(a.probs, b.probs, atol=1e-6)  # one crop: it sees another image
    for scheme in ("10 crops", "144 crops"):
        a = predict(net, x, scheme, 32, device="cpu")
        b = predict(Mirrored(net), x, scheme, 32, device="cpu")
        assert torch.allclose(a.probs, b.probs, atol=1e-6)


def test_averaging_equals_manual_averaging_of_softmax():
    x = torch.randn(3, 3, 40, 40)
    net = tiny_net().eval()
    with torch.no_grad():
        net[-1].weight.mul_(50)  # confident logits, so probabilities and logits average apart
    scheme = lambda h, w, s: ten_crop(h, w, s, resize=36)  # noqa: E731  (even margins)
    pred = predict(net, x, scheme, 32, device="cpu", batch_size=7)
    resized = F.interpolate(x, size=(36, 36), mode="bilinear", antialias=True)
    with torch.no_grad():
        manual = torch.stack([net(c).softmax(1) for c in TF.ten_crop(resized, [32, 32])]).mean(0)
    assert torch.allclose(pred.probs, manual, atol=1e-6)
    assert pred.passes == 10 and pred.macs == 10 * count_macs(net, (3, 32, 32))
    with torch.no_grad():  # probabilities, not logits: averaging logits gives another answer
        logits = torch.stack([net(c) for c in TF.ten_crop(resized, [32, 32])]).mean(0)
    assert not torch.allclose(pred.probs, logits.softmax(1), atol=1e-3)


def test_coinciding_crops_count_as_often_as_they_occur():
    x = torch.randn(2, 3, 40, 40)  # square: the three squares coincide
    net = tiny_net().eval()
    pred = predict(net, x, "144 crops", 32, device="cpu")
    crops = googlenet_144(40, 40, 32)
    with torch.no_grad():
        every = extract_crops(x, crops)  # all 144, duplicates included
        manual = net(every.flatten(0, 1)).softmax(1).view(2, 144, -1).mean(1)
    assert torch.allclose(pred.probs, manual, atol=1e-6)
    assert pred.passes == 144 and pred.distinct_passes == 48


def test_images_of_different_sizes_are_grouped():
    net = tiny_net().eval()
    a, b = torch.randn(3, 40, 52), torch.randn(3, 52, 40)
    both = predict(net, [a, b, a], "10 crops", 32, device="cpu")
    alone = predict(net, b[None], "10 crops", 32, device="cpu")
    assert torch.allclose(both.probs[1], alone.probs[0], atol=1e-6)
    assert torch.allclose(both.probs[0], both.probs[2])


def test_ensemble_of_identical_models_equals_one_model():
    x = torch.randn(3, 3, 40, 40)
    one = predict(tiny_net(), x, "10 crops", 32, device="cpu")
    three = ensemble([one, predict(tiny_net(), x, "10 crops", 32, device="cpu"), one])
    assert torch.allclose(three.probs, one.probs, atol=1e-7)
    assert (three.passes, three.macs) == (3 * one.passes, 3 * one.macs)


def test_ensemble_is_the_mean_over_models_and_crops():
    x = torch.randn(2, 3, 40, 40)
    nets = [tiny_net(s).eval() for s in (0, 1)]
    scheme = lambda h, w, s: ten_crop(h, w, s, resize=36)  # noqa: E731
    ens = ensemble([predict(n, x, scheme, 32, device="cpu") for n in nets])
    resized = F.interpolate(x, size=(36, 36), mode="bilinear", antialias=True)
    with torch.no_grad():
        all_pairs = [n(c).softmax(1) for n in nets for c in TF.ten_crop(resized, [32, 32])]
    assert torch.allclose(ens.probs, torch.stack(all_pairs).mean(0), atol=1e-6)
    assert not torch.allclose(ens.probs, predict(nets[0], x, "10 crops", 32, device="cpu").probs)


def test_top1_and_nll():
    class Always2(nn.Module):
        def forward(self, x):
            out = torch.zeros(len(x), 4)
            out[:, 2] = 5.0
            return out

    x = torch.randn(4, 3, 40, 40)
    labels = torch.tensor([2, 0, 2, 1])
    pred = predict(Always2(), x, "1 crop", 32, device="cpu", macs=0)
    assert pred.top1(labels) == 0.5
    p2 = torch.tensor(5.0).exp() / (torch.tensor(5.0).exp() + 3)
    expected = -(2 * p2.log() + 2 * ((1 - p2) / 3).log()) / 4
    assert pred.nll(labels) == pytest.approx(expected.item(), rel=1e-5)


def test_training_mode_is_restored_and_aux_outputs_are_read():
    net = build_model("inception_v3_small", num_classes=10, image_size=96, aux_logits=True)
    net.train()
    pred = predict(net, torch.randn(2, 3, 110, 110), "1 crop", 96, device="cpu")
    assert net.training and pred.probs.shape == (2, 10)
    assert torch.allclose(pred.probs.sum(1), torch.ones(2))


# --- cost and tables -------------------------------------------------------------------------


def test_evaluation_cost():
    assert evaluation_cost(144, [TABLE_1_MACS] * 7) == {
        "passes": 1008,
        "macs": 1008 * TABLE_1_MACS,
    }
    assert evaluation_cost(10, [3, 5]) == {"passes": 20, "macs": 80}
    with pytest.raises(ValueError):
        evaluation_cost(0, [1])


def test_schemes_table():
    assert list(SCHEMES) == ["1 crop", "10 crops", "144 crops"]
    assert [len(f(224, 224, 96)) for f in SCHEMES.values()] == [1, 10, 144]


def test_paper_rows_equal_our_counts_of_the_full_size_builds():
    for row in PAPER_IMAGENET:
        model = build_model(row.model)
        assert count_params(model) == row.params, row.title
        assert count_macs(model, (3, row.image_size, row.image_size)) == row.macs, row.title
        assert 0 < row.top5_error < row.top1_error < 100


def test_googlenet_table3():
    by = {(r.models, r.crops): r for r in GOOGLENET_TABLE3}
    assert by[(7, 144)].top5_error == 6.67 and by[(1, 1)].top5_error == 10.07
    assert by[(7, 144)].passes == 1008
    for models in (1, 7):  # more crops never hurt in the paper
        errors = [by[(models, c)].top5_error for c in (1, 10, 144)]
        assert errors == sorted(errors, reverse=True)


def test_measured_row():
    net = build_model("inception_v3_small", num_classes=10, image_size=96)
    row = measured_row("v3", net, 96, 0.25)
    assert row == {
        "model": "v3",
        "params": count_params(net),
        "macs": count_macs(net, (3, 96, 96)),
        "top1": 0.25,
    }


def test_source_images_match_the_validation_subset(require_data):
    require_data("imagenette")
    from inception_edu.data import load_dataset

    images, labels = source_images(per_class=1)
    subset = load_dataset("imagenette", "val", 96, per_class=1)
    assert images.shape == (10, 3, 224, 224) and labels.tolist() == subset.targets
    assert labels.tolist() == list(range(10))
    assert -3 < images.mean().item() < 3 and images.std().item() > 0.3  # normalized


# --- the bubble chart ------------------------------------------------------------------------


def test_bubble_chart_area_is_proportional_to_params():
    from inception_edu.plots import bubble_chart

    rows = [
        {"model": "a", "params": 1_000_000, "macs": 2e7, "top1": 0.3},
        {"model": "b", "params": 4_000_000, "macs": 8e7, "top1": 0.4},
    ]
    ax = bubble_chart(rows, max_area=1000.0, title="t")
    sizes = [float(c.get_sizes()[0]) for c in ax.collections]
    assert sizes == [250.0, 1000.0]
    centres = [tuple(c.get_offsets()[0]) for c in ax.collections]
    assert centres == [(2e7, 30.0), (8e7, 40.0)]
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "1.00 M params" in texts and "largest: 4.00 M" in texts
    assert ax.get_xscale() == "log" and ax.get_title() == "t"
    with pytest.raises(ValueError):
        bubble_chart([])


def test_as_stored_is_the_stored_center_without_resizing():
    from inception_edu.evaluation import as_stored, extract_crops

    x = torch.arange(2 * 3 * 8 * 8, dtype=torch.float32).view(2, 3, 8, 8)
    (crop,) = as_stored(8, 8, 8)
    assert crop.resize == (8, 8) and crop.box == (0, 0, 8, 8)
    assert torch.equal(extract_crops(x, [crop])[:, 0], x)  # no interpolation at all
    (inner,) = as_stored(8, 8, 4)
    assert torch.equal(extract_crops(x, [inner])[:, 0], x[..., 2:6, 2:6])
    with pytest.raises(ValueError, match="does not fit"):
        as_stored(8, 8, 9)

"""NIN (arXiv:1312.4400): mlpconv layers, global average pooling, and what GAP saves."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from inception_edu import count_params, profile
from inception_edu.cost import conv_macs, conv_params
from inception_edu.models.nin import (
    CIFAR10_STAGES,
    MLPConv,
    fc_head_params,
    gap_head_params,
    nin,
    nin_imagenet,
)

from .golden import FC_1024_PARAMS, VGG16_FC_HEAD_PARAMS
from .helpers import fvcore_conv_linear


def capture(model: nn.Module, names: list[str], x: torch.Tensor) -> dict[str, tuple]:
    """Input shapes (N x C x H x W) seen by the named sub-modules in one eval forward pass."""
    seen: dict[str, tuple] = {}
    modules = dict(model.named_modules())
    hooks = [
        modules[n].register_forward_pre_hook(lambda m, a, n=n: seen.__setitem__(n, a[0].shape))
        for n in names
    ]
    with torch.no_grad():
        out = model.eval()(x)
    for h in hooks:
        h.remove()
    seen["out"] = tuple(out.shape)
    return seen


def test_mlpconv_is_a_kxk_conv_then_two_1x1_convs_each_with_bias_and_relu():
    block = MLPConv(3, (192, 160, 96), 5, padding=2)
    convs = [m for m in block.modules() if isinstance(m, nn.Conv2d)]
    assert [c.kernel_size for c in convs] == [(5, 5), (1, 1), (1, 1)]
    assert [(c.in_channels, c.out_channels) for c in convs] == [(3, 192), (192, 160), (160, 96)]
    assert all(c.bias is not None for c in convs)
    assert sum(isinstance(m, nn.ReLU) for m in block.modules()) == 3
    assert not any(isinstance(m, nn.BatchNorm2d) for m in block.modules())
    assert block(torch.randn(2, 3, 9, 9)).shape == (2, 96, 9, 9) and block.out_channels == 96
    with pytest.raises(ValueError, match="three widths"):
        MLPConv(3, (8, 8), 3)


def test_cifar10_nin_gives_n_x_10_and_an_8x8_map_before_global_pooling():
    model = nin()
    seen = capture(model, ["pool2", "mlpconv3", "gap"], torch.randn(2, 3, 32, 32))
    assert seen["pool2"] == (2, 192, 16, 16)  # ceil-mode 3×3/2: 32 → 16 → 8, as Caffe
    assert seen["mlpconv3"] == (2, 192, 8, 8)
    assert seen["gap"] == (2, 10, 8, 8)  # "global avg 8×8" over one map per class
    assert seen["out"] == (2, 10)


def test_logits_are_the_class_maps_means_and_there_is_no_linear_layer():
    model = nin(num_classes=7).eval()
    assert not any(isinstance(m, nn.Linear) for m in model.modules())
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        maps = model.mlpconv3(model.pool2(model.mlpconv2(model.pool1(model.mlpconv1(x)))))
        logits = model(x)
    assert maps.shape == (2, 7, 8, 8)
    torch.testing.assert_close(logits, maps.mean(dim=(2, 3)))
    assert (logits >= 0).all()  # the authors' model has a ReLU on the class maps too


def test_pool2_is_average_as_released_and_max_as_the_text_reads():
    assert isinstance(nin().pool2, nn.AvgPool2d) and isinstance(nin().pool1, nn.MaxPool2d)
    assert isinstance(nin(pool2="max").pool2, nn.MaxPool2d)
    assert count_params(nin(pool2="max")) == count_params(nin())
    assert [s.pool for s in CIFAR10_STAGES] == ["max", "avg", None]
    with pytest.raises(ValueError, match="pool2"):
        nin(pool2="min")


def test_cifar10_params_and_macs_equal_the_closed_forms():
    # (kernel, c_in, c_out, output side) of the nine convs, REFERENCE.md §3.1
    layers = [
        (5, 3, 192, 32), (1, 192, 160, 32), (1, 160, 96, 32),
        (5, 96, 192, 16), (1, 192, 192, 16), (1, 192, 192, 16),
        (3, 192, 192, 8), (1, 192, 192, 8), (1, 192, 10, 8),
    ]  # fmt: skip
    model = nin()
    params = sum(conv_params(k, a, b, bias=True) for k, a, b, _ in layers)
    assert count_params(model) == params == 966_986
    prof = profile(model, (3, 32, 32))
    assert prof.conv_macs == sum(conv_macs(k, a, b, s, s) for k, a, b, s in layers)
    assert prof.linear_macs == 0 and not prof.uncounted
    assert prof.conv_macs == fvcore_conv_linear(model, torch.randn(1, 3, 32, 32)) == 222_486_528


def test_imagenet_nin_params_closed_form_and_6x6_class_maps():
    layers = [
        (11, 3, 96), (1, 96, 96), (1, 96, 96),
        (5, 96, 256), (1, 256, 256), (1, 256, 256),
        (3, 256, 384), (1, 384, 384), (1, 384, 384),
        (3, 384, 1024), (1, 1024, 1024), (1, 1024, 1000),
    ]  # fmt: skip
    model = nin_imagenet()
    assert count_params(model) == sum(conv_params(k, a, b, bias=True) for k, a, b in layers)
    assert count_params(model) == 7_595_176  # ≈ 29 MiB of float32, the Model Zoo's "29M" file
    seen = capture(model, ["pool1", "mlpconv2", "gap"], torch.randn(1, 3, 224, 224))
    assert seen["pool1"][-1] == 54 and seen["mlpconv2"][-1] == 27  # 224 → 54 (V) → 27
    assert seen["gap"] == (1, 1000, 6, 6) and seen["out"] == (1, 1000)  # Caffe's avg pool 6×6


def test_fc_head_versus_gap_head():
    vgg16 = 25088 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000
    assert fc_head_params(512, 7, 7) == vgg16 == VGG16_FC_HEAD_PARAMS
    assert fc_head_params(256, 6, 6) == 58_631_144  # AlexNet's head on 6×6×256
    assert fc_head_params(512, 7, 7, hidden=()) == 25_089_000  # one FC straight to the classes
    assert gap_head_params(1024) == FC_1024_PARAMS  # GoogLeNet's fc
    assert gap_head_params(512, 10) == 5_130
    assert fc_head_params(512, 7, 7) // gap_head_params(512) == 241  # VGG-16's head vs GAP+FC


@pytest.mark.parametrize(("build", "smallest"), [(nin, 4), (nin_imagenet, 39)])
def test_min_image_size_is_exact(build, smallest):
    model = build().eval()
    assert model.min_image_size == smallest
    with torch.no_grad():
        assert model(torch.randn(1, 3, smallest, smallest)).shape[0] == 1
        with pytest.raises(ValueError, match=f"at least {smallest}×{smallest}"):
            model(torch.randn(1, 3, smallest - 1, smallest - 1))
        model.min_image_size = 1  # without the check, one pixel less fails inside the network
        with pytest.raises(RuntimeError):
            model(torch.randn(1, 3, smallest - 1, smallest - 1))


def test_bad_inputs_are_refused_with_the_expected_shape():
    model = nin().eval()
    with pytest.raises(ValueError, match=r"4-D batch N×3×H×W.*x\[None\]"):
        model(torch.randn(3, 32, 32))
    with pytest.raises(ValueError, match="expects 3 input channels, got 1"):
        model(torch.randn(1, 1, 32, 32))
    gray = nin(in_channels=1).eval()
    with torch.no_grad():
        assert gray(torch.randn(1, 1, 32, 32)).shape == (1, 10)

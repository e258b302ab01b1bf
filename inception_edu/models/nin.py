"""Network in Network — Lin, Chen & Yan 2013, arXiv:1312.4400: the two ideas GoogLeNet borrows.

* :class:`MLPConv` — the "mlpconv" layer (§3.1, Fig. 1b): a k×k conv followed by two 1×1 convs
  ("cascaded cross-channel parametric pooling", §3.1 — Caffe calls them ``cccp``), each with a
  bias and a ReLU. Paper era: no BatchNorm. GoogLeNet's 1×1 "reductions" are these 1×1 convs.
* :class:`NIN` — three (CIFAR-10) or four (ImageNet) mlpconv layers and **global average
  pooling** instead of fully connected layers (§3.2, Fig. 2): the last mlpconv emits one map per
  class, and the class score is that map's mean. There is no linear layer at all.
* :func:`fc_head_params` / :func:`gap_head_params` — what GAP saves: an AlexNet/VGG-style FC head
  against GAP plus one linear layer (GoogLeNet §5 keeps that one layer); :func:`head_params_rows`
  sets three heads side by side with their MACs.

The CIFAR-10 layout is the authors' released model (cuda-convnet config ``mavenlin/cuda-convnet``
NIN; Caffe Model Zoo gist ``e56253735ef32c3c296d``):
``mlpconv(5×5: 192,160,96) → max pool 3×3/2 → dropout .5 → mlpconv(5×5: 192,192,192) →
avg pool 3×3/2 → dropout .5 → mlpconv(3×3: 192,192,10) → global avg 8×8``.

Decisions, with the evidence:

* **pool2 is an average pool.** The Caffe model's ``pool2`` is ``AVE`` (its ports: Lasagne/Recipes
  ``modelzoo/cifar10_nin.py`` uses ``mode='average_exc_pad'``; jiecaoyu/pytorch-nin-cifar10
  ``original.py`` uses ``nn.AvgPool2d``), while pool1 is max. The paper's overview (§4.1)
  speaks of spatial max pooling after the mlpconv layers [unverified: not checked against the
  PDF here]; ``pool2="max"`` builds that reading.
* **Caffe pooling arithmetic**: ``ceil_mode=True`` and no padding (Caffe rounds pooled sizes up;
  Lasagne's port says ``ignore_border=False``), so 32 → 16 → 8 and the global average pool sees
  the 8×8 map of the authors' model. Windows that overhang the border average only real pixels, as
  Caffe's ``AVE`` does.
* **ReLU on the class maps** too (Caffe ``relu`` after ``cccp6``; Lasagne's default
  nonlinearity; jiecaoyu's port): the logits are means of non-negative maps, so they are ≥ 0.
* Global pooling is ``AdaptiveAvgPool2d(1)`` (= the authors' 8×8 average at 32 px, and it runs at
  any size).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import torch
from torch import Tensor, nn

from ..cost import linear_macs, linear_params
from ..layers import BasicConv
from .base import InceptionNet, check_args

PoolKind = Literal["max", "avg"]


class MLPConv(nn.Sequential):
    """mlpconv layer, §3.1 / Fig. 1(b): k×k conv → 1×1 conv → 1×1 conv, each with bias and ReLU.

    ``widths = (c1, c2, c3)`` are the three layers' output channels ("192, 160, 96" for the first
    CIFAR-10 layer). Children are named ``conv``, ``cccp1``, ``cccp2`` after the Caffe model.
    ``bn=True`` puts BatchNorm after each conv instead of a bias (not in the paper).
    """

    def __init__(
        self,
        c_in: int,
        widths: Sequence[int],
        kernel: int,
        stride: int = 1,
        padding: int = 0,
        bn: bool = False,
    ) -> None:
        if len(widths) != 3:
            raise ValueError(f"an mlpconv layer has three widths (k×k, 1×1, 1×1), got {widths}")
        c1, c2, c3 = widths
        super().__init__(
            OrderedDict(
                conv=BasicConv(c_in, c1, kernel, stride, padding, bn=bn),
                cccp1=BasicConv(c1, c2, 1, bn=bn),
                cccp2=BasicConv(c2, c3, 1, bn=bn),
            )
        )
        self.out_channels = c3


class NINStage(NamedTuple):
    """One mlpconv layer and what follows it. ``None`` in ``widths`` means "one map per class"."""

    widths: tuple[int | None, int | None, int | None]
    kernel: int
    stride: int
    padding: int
    pool: PoolKind | None  # 3×3/2, ceil mode; None: the global average pool follows
    dropout: float  # after the pool


# the authors' CIFAR-10 model (cuda-convnet / Caffe Model Zoo config)
CIFAR10_STAGES: tuple[NINStage, ...] = (
    NINStage((192, 160, 96), 5, 1, 2, "max", 0.5),
    NINStage((192, 192, 192), 5, 1, 2, "avg", 0.5),  # Caffe pool2: AVE (see module docstring)
    NINStage((192, 192, None), 3, 1, 1, None, 0.0),
)

IMAGENET_STAGES: tuple[NINStage, ...] = (  # Caffe Model Zoo NIN-ImageNet
    NINStage((96, 96, 96), 11, 4, 0, "max", 0.0),  # 224 → 54 → pool 27
    NINStage((256, 256, 256), 5, 1, 2, "max", 0.0),  # → 13
    NINStage((384, 384, 384), 3, 1, 1, "max", 0.5),  # → 6; Caffe "drop" after pool3
    NINStage((1024, 1024, None), 3, 1, 1, None, 0.0),  # Caffe avg pool 6×6 = global here
)


class NIN(InceptionNet):
    """Network in Network (Fig. 2): stacked mlpconv layers, then global average pooling.

    Modules: ``mlpconv1, pool1, dropout1, …, mlpconvN, gap``. Build it with :func:`nin` (CIFAR-10)
    or :func:`nin_imagenet`.
    """

    def __init__(
        self,
        stages: Sequence[NINStage] = CIFAR10_STAGES,
        num_classes: int = 10,
        in_channels: int = 3,
        min_image_size: int = 1,
    ) -> None:
        super().__init__()
        check_args(num_classes=num_classes, in_channels=in_channels)
        self.in_channels, self.min_image_size = in_channels, min_image_size
        self.stages = len(stages)
        c_in = in_channels
        for i, s in enumerate(stages, 1):
            widths = [num_classes if c is None else c for c in s.widths]
            block = MLPConv(c_in, widths, s.kernel, s.stride, s.padding)
            setattr(self, f"mlpconv{i}", block)
            c_in = block.out_channels
            if s.pool is not None:
                pool = nn.MaxPool2d if s.pool == "max" else nn.AvgPool2d
                setattr(self, f"pool{i}", pool(3, stride=2, ceil_mode=True))  # Caffe sizes
            if s.dropout:
                setattr(self, f"dropout{i}", nn.Dropout(s.dropout))
        if c_in != num_classes:
            raise ValueError("the last mlpconv must emit one map per class (widths[-1] = None)")
        self.gap = nn.AdaptiveAvgPool2d(1)

    def forward(self, x: Tensor) -> Tensor:
        self.check_input(x)
        for i in range(1, self.stages + 1):  # CIFAR-10: N x 96 x 16², N x 192 x 8², N x 10 x 8²
            x = getattr(self, f"mlpconv{i}")(x)
            for extra in (f"pool{i}", f"dropout{i}"):
                if hasattr(self, extra):
                    x = getattr(self, extra)(x)
        return torch.flatten(self.gap(x), 1)  # N x num_classes: the class maps' means


def nin(num_classes: int = 10, in_channels: int = 3, pool2: PoolKind = "avg") -> NIN:
    """NIN for CIFAR-10 (32×32) as the authors released it; ``pool2="max"`` as the text reads.

    966,986 parameters with 10 classes, all in convolutions (there is no linear layer).
    """
    if pool2 not in ("avg", "max"):
        raise ValueError(f"pool2 must be 'avg' or 'max', got {pool2!r}")
    stages = (CIFAR10_STAGES[0], CIFAR10_STAGES[1]._replace(pool=pool2), CIFAR10_STAGES[2])
    # 'same' convs keep the size; a 3×3/2 ceil-mode pool needs ≥ 2 px (2 → 1, 1 fails), so the
    # smallest input is 4 (4 → 2 → 1); 3 → 1 leaves pool2 a 1×1 map (checked in the tests).
    return NIN(stages, num_classes, in_channels, min_image_size=4)


def nin_imagenet(num_classes: int = 1000, in_channels: int = 3) -> NIN:
    """NIN for ImageNet (224×224; Caffe Model Zoo): 4 mlpconv layers, 7,595,176 params at 1000.

    ``conv 11×11/4 (V) 96 → 1×1 96 → 1×1 96 → max pool → conv 5×5 256 → … → max pool → conv 3×3 384
    → … → max pool → dropout .5 → conv 3×3 1024 → 1×1 1024 → 1×1 classes → global avg (6×6)``.
    """
    # three ceil-mode 3×3/2 pools each need ≥ 2 px, so the 11×11/4 (V) conv must give ≥ 8:
    # 39 → 8 → 4 → 2 → 1 runs, 38 → 7 → 3 → 1 leaves pool3 a 1×1 map (checked in the tests).
    return NIN(IMAGENET_STAGES, num_classes, in_channels, min_image_size=39)


# --- what global average pooling saves (§3.2; GoogLeNet §5) ----------------------------------


def fc_head_params(
    c: int, h: int, w: int, hidden: Sequence[int] = (4096, 4096), num_classes: int = 1000
) -> int:
    """Parameters of an AlexNet/VGG-style head: flatten c×h×w → FC hidden… → FC classes (biases).

    VGG-16 on 7×7×512: 25088·4096+4096 + 4096·4096+4096 + 4096·1000+1000 = 123,642,856.
    """
    widths = [c * h * w, *hidden, num_classes]
    return sum(linear_params(a, b) for a, b in zip(widths, widths[1:], strict=False))


def gap_head_params(c: int, num_classes: int = 1000) -> int:
    """Parameters of GAP + one linear layer (GoogLeNet §5): c·classes + classes.

    NIN's own head has none: its last mlpconv already emits one map per class.
    """
    return linear_params(c, num_classes)


@dataclass(frozen=True)
class HeadCost:
    """A classifier head on a c×h×w map: its layers, params (biases included), MACs per image."""

    head: str  # "FC ×1 (25,088→1,000)"
    params: int
    macs: int


def head_params_rows(
    c: int = 512, h: int = 7, w: int = 7, num_classes: int = 1000, hidden: int = 4096
) -> list[HeadCost]:
    """Params and MACs of three heads on a c×h×w map (lecture 01's table and explorer).

    * ``FC ×3`` — AlexNet/VGG: flatten → FC ``hidden`` → FC ``hidden`` → FC classes;
    * ``FC ×1`` — flatten → FC classes;
    * ``GAP + FC`` — GoogLeNet §5: average each map to one number, then FC classes
      (NIN itself has no linear layer: its last 1×1 conv already emits one map per class).
    """
    flat = c * h * w
    fc3_macs = linear_macs(flat, hidden) + linear_macs(hidden, hidden)
    return [
        HeadCost(
            f"FC ×3 ({flat:,}→{hidden:,}→{hidden:,}→{num_classes:,})",
            fc_head_params(c, h, w, (hidden, hidden), num_classes),
            fc3_macs + linear_macs(hidden, num_classes),
        ),
        HeadCost(
            f"FC ×1 ({flat:,}→{num_classes:,})",
            fc_head_params(c, h, w, (), num_classes),
            linear_macs(flat, num_classes),
        ),
        HeadCost(
            f"GAP + FC ({c:,}→{num_classes:,})",
            gap_head_params(c, num_classes),
            linear_macs(c, num_classes),
        ),
    ]


__all__ = [
    "CIFAR10_STAGES",
    "HeadCost",
    "IMAGENET_STAGES",
    "MLPConv",
    "NIN",
    "NINStage",
    "fc_head_params",
    "gap_head_params",
    "head_params_rows",
    "nin",
    "nin_imagenet",
]

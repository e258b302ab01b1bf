"""Inception-v3 — Szegedy et al. 2015, "Rethinking the Inception Architecture" (arXiv:1512.00567).

The paper draws the modules (Figs. 5, 6, 7), the grid reduction (Fig. 10) and the auxiliary
head (Fig. 8) but prints no branch widths (they were in a ``model.txt`` supplement), so the
network here is the one **as released**: TF-slim ``inception_v3`` = torchvision ``Inception3``
= timm ``inception_v3``, with torchvision's module order so weights transfer. The v3 paper names
no modules; ours are named by grid size and role, with the reference names in each docstring.

Differences between the released network and the paper's Table 1 (V1–V12, named in docs/sources.md):

* V1 stem: after the first pool the paper has 3×3 convs (→71²×80, →35²×192, →35²×288); the
  release has 1×1 80, 3×3 192 (valid) and a max pool → 35²×192.
* V2 the three 35×35 modules output 256, 288, 288 (paper: "288 filters each").
* V3 Fig. 5's factorized 1×1→3×3 branch is a 1×1 48 → **5×5** 64 in the release.
* V4 four Fig. 6 modules at 17×17 (Mixed_6b–6e) where Table 1 says five.
* V6 the double 7×7 branch starts with 7×1 (the figure: 1×7) — no effect on cost.
* V7 dropout before the classifier (TF-slim 0.2, torchvision 0.5, timm 0); the paper has none.
* V8 the aux "FC" is a 5×5 conv 768 with BN; the final linear is not normalized.
* V9 average pools inside modules count the zero padding in torchvision and timm
  (``count_include_pad=True``); TF-slim's 'SAME' pooling does not; the paper does not say.
* V12 torchvision and timm pool globally (adaptive) where the paper and TF-slim's default
  (``global_pool=False``) have a fixed 8×8 pool.

(All twelve, V1–V12, are in :data:`DEVIATIONS`; Table 1 as printed is :data:`TABLE_1`.)

``factorized_7x7=False`` rebuilds the first rung of the paper's Table 3 ("Inception-v2" before
"Factorized 7×7"): the stem's first three 3×3 convs become one 7×7/2 conv to 64 channels with
the same 147×147 output grid. The default (True) is the released network, unchanged.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import Tensor, nn

from ..layers import Concat, conv, split_1x3_3x1, stem_conv, stem_pool, stem_strides
from ..layers import scaled_width as _w
from .base import (
    AuxOutputs,
    Deviation,
    InceptionNet,
    check_args,
    compact_stem_halvings,
)


def _pool_proj(c_in: int, c_out: int) -> nn.Sequential:
    # Deviation V9 (torchvision/timm): the 3×3/1 average pool counts zero padding
    return nn.Sequential(nn.AvgPool2d(3, stride=1, padding=1), conv(c_in, c_out, 1))


class Inception35x35(Concat):
    """Fig. 5 module at 35×35 (torchvision ``InceptionA``, TF-slim ``Mixed_5b–5d``).

    ``[1×1 64 ‖ 1×1 48→5×5 64 ‖ 1×1 64→3×3 96→3×3 96 ‖ avg pool→1×1 pool_features]``;
    out = 224 + pool_features channels.
    """

    def __init__(self, c_in: int, pool_features: int, width: float = 1.0) -> None:
        c64, c48, c96 = _w(64, width), _w(48, width), _w(96, width)
        super().__init__(
            branch1x1=conv(c_in, c64, 1),
            # Deviation V3: 1×1 48 → 5×5 64, not the figure's factorized 3×3
            branch5x5=nn.Sequential(conv(c_in, c48, 1), conv(c48, c64, 5, padding=2)),
            branch3x3dbl=nn.Sequential(
                conv(c_in, c64, 1), conv(c64, c96, 3, padding=1), conv(c96, c96, 3, padding=1)
            ),
            branch_pool=_pool_proj(c_in, pool_features),
        )
        self.out_channels = c64 + c64 + c96 + pool_features


class GridReduction35to17(Concat):
    """Fig. 10 grid reduction 35×35×288 → 17×17×768 (torchvision ``InceptionB``, ``Mixed_6a``).

    Stride-2 conv branches and a stride-2 pool in parallel: no representational bottleneck.
    """

    def __init__(self, c_in: int, width: float = 1.0) -> None:
        c384, c64, c96 = _w(384, width), _w(64, width), _w(96, width)
        super().__init__(
            branch3x3=conv(c_in, c384, 3, stride=2),
            branch3x3dbl=nn.Sequential(
                conv(c_in, c64, 1), conv(c64, c96, 3, padding=1), conv(c96, c96, 3, stride=2)
            ),
            branch_pool=nn.MaxPool2d(3, stride=2),
        )
        self.out_channels = c384 + c96 + c_in


class Inception17x17(Concat):
    """Fig. 6 module at 17×17, n = 7 (torchvision ``InceptionC``, ``Mixed_6b–6e``).

    ``[1×1 192 ‖ 1×1 c→1×7 c→7×1 192 ‖ 1×1 c→7×1 c→1×7 c→7×1 c→1×7 192 ‖ pool→1×1 192]``.
    """

    def __init__(self, c_in: int, c7: int, width: float = 1.0) -> None:
        c7, c192 = _w(c7, width), _w(192, width)
        super().__init__(
            branch1x1=conv(c_in, c192, 1),
            branch7x7=nn.Sequential(
                conv(c_in, c7, 1),
                conv(c7, c7, (1, 7), padding=(0, 3)),
                conv(c7, c192, (7, 1), padding=(3, 0)),
            ),
            # Deviation V6: starts with 7×1 where the figure draws 1×7 (same cost)
            branch7x7dbl=nn.Sequential(
                conv(c_in, c7, 1),
                conv(c7, c7, (7, 1), padding=(3, 0)),
                conv(c7, c7, (1, 7), padding=(0, 3)),
                conv(c7, c7, (7, 1), padding=(3, 0)),
                conv(c7, c192, (1, 7), padding=(0, 3)),
            ),
            branch_pool=_pool_proj(c_in, c192),
        )
        self.out_channels = 4 * c192


class GridReduction17to8(Concat):
    """Grid reduction 17×17×768 → 8×8×1280 (torchvision ``InceptionD``, ``Mixed_7a``)."""

    def __init__(self, c_in: int, width: float = 1.0) -> None:
        c192, c320 = _w(192, width), _w(320, width)
        super().__init__(
            branch3x3=nn.Sequential(conv(c_in, c192, 1), conv(c192, c320, 3, stride=2)),
            branch7x7x3=nn.Sequential(
                conv(c_in, c192, 1),
                conv(c192, c192, (1, 7), padding=(0, 3)),
                conv(c192, c192, (7, 1), padding=(3, 0)),
                conv(c192, c192, 3, stride=2),
            ),
            branch_pool=nn.MaxPool2d(3, stride=2),
        )
        self.out_channels = c320 + c192 + c_in


class Inception8x8(Concat):
    """Fig. 7 module at 8×8 with expanded outputs (torchvision ``InceptionE``, ``Mixed_7b/7c``).

    ``[1×1 320 ‖ 1×1 384→{1×3, 3×1} 384 ‖ 1×1 448→3×3 384→{1×3, 3×1} 384 ‖ pool→1×1 192]``
    → 2048 channels.
    """

    def __init__(self, c_in: int, width: float = 1.0) -> None:
        c320, c384, c448, c192 = (_w(n, width) for n in (320, 384, 448, 192))
        super().__init__(
            branch1x1=conv(c_in, c320, 1),
            branch3x3=nn.Sequential(conv(c_in, c384, 1), split_1x3_3x1(c384, c384)),
            branch3x3dbl=nn.Sequential(
                conv(c_in, c448, 1), conv(c448, c384, 3, padding=1), split_1x3_3x1(c384, c384)
            ),
            branch_pool=_pool_proj(c_in, c192),
        )
        self.out_channels = c320 + 4 * c384 + c192


class AuxHead(nn.Module):
    """Fig. 8 auxiliary classifier on the last 17×17 layer (torchvision ``InceptionAux``).

    avg pool 5×5/3 (V) → 1×1 conv 128 → 5×5 conv 768 (V; the "fully connected" layer) →
    linear. ``bn=True`` is the paper's "BN-auxiliary" (Table 3): the 768 layer is normalized
    too. Needs a 17×17 map (299-px input).
    """

    def __init__(
        self,
        c_in: int,
        num_classes: int,
        bn: bool = True,
        width: float = 1.0,
        adaptive: bool = False,
    ) -> None:
        super().__init__()
        c128, c768 = _w(128, width), _w(768, width)
        # adaptive=True (small variants): pool to 5×5 from any grid (TF-slim shrinks the conv)
        self.pool = nn.AdaptiveAvgPool2d(5) if adaptive else nn.AvgPool2d(5, stride=3)
        self.conv0 = conv(c_in, c128, 1)
        self.conv1 = conv(c128, c768, 5, bn=bn)
        self.fc = nn.Linear(c768, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        # N x 768 x 17 x 17 → N x 768 x 5 x 5 → N x 128 x 5 x 5 → N x 768 x 1 x 1
        x = self.conv1(self.conv0(self.pool(x)))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


class InceptionV3(InceptionNet):
    """Inception-v3 as released (see the module docstring for every deviation from Table 1).

    Attribute names follow TF-slim/torchvision scopes so a learner can map the two. The two
    switches of the paper's Table 3 ladder (:mod:`inception_edu.ladder`): ``factorized_7x7``
    (False: one 7×7/2 conv ``Conv2d_1a_7x7`` instead of the stem's first three 3×3 convs) and
    ``aux_bn`` (False: the aux head's 768-unit "FC" layer without BN).
    """

    min_image_size = 75  # torchvision's meta["min_size"]
    min_aux_image_size = 299  # the aux head's 5×5/3 pool + 5×5 conv need a 17×17 map (P5)

    def __init__(
        self,
        num_classes: int = 1000,
        aux_logits: bool = False,
        aux_bn: bool = True,
        dropout: float = 0.5,
        in_channels: int = 3,
        width: float = 1.0,
        stem_halvings: int | None = None,
        factorized_7x7: bool = True,
    ) -> None:
        super().__init__()
        check_args(
            num_classes=num_classes,
            aux_logits=aux_logits,
            aux_bn=aux_bn,
            dropout=dropout,
            in_channels=in_channels,
            width=width,
            stem_halvings=stem_halvings,
            factorized_7x7=factorized_7x7,
        )
        self.has_aux, self.in_channels = aux_logits, in_channels
        self.factorized_7x7 = factorized_7x7
        # One image in train mode: the 8×8 modules' grid must exceed 1×1 — 107 → 53 → 51 → 25
        # → 23 → 11 → 5 → 2 (106 ends at 1). Checked in the tests.
        self.min_single_train_size = 107
        compact = stem_halvings is not None
        if stem_halvings is not None:
            self.use_compact_limits(stem_halvings)
        s1, s2, s3 = stem_strides(stem_halvings)
        w = width

        def v(c_in: int, c_out: int, k: int, stride: int = 1) -> nn.Module:
            """A 'V' stem conv ('same' in the compact stem)."""
            return stem_conv(c_in, c_out, k, stride, compact)

        if not factorized_7x7:  # Table 3's rungs before "Factorized 7×7": one 7×7 conv
            # 299 → 147 like the 3×3/2 → 3×3 (V) → 3×3 (pad 1) it replaces
            self.Conv2d_1a_7x7 = v(in_channels, _w(64, w), 7, s1)
        else:  # "Factorized 7×7" (Table 3): three 3×3 convs
            self.Conv2d_1a_3x3 = v(in_channels, _w(32, w), 3, s1)  # 299 → 149
            self.Conv2d_2a_3x3 = v(_w(32, w), _w(32, w), 3)  # → 147
            self.Conv2d_2b_3x3 = conv(_w(32, w), _w(64, w), 3, padding=1)
        self.maxpool1 = stem_pool(s2, compact)  # → 73
        # Deviation V1: 1×1 80 → 3×3 192 (V) → max pool, not the paper's three 3×3 convs
        self.Conv2d_3b_1x1 = conv(_w(64, w), _w(80, w), 1)
        self.Conv2d_4a_3x3 = v(_w(80, w), _w(192, w), 3)  # → 71
        self.maxpool2 = stem_pool(s3, compact)  # → 35
        self.Mixed_5b = Inception35x35(_w(192, w), _w(32, w), w)  # → 256 (V2: paper says 288)
        self.Mixed_5c = Inception35x35(self.Mixed_5b.out_channels, _w(64, w), w)  # → 288
        self.Mixed_5d = Inception35x35(self.Mixed_5c.out_channels, _w(64, w), w)  # → 288
        self.Mixed_6a = GridReduction35to17(self.Mixed_5d.out_channels, w)  # → 768 @ 17×17
        c = self.Mixed_6a.out_channels
        self.Mixed_6b = Inception17x17(c, 128, w)  # V4: four modules, not five
        self.Mixed_6c = Inception17x17(c, 160, w)
        self.Mixed_6d = Inception17x17(c, 160, w)
        self.Mixed_6e = Inception17x17(c, 192, w)
        if aux_logits:
            self.AuxLogits = AuxHead(c, num_classes, aux_bn, w, adaptive=width != 1 or compact)
            if width != 1 or compact:
                self.min_aux_image_size = None
            if aux_bn:  # the BN of the head's 5×5 conv sees its 1×1 output: one value at batch 1
                # fixed 5×5/3 pool: 347 px → 20×20 map → 6×6 → 2×2; adaptive pool: always 1×1
                self.min_single_aux_train_size = None if self.min_aux_image_size is None else 347
        self.Mixed_7a = GridReduction17to8(c, w)  # → 1280 @ 8×8
        self.Mixed_7b = Inception8x8(self.Mixed_7a.out_channels, w)  # → 2048
        self.Mixed_7c = Inception8x8(self.Mixed_7b.out_channels, w)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # V12: global (torchvision, timm); Table 1: 8×8
        self.dropout = nn.Dropout(dropout)  # V7: not in the paper
        self.fc = nn.Linear(self.Mixed_7c.out_channels, num_classes)

    def forward(self, x: Tensor) -> Tensor | AuxOutputs:
        self.check_input(x)
        if self.factorized_7x7:
            x = self.Conv2d_2b_3x3(self.Conv2d_2a_3x3(self.Conv2d_1a_3x3(x)))  # N x 64 x 147 x 147
        else:
            x = self.Conv2d_1a_7x7(x)  # N x 64 x 147 x 147
        x = self.maxpool1(x)
        x = self.maxpool2(self.Conv2d_4a_3x3(self.Conv2d_3b_1x1(x)))  # N x 192 x 35 x 35
        x = self.Mixed_5d(self.Mixed_5c(self.Mixed_5b(x)))  # N x 288 x 35 x 35
        x = self.Mixed_6a(x)  # N x 768 x 17 x 17
        x = self.Mixed_6e(self.Mixed_6d(self.Mixed_6c(self.Mixed_6b(x))))
        aux = {"aux": self.AuxLogits(x)} if self.has_aux and self.training else {}
        x = self.Mixed_7c(self.Mixed_7b(self.Mixed_7a(x)))  # N x 2048 x 8 x 8
        logits = self.fc(self.dropout(torch.flatten(self.avgpool(x), 1)))
        return AuxOutputs(logits, aux) if self.has_aux else logits


def inception_v3(
    num_classes: int = 1000,
    aux_logits: bool = False,
    *,
    aux_bn: bool = True,
    dropout: float = 0.5,
    in_channels: int = 3,
    width: float = 1.0,
    stem_halvings: int | None = None,
    factorized_7x7: bool = True,
) -> InceptionV3:
    """Inception-v3 as released (= torchvision ``inception_v3`` = timm ``inception_v3``)."""
    return InceptionV3(
        num_classes, aux_logits, aux_bn, dropout, in_channels, width, stem_halvings, factorized_7x7
    )


def inception_v3_small(
    num_classes: int = 10,
    image_size: int = 96,
    width: float = 0.25,
    *,
    aux_logits: bool = False,
    aux_bn: bool = True,
    dropout: float = 0.5,
    in_channels: int = 3,
    factorized_7x7: bool = True,
) -> InceptionV3:
    """Inception-v3 sized for a CPU: Imagenette at 96 px (its intended size), or 28–74 px images.

    What changed from the release: every branch width × ``width`` (0.25: 1.4 M params instead
    of 23.8 M). From 75 px the stem is the release's (96 px: grids 9 → 4 → 1); below, the
    compact stem — its five convs and two pools padded 'same', only the first of its three
    stride-2 stages at stride 2 that :func:`~inception_edu.models.base.compact_stem_halvings`
    allows (32 px → 8 → 3 → 1). Every module type, the grid reductions and the aux head stay;
    the aux head pools adaptively to 5×5 so it runs at any input size.
    """
    check_args(image_size=image_size)
    return InceptionV3(
        num_classes,
        aux_logits,
        aux_bn,
        dropout,
        in_channels,
        width,
        stem_halvings=compact_stem_halvings(image_size, InceptionV3.min_image_size),
        factorized_7x7=factorized_7x7,
    )


class Table1Row(NamedTuple):
    """One row of the v3 paper's Table 1 as printed: type, patch size/stride, input size."""

    type: str
    patch: str
    input_size: tuple[int, int, int]  # H, W, C as printed ("input size" column)


# 1512.00567 Table 1, verbatim. Each row's input is the previous output.
TABLE_1: tuple[Table1Row, ...] = (
    Table1Row("conv", "3×3/2", (299, 299, 3)),
    Table1Row("conv", "3×3/1", (149, 149, 32)),
    Table1Row("conv padded", "3×3/1", (147, 147, 32)),
    Table1Row("pool", "3×3/2", (147, 147, 64)),
    Table1Row("conv", "3×3/1", (73, 73, 64)),
    Table1Row("conv", "3×3/2", (71, 71, 80)),
    Table1Row("conv", "3×3/1", (35, 35, 192)),
    Table1Row("3×Inception", "As in figure 5", (35, 35, 288)),
    Table1Row("5×Inception", "As in figure 6", (17, 17, 768)),
    Table1Row("2×Inception", "As in figure 7", (8, 8, 1280)),
    Table1Row("pool", "8×8", (8, 8, 2048)),
    Table1Row("linear", "logits", (1, 1, 2048)),
    Table1Row("softmax", "classifier", (1, 1, 1000)),
)


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "V1",
        "stem after the first pool",
        "3×3 80 (→71²), 3×3/2 192 (→35²), 3×3 288 (Table 1)",
        "1×1 80 (73²), 3×3 192 (V, →71²), max pool 3×3/2 → 35²×192",
        "TF-slim Conv2d_3b_1x1/Conv2d_4a_3x3/MaxPool_5a_3x3",
    ),
    Deviation(
        "V2",
        "35×35 module outputs",
        "288 filters each (§6, Table 1)",
        "256, 288, 288 (pool projections 32, 64, 64)",
        "TF-slim Mixed_5b–5d",
    ),
    Deviation(
        "V3",
        "Fig. 5 second branch",
        "1×1 → 3×3",
        "1×1 48 → 5×5 64 (not factorized)",
        "tensorflow/tensorflow#28592",
    ),
    Deviation(
        "V4",
        "17×17 stage",
        "5×Inception as in Fig. 6 (Table 1)",
        "4 Fig. 6 modules (Mixed_6b–6e) after the reduction Mixed_6a",
        "TF-slim inception_v3_base",
    ),
    Deviation(
        "V5",
        "figure numbers in §6",
        "17×17 modules 'as depicted in figure 5', 8×8 'figure 6'",
        "— (the text is off by one against Table 1 and the captions)",
        "1512.00567 §6",
    ),
    Deviation(
        "V6",
        "Fig. 6 double branch order",
        "1×7, 7×1, 1×7, 7×1",
        "7×1, 1×7, 7×1, 1×7 (same params and MACs)",
        "TF-slim Branch_2/Conv2d_0b_7x1",
    ),
    Deviation(
        "V7",
        "dropout before the classifier",
        "none in Table 1",
        "TF-slim keep 0.8 (p 0.2); torchvision p 0.5; timm p 0.0",
        "torchvision inception.py; timm inception_v3.py",
    ),
    Deviation(
        "V8",
        "BN-auxiliary (Fig. 8, Table 3)",
        "the aux classifier's fully connected layer batch-normalized",
        "BN on the 5×5 768 conv that acts as the FC; the final linear is not normalized",
        "torchvision InceptionAux",
    ),
    Deviation(
        "V9",
        "avg pools inside modules",
        "0-padding in the modules that keep the grid (Table 1 caption); whether the pools "
        "average the padded zeros: not stated",
        "TF-slim 'SAME' pools leave the padding out; torchvision/timm count_include_pad=True "
        "(zeros counted)",
        "torchvision inception.py; timm inception_v3.py; TF: chainer/chainer#3391",
    ),
    Deviation(
        "V10",
        "aux loss weight",
        "not stated",
        "TF-slim trainer 0.4; torchvision: user-defined",
        "TF-slim train_image_classifier.py",
    ),
    Deviation(
        "V11",
        "Mixed_6a scope names",
        "—",
        "TF-slim scopes both stride-2 3×3 convs (Branch_0's 384, Branch_1's last 96) Conv2d_1a_1x1",
        "TF-slim inception_v3_base; tensorflow/tensorflow#28592",
    ),
    Deviation(
        "V12",
        "final and aux pooling",
        "fixed 8×8 pool (Table 1); aux head 'on top of the last 17×17 layer' (Fig. 8 caption, "
        "no sizes)",
        "final pool: TF-slim fixed 8×8 by default (global_pool=False), torchvision and timm "
        "global adaptive; the aux 5×5/3 pool is fixed in TF-slim's AuxLogits and torchvision's "
        "InceptionAux; torchvision's 5×5 conv after it is fixed too (needs 299 px), TF-slim's "
        "shrinks on small maps",
        "TF-slim inception_v3 (AuxLogits); torchvision inception.py; timm inception_v3.py",
    ),
)


__all__ = [
    "DEVIATIONS",
    "TABLE_1",
    "Table1Row",
    "AuxHead",
    "GridReduction17to8",
    "GridReduction35to17",
    "Inception17x17",
    "Inception35x35",
    "Inception8x8",
    "InceptionV3",
    "inception_v3",
    "inception_v3_small",
]

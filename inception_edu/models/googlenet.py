"""GoogLeNet / Inception-v1 — Szegedy et al. 2014, "Going deeper with convolutions", 1409.4842.

* :class:`NaiveInception` — Fig. 2(a): 1×1, 3×3, 5×5 convs and a 3×3 max pool side by side.
* :class:`Inception` — Fig. 2(b): the same with 1×1 reductions before 3×3/5×5 and after the pool.
* :class:`InceptionAux` — §5: the auxiliary classifiers on top of 4a and 4d.
* :data:`TABLE_1` — Table 1 as printed; the network is built from it, and lecture 04 prints it
  beside the numbers our counter recomputes (:mod:`inception_edu.paper_tables`).
* :func:`googlenet` — two builds:

  - ``variant="paper"``: Table 1 and Fig. 3 literally — 5×5 convs in the "#5×5" branches, conv
    biases, ReLU, no BatchNorm, two LocalResponseNorm layers, a 3×3/2 max pool before 5a,
    dropout 0.4, aux heads with a 5×5/3 average pool.
  - ``variant="torchvision"``: module for module torchvision's ``googlenet`` (a TF-slim port),
    with the state-dict keys of torchvision, so its weights load directly.

Deviations of torchvision from the paper (G1–G7; G8–G12 in docs/sources.md) are listed in
:data:`DEVIATIONS` and marked at the line. Branch order follows the paper and torchvision.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import torch
from torch import Tensor, nn

from ..layers import Concat, conv, stem_pool, stem_strides
from .base import (
    AuxOutputs,
    Deviation,
    InceptionNet,
    check_args,
    compact_min_size,
    compact_stem_halvings,
)

Variant = Literal["paper", "torchvision", "small"]


class NaiveInception(Concat):
    """Naive Inception module, Fig. 2(a): output channels ch1x1 + ch3x3 + ch5x5 + c_in.

    The pool branch passes all ``c_in`` channels through, so stacking these modules makes the
    width snowball ("an inevitable increase in the number of outputs from stage to stage", §4).
    """

    def __init__(self, c_in: int, ch1x1: int, ch3x3: int, ch5x5: int, bn: bool = False) -> None:
        super().__init__(
            branch1=conv(c_in, ch1x1, 1, bn=bn),
            branch2=conv(c_in, ch3x3, 3, padding=1, bn=bn),
            branch3=conv(c_in, ch5x5, 5, padding=2, bn=bn),
            branch4=nn.MaxPool2d(3, stride=1, padding=1),
        )


class Inception(Concat):
    """Inception module with dimension reductions, Fig. 2(b).

    Channel arguments are the columns of Table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5,
    pool proj. ``kernel5x5=3`` builds torchvision's variant (deviation G1).
    """

    def __init__(
        self,
        c_in: int,
        ch1x1: int,
        ch3x3red: int,
        ch3x3: int,
        ch5x5red: int,
        ch5x5: int,
        pool_proj: int,
        bn: bool = False,
        kernel5x5: int = 5,
    ) -> None:
        super().__init__(
            branch1=conv(c_in, ch1x1, 1, bn=bn),
            branch2=nn.Sequential(
                conv(c_in, ch3x3red, 1, bn=bn), conv(ch3x3red, ch3x3, 3, padding=1, bn=bn)
            ),
            branch3=nn.Sequential(
                conv(c_in, ch5x5red, 1, bn=bn),
                # Deviation (torchvision, TF-slim): 3×3 where the paper has 5×5 — vision#906
                conv(ch5x5red, ch5x5, kernel5x5, padding=kernel5x5 // 2, bn=bn),
            ),
            branch4=nn.Sequential(
                nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True),
                conv(c_in, pool_proj, 1, bn=bn),
            ),
        )


class InceptionAux(nn.Module):
    """Auxiliary classifier, §5: avg pool 5×5/3 → 1×1 conv 128 → FC 1024 → dropout 0.7 → FC.

    ``adaptive=True`` pools with ``adaptive_avg_pool2d(·, 4×4)`` as torchvision does (deviation
    G6: on a 14×14 map its windows are 4 wide, not 5, so the numbers differ).
    """

    def __init__(
        self,
        c_in: int,
        num_classes: int,
        bn: bool = False,
        adaptive: bool = False,
        dropout: float = 0.7,
        c_mid: int = 128,
    ) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(4) if adaptive else nn.AvgPool2d(5, stride=3)
        self.conv = conv(c_in, c_mid, 1, bn=bn)
        self.fc1 = nn.Linear(c_mid * 4 * 4, 1024 if c_mid == 128 else 8 * c_mid)
        self.fc2 = nn.Linear(self.fc1.out_features, num_classes)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: Tensor) -> Tensor:
        # N x 512 x 14 x 14 (4a) or N x 528 x 14 x 14 (4d) → N x 128 x 4 x 4
        x = self.pool(x)
        if x.shape[-2:] != (4, 4):  # FC 1024 expects exactly 128·4·4 inputs
            raise ValueError(
                f"the paper's aux head (avg pool 5×5/3) needs a 14–16 px map at 4a/4d, i.e. "
                f"inputs of 223–270 px (224 in the paper); this map pooled to "
                f"{tuple(x.shape[-2:])}. Use variant='torchvision' (adaptive pooling) or "
                "aux_logits=False for other sizes."
            )
        x = torch.flatten(self.conv(x), 1)
        return self.fc2(self.dropout(torch.relu(self.fc1(x))))


class Table1Row(NamedTuple):
    """One row of Table 1 (arXiv:1409.4842); columns as printed in the paper."""

    name: str  # "inception (3a)"
    patch: str  # "7×7/2", "" for Inception rows
    output: str  # "112×112×64"
    ch1x1: int | None
    ch3x3red: int | None
    ch3x3: int | None
    ch5x5red: int | None
    ch5x5: int | None
    pool_proj: int | None
    paper_params: str | None  # exactly as printed, e.g. "159K"
    paper_ops: str | None  # e.g. "128M"
    modules: tuple[str, ...] = ()  # our module names that make up the row
    depth: int = 0  # the printed "depth" column: layers with parameters along the row

    @property
    def widths(self) -> tuple[int | None, ...]:
        """The six channel columns, #1×1 … pool proj (``None`` where Table 1 is blank)."""
        return (self.ch1x1, self.ch3x3red, self.ch3x3, self.ch5x5red, self.ch5x5, self.pool_proj)


_ = None
TABLE_1: tuple[Table1Row, ...] = (
    Table1Row(
        "convolution", "7×7/2", "112×112×64", _, _, _, _, _, _, "2.7K", "34M", ("conv1",), depth=1
    ),
    Table1Row("max pool", "3×3/2", "56×56×64", _, _, _, _, _, _, _, _, ("maxpool1",)),
    Table1Row(
        "convolution",
        "3×3/1",
        "56×56×192",
        _,
        64,
        192,
        _,
        _,
        _,
        "112K",
        "360M",
        ("conv2", "conv3"),
        depth=2,
    ),
    Table1Row("max pool", "3×3/2", "28×28×192", _, _, _, _, _, _, _, _, ("maxpool2",)),
    Table1Row("inception (3a)", "", "28×28×256", 64, 96, 128, 16, 32, 32, "159K", "128M", depth=2),
    Table1Row(
        "inception (3b)", "", "28×28×480", 128, 128, 192, 32, 96, 64, "380K", "304M", depth=2
    ),
    Table1Row("max pool", "3×3/2", "14×14×480", _, _, _, _, _, _, _, _, ("maxpool3",)),
    Table1Row("inception (4a)", "", "14×14×512", 192, 96, 208, 16, 48, 64, "364K", "73M", depth=2),
    Table1Row("inception (4b)", "", "14×14×512", 160, 112, 224, 24, 64, 64, "437K", "88M", depth=2),
    Table1Row(
        "inception (4c)", "", "14×14×512", 128, 128, 256, 24, 64, 64, "463K", "100M", depth=2
    ),
    Table1Row(
        "inception (4d)", "", "14×14×528", 112, 144, 288, 32, 64, 64, "580K", "119M", depth=2
    ),
    Table1Row(
        "inception (4e)", "", "14×14×832", 256, 160, 320, 32, 128, 128, "840K", "170M", depth=2
    ),
    Table1Row("max pool", "3×3/2", "7×7×832", _, _, _, _, _, _, _, _, ("maxpool4",)),
    Table1Row(
        "inception (5a)", "", "7×7×832", 256, 160, 320, 32, 128, 128, "1072K", "54M", depth=2
    ),
    Table1Row(
        "inception (5b)", "", "7×7×1024", 384, 192, 384, 48, 128, 128, "1388K", "71M", depth=2
    ),
    Table1Row("avg pool", "7×7/1", "1×1×1024", _, _, _, _, _, _, _, _, ("avgpool",)),
    Table1Row("dropout (40%)", "", "1×1×1024", _, _, _, _, _, _, _, _, ("dropout",)),
    Table1Row("linear", "", "1×1×1000", _, _, _, _, _, _, "1000K", "1M", ("fc",), depth=1),
    Table1Row("softmax", "", "1×1×1000", _, _, _, _, _, _, _, _, ()),
)
del _


def module_name(row: Table1Row) -> str:
    """'inception (3a)' → 'inception3a' (our attribute name)."""
    return row.name.replace(" (", "").replace(")", "")


INCEPTION_ROWS = tuple(r for r in TABLE_1 if r.name.startswith("inception"))


class GoogLeNet(InceptionNet):
    """GoogLeNet (Table 1, Fig. 3). Build it with :func:`googlenet`.

    Returns logits, or :class:`AuxOutputs` (``aux1`` on 4a, ``aux2`` on 4d) when built with
    ``aux_logits=True`` — in both modes; the aux dict is empty in eval mode.
    """

    min_image_size = 15  # torchvision build (its meta["min_size"]); the paper build needs 31

    def __init__(
        self,
        num_classes: int = 1000,
        variant: Variant = "paper",
        aux_logits: bool = False,
        dropout: float | None = None,
        dropout_aux: float = 0.7,
        in_channels: int = 3,
        width: float = 1.0,
        stem_halvings: int | None = None,
    ) -> None:
        super().__init__()
        if variant not in ("paper", "torchvision", "small"):
            raise ValueError(f"variant must be 'paper', 'torchvision' or 'small', got {variant!r}")
        check_args(
            num_classes=num_classes,
            aux_logits=aux_logits,
            dropout=dropout,
            dropout_aux=dropout_aux,
            in_channels=in_channels,
            width=width,
            stem_halvings=stem_halvings,
        )
        paper = variant == "paper"
        bn = not paper  # Deviation G2 (torchvision): BN after every conv, no conv bias
        self.variant, self.has_aux, self.in_channels = variant, aux_logits, in_channels
        if variant != "torchvision":  # the 3×3/2 pool before 5a needs a 2×2 map
            self.min_image_size = 31
        if paper:  # the fixed 5×5/3 aux pool needs a 14–16 px map at 4a/4d
            self.min_aux_image_size = 223
        # One image in train mode (BN builds only): the last grid must exceed 1×1. Full stem,
        # torchvision (2×2/2 pool before 5a): 47 → 24 → 12 → 6 → 3 → 2 (46 ends at 1); with
        # the 3×3/2 pool: 63 → 32 → 16 → 8 → 4 → 2. The aux heads' BN sees a 4×4 map at any
        # size. Checked in the tests.
        if not paper:
            self.min_single_train_size = 47 if variant == "torchvision" else 63
        compact = stem_halvings is not None
        if compact:  # the first grid ⌈n/2^h⌉ must reach 4 (→ 2 → 1), for one training image
            h = stem_halvings  # 8 (→ 4 → 2), 6 with the 2×2 pool (→ 3 → 2)
            self.min_image_size = compact_min_size(4, h)
            if not paper:
                grid = 6 if variant == "torchvision" else 8
                self.min_single_train_size = compact_min_size(grid, h)
        s1, s2, s3 = stem_strides(stem_halvings)
        lrn = (lambda: nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=1.0)) if paper else None

        def w(n: int) -> int:
            return n if width == 1 else max(4, round(n * width))

        # The compact stem (small images): the same layers, only the first h of the three
        # stride-2 stages (conv1, maxpool1, maxpool2) at stride 2
        self.conv1 = conv(in_channels, w(64), 7, stride=s1, padding=3, bn=bn)
        self.maxpool1 = stem_pool(s2, compact, ceil_mode=True)
        if lrn:  # Deviation G3 (torchvision): no LocalRespNorm
            self.lrn1 = lrn()
        self.conv2 = conv(w(64), w(64), 1, bn=bn)
        self.conv3 = conv(w(64), w(192), 3, padding=1, bn=bn)
        if lrn:
            self.lrn2 = lrn()
        self.maxpool2 = stem_pool(s3, compact, ceil_mode=True)
        kernel5x5 = 3 if variant == "torchvision" else 5
        c_in = w(192)
        for row in INCEPTION_ROWS:
            name = module_name(row)
            widths = [w(c) for c in row.widths]
            setattr(self, name, Inception(c_in, *widths, bn=bn, kernel5x5=kernel5x5))
            c_in = widths[0] + widths[2] + widths[4] + widths[5]
            if name == "inception3b":
                self.maxpool3 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
            if name == "inception4a":
                c_aux1 = c_in
            if name == "inception4d":
                c_aux2 = c_in
            if name == "inception4e":
                # Deviation G4 (torchvision): 2×2/2 where the paper has 3×3/2 (same 7×7 output)
                pool = 2 if variant == "torchvision" else 3
                self.maxpool4 = nn.MaxPool2d(pool, stride=2, ceil_mode=True)
        if aux_logits:
            self.aux1 = InceptionAux(c_aux1, num_classes, bn, not paper, dropout_aux, w(128))
            self.aux2 = InceptionAux(c_aux2, num_classes, bn, not paper, dropout_aux, w(128))
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # = the paper's 7×7/1 avg pool at 224 (G9)
        # Deviation G5 (torchvision): dropout 0.2 where the paper has 40%
        p_drop = 0.2 if variant == "torchvision" else 0.4
        self.dropout = nn.Dropout(p_drop if dropout is None else dropout)
        self.fc = nn.Linear(c_in, num_classes)

    def forward(self, x: Tensor) -> Tensor | AuxOutputs:
        self.check_input(x)
        aux: dict[str, Tensor] = {}
        x = self.maxpool1(self.conv1(x))  # N x 64 x 56 x 56
        if hasattr(self, "lrn1"):
            x = self.lrn1(x)
        x = self.conv3(self.conv2(x))  # N x 192 x 56 x 56
        if hasattr(self, "lrn2"):
            x = self.lrn2(x)
        x = self.maxpool2(x)  # N x 192 x 28 x 28
        x = self.inception3b(self.inception3a(x))  # N x 480 x 28 x 28
        x = self.inception4a(self.maxpool3(x))  # N x 512 x 14 x 14
        if self.has_aux and self.training:
            aux["aux1"] = self.aux1(x)
        x = self.inception4d(self.inception4c(self.inception4b(x)))  # N x 528 x 14 x 14
        if self.has_aux and self.training:
            aux["aux2"] = self.aux2(x)
        x = self.maxpool4(self.inception4e(x))  # N x 832 x 7 x 7
        x = self.inception5b(self.inception5a(x))  # N x 1024 x 7 x 7
        logits = self.fc(self.dropout(torch.flatten(self.avgpool(x), 1)))
        return AuxOutputs(logits, aux) if self.has_aux else logits


def googlenet(
    num_classes: int = 1000,
    variant: Variant = "paper",
    aux_logits: bool = False,
    *,
    dropout: float | None = None,
    dropout_aux: float = 0.7,
    in_channels: int = 3,
    width: float = 1.0,
    stem_halvings: int | None = None,
) -> GoogLeNet:
    """GoogLeNet as in the paper (``variant="paper"``) or as torchvision builds it."""
    return GoogLeNet(
        num_classes, variant, aux_logits, dropout, dropout_aux, in_channels, width, stem_halvings
    )


def googlenet_torchvision(
    num_classes: int = 1000,
    aux_logits: bool = False,
    *,
    dropout: float | None = None,
    dropout_aux: float = 0.7,
    in_channels: int = 3,
    width: float = 1.0,
    stem_halvings: int | None = None,
) -> GoogLeNet:
    """torchvision's ``googlenet``, module for module (weights load by name)."""
    return GoogLeNet(
        num_classes,
        "torchvision",
        aux_logits,
        dropout,
        dropout_aux,
        in_channels,
        width,
        stem_halvings,
    )


def googlenet_small(
    num_classes: int = 10,
    image_size: int = 96,
    width: float = 0.375,
    *,
    aux_logits: bool = False,
    dropout: float | None = None,
    dropout_aux: float = 0.7,
    in_channels: int = 3,
) -> GoogLeNet:
    """GoogLeNet sized for a CPU: Imagenette at 96 px (its intended size), or 28–63 px images.

    What changed from the paper build: BatchNorm after every conv and no LRN (plain GoogLeNet
    is hard to train from scratch; BN is the v2 fix), every width × ``width`` (0.375), aux
    heads (when asked for) pool adaptively to 4×4 so they run at any size. From 64 px the stem
    is Table 1's (96 px: the modules run at 12, 6 and 3 px); below, the compact stem — the same
    layers padded 'same', only the first stride-2 stages that
    :func:`~inception_edu.models.base.compact_stem_halvings` allows (32 px → 8, 4, 2). The
    Table 1 layout — nine modules with their 5×5 branches, three grid reductions, global
    average pooling — is unchanged.
    """
    check_args(image_size=image_size)
    return GoogLeNet(
        num_classes,
        "small",
        aux_logits,
        dropout,
        dropout_aux,
        in_channels,
        width,
        stem_halvings=compact_stem_halvings(image_size, 64),
    )


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "G1",
        "every '5×5' branch",
        "5×5 conv (Fig. 2b, Table 1)",
        "3×3 conv, padding 1",
        "pytorch/vision#906; tensorflow/models#443",
    ),
    Deviation(
        "G2",
        "every conv",
        "conv with bias → ReLU, no BN",
        "conv (no bias) → BN(eps 1e-3) → ReLU",
        "torchvision BasicConv2d; TF-slim inception_arg_scope",
    ),
    Deviation("G3", "after pool1 and conv3", "LocalRespNorm ×2 (Fig. 3)", "none", "Fig. 3 vs code"),
    Deviation(
        "G4",
        "pool before 5a",
        "max pool 3×3/2",
        "max pool 2×2/2 (same 7×7 output)",
        "torchvision googlenet.py",
    ),
    Deviation("G5", "final dropout", "40%", "20%", "torchvision googlenet.py"),
    Deviation(
        "G6",
        "aux pooling",
        "avg pool 5×5/3 (V)",
        "adaptive_avg_pool2d to 4×4",
        "torchvision InceptionAux",
    ),
    Deviation("G7", "aux 1×1 conv", "conv + ReLU", "conv → BN → ReLU", "torchvision InceptionAux"),
)


__all__ = [
    "DEVIATIONS",
    "GoogLeNet",
    "Inception",
    "InceptionAux",
    "NaiveInception",
    "TABLE_1",
    "Table1Row",
    "googlenet",
    "googlenet_small",
    "googlenet_torchvision",
    "module_name",
]

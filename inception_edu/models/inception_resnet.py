"""Inception-ResNet-v1 and -v2 — Szegedy et al. 2016, arXiv:1602.07261, Figs. 10–20.

An Inception-ResNet block is an Inception module without its pool branch, followed by a linear
1×1 "filter-expansion" conv (bias, no BN, no activation) back to the input width, then a scaled
residual addition: ``y = ReLU(x + scale · up(branches(x)))`` (§3.3, Fig. 20) — written once, as
:class:`~inception_edu.layers.Residual`. The blocks here only declare their branches.

* :class:`InceptionResNetA` (Figs. 10 / 16), :class:`InceptionResNetB` (Figs. 11 / 17),
  :class:`InceptionResNetC` (Figs. 13 / 19), :class:`InceptionResNetReductionB` (Figs. 12 / 18);
  their widths are the figures' numbers in :data:`IR_A_WIDTHS`, :data:`IR_B_WIDTHS`,
  :data:`IR_C_WIDTHS`, :data:`REDUCTION_B_WIDTHS`. Reduction-A and its Table 1 widths
  (:data:`~inception_edu.models.inception_v4.REDUCTION_A_KLMN`) and the Fig. 3 stem come from
  :mod:`inception_edu.models.inception_v4`.
* :func:`inception_resnet_v1` — the paper's IR-v1 (Figs. 14, 10–13, 15), 1000-way classifier.
* :func:`inception_resnet_v2` — IR-v2 **as released** (TF-slim = timm = Cadene's port),
  55,843,464 parameters; ``variant="paper"`` is the paper's drawing made buildable (below).
* :func:`inception_resnet_v1_small`, :func:`inception_resnet_v2_small` — for 32–160 px subsets.

Branch order is TF-slim's/timm's/facenet's, so weights transfer by position. Residual scales
0.17 / 0.10 / 0.20 (35² / 17² / 8² blocks) are TF-slim's; the paper says "between 0.1 and 0.3".
They are constructor arguments: ``inception_resnet_v1(scale_a=1, scale_b=1, scale_c=1)``
switches scaling off. As in every reference, the last 8×8 block runs with scale 1.0 and no ReLU.

**Why the paper's IR-v2 cannot be built literally** (deviation I3, pitfall P18). A residual
block must output as many channels as it receives. Following Figs. 3, 16, 7, 17, 18, 19:
stem 384 → IR-A expands to 384 ✓ → Reduction-A (k, l, m, n = 256, 256, 384, 384) gives
n + m + c_in = 384 + 384 + 384 = **1152**, but Fig. 17's IR-B expands to **1154** (1152 ≠ 1154)
→ Reduction-B (Fig. 18) adds 384 + 288 + 320 = 992: 1154 + 992 = **2146** (or 2144 from 1152),
but Fig. 19's IR-C expands to **2048** (2146 ≠ 2048). The release is consistent instead:
Mixed_5b 96 + 64 + 96 + 64 = **320** → Reduction-A 320 + 384 + 384 = **1088** (Block17
expands to 1088 ✓) → Reduction-B 1088 + 384 + 288 + 320 = **2080** (Block8 expands to 2080 ✓)
→ 1×1 conv to 1536. ``variant="paper"`` keeps the figures' stem, branches, block counts and
reductions and replaces the two impossible widths by the block inputs (1154 → 1152,
2048 → 2144): one reading of the figures, not a released network.

Deviations of the IR-v2 release from the paper (1602.07261 Figs. 3, 15–19 vs TF-slim/timm;
:data:`DEVIATIONS`):

* I1 stem: the v3-like stem (Fig. 14 with its last conv replaced by a max pool) + Mixed_5b
  (an Inception-A with a 5×5 branch, not in the paper) → 320 @ 35², not Fig. 3's 384 @ 35².
* I2 10 / 20 / 10 residual blocks (9 scaled + 1 linear at 8×8), not 5 / 10 / 5.
* I3 widths 320 / 1088 / 2080 instead of the inconsistent 384 / 1154 / 2048 (above).
* I4 a final 1×1 conv 2080 → 1536 (``Conv2d_7b_1x1``, BN + ReLU) not in the paper.
* I5 scales 0.17 / 0.10 / 0.20, the last block 1.0 without ReLU; paper: "between 0.1 and 0.3".
* I6 TF-slim has an AuxLogits head (on the last 17×17 block, 3,366,760 params); timm, Cadene
  and this file have none.
* I7 TF-slim checkpoints have 1001 classes; 1000 here and in timm.
* I8 BN not on the summations ✓: the up-projection is a 1×1 conv with bias, no BN, no ReLU.
* I9 TF-slim's ``output_stride=8`` and ``align_feature_maps`` options are not in timm or here.

Deviations of the IR-v1 references (davidsandberg/facenet, timesler/facenet-pytorch) from the
paper (Figs. 10–15) — this file follows the paper except where marked:

* R1 the references stack 5 scaled IR-C blocks **plus** a 6th linear one (scale 1.0, no ReLU);
  here the 5th of the paper's five is the linear one (so the paper's block count holds).
* R2 scales 0.17 / 0.10 / 0.20 (kept here; the paper: "between 0.1 and 0.3").
* R3 the references end in a 128-/512-d embedding (FC + BN); here avg pool → dropout → FC 1000.
* R4 trained on 160×160 face crops; the paper's input is 299×299.
* R5 BN decay 0.995, eps 1e-3 (eps kept here).
* R6 dropout keep-probability is an argument (facenet-pytorch 0.6); here 0.2 (keep 0.8, Fig. 15).
* R7 up-projection convs have a bias, no BN, no activation — as here.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Literal

from torch import Tensor, nn

from ..layers import (
    BasicConv,
    ClassifierHead,
    Concat,
    Residual,
    conv,
    stem_conv,
    stem_pool,
    stem_strides,
)
from ..layers import scaled_width as _w
from .base import (
    Deviation,
    InceptionNet,
    check_args,
    check_positive_int,
    compact_stem_halvings,
)
from .inception_v4 import (
    REDUCTION_A_KLMN,
    ReductionA,
    Stem,
    _pool_proj,
)

Widths = tuple[int, ...]
Variant = Literal["tf_slim", "paper"]

# Columns: #1×1 | #3×3 reduce, #3×3 | double-3×3 reduce, 1st 3×3, 2nd 3×3
IR_A_WIDTHS: dict[str, Widths] = {
    "inception_resnet_v1": (32, 32, 32, 32, 32, 32),  # Fig. 10 → 96, expanded to 256
    "inception_resnet_v2": (32, 32, 32, 32, 48, 64),  # Fig. 16 → 128, expanded to 320 (384)
}
# Columns: #1×1 | #7×7 reduce, 1×7, 7×1
IR_B_WIDTHS: dict[str, Widths] = {
    "inception_resnet_v1": (128, 128, 128, 128),  # Fig. 11 → 256, expanded to 896
    "inception_resnet_v2": (192, 128, 160, 192),  # Fig. 17 → 384, expanded to 1088 (1154)
}
# Columns: #1×1 | #3×3 reduce, 1×3, 3×1
IR_C_WIDTHS: dict[str, Widths] = {
    "inception_resnet_v1": (192, 192, 192, 192),  # Fig. 13 → 384, expanded to 1792
    "inception_resnet_v2": (192, 192, 224, 256),  # Fig. 19 → 448, expanded to 2080 (2048)
}
# Columns: tower 1 (1×1, 3×3/2) | tower 2 (1×1, 3×3/2) | tower 3 (1×1, 3×3, 3×3/2)
REDUCTION_B_WIDTHS: dict[str, Widths] = {
    "inception_resnet_v1": (256, 384, 256, 256, 256, 256, 256),  # Fig. 12: + 896 → 1792
    "inception_resnet_v2": (256, 384, 256, 288, 256, 288, 320),  # Fig. 18: + 1088 → 2080
}
# Blocks per stage (35², 17², 8²): the paper's Fig. 15 and the IR-v2 release (I2)
PAPER_REPEATS = (5, 10, 5)
TF_SLIM_V2_REPEATS = (10, 20, 10)


def _up(c_mid: int, c_out: int) -> BasicConv:
    """The linear 1×1 filter expansion: conv with bias, no BN, no activation (§3.2, I8, R7)."""
    return conv(c_mid, c_out, 1, bn=False, relu=False)


class InceptionResNetA(Residual):
    """Inception-ResNet-A, 35×35: Fig. 10 (v1) / Fig. 16 (v2); timm/facenet ``Block35``.

    ``[1×1 a ‖ 1×1 b → 3×3 c ‖ 1×1 d → 3×3 e → 3×3 f]`` → 1×1 (linear) back to ``c_in``;
    ``y = act(x + scale · that)``. ``widths`` = (a, b, c, d, e, f), :data:`IR_A_WIDTHS`.
    """

    def __init__(
        self,
        c_in: int,
        widths: Widths = IR_A_WIDTHS["inception_resnet_v1"],
        scale: float = 0.17,  # TF-slim/timm/facenet; the paper: "between 0.1 and 0.3"
        activation: bool = True,
        shortcut: bool = True,
    ) -> None:
        a, b, c, d, e, f = widths
        super().__init__(
            branches=Concat(
                branch1x1=conv(c_in, a, 1),
                branch3x3=nn.Sequential(conv(c_in, b, 1), conv(b, c, 3, padding="same")),
                branch3x3dbl=nn.Sequential(
                    conv(c_in, d, 1), conv(d, e, 3, padding="same"), conv(e, f, 3, padding="same")
                ),
            ),
            up=_up(a + c + f, c_in),
            scale=scale,
            activation=activation,
            shortcut=shortcut,
        )


class InceptionResNetB(Residual):
    """Inception-ResNet-B, 17×17: Fig. 11 (v1) / Fig. 17 (v2); timm/facenet ``Block17``.

    ``[1×1 a ‖ 1×1 b → 1×7 c → 7×1 d]`` → 1×1 (linear) back to ``c_in``, scaled residual.
    """

    def __init__(
        self,
        c_in: int,
        widths: Widths = IR_B_WIDTHS["inception_resnet_v1"],
        scale: float = 0.10,
        activation: bool = True,
        shortcut: bool = True,
    ) -> None:
        a, b, c, d = widths
        super().__init__(
            branches=Concat(
                branch1x1=conv(c_in, a, 1),
                branch7x7=nn.Sequential(
                    conv(c_in, b, 1),
                    conv(b, c, (1, 7), padding="same"),
                    conv(c, d, (7, 1), padding="same"),
                ),
            ),
            up=_up(a + d, c_in),
            scale=scale,
            activation=activation,
            shortcut=shortcut,
        )


class InceptionResNetC(Residual):
    """Inception-ResNet-C, 8×8: Fig. 13 (v1) / Fig. 19 (v2); timm/facenet ``Block8``.

    ``[1×1 a ‖ 1×1 b → 1×3 c → 3×1 d]`` → 1×1 (linear) back to ``c_in``, scaled residual. The
    network's last one runs with ``scale=1.0, activation=False`` (I5, R1).
    """

    def __init__(
        self,
        c_in: int,
        widths: Widths = IR_C_WIDTHS["inception_resnet_v1"],
        scale: float = 0.20,
        activation: bool = True,
        shortcut: bool = True,
    ) -> None:
        a, b, c, d = widths
        super().__init__(
            branches=Concat(
                branch1x1=conv(c_in, a, 1),
                branch3x3=nn.Sequential(
                    conv(c_in, b, 1),
                    conv(b, c, (1, 3), padding="same"),
                    conv(c, d, (3, 1), padding="same"),
                ),
            ),
            up=_up(a + d, c_in),
            scale=scale,
            activation=activation,
            shortcut=shortcut,
        )


class InceptionResNetReductionB(Concat):
    """Reduction-B of Inception-ResNet, 17×17 → 8×8: Fig. 12 (v1) / Fig. 18 (v2); ``Mixed_7a``.

    ``[1×1 a → 3×3/2 b (V) ‖ 1×1 c → 3×3/2 d (V) ‖ 1×1 e → 3×3 f → 3×3/2 g (V) ‖ max pool 3×3/2
    (V)]`` → b + d + g + c_in (v1: 384 + 256 + 256 + 896 = 1792; v2 release: 384 + 288 + 320 +
    1088 = 2080). Not the v4 Reduction-B of Fig. 8.
    """

    def __init__(
        self, c_in: int, widths: Widths = REDUCTION_B_WIDTHS["inception_resnet_v1"]
    ) -> None:
        a, b, c, d, e, f, g = widths
        super().__init__(
            branch3x3a=nn.Sequential(conv(c_in, a, 1), conv(a, b, 3, stride=2)),
            branch3x3b=nn.Sequential(conv(c_in, c, 1), conv(c, d, 3, stride=2)),
            branch3x3dbl=nn.Sequential(
                conv(c_in, e, 1), conv(e, f, 3, padding="same"), conv(f, g, 3, stride=2)
            ),
            branch_pool=nn.MaxPool2d(3, stride=2),
        )
        self.out_channels = b + d + g + c_in


def _v1_stem_layers(c_in: int, width: float, halvings: int | None) -> OrderedDict[str, nn.Module]:
    """Fig. 14 up to its 3×3 192 (V) conv: 299² → 149² → 147² → 147² → 73² → 73² → 71²."""
    d = halvings is not None  # the compact stem (see :class:`StemV1`)
    s1, s2, _ = stem_strides(halvings)
    c32, c64, c80, c192 = (_w(n, width) for n in (32, 64, 80, 192))
    return OrderedDict(
        Conv2d_1a_3x3=stem_conv(c_in, c32, 3, s1, d),
        Conv2d_2a_3x3=stem_conv(c32, c32, 3, 1, d),
        Conv2d_2b_3x3=conv(c32, c64, 3, padding="same"),
        MaxPool_3a_3x3=stem_pool(s2, d),
        Conv2d_3b_1x1=conv(c64, c80, 1),
        Conv2d_4a_3x3=stem_conv(c80, c192, 3, 1, d),
    )


class StemV1(nn.Sequential):
    """Stem of Inception-ResNet-v1, Fig. 14: 299² × 3 → 35² × 256 (facenet ``conv2d_1a…4b``).

    ``3×3/2 32 (V) → 3×3 32 (V) → 3×3 64 → max pool 3×3/2 (V) → 1×1 80 → 3×3 192 (V) →
    3×3/2 256 (V)``. ``halvings``: the compact stem for small images — every layer, padded
    'same', only the first ``halvings`` of its three stride-2 stages at stride 2 (as v4's
    :class:`~inception_edu.models.inception_v4.Stem`).
    """

    def __init__(self, c_in: int = 3, width: float = 1.0, halvings: int | None = None) -> None:
        layers = _v1_stem_layers(c_in, width, halvings)
        c192, c256 = _w(192, width), _w(256, width)
        last = stem_strides(halvings)[2]
        layers["Conv2d_4b_3x3"] = stem_conv(c192, c256, 3, last, halvings is not None)
        super().__init__(layers)
        self.out_channels = c256


class Mixed5b(Concat):
    """IR-v2 release's ``Mixed_5b``: an Inception-A on the stem, 35² × 192 → 320 (I1).

    ``[1×1 96 ‖ 1×1 48 → 5×5 64 ‖ 1×1 64 → 3×3 96 → 3×3 96 ‖ avg pool → 1×1 64]``.
    """

    def __init__(self, c_in: int = 192, width: float = 1.0) -> None:
        c48, c64, c96 = _w(48, width), _w(64, width), _w(96, width)
        super().__init__(
            branch1x1=conv(c_in, c96, 1),
            branch5x5=nn.Sequential(conv(c_in, c48, 1), conv(c48, c64, 5, padding="same")),
            branch3x3dbl=nn.Sequential(
                conv(c_in, c64, 1),
                conv(c64, c96, 3, padding="same"),
                conv(c96, c96, 3, padding="same"),
            ),
            branch_pool=_pool_proj(c_in, c64),
        )
        self.out_channels = 2 * c96 + 2 * c64


class StemV2(nn.Sequential):
    """Stem of Inception-ResNet-v2 **as released** (TF-slim/timm): 299² × 3 → 35² × 320 (I1).

    Fig. 14's stem with its last 3×3/2 256 conv replaced by a max pool 3×3/2 (= the v3 stem),
    then :class:`Mixed5b`. The paper's IR-v2 uses Fig. 3's :class:`Stem` (384 channels).
    ``halvings``: the compact stem for small images, as in :class:`StemV1`.
    """

    def __init__(self, c_in: int = 3, width: float = 1.0, halvings: int | None = None) -> None:
        layers = _v1_stem_layers(c_in, width, halvings)
        # Deviation (TF-slim/timm): v3-like stem + Mixed_5b (320) instead of Fig. 3 (384), I1
        last = stem_strides(halvings)[2]
        layers["MaxPool_5a_3x3"] = stem_pool(last, halvings is not None)  # → 35 × 35 × 192
        layers["Mixed_5b"] = Mixed5b(_w(192, width), width)  # → 35 × 35 × 320
        super().__init__(layers)
        self.out_channels = layers["Mixed_5b"].out_channels


def _scaled(widths: Widths, width: float) -> Widths:
    return tuple(_w(n, width) for n in widths)


_IR_ARGS = (
    "num_classes",
    "dropout",
    "in_channels",
    "scale_a",
    "scale_b",
    "scale_c",
    "width",
    "repeats",
    "stem_halvings",
    "shortcut",
)


def _check_ir_args(args: dict[str, object]) -> None:
    """:func:`~inception_edu.models.base.check_args` on a constructor's ``locals()``, before
    the stem is built from them."""
    check_args(**{name: args[name] for name in _IR_ARGS})


class InceptionResNet(InceptionNet):
    """Shared skeleton of Fig. 15: stem → IR-A × n → Reduction-A → IR-B × n → Reduction-B →
    IR-C × n (the last one linear, scale 1) → [1×1 conv] → avg pool → dropout → linear.

    Modules: ``stem``, ``inception_resnet_a``, ``reduction_a``, ``inception_resnet_b``,
    ``reduction_b``, ``inception_resnet_c``, ``conv2d_7b`` (Identity without a final conv),
    ``head``. Build one through :class:`InceptionResNetV1` or :class:`InceptionResNetV2`.
    ``shortcut=False`` builds the "pure Inception" twin: the same layers and weights, every
    block ``act(scale · up(branches(x)))`` without the ``x`` term (same params and MACs).
    """

    min_image_size = 75  # 75 → 37 → 35 → 17 → 15 → 7 (stem) → 3 → 1; 74 ends at 0 (P6)

    def __init__(
        self,
        stem: nn.Module,
        key: str,
        num_classes: int,
        dropout: float,
        in_channels: int,
        scales: tuple[float, float, float],
        width: float,
        repeats: tuple[int, int, int],
        final_conv: int | None = None,
        stem_halvings: int | None = None,
        shortcut: bool = True,
    ) -> None:
        super().__init__()
        self.in_channels = in_channels
        # one image in train mode: the 8×8 grid must exceed 1×1 — 107 → … → 5 → 2, as in v4
        self.min_single_train_size = 107
        if stem_halvings is not None:
            self.use_compact_limits(stem_halvings)
        n_a, n_b, n_c = repeats
        if n_c < 1:
            raise ValueError(f"need at least one 8×8 block (the final linear one), got {n_c}")
        s_a, s_b, s_c = scales
        self.stem = stem
        c = stem.out_channels
        w_a = _scaled(IR_A_WIDTHS[key], width)
        self.inception_resnet_a = nn.Sequential(
            *(InceptionResNetA(c, w_a, s_a) for _ in range(n_a))
        )
        self.reduction_a = ReductionA(c, *_scaled(REDUCTION_A_KLMN[key], width))
        c = self.reduction_a.out_channels
        w_b = _scaled(IR_B_WIDTHS[key], width)
        self.inception_resnet_b = nn.Sequential(
            *(InceptionResNetB(c, w_b, s_b) for _ in range(n_b))
        )
        self.reduction_b = InceptionResNetReductionB(c, _scaled(REDUCTION_B_WIDTHS[key], width))
        c = self.reduction_b.out_channels
        w_c = _scaled(IR_C_WIDTHS[key], width)
        self.inception_resnet_c = nn.Sequential(
            *(InceptionResNetC(c, w_c, s_c) for _ in range(n_c - 1)),
            # Deviation (all references): the last 8×8 block is linear — scale 1, no ReLU (I5, R1)
            InceptionResNetC(c, w_c, scale=1.0, activation=False),
        )
        if final_conv:
            # Deviation (TF-slim/timm): Conv2d_7b_1x1, 2080 → 1536, not in the paper (I4)
            self.conv2d_7b = conv(c, final_conv, 1)
            c = final_conv
        else:
            self.conv2d_7b = nn.Identity()
        self.num_features = c
        self.head = ClassifierHead(c, num_classes, dropout)  # dropout keep 0.8 (Fig. 15)
        self.shortcut = shortcut
        for block in self.modules():
            if isinstance(block, Residual):
                block.shortcut = shortcut

    def forward(self, x: Tensor) -> Tensor:
        self.check_input(x)
        x = self.stem(x)  # N x 256 (v1) | 320 (v2) | 384 (paper v2) x 35 x 35
        x = self.inception_resnet_a(x)
        x = self.reduction_a(x)  # N x 896 | 1088 | 1152 x 17 x 17
        x = self.inception_resnet_b(x)
        x = self.reduction_b(x)  # N x 1792 | 2080 | 2144 x 8 x 8
        x = self.inception_resnet_c(x)
        x = self.conv2d_7b(x)  # v2 release: N x 1536 x 8 x 8
        return self.head(x)  # N x num_classes


class InceptionResNetV1(InceptionResNet):
    """Inception-ResNet-v1 from the paper (Figs. 14, 10, 7, 11, 12, 13, 15).

    Stem → 256 @ 35², 5 × IR-A, Reduction-A (192, 192, 256, 384) → 896 @ 17², 10 × IR-B,
    Reduction-B → 1792 @ 8², 5 × IR-C (the 5th linear, R1), avg pool → dropout → FC.
    """

    def __init__(
        self,
        num_classes: int = 1000,
        dropout: float = 0.2,
        in_channels: int = 3,
        scale_a: float = 0.17,
        scale_b: float = 0.10,
        scale_c: float = 0.20,
        width: float = 1.0,
        repeats: tuple[int, int, int] = PAPER_REPEATS,
        stem_halvings: int | None = None,
        shortcut: bool = True,
    ) -> None:
        _check_ir_args(locals())
        super().__init__(
            StemV1(in_channels, width, stem_halvings),
            "inception_resnet_v1",
            num_classes,
            dropout,
            in_channels,
            (scale_a, scale_b, scale_c),
            width,
            repeats,
            stem_halvings=stem_halvings,
            shortcut=shortcut,
        )


class InceptionResNetV2(InceptionResNet):
    """Inception-ResNet-v2: ``variant="tf_slim"`` is the release (= timm), ``"paper"`` Figs. 15–19.

    Release: :class:`StemV2` → 320 @ 35², 10 × Block35, Mixed_6a = Reduction-A (256, 256, 384,
    384) → 1088 @ 17², 20 × Block17, Mixed_7a → 2080 @ 8², 9 × Block8 + 1 linear Block8,
    Conv2d_7b 1×1 → 1536, head. Paper: Fig. 3 :class:`Stem` → 384, 5 / 10 / 5 blocks, residual
    widths 384 / 1152 / 2144 (the printed 1154 and 2048 cannot be added), no final 1×1 conv.
    """

    def __init__(
        self,
        num_classes: int = 1000,
        dropout: float = 0.2,
        in_channels: int = 3,
        scale_a: float = 0.17,
        scale_b: float = 0.10,
        scale_c: float = 0.20,
        width: float = 1.0,
        repeats: tuple[int, int, int] | None = None,
        stem_halvings: int | None = None,
        variant: Variant = "tf_slim",
        shortcut: bool = True,
    ) -> None:
        _check_ir_args(locals())
        if variant == "tf_slim":
            stem: nn.Module = StemV2(in_channels, width, stem_halvings)
            final_conv: int | None = _w(1536, width)
            repeats = repeats or TF_SLIM_V2_REPEATS
        elif variant == "paper":
            stem, final_conv = Stem(in_channels, width, stem_halvings), None
            repeats = repeats or PAPER_REPEATS
        else:
            raise ValueError(f"variant must be 'tf_slim' or 'paper', got {variant!r}")
        super().__init__(
            stem,
            "inception_resnet_v2",
            num_classes,
            dropout,
            in_channels,
            (scale_a, scale_b, scale_c),
            width,
            repeats,
            final_conv,
            stem_halvings,
            shortcut,
        )
        self.variant = variant


def inception_resnet_v1(
    num_classes: int = 1000,
    dropout: float = 0.2,
    in_channels: int = 3,
    scale_a: float = 0.17,
    scale_b: float = 0.10,
    scale_c: float = 0.20,
) -> InceptionResNetV1:
    """Inception-ResNet-v1 (arXiv:1602.07261, Fig. 15) with a 1000-way classifier.

    Blocks equal facenet's ``InceptionResnetV1`` module for module (deviations R1–R7); the
    residual scales are arguments (1.0 switches scaling off).
    """
    return InceptionResNetV1(num_classes, dropout, in_channels, scale_a, scale_b, scale_c)


def inception_resnet_v2(
    num_classes: int = 1000,
    dropout: float = 0.2,
    in_channels: int = 3,
    scale_a: float = 0.17,
    scale_b: float = 0.10,
    scale_c: float = 0.20,
    variant: Variant = "tf_slim",
) -> InceptionResNetV2:
    """Inception-ResNet-v2 as released (= timm ``inception_resnet_v2``, 55,843,464 params).

    ``variant="paper"``: the figures' network with the two impossible widths fixed (see the
    module docstring); 32,433,928 params with 1000 classes.
    """
    return InceptionResNetV2(
        num_classes, dropout, in_channels, scale_a, scale_b, scale_c, variant=variant
    )


def inception_resnet_v1_small(
    num_classes: int = 10,
    in_channels: int = 3,
    image_size: int = 96,
    width: float = 0.25,
    repeats: tuple[int, int, int] = (2, 2, 2),
    dropout: float = 0.2,
    scale_a: float = 0.17,
    scale_b: float = 0.10,
    scale_c: float = 0.20,
    shortcut: bool = True,
) -> InceptionResNetV1:
    """Inception-ResNet-v1 sized for a CPU: Imagenette at 96 px (its intended size), or 28–74 px.

    What changed from the paper's network: every width × ``width`` (0.25, at least 4 channels;
    the residual widths follow, 64 / 224 / 448); 2 / 2 / 2 IR-A / B / C blocks instead of
    5 / 10 / 5 (the second IR-C is the linear one). Kept: every block type, the residual
    scaling, Reduction-A's Table 1 widths (scaled) and the Fig. 12 Reduction-B. From 75 px
    the stem is Fig. 14's (96 px: grids 9 → 4 → 1); below, the compact stem (:class:`StemV1`;
    28 px → 7 → 3 → 1, 32 px → 8 → 3 → 1). 657 K params with 10 classes.
    ``shortcut=False``: the same network without its shortcuts (pure Inception, same cost).
    """
    check_args(image_size=image_size)
    return InceptionResNetV1(
        num_classes,
        dropout,
        in_channels,
        scale_a,
        scale_b,
        scale_c,
        width=width,
        repeats=repeats,
        stem_halvings=compact_stem_halvings(image_size, InceptionResNet.min_image_size),
        shortcut=shortcut,
    )


def inception_resnet_v2_small(
    num_classes: int = 10,
    in_channels: int = 3,
    image_size: int = 96,
    width: float = 0.25,
    repeats: tuple[int, int, int] = (2, 2, 2),
    dropout: float = 0.2,
    scale_a: float = 0.17,
    scale_b: float = 0.10,
    scale_c: float = 0.20,
    shortcut: bool = True,
) -> InceptionResNetV2:
    """Inception-ResNet-v2 (the release's layout) sized for a CPU: Imagenette at 96 px (its
    intended size), or 28–74 px images.

    What changed from the release: every width × ``width`` (0.25: residual widths 80 / 272 / 520,
    final 1×1 conv 384); 2 / 2 / 2 blocks instead of 10 / 20 / 10 (the second Block8 is the
    linear one). Kept: the v3-like stem with Mixed_5b, every block type, the residual scaling,
    Reduction-A (256, 256, 384, 384 scaled), Mixed_7a and Conv2d_7b. From 75 px the stem is
    the release's (96 px: grids 9 → 4 → 1); below, the compact stem (:class:`StemV2`; 32 px
    → 8 → 3 → 1). 1.06 M params.
    ``shortcut=False``: the same network without its shortcuts (pure Inception, same cost).
    """
    check_args(image_size=image_size)
    return InceptionResNetV2(
        num_classes,
        dropout,
        in_channels,
        scale_a,
        scale_b,
        scale_c,
        width=width,
        repeats=repeats,
        stem_halvings=compact_stem_halvings(image_size, InceptionResNet.min_image_size),
        shortcut=shortcut,
    )


class WideResidualStack(InceptionNet):
    """§3.3's instability setting at CPU scale: many Inception-ResNet-A blocks on one wide trunk.

    "If the number of filters exceeded 1000, the residual variants started to exhibit
    instabilities" (1602.07261 §3.3). Stem: 3×3/2 conv ``in_channels → width`` (BN, ReLU), then
    3×3/2 max pools until the grid is 1/``stride`` of the input (28 px → 4×4 with ``stride=8``);
    then ``blocks`` × :class:`InceptionResNetA` at ``width`` channels with the given ``scale``
    (``branch_widths`` as in :data:`IR_A_WIDTHS`, default Fig. 10's 32s); then, as in Fig. 15,
    average pool → linear directly on the ``width`` channels — or, with ``head_width``, first a
    1×1 conv ``width → head_width`` (BN, ReLU) like the IR-v2 release's ``Conv2d_7b`` (I4).
    ``shortcut=False`` removes the shortcuts (the pure twin). Modules: ``stem``, ``blocks``,
    ``head_conv`` (Identity without ``head_width``), ``head``.
    """

    def __init__(
        self,
        width: int = 1024,
        blocks: int = 8,
        scale: float = 1.0,
        branch_widths: Widths = IR_A_WIDTHS["inception_resnet_v1"],
        in_channels: int = 1,
        num_classes: int = 10,
        stride: int = 8,
        shortcut: bool = True,
        head_width: int | None = None,
    ) -> None:
        super().__init__()
        check_positive_int("width", width)
        check_positive_int("stride", stride)
        if head_width:  # None or 0: no head conv
            check_positive_int("head_width", head_width)
        if stride < 2 or stride & (stride - 1):
            raise ValueError(f"stride must be a power of two ≥ 2, got {stride}")
        check_args(
            blocks=blocks,
            scale=scale,
            in_channels=in_channels,
            num_classes=num_classes,
            shortcut=shortcut,
        )
        self.in_channels = in_channels
        self.min_single_train_size = stride + 1  # one image in train mode: the grid ⌈H/stride⌉ > 1
        pools = [nn.MaxPool2d(3, stride=2, padding=1) for _ in range(stride.bit_length() - 2)]
        self.stem = nn.Sequential(conv(in_channels, width, 3, stride=2, padding="same"), *pools)
        self.blocks = nn.Sequential(
            *(
                InceptionResNetA(width, branch_widths, scale, shortcut=shortcut)
                for _ in range(blocks)
            )
        )
        self.head_conv = conv(width, head_width, 1) if head_width else nn.Identity()
        self.head = ClassifierHead(head_width or width, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        self.check_input(x)
        x = self.blocks(self.stem(x))  # N x width x H/stride x W/stride
        return self.head(self.head_conv(x))


def wide_residual_stack(
    width: int = 1024,
    blocks: int = 8,
    scale: float = 1.0,
    in_channels: int = 1,
    num_classes: int = 10,
    stride: int = 8,
    shortcut: bool = True,
    head_width: int | None = None,
) -> WideResidualStack:
    """A :class:`WideResidualStack`: ``blocks`` IR-A blocks (Fig. 10 widths) on a ``width`` trunk.

    The default — 1024 filters, 8 blocks, 28-px Fashion-MNIST reduced to 4×4 — is the paper's
    "more than 1000 filters" at a size a CPU trains in a minute.
    """
    return WideResidualStack(
        width,
        blocks,
        scale,
        in_channels=in_channels,
        num_classes=num_classes,
        stride=stride,
        shortcut=shortcut,
        head_width=head_width,
    )


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "I1",
        "IR-v2 stem",
        "Fig. 3 (the v4 stem) → 384 @ 35²",
        "v3-like stem + max pool + Mixed_5b (Inception-A with 5×5) → 320 @ 35²",
        "tensorflow/models#1235, #1553, #11227; Cadene #197, #228",
    ),
    Deviation(
        "I2",
        "IR-v2 block counts",
        "5 / 10 / 5 (Fig. 15)",
        "10 / 20 / 10 (9 scaled + 1 linear Block8)",
        "tensorflow/models#1553 (sguada: done under the advice of the authors)",
    ),
    Deviation(
        "I3",
        "IR-v2 residual widths",
        "384 / 1154 / 2048 (Figs. 16, 17, 19; cannot be added to 1152 / 2146)",
        "320 / 1088 / 2080 (consistent)",
        "code; tensorflow/models#634",
    ),
    Deviation(
        "I4",
        "IR-v2 before the pool",
        "no 1×1 conv",
        "Conv2d_7b_1x1: 2080 → 1536 (BN, ReLU)",
        "tensorflow/models#1553; Cadene #206",
    ),
    Deviation(
        "I5",
        "residual scales",
        "'between 0.1 and 0.3' (§3.3)",
        "0.17 / 0.10 / 0.20; last block 1.0 and no ReLU",
        "TF-slim inception_resnet_v2.py; timm",
    ),
    Deviation(
        "I6",
        "IR-v2 auxiliary head",
        "none drawn",
        "TF-slim AuxLogits (3,366,760 params); timm and Cadene none",
        "Cadene tensorflow-model-zoo.torch#11",
    ),
    Deviation("I7", "IR-v2 classes", "1000", "TF-slim 1001; timm 1000", "TF-slim signature"),
    Deviation(
        "I8",
        "up-projection",
        "BN not on the summations (§3.2)",
        "1×1 conv with bias, no BN, no activation; ReLU after the add (agrees)",
        "TF-slim; timm Block35/17/8",
    ),
    Deviation(
        "I9",
        "IR-v2 options",
        "—",
        "TF-slim output_stride=8 and align_feature_maps (SAME); not in timm",
        "TF-slim inception_resnet_v2_base",
    ),
    Deviation(
        "R1",
        "IR-v1 8×8 blocks",
        "5 × IR-C (Fig. 15)",
        "facenet: 5 × Block8 (0.20) + a 6th linear Block8; here the 5th is the linear one",
        "davidsandberg/facenet inception_resnet_v1.py; timesler/facenet-pytorch",
    ),
    Deviation(
        "R2",
        "IR-v1 residual scales",
        "'between 0.1 and 0.3'",
        "0.17 / 0.10 / 0.20",
        "facenet inception_resnet_v1.py",
    ),
    Deviation(
        "R3",
        "IR-v1 head",
        "avg pool → dropout → 1000-way softmax",
        "FC bottleneck to a 128/512-d embedding + BN (face recognition)",
        "facenet; facenet-pytorch last_linear + last_bn",
    ),
    Deviation("R4", "IR-v1 input", "299×299", "160×160 face crops", "facenet"),
    Deviation("R5", "IR-v1 BN", "—", "decay 0.995, eps 1e-3", "facenet"),
    Deviation(
        "R6", "IR-v1 dropout", "keep 0.8", "argument (facenet-pytorch 0.6)", "facenet-pytorch"
    ),
    Deviation(
        "R7",
        "IR-v1 up-projection",
        "linear 1×1 (Fig. 10, 11, 13)",
        "1×1 conv with bias, no BN, no activation (agrees)",
        "facenet-pytorch nn.Conv2d(..., bias=True)",
    ),
)


__all__ = [
    "DEVIATIONS",
    "IR_A_WIDTHS",
    "IR_B_WIDTHS",
    "IR_C_WIDTHS",
    "PAPER_REPEATS",
    "REDUCTION_B_WIDTHS",
    "TF_SLIM_V2_REPEATS",
    "InceptionResNet",
    "InceptionResNetA",
    "InceptionResNetB",
    "InceptionResNetC",
    "InceptionResNetReductionB",
    "InceptionResNetV1",
    "InceptionResNetV2",
    "Mixed5b",
    "StemV1",
    "StemV2",
    "WideResidualStack",
    "inception_resnet_v1",
    "inception_resnet_v1_small",
    "inception_resnet_v2",
    "inception_resnet_v2_small",
    "wide_residual_stack",
]

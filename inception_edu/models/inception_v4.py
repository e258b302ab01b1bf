"""Inception-v4 — Szegedy, Ioffe, Vanhoucke & Alemi 2016, arXiv:1602.07261, Figs. 3–9, Table 1.

The network is the paper's (Fig. 9): stem (Fig. 3) → 4 × Inception-A (Fig. 4) → Reduction-A
(Fig. 7) → 7 × Inception-B (Fig. 5) → Reduction-B (Fig. 8) → 3 × Inception-C (Fig. 6) →
average pool → dropout (keep 0.8) → linear. It is module for module TF-slim ``inception_v4`` =
timm ``inception_v4`` (42,679,816 parameters with 1000 classes, 12.25 G conv MACs at 299 px).

* :class:`Stem`, :class:`InceptionA`, :class:`ReductionA`, :class:`InceptionB`,
  :class:`ReductionB`, :class:`InceptionC` — the figures, each declared as named branches in
  one :class:`~inception_edu.layers.Concat` (Inception-C nests a ``Concat`` for its "expanded
  filter bank" outputs); no block has a hand-written forward.
* :data:`REDUCTION_A_KLMN` — Table 1: the k, l, m, n filter counts of Reduction-A, shared with
  Inception-ResNet-v1/v2 (:mod:`inception_edu.models.inception_resnet` imports it).
* :func:`inception_v4` and :func:`inception_v4_small` (32–160 px subsets).

**Branch order** is TF-slim's/timm's, not the figures' left-to-right drawing, so concatenated
channels and the parameter order agree and ``load_reference_weights(ours, timm_sd)`` maps by
position. Average pools inside modules exclude the zero padding (``count_include_pad=False``,
pitfall P11), as TF's SAME pooling and timm do.

Deviations of the references from the paper (1602.07261 Figs. 3–9 vs TF-slim/timm; data in
:data:`DEVIATIONS`, marked ``# Deviation`` at the line):

* F1 the stem's last 3×3 192 conv is printed without "stride 2"; the 35×35 output needs it.
* F2 Fig. 5's single 7×7 branch prints 1×7 twice (1×1 192 → 1×7 224 → 1×7 256); the code has
  1×7 224 → 7×1 256 (a typo in the figure).
* F3 1×7/7×1 (and 1×3/3×1) order swaps: Inception-B's double branch starts with 7×1 in the code
  (figure: 1×7); the stem's 7×7 branch and Inception-C's 448/512 pair are swapped too, as
  a copy of the drawings shows (not checked against the PDF). No effect on parameters or MACs;
  it matters for mapping TF-slim weights.
* F4 no auxiliary head in Fig. 9; TF-slim adds AuxLogits on Mixed_6h (the last Inception-B:
  avg pool 5×5/3 → 1×1 128 → 5×5 768 → FC, 3,358,568 params); timm and this file have none.
* F5 1000 classes; TF-slim checkpoints have 1001 (class 0 = background).
* F6 dropout keep 0.8 before the classifier: TF-slim the same, timm ``drop_rate=0`` (our default
  0.2 is the paper's; dropout is the identity in eval mode, so outputs still agree).
* F7 the same-padded average pools exclude the padding in TF; timm ``count_include_pad=False``
  and so do we (torchvision's v3 counts it, pitfall P11).
* F8 timm asserts ``output_stride == 32``; TF-slim's ``inception_v4`` has no output-stride option
  either (only its ``inception_resnet_v2`` has one).

Not in any figure: conv → BN (eps 1e-3, with γ; TF-slim has no γ) → ReLU everywhere (§3.2 of
the v3 paper), convs without bias.
"""

from __future__ import annotations

from collections import OrderedDict

from torch import Tensor, nn

from ..layers import (
    ClassifierHead,
    Concat,
    conv,
    split_1x3_3x1,
    stem_conv,
    stem_pool,
    stem_strides,
)
from ..layers import scaled_width as _w
from .base import Deviation, InceptionNet, check_args, compact_stem_halvings

REDUCTION_A_KLMN: dict[str, tuple[int, int, int, int]] = {
    # Table 1 of 1602.07261: k (1×1), l (3×3), m (3×3/2) of the tower, n (the single 3×3/2)
    "inception_v4": (192, 224, 256, 384),
    "inception_resnet_v1": (192, 192, 256, 384),
    "inception_resnet_v2": (256, 256, 384, 384),
}


def _pool_proj(c_in: int, c_out: int) -> nn.Sequential:
    """3×3/1 average pool → 1×1 conv; the pool excludes zero padding (F7, pitfall P11)."""
    return nn.Sequential(
        nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False), conv(c_in, c_out, 1)
    )


class Stem(nn.Sequential):
    """Stem of Inception-v4 and of the paper's Inception-ResNet-v2, Fig. 3: 299² × 3 → 35² × 384.

    ``3×3/2 32 (V) → 3×3 32 (V) → 3×3 64`` (149², 147², 147²), then three parallel blocks:
    ``Mixed_3a = [max pool 3×3/2 (V) ‖ 3×3/2 96 (V)]`` → 73² × 160,
    ``Mixed_4a = [1×1 64 → 3×3 96 (V) ‖ 1×1 64 → 1×7 64 → 7×1 64 → 3×3 96 (V)]`` → 71² × 192,
    ``Mixed_5a = [3×3/2 192 (V) ‖ max pool /2 (V)]`` → 35² × 384 (timm ``features[0:6]``).
    ``halvings`` (small variants, :func:`~inception_edu.models.base.compact_stem_halvings`)
    builds the compact stem: every layer and branch, padded 'same', with only the first
    ``halvings`` of the three stride-2 stages (Conv2d_1a, Mixed_3a, Mixed_5a) at stride 2.
    """

    def __init__(self, c_in: int = 3, width: float = 1.0, halvings: int | None = None) -> None:
        c32, c64, c96, c192 = (_w(n, width) for n in (32, 64, 96, 192))
        d = halvings is not None  # compact
        s1, s3, s5 = stem_strides(halvings)
        super().__init__(
            OrderedDict(
                Conv2d_1a_3x3=stem_conv(c_in, c32, 3, s1, d),  # 299 → 149
                Conv2d_2a_3x3=stem_conv(c32, c32, 3, 1, d),  # → 147
                Conv2d_2b_3x3=conv(c32, c64, 3, padding="same"),
                Mixed_3a=Concat(  # → 73 × 73 × 160
                    branch_pool=stem_pool(s3, d), branch3x3=stem_conv(c64, c96, 3, s3, d)
                ),
                Mixed_4a=Concat(  # → 71 × 71 × 192
                    branch3x3=nn.Sequential(conv(c64 + c96, c64, 1), stem_conv(c64, c96, 3, 1, d)),
                    # Deviation (timm/TF-slim): 1×7 then 7×1; Fig. 3 reads 7×1 then 1×7 (F3)
                    branch7x7x3=nn.Sequential(
                        conv(c64 + c96, c64, 1),
                        conv(c64, c64, (1, 7), padding="same"),
                        conv(c64, c64, (7, 1), padding="same"),
                        stem_conv(c64, c96, 3, 1, d),
                    ),
                ),
                Mixed_5a=Concat(  # → 35 × 35 × 384
                    # Deviation (timm/TF-slim): stride 2, not printed in Fig. 3 (F1)
                    branch3x3=stem_conv(2 * c96, c192, 3, s5, d),
                    branch_pool=stem_pool(s5, d),
                ),
            )
        )
        self.out_channels = c192 + 2 * c96


class InceptionA(Concat):
    """Inception-A, Fig. 4 (35×35; timm ``InceptionA``, TF-slim ``Mixed_5b–5e``).

    ``[1×1 96 ‖ 1×1 64 → 3×3 96 ‖ 1×1 64 → 3×3 96 → 3×3 96 ‖ avg pool → 1×1 96]`` → 384.
    """

    def __init__(self, c_in: int = 384, width: float = 1.0) -> None:
        c64, c96 = _w(64, width), _w(96, width)
        super().__init__(
            branch1x1=conv(c_in, c96, 1),
            branch3x3=nn.Sequential(conv(c_in, c64, 1), conv(c64, c96, 3, padding="same")),
            branch3x3dbl=nn.Sequential(
                conv(c_in, c64, 1),
                conv(c64, c96, 3, padding="same"),
                conv(c96, c96, 3, padding="same"),
            ),
            branch_pool=_pool_proj(c_in, c96),
        )
        self.out_channels = 4 * c96


class ReductionA(Concat):
    """Reduction-A, Fig. 7: 35×35 → 17×17; k, l, m, n from Table 1 (:data:`REDUCTION_A_KLMN`).

    ``[3×3/2 n (V) ‖ 1×1 k → 3×3 l → 3×3/2 m (V) ‖ max pool 3×3/2 (V)]`` → n + m + c_in channels
    (v4: 384 + 256 + 384 = 1024; IR-v1: 384 + 256 + 256 = 896; IR-v2: 384 + 384 + 320 = 1088).
    """

    def __init__(self, c_in: int, k: int, l: int, m: int, n: int) -> None:  # noqa: E741
        super().__init__(
            branch3x3=conv(c_in, n, 3, stride=2),
            branch3x3dbl=nn.Sequential(
                conv(c_in, k, 1), conv(k, l, 3, padding="same"), conv(l, m, 3, stride=2)
            ),
            branch_pool=nn.MaxPool2d(3, stride=2),
        )
        self.out_channels = n + m + c_in


class InceptionB(Concat):
    """Inception-B, Fig. 5 (17×17; timm ``InceptionB``, TF-slim ``Mixed_6b–6h``).

    ``[1×1 384 ‖ 1×1 192 → 1×7 224 → 7×1 256 ‖ 1×1 192 → 7×1 192 → 1×7 224 → 7×1 224 → 1×7 256
    ‖ avg pool → 1×1 128]`` → 1024.
    """

    def __init__(self, c_in: int = 1024, width: float = 1.0) -> None:
        c128, c192, c224, c256, c384 = (_w(n, width) for n in (128, 192, 224, 256, 384))
        super().__init__(
            branch1x1=conv(c_in, c384, 1),
            branch7x7=nn.Sequential(
                conv(c_in, c192, 1),
                conv(c192, c224, (1, 7), padding="same"),
                # Deviation (timm/TF-slim): 7×1 where Fig. 5 prints a second 1×7 (F2, a typo)
                conv(c224, c256, (7, 1), padding="same"),
            ),
            # Deviation (timm/TF-slim): starts with 7×1; Fig. 5 starts with 1×7 (F3, same cost)
            branch7x7dbl=nn.Sequential(
                conv(c_in, c192, 1),
                conv(c192, c192, (7, 1), padding="same"),
                conv(c192, c224, (1, 7), padding="same"),
                conv(c224, c224, (7, 1), padding="same"),
                conv(c224, c256, (1, 7), padding="same"),
            ),
            branch_pool=_pool_proj(c_in, c128),
        )
        self.out_channels = c384 + 2 * c256 + c128


class ReductionB(Concat):
    """Reduction-B of Inception-v4, Fig. 8: 17×17 → 8×8 (timm ``ReductionB``, ``Mixed_7a``).

    ``[1×1 192 → 3×3/2 192 (V) ‖ 1×1 256 → 1×7 256 → 7×1 320 → 3×3/2 320 (V) ‖ max pool 3×3/2
    (V)]`` → 192 + 320 + c_in = 1536. (The Inception-ResNet Reduction-B is Figs. 12/18.)
    """

    def __init__(self, c_in: int = 1024, width: float = 1.0) -> None:
        c192, c256, c320 = (
            _w(192, width),
            _w(256, width),
            _w(320, width),
        )
        super().__init__(
            branch3x3=nn.Sequential(conv(c_in, c192, 1), conv(c192, c192, 3, stride=2)),
            branch7x7x3=nn.Sequential(
                conv(c_in, c256, 1),
                conv(c256, c256, (1, 7), padding="same"),
                conv(c256, c320, (7, 1), padding="same"),
                conv(c320, c320, 3, stride=2),
            ),
            branch_pool=nn.MaxPool2d(3, stride=2),
        )
        self.out_channels = c192 + c320 + c_in


class InceptionC(Concat):
    """Inception-C, Fig. 6 (8×8; timm ``InceptionC``, TF-slim ``Mixed_7b–7d``).

    ``[1×1 256 ‖ 1×1 384 → {1×3 256, 3×1 256} ‖ 1×1 384 → 3×1 448 → 1×3 512 → {1×3 256, 3×1 256}
    ‖ avg pool → 1×1 256]`` → 1536; ``{…}`` is a nested ``Concat`` (timm's ``branch1_1a/1b``).
    """

    def __init__(self, c_in: int = 1536, width: float = 1.0) -> None:
        c256, c384, c448, c512 = (_w(n, width) for n in (256, 384, 448, 512))
        super().__init__(
            branch1x1=conv(c_in, c256, 1),
            branch3x3=nn.Sequential(conv(c_in, c384, 1), split_1x3_3x1(c384, c256)),
            branch3x3dbl=nn.Sequential(
                conv(c_in, c384, 1),
                # Deviation (timm/TF-slim): 3×1 448 → 1×3 512; Fig. 6 reads 1×3 → 3×1 (F3)
                conv(c384, c448, (3, 1), padding="same"),
                conv(c448, c512, (1, 3), padding="same"),
                split_1x3_3x1(c512, c256),
            ),
            branch_pool=_pool_proj(c_in, c256),
        )
        self.out_channels = 6 * c256


class InceptionV4(InceptionNet):
    """Inception-v4, Fig. 9 (= timm ``inception_v4``); build it with :func:`inception_v4`.

    Modules: ``stem`` (Fig. 3), ``inception_a`` (4 × Fig. 4; TF-slim Mixed_5b–5e),
    ``reduction_a`` (Fig. 7; Mixed_6a), ``inception_b`` (7 × Fig. 5; Mixed_6b–6h),
    ``reduction_b`` (Fig. 8; Mixed_7a), ``inception_c`` (3 × Fig. 6; Mixed_7b–7d), ``head``.
    ``width``, ``repeats`` and ``stem_halvings`` (the compact stem of :class:`Stem`) are for
    the small variants. No auxiliary head (F4).
    """

    min_image_size = 75  # 75 → 37 → 35 → 17 → 15 → 7 (stem) → 3 → 1; 74 ends at 0 (P6)

    def __init__(
        self,
        num_classes: int = 1000,
        dropout: float = 0.2,
        in_channels: int = 3,
        width: float = 1.0,
        repeats: tuple[int, int, int] = (4, 7, 3),
        stem_halvings: int | None = None,
    ) -> None:
        super().__init__()
        check_args(
            num_classes=num_classes,
            dropout=dropout,
            in_channels=in_channels,
            width=width,
            repeats=repeats,
            stem_halvings=stem_halvings,
        )
        self.in_channels = in_channels
        # one image in train mode: the 8×8 grid must exceed 1×1 — 107 → 53 → 51 → 25 → 23
        # → 11 → 5 → 2 (106 ends at 1). Checked in the tests.
        self.min_single_train_size = 107
        if stem_halvings is not None:
            self.use_compact_limits(stem_halvings)
        n_a, n_b, n_c = repeats
        self.stem = Stem(in_channels, width, stem_halvings)
        c = self.stem.out_channels
        self.inception_a = nn.Sequential(*(InceptionA(c, width) for _ in range(n_a)))
        k, l, m, n = (_w(v, width) for v in REDUCTION_A_KLMN["inception_v4"])  # noqa: E741
        self.reduction_a = ReductionA(c, k, l, m, n)
        c = self.reduction_a.out_channels
        self.inception_b = nn.Sequential(*(InceptionB(c, width) for _ in range(n_b)))
        self.reduction_b = ReductionB(c, width)
        c = self.reduction_b.out_channels
        self.inception_c = nn.Sequential(*(InceptionC(c, width) for _ in range(n_c)))
        self.num_features = c
        self.head = ClassifierHead(c, num_classes, dropout)  # F6: dropout keep 0.8 (paper)

    def forward(self, x: Tensor) -> Tensor:
        self.check_input(x)
        x = self.stem(x)  # N x 384 x 35 x 35
        x = self.inception_a(x)  # N x 384 x 35 x 35
        x = self.reduction_a(x)  # N x 1024 x 17 x 17
        x = self.inception_b(x)  # N x 1024 x 17 x 17
        x = self.reduction_b(x)  # N x 1536 x 8 x 8
        x = self.inception_c(x)  # N x 1536 x 8 x 8
        return self.head(x)  # N x num_classes


def inception_v4(
    num_classes: int = 1000, dropout: float = 0.2, in_channels: int = 3
) -> InceptionV4:
    """Inception-v4 (arXiv:1602.07261, Fig. 9) = timm ``inception_v4``: 42,679,816 parameters."""
    return InceptionV4(num_classes, dropout, in_channels)


def inception_v4_small(
    num_classes: int = 10,
    in_channels: int = 3,
    image_size: int = 96,
    width: float = 0.25,
    repeats: tuple[int, int, int] = (2, 2, 2),
    dropout: float = 0.2,
) -> InceptionV4:
    """Inception-v4 sized for a CPU: Imagenette at 96 px (its intended size), or 28–74 px images.

    What changed from the paper's network: every branch width × ``width`` (0.25, at least 4
    channels); 2 / 2 / 2 Inception-A / B / C modules instead of 4 / 7 / 3. Every block type stays:
    the stem with its three parallel-branch blocks, Inception-A/B/C, Reduction-A (Table 1's
    k, l, m, n scaled) and Reduction-B. From 75 px the stem is the paper's (96 px: grids 9 → 4
    → 1); below, the compact stem (:class:`Stem`, halvings from
    :func:`~inception_edu.models.base.compact_stem_halvings`: 32 px → 8 → 3 → 1).
    """
    check_args(image_size=image_size)
    return InceptionV4(
        num_classes,
        dropout,
        in_channels,
        width,
        repeats,
        stem_halvings=compact_stem_halvings(image_size, InceptionV4.min_image_size),
    )


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "F1",
        "stem, Mixed_5a conv",
        "3×3 192 (V), no stride printed (Fig. 3)",
        "3×3/2 192 (V): the 35×35 output needs stride 2",
        "tensorflow/models#7041",
    ),
    Deviation(
        "F2",
        "Inception-B, 7×7 branch",
        "1×1 192 → 1×7 224 → 1×7 256 (Fig. 5)",
        "1×1 192 → 1×7 224 → 7×1 256",
        "tensorflow/models#7041, #3313",
    ),
    Deviation(
        "F3",
        "stem 7×7 branch, Inception-B double branch, Inception-C 448/512 pair",
        "1×7 first (B); stem 7×1→1×7 and C 1×3→3×1 as we read the figures",
        "B: 7×1, 1×7, 7×1, 1×7; stem: 1×7 → 7×1; C: 3×1 448 → 1×3 512 (same cost)",
        "tensorflow/models#3313",
    ),
    Deviation(
        "F4",
        "auxiliary head",
        "none drawn (Fig. 9)",
        "TF-slim AuxLogits on Mixed_6h (3,358,568 params); timm none",
        "TF-slim nets/inception_v4.py",
    ),
    Deviation(
        "F5",
        "classes",
        "1000",
        "TF-slim 1001 (background class 0); timm 1000",
        "pytorch/vision PR #43",
    ),
    Deviation(
        "F6",
        "dropout before the classifier",
        "keep 0.8 (Fig. 9)",
        "TF-slim keep 0.8; timm drop_rate=0",
        "timm inception_v4.py",
    ),
    Deviation(
        "F7",
        "avg pools inside modules",
        "same-padded (TF: padding excluded)",
        "timm count_include_pad=False (as TF); torchvision-style True would differ",
        "timm inception_v4.py",
    ),
    Deviation(
        "F8",
        "output stride",
        "32",
        "timm asserts output_stride == 32 (no dilated variant)",
        "timm inception_v4.py",
    ),
)


__all__ = [
    "DEVIATIONS",
    "REDUCTION_A_KLMN",
    "InceptionA",
    "InceptionB",
    "InceptionC",
    "InceptionV4",
    "ReductionA",
    "ReductionB",
    "Stem",
    "inception_v4",
    "inception_v4_small",
]

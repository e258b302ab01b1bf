"""BN-Inception — Ioffe & Szegedy 2015, "Batch Normalization", arXiv:1502.03167, Appendix Fig. 5.

**Name trap (pitfall P17).** TF-slim calls this network ``inception_v2``. The Inception-v3 paper
(arXiv:1512.00567, Table 3) uses "Inception-v2" for a *different* network: the factorized one
whose last row became Inception-v3. This file is the BN paper's network.

What changed from GoogLeNet (Appendix): every 5×5 conv became two stacked 3×3 convs ("double
#3×3"); BatchNorm before every ReLU (§3.2, so convs have no bias); no LRN; no dropout (§4.2.1);
three 28×28 modules instead of two; average or max pooling inside the modules as Fig. 5 marks
it; no pooling layers *between* modules — modules 3c and 4e halve the grid themselves (stride 2
on the last 3×3 of both 3×3 towers, a stride-2 max pool passes the input through, no 1×1
branch); and a "separable convolution with depth multiplier 8" as the first layer.

* :class:`BNInception` — one module of Fig. 5, declared as named branches in one :class:`Concat`.
* :class:`SeparableConv` — the first layer's depthwise 7×7 (×8) + pointwise 1×1.
* :data:`FIG_5` — Fig. 5 as printed; the network is built from it, lectures print it.
* :func:`bn_inception` — ``variant="paper"`` (Fig. 5's module widths literally) or
  ``"tf_slim"`` (TF-slim ``inception_v2``); ``conv1="plain"`` (the default) or ``"separable"``;
  ``bn=False``.
* :func:`bn_inception_small` — the same module types, narrower and fewer, for 32–160 px.

**The first layer is not Fig. 5's by default.** Fig. 5 marks its first convolution with an
asterisk: the Appendix's "separable convolution with depth multiplier 8". ``bn_inception()``
builds a *plain* 7×7/2 conv 3→64 there instead (deviation B2): GoogLeNet's first layer, which
the Caffe port of BN-Inception keeps too. ``conv1="separable"`` builds the Appendix's layer
(:class:`SeparableConv`). So ``variant="paper"`` is Fig. 5's module widths with GoogLeNet's
conv1, and ``variant="paper", conv1="separable"`` is Fig. 5 with its first layer too. Lecture 05
counts both.

**Known paper inconsistencies** (data in :data:`PAPER_INCONSISTENCIES`): the
printed output size of 4c and 4d is 576, but their branches sum to 160+160+160+128 = 96+192+192+128
= **608**; 4e's printed 1024 (= 192+256+576 passed through) becomes **1056** with 608 coming in,
and 5a's input with it. TF-slim keeps the printed sizes by giving 4c/4d a pool projection of 96.
§4.2's "13.6·10⁶ parameters" matches none of the builds (11,285,224 plain conv1, 11,278,528
separable conv1, 11,188,288 TF-slim; BN γ and β included).
The stride-2 rows print their *input* grid (28×28×576 for 3c, whose output is 14×14).

Implementation conventions: conv (no bias) → BN (eps 1e-3, TF-slim's and
torchvision's value; PyTorch momentum 0.1) → ReLU, with BN's γ kept (TF-slim has none: its
published 11,178,336 = our 11,188,288 − 9,952 γ). Every stride-2 layer maps H → ⌈H/2⌉, the output
size of TF-slim's SAME padding, with PyTorch's symmetric padding (on even sizes TF pads more at
the bottom/right, so windows sit one pixel apart; counts and shapes are identical). The
pass-through max pool gets the same padding so towers and pool agree at odd sizes too, and any
input ≥ 1×1 runs.
Average pools inside modules exclude the padding (TF-slim SAME; the Caffe port includes it).
Branch order is TF-slim's and the figure's: 1×1, 3×3, double 3×3, pool.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from torch import Tensor, nn

from ..layers import BasicConv, ClassifierHead, Concat, conv, stem_strides
from .base import Deviation, InceptionNet, check_args, compact_stem_halvings

Variant = Literal["paper", "tf_slim"]
Conv1 = Literal["plain", "separable"]
PoolKind = Literal["avg", "max"]


class BNInception(Concat):
    """Inception module of Fig. 5 (arXiv:1502.03167): 1×1 | 3×3 | double 3×3 | pool (+ proj).

    Channel arguments are Fig. 5's columns: #1×1, #3×3 reduce, #3×3, double #3×3 reduce,
    double #3×3, "Pool +proj". ``pool_proj=0`` is "pass through" (the pooled input itself);
    ``ch1x1=0`` drops the 1×1 branch. ``stride=2`` (modules 3c, 4e) puts the stride on the last
    3×3 of both towers and on the pool. Output channels: ``out_channels``.
    """

    def __init__(
        self,
        c_in: int,
        ch1x1: int,
        ch3x3red: int,
        ch3x3: int,
        dbl_red: int,
        dbl_3x3: int,
        pool: PoolKind,
        pool_proj: int,
        stride: int = 1,
        bn: bool = True,
    ) -> None:
        if pool not in ("avg", "max"):
            raise ValueError(f"pool must be 'avg' or 'max', got {pool!r}")
        if stride not in (1, 2) or (stride == 2 and ch1x1):
            raise ValueError(f"stride must be 1, or 2 with no 1×1 branch (Fig. 5), got {stride}")
        if stride == 2:  # grid reduction (3c, 4e): padding 1 gives ⌈H/2⌉, as in the towers
            pooling: nn.Module = nn.MaxPool2d(3, stride=2, padding=1)
        elif pool == "avg":
            pooling = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
        else:
            pooling = nn.MaxPool2d(3, stride=1, padding=1)
        branches: dict[str, nn.Module] = {}
        if ch1x1:
            branches["branch1x1"] = conv(c_in, ch1x1, 1, bn=bn)
        branches["branch3x3"] = nn.Sequential(
            conv(c_in, ch3x3red, 1, bn=bn), conv(ch3x3red, ch3x3, 3, stride, padding=1, bn=bn)
        )
        branches["branch3x3dbl"] = nn.Sequential(  # the GoogLeNet 5×5, factorized (Appendix)
            conv(c_in, dbl_red, 1, bn=bn),
            conv(dbl_red, dbl_3x3, 3, padding=1, bn=bn),
            conv(dbl_3x3, dbl_3x3, 3, stride, padding=1, bn=bn),
        )
        branches["branch_pool"] = (
            nn.Sequential(pooling, conv(c_in, pool_proj, 1, bn=bn)) if pool_proj else pooling
        )
        super().__init__(**branches)
        self.out_channels = ch1x1 + ch3x3 + dbl_3x3 + (pool_proj or c_in)


class SeparableConv(nn.Module):
    """Depthwise k×k conv (C_in → m·C_in, groups C_in) → pointwise 1×1 conv → BN → ReLU.

    Fig. 5's first layer, "separable convolution with depth multiplier 8" (Appendix). As TF-slim's
    ``separable_conv2d(…, depth_multiplier=8)``: no normalization, bias or activation between the
    two convs (the depthwise conv has no bias), one BN (bias when ``bn=False``) and ReLU after the
    pointwise conv. Params 3·49·8 + 24·64 = 2,712 weights for 3 → 64, vs 9,408 for a plain 7×7.
    TF-slim's classification arg scope sets ``batch_norm`` for ``slim.conv2d`` only, so there this
    layer gets a bias instead (deviation B7; the same count under TF-slim's no-γ convention). We
    follow the paper, BN before every nonlinearity — and the `tf_slim` build's 11,188,288 counts
    that BN.
    """

    def __init__(
        self,
        c_in: int,
        c_out: int,
        kernel: int,
        stride: int = 1,
        padding: int = 0,
        depth_multiplier: int = 8,
        bn: bool = True,
    ) -> None:
        super().__init__()
        c_mid = c_in * depth_multiplier
        self.depthwise = nn.Conv2d(c_in, c_mid, kernel, stride, padding, groups=c_in, bias=False)
        self.pointwise = BasicConv(c_mid, c_out, 1, bn=bn)

    def forward(self, x: Tensor) -> Tensor:
        return self.pointwise(self.depthwise(x))

    def __repr__(self) -> str:
        d = self.depthwise
        k, s = d.kernel_size[0], d.stride[0]
        stride = f" (stride {s})" if s != 1 else ""
        return (
            f"{k}×{k} depthwise conv ×{d.out_channels // d.in_channels}, "
            f"{d.in_channels}→{d.out_channels}{stride} → {self.pointwise!r}"
        )


class Fig5Row(NamedTuple):
    """One row of Fig. 5 (arXiv:1502.03167, Appendix); columns as printed."""

    name: str  # "inception (3a)"
    patch: str  # "7×7/2", "stride 2" (3c, 4e) or ""
    output: str  # printed output size, e.g. "28×28×256" (stride-2 rows print the input grid)
    ch1x1: int | None  # "#1×1"
    ch3x3red: int | None  # "#3×3 reduce"
    ch3x3: int | None  # "#3×3"
    dbl_red: int | None  # "double #3×3 reduce"
    dbl_3x3: int | None  # "double #3×3"
    pool_proj: str | None  # "Pool +proj" as printed: "avg + 32", "max + pass through"

    @property
    def pool(self) -> PoolKind:
        """'avg' or 'max', from the printed pool column."""
        return "avg" if (self.pool_proj or "").startswith("avg") else "max"

    @property
    def proj(self) -> int:
        """The pool projection's width; 0 for "pass through"."""
        text = (self.pool_proj or "").split("+")[-1].strip()
        return int(text) if text.isdigit() else 0

    @property
    def printed_channels(self) -> int:
        """The channel count of the printed output size."""
        return int(self.output.split("×")[-1])


_, PASS = None, "max + pass through"
FIG_5: tuple[Fig5Row, ...] = (
    Fig5Row("convolution*", "7×7/2", "112×112×64", _, _, _, _, _, _),
    Fig5Row("max pool", "3×3/2", "56×56×64", _, _, _, _, _, _),
    Fig5Row("convolution", "3×3/1", "56×56×192", _, 64, 192, _, _, _),
    Fig5Row("max pool", "3×3/2", "28×28×192", _, _, _, _, _, _),
    Fig5Row("inception (3a)", "", "28×28×256", 64, 64, 64, 64, 96, "avg + 32"),
    Fig5Row("inception (3b)", "", "28×28×320", 64, 64, 96, 64, 96, "avg + 64"),
    Fig5Row("inception (3c)", "stride 2", "28×28×576", 0, 128, 160, 64, 96, PASS),
    Fig5Row("inception (4a)", "", "14×14×576", 224, 64, 96, 96, 128, "avg + 128"),
    Fig5Row("inception (4b)", "", "14×14×576", 192, 96, 128, 96, 128, "avg + 128"),
    Fig5Row("inception (4c)", "", "14×14×576", 160, 128, 160, 128, 160, "avg + 128"),
    Fig5Row("inception (4d)", "", "14×14×576", 96, 128, 192, 160, 192, "avg + 128"),
    Fig5Row("inception (4e)", "stride 2", "14×14×1024", 0, 128, 192, 192, 256, PASS),
    Fig5Row("inception (5a)", "", "7×7×1024", 352, 192, 320, 160, 224, "avg + 128"),
    Fig5Row("inception (5b)", "", "7×7×1024", 352, 192, 320, 192, 224, "max + 128"),
    Fig5Row("avg pool", "7×7/1", "1×1×1024", _, _, _, _, _, _),
)
del _, PASS

INCEPTION_ROWS = tuple(r for r in FIG_5 if r.name.startswith("inception"))

# TF-slim inception_v2 Mixed_4d/Mixed_4e (= paper 4c/4d): Branch_3 Conv2d_0b_1x1 has depth 96, so
# the outputs are the printed 576 and 4e's is 1024.
TF_SLIM_POOL_PROJ = {"inception (4c)": 96, "inception (4d)": 96}

# TF-slim scope of each paper module (3c and 4e are called Mixed_4a and Mixed_5a there).
TF_SLIM_NAMES = {
    "inception (3a)": "Mixed_3b",
    "inception (3b)": "Mixed_3c",
    "inception (3c)": "Mixed_4a",
    "inception (4a)": "Mixed_4b",
    "inception (4b)": "Mixed_4c",
    "inception (4c)": "Mixed_4d",
    "inception (4d)": "Mixed_4e",
    "inception (4e)": "Mixed_5a",
    "inception (5a)": "Mixed_5b",
    "inception (5b)": "Mixed_5c",
}


def module_name(row: Fig5Row) -> str:
    """'inception (3a)' → 'inception3a' (our attribute name)."""
    return row.name.replace(" (", "").replace(")", "")


class Inconsistency(NamedTuple):
    """A place where Fig. 5 / the paper disagrees with itself."""

    where: str
    printed: str
    computed: str
    note: str


PAPER_INCONSISTENCIES: tuple[Inconsistency, ...] = (
    Inconsistency(
        "inception (4c)",
        "14×14×576",
        "608 = 160 + 160 + 160 + 128",
        "branch columns do not add up to the printed size; TF-slim uses pool proj 96",
    ),
    Inconsistency(
        "inception (4d)",
        "14×14×576",
        "608 = 96 + 192 + 192 + 128",
        "as 4c; TF-slim uses pool proj 96",
    ),
    Inconsistency(
        "inception (4e)",
        "14×14×1024",
        "1056 = 192 + 256 + 608 passed through",
        "the printed 1024 follows the printed 576 of 4d; 5a's input changes with it",
    ),
    Inconsistency(
        "§4.2 parameter count",
        "13.6·10⁶",
        "11,285,224 (Fig. 5's widths, plain conv1; BN γ and β included)",
        "not reproducible from Fig. 5 with either pool-proj reading",
    ),
    Inconsistency(
        "inception (3c), (4e) output size",
        "28×28×576, 14×14×1024",
        "14×14×576, 7×7×1024",
        "stride-2 rows print the input grid",
    ),
)


def branch_sum(row: Fig5Row, c_in: int) -> int:
    """Output channels implied by a module row's branch columns (pass-through adds c_in)."""
    assert row.ch1x1 is not None and row.ch3x3 is not None and row.dbl_3x3 is not None
    return row.ch1x1 + row.ch3x3 + row.dbl_3x3 + (row.proj or c_in)


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "B1",
        "4c, 4d pool proj (TF-slim Mixed_4d/4e)",
        "128 (Fig. 5) → outputs 608, 608, 4e 1056",
        "96 → outputs 576, 576, 4e 1024 (the printed sizes)",
        "TF-slim nets/inception_v2.py",
    ),
    Deviation(
        "B2",
        "first conv",
        "separable 7×7/2, depth multiplier 8",
        "plain 7×7/2 conv 3→64 (Caffe port); TF-slim: separable (newer: use_separable_conv flag)",
        "Cadene bninception.py; TF-slim inception_v2.py",
    ),
    Deviation(
        "B3",
        "every conv",
        "conv (no bias) → BN → ReLU (§3.2)",
        "Caffe port: conv with bias → BN (eps 1e-5): +10,016 redundant biases",
        "Cadene bninception.py",
    ),
    Deviation(
        "B4",
        "BN",
        "γ and β (§3)",
        "TF-slim: no γ (scale=False), eps 1e-3, decay 0.9997",
        "TF-slim inception_utils.py",
    ),
    Deviation(
        "B5",
        "classifier",
        "no dropout (§4.2.1)",
        "TF-slim: dropout keep 0.8 before the logits",
        "TF-slim inception_v2.py",
    ),
    Deviation(
        "B6",
        "avg pool inside modules",
        "not specified",
        "TF-slim SAME (padding excluded); Caffe port count_include_pad=True",
        "TF-slim inception_v2.py; Cadene bninception.py",
    ),
    Deviation(
        "B7",
        "separable first conv",
        "BN before the nonlinearity (§3.2)",
        "TF-slim: bias + ReLU (inception_arg_scope sets batch_norm for slim.conv2d only)",
        "TF-slim nets/inception_utils.py (read, not run)",
    ),
)


class BNInceptionNet(InceptionNet):
    """BN-Inception (Fig. 5), built from :data:`FIG_5`. Build it with :func:`bn_inception`.

    ``conv1="plain"`` (the default) replaces Fig. 5's separable first layer with GoogLeNet's
    plain 7×7 (deviation B2); ``conv1="separable"`` is Fig. 5's.

    Modules: ``conv1, maxpool1, conv2, conv3, maxpool2, inception3a … inception5b, head``
    (``conv2``/``conv3`` are Fig. 5's "convolution 3×3/1" row: #3×3 reduce 64, #3×3 192).
    """

    min_image_size = 1  # every stride-2 layer maps H → ⌈H/2⌉ (≥ 1); checked in the tests

    def __init__(
        self,
        num_classes: int = 1000,
        variant: Variant = "paper",
        conv1: Conv1 = "plain",
        dropout: float = 0.0,
        bn: bool = True,
        in_channels: int = 3,
        width: float = 1.0,
        modules: tuple[str, ...] | None = None,
        stem_halvings: int | None = None,
    ) -> None:
        super().__init__()
        if variant not in ("paper", "tf_slim"):
            raise ValueError(f"variant must be 'paper' or 'tf_slim', got {variant!r}")
        if conv1 not in ("plain", "separable"):
            raise ValueError(f"conv1 must be 'plain' or 'separable', got {conv1!r}")
        check_args(
            num_classes=num_classes,
            dropout=dropout,
            bn=bn,
            in_channels=in_channels,
            width=width,
            stem_halvings=stem_halvings,
        )
        self.variant, self.in_channels, self.bn = variant, in_channels, bn

        def w(n: int) -> int:
            return n if width == 1 or n == 0 else max(4, round(n * width))

        c64, c192 = w(64), w(192)
        # The compact stem (small images): the same layers, only the first h of the three
        # stride-2 stages (conv1, maxpool1, maxpool2) at stride 2
        s1, s2, s3 = stem_strides(stem_halvings)
        if conv1 == "separable":  # TF-slim: depthwise_multiplier = min(int(depth(64) / 3), 8)
            mult = max(1, min(c64 // in_channels, 8))  # ≥ 1 when in_channels > 64
            self.conv1: nn.Module = SeparableConv(
                in_channels, c64, 7, s1, 3, depth_multiplier=mult, bn=bn
            )
        else:
            self.conv1 = conv(in_channels, c64, 7, stride=s1, padding=3, bn=bn)
        self.maxpool1 = nn.MaxPool2d(3, stride=s2, padding=1)
        self.conv2 = conv(c64, c64, 1, bn=bn)
        self.conv3 = conv(c64, c192, 3, padding=1, bn=bn)
        self.maxpool2 = nn.MaxPool2d(3, stride=s3, padding=1)
        c_in = c192
        # layers mapping H → ⌈H/2⌉: conv1 and the stem pools (fewer in the compact stem)
        halvings = 3 if stem_halvings is None else stem_halvings
        self.block_names: tuple[str, ...] = ()
        for row in INCEPTION_ROWS:
            if modules is not None and row.name not in modules:
                continue
            proj = row.proj
            if variant == "tf_slim":  # Deviation B1 (TF-slim): pool proj 96 in 4c and 4d
                proj = TF_SLIM_POOL_PROJ.get(row.name, proj)
            widths = [w(c) for c in row[3:8]]
            stride = 2 if row.patch == "stride 2" else 1
            halvings += stride == 2
            block = BNInception(c_in, *widths, row.pool, w(proj), stride=stride, bn=bn)
            setattr(self, module_name(row), block)
            self.block_names += (module_name(row),)
            c_in = block.out_channels
        self.out_channels = c_in
        self.head = ClassifierHead(c_in, num_classes, dropout)  # GAP 7×7 → dropout → linear
        if bn:  # one image in train mode: the last grid ⌈H/2^halvings⌉ must exceed 1×1
            self.min_single_train_size = 2**halvings + 1  # 33 (Fig. 5), 17 (32-px stem)

    def forward(self, x: Tensor) -> Tensor:
        self.check_input(x)
        x = self.maxpool1(self.conv1(x))  # N x 64 x 56 x 56
        x = self.maxpool2(self.conv3(self.conv2(x)))  # N x 192 x 28 x 28
        for name in self.block_names:  # 3c → N x 576 x 14², 4e → N x 1024 (1056) x 7²
            x = getattr(self, name)(x)
        return self.head(x)  # N x num_classes


def bn_inception(
    num_classes: int = 1000,
    variant: Variant = "paper",
    conv1: Conv1 = "plain",
    dropout: float = 0.0,
    bn: bool = True,
    in_channels: int = 3,
) -> BNInceptionNet:
    """BN-Inception at 224×224: Fig. 5's module widths (``"paper"``) or TF-slim ``inception_v2``.

    ``conv1="plain"`` (the default) is a plain 7×7/2 conv 3→64, GoogLeNet's and the Caffe port's
    first layer, not Fig. 5's (deviation B2); ``conv1="separable"`` is Fig. 5's asterisked layer,
    the Appendix's separable 7×7 with depth multiplier 8. Only ``variant="paper",
    conv1="separable"`` follows Fig. 5 in every layer.

    1000 classes: paper + plain conv1 11,285,224 params, 2,031,576,064 conv MACs;
    paper + separable conv1 11,278,528 params, 1,947,581,440 conv MACs;
    tf_slim + separable conv1 11,188,288 params, 1,933,833,216 conv MACs.
    TF-slim itself is ``variant="tf_slim", conv1="separable", dropout=0.2``. ``bn=False``: conv
    with bias → ReLU, no BatchNorm anywhere (for with/without-BN experiments).
    """
    return BNInceptionNet(num_classes, variant, conv1, dropout, bn, in_channels)


SMALL_MODULES = (
    "inception (3a)",
    "inception (3c)",
    "inception (4a)",
    "inception (4b)",
    "inception (4e)",
    "inception (5b)",
)


def bn_inception_small(
    num_classes: int = 10,
    in_channels: int = 3,
    image_size: int = 96,
    width: float = 0.375,
    bn: bool = True,
    dropout: float = 0.0,
) -> BNInceptionNet:
    """BN-Inception sized for a CPU: Imagenette at 96 px (its intended size), or 28–63 px images.

    What changed from Fig. 5: every width × ``width`` (0.375), at least 4 channels; six modules
    instead of ten — 3a, 3c, 4a, 4b, 4e, 5b (3b, 4c, 4d, 5a dropped), so each module type stays:
    avg-pool modules, both stride-2 grid reductions and the max-pool module; a plain 7×7/2 first
    conv. From 64 px the stem is Fig. 5's (96 px: the modules run at 12, 6 and 3 px); below,
    the compact stem — the same layers, only the first stride-2 stages that
    :func:`~inception_edu.models.base.compact_stem_halvings` allows (32 px → 8, 4, 2). The
    paper variant's widths are used (4c/4d, where it differs, are dropped). ``bn=False`` is the
    same network with conv biases and no BatchNorm.
    """
    check_args(image_size=image_size)
    return BNInceptionNet(
        num_classes,
        "paper",
        "plain",
        dropout,
        bn,
        in_channels,
        width=width,
        modules=SMALL_MODULES,
        stem_halvings=compact_stem_halvings(image_size, 64),
    )


__all__ = [
    "DEVIATIONS",
    "FIG_5",
    "INCEPTION_ROWS",
    "PAPER_INCONSISTENCIES",
    "SMALL_MODULES",
    "TF_SLIM_NAMES",
    "TF_SLIM_POOL_PROJ",
    "BNInception",
    "BNInceptionNet",
    "Fig5Row",
    "Inconsistency",
    "SeparableConv",
    "branch_sum",
    "bn_inception",
    "bn_inception_small",
    "module_name",
]

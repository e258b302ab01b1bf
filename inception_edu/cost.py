"""Closed-form cost of convolutions and linear layers: the one formula behind every count.

A K_h×K_w convolution from C_in to C_out channels (groups g) producing an H_out×W_out map has

    params = K_h·K_w·(C_in/g)·C_out  (+ C_out if it has a bias)
    MACs   = K_h·K_w·(C_in/g)·C_out·H_out·W_out        (1 MAC = 2 FLOPs)

Everything here is pure integer arithmetic (no torch), so lectures can state exact numbers and
tests can compare them with what the counters in :mod:`inception_edu.count` measure.
Convention used across the course: **MACs count weight multiply-accumulates only**; bias adds,
normalization, pooling and activations are reported separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .checks import check_int

Pair = tuple[int, int]
PaddingArg = int | Pair | str


def pair(value: int | tuple[int, ...], name: str) -> Pair:
    """An int or a pair of ints as (height, width); anything else is a TypeError naming ``name``."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")
    if isinstance(value, int):
        pair = (value, value)
    else:
        pair = tuple(value)
        if len(pair) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair):
            raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")
    return pair


def _positive(value: int, name: str) -> None:
    if value < 1:
        raise ValueError(f"{name} must be ≥ 1, got {value}")


def conv_output_size(
    size: int,
    kernel: int,
    stride: int = 1,
    padding: int | str = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Output length of a conv or pool along one axis.

    ``floor((size + 2·padding − dilation·(kernel − 1) − 1) / stride) + 1`` (PyTorch's formula;
    ``ceil_mode`` rounds up as pooling layers may). ``padding="same"`` keeps ``ceil(size/stride)``,
    ``"valid"`` means 0.
    """
    for value, name in (
        (size, "size"),
        (kernel, "kernel"),
        (stride, "stride"),
        (dilation, "dilation"),
    ):
        _positive(value, name)
    if padding == "same":
        return -(-size // stride)
    if padding == "valid":
        padding = 0
    if not isinstance(padding, int) or padding < 0:
        raise ValueError(f"padding must be a non-negative int, 'same' or 'valid', got {padding!r}")
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    if span < 0 and not (ceil_mode and -(-span // stride) + 1 >= 1):
        raise ValueError(
            f"kernel {kernel} (dilation {dilation}) does not fit an input of {size} with padding "
            f"{padding}: the input must be at least {dilation * (kernel - 1) + 1 - 2 * padding}"
        )
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1  # PyTorch: the last window must start inside the input or left padding
    return out


def conv_params(
    kernel: int | Pair, c_in: int, c_out: int, groups: int = 1, bias: bool = False
) -> int:
    """Parameters of a convolution: K_h·K_w·(C_in/g)·C_out (+ C_out bias)."""
    kh, kw = pair(kernel, "kernel")
    _check_groups(c_in, c_out, groups)
    return kh * kw * (c_in // groups) * c_out + (c_out if bias else 0)


def conv_macs(kernel: int | Pair, c_in: int, c_out: int, h: int, w: int, groups: int = 1) -> int:
    """Weight MACs of a convolution whose **output** map is h×w: K_h·K_w·(C_in/g)·C_out·h·w."""
    kh, kw = pair(kernel, "kernel")
    _check_groups(c_in, c_out, groups)
    if h < 0 or w < 0:
        raise ValueError(f"output size must be non-negative, got {h}×{w}")
    return kh * kw * (c_in // groups) * c_out * h * w


def linear_params(in_features: int, out_features: int, bias: bool = True) -> int:
    """Parameters of a fully connected layer: in·out (+ out bias)."""
    _positive(in_features, "in_features")
    _positive(out_features, "out_features")
    return in_features * out_features + (out_features if bias else 0)


def linear_macs(in_features: int, out_features: int) -> int:
    """Weight MACs of a fully connected layer applied to one vector: in·out."""
    _positive(in_features, "in_features")
    _positive(out_features, "out_features")
    return in_features * out_features


def _check_groups(c_in: int, c_out: int, groups: int) -> None:
    for value, name in ((c_in, "c_in"), (c_out, "c_out"), (groups, "groups")):
        _positive(value, name)
    if c_in % groups or c_out % groups:
        raise ValueError(f"groups={groups} must divide c_in={c_in} and c_out={c_out}")


@dataclass(frozen=True)
class ConvCost:
    """Cost of one convolution layer, as computed by :func:`conv2d_cost`."""

    out_h: int
    out_w: int
    params: int
    macs: int
    bias_adds: int

    @property
    def flops(self) -> int:
        """FLOPs = 2 × MACs (a multiply and an add), the unit of ``torch.utils.flop_counter``."""
        return 2 * self.macs


def conv2d_cost(
    c_in: int,
    c_out: int,
    kernel: int | Pair,
    h_in: int,
    w_in: int,
    stride: int | Pair = 1,
    padding: PaddingArg = 0,
    dilation: int | Pair = 1,
    groups: int = 1,
    bias: bool = False,
) -> ConvCost:
    """Output size, params and MACs of an ``nn.Conv2d`` with these arguments on h_in×w_in."""
    kh, kw = pair(kernel, "kernel")
    sh, sw = pair(stride, "stride")
    dh, dw = pair(dilation, "dilation")
    if isinstance(padding, str):
        if padding not in ("same", "valid"):
            raise ValueError(f"padding must be an int, a pair, 'same' or 'valid', got {padding!r}")
        ph = pw = padding
    else:
        ph, pw = pair(padding, "padding")
    out_h = conv_output_size(h_in, kh, sh, ph, dh)
    out_w = conv_output_size(w_in, kw, sw, pw, dw)
    return ConvCost(
        out_h=out_h,
        out_w=out_w,
        params=conv_params((kh, kw), c_in, c_out, groups, bias),
        macs=conv_macs((kh, kw), c_in, c_out, out_h, out_w, groups),
        bias_adds=c_out * out_h * out_w if bias else 0,
    )


# --- factorization (Szegedy et al. 2015, arXiv:1512.00567, §3) -----------------------------------


@dataclass(frozen=True)
class SeparableCost:
    """A k×k conv from C to C' against its depthwise-separable split (1704.04861 §3.1)."""

    dense: int  # the ordinary k×k conv's MACs
    depthwise: int  # k×k, one filter per input channel
    pointwise: int  # 1×1, C → C'

    @property
    def separable(self) -> int:
        return self.depthwise + self.pointwise

    @property
    def fraction(self) -> Fraction:
        """separable ÷ dense = 1/C' + 1/k² (MobileNet's 1/N + 1/D_K²)."""
        return Fraction(self.separable, self.dense)


def depthwise_separable_cost(kernel: int, c_in: int, c_out: int, h: int, w: int) -> SeparableCost:
    """MACs of a 'same' k×k conv on an h×w map and of its depthwise + pointwise split."""
    return SeparableCost(
        dense=conv_macs(kernel, c_in, c_out, h, w),
        depthwise=conv_macs(kernel, c_in, c_in, h, w, groups=c_in),
        pointwise=conv_macs(1, c_in, c_out, h, w),
    )


def kernel_area(kernel: int | Pair) -> int:
    """Weights per (input, output) channel pair of a kernel: K_h·K_w."""
    kh, kw = pair(kernel, "kernel")
    _positive(kh, "kernel height")
    _positive(kw, "kernel width")
    return kh * kw


def factorization_saving(original: int | Pair, replacement: list[int | Pair]) -> Fraction:
    """Fraction of weights (and MACs) saved by replacing one kernel with a stack of kernels.

    Assumes C→C→C widths, the papers' setting ("if the number of input and output filters is
    equal", 1512.00567 §3): cost per channel pair is the kernel area. 5×5 → [3×3, 3×3] gives
    7/25 (28%); 3×3 → [1×3, 3×1] gives 1/3; 3×3 → [2×2, 2×2] gives 1/9.
    """
    if not replacement:
        raise ValueError("replacement must list at least one kernel")
    before = kernel_area(original)
    after = sum(kernel_area(k) for k in replacement)
    return 1 - Fraction(after, before)


def asymmetric_saving(n: int) -> Fraction:
    """Saving of n×n → 1×n then n×1 (Fig. 6 of 1512.00567): 1 − 2/n."""
    if n < 2:
        raise ValueError(f"n must be ≥ 2, got {n}")
    return factorization_saving(n, [(1, n), (n, 1)])


def receptive_field(kernels: list[int], strides: list[int] | None = None) -> int:
    """Receptive field of a stack of convs: 1 + Σ (k_i − 1)·Π_{j<i} s_j (two 3×3 → 5)."""
    strides = strides or [1] * len(kernels)
    if len(strides) != len(kernels):
        raise ValueError("kernels and strides must have the same length")
    rf, jump = 1, 1
    for k, s in zip(kernels, strides, strict=True):
        rf += (k - 1) * jump
        jump *= s
    return rf


@dataclass(frozen=True)
class FactorizationCost:
    """One way to cover an n×n receptive field and its cost: a row of :func:`factorization_rows`."""

    name: str  # "7×7", "1×7 + 7×1" or "3×3 stack"
    layers: str  # e.g. "1×7 192→192 → 7×1 192→192"
    weights: int
    macs: int
    receptive_field: str  # "7×7" in every row
    ratio: float  # MACs ÷ the n×n conv's

    @property
    def saving(self) -> float:
        """1 − ratio: the share of the n×n conv's MACs the replacement saves."""
        return 1 - self.ratio


def _factorization(
    name: str, layers: list[tuple[Pair, int, int]], size: int, square_macs: int | None
) -> FactorizationCost:
    macs = sum(conv_macs(k, ci, co, size, size) for k, ci, co in layers)
    field_h = receptive_field([k[0] for k, _, _ in layers])
    field_w = receptive_field([k[1] for k, _, _ in layers])
    return FactorizationCost(
        name=name,
        layers=" → ".join(f"{k[0]}×{k[1]} {ci}→{co}" for k, ci, co in layers),
        weights=sum(conv_params(k, ci, co) for k, ci, co in layers),
        macs=macs,
        receptive_field=f"{field_h}×{field_w}",
        ratio=1.0 if square_macs is None else macs / square_macs,
    )


def factorization_rows(n: int, c_in: int, c_out: int, size: int) -> list[FactorizationCost]:
    """Cost of an n×n conv C_in→C_out on a size×size map and of its factorized replacements.

    Rows: ``"n×n"``; ``"1×n + n×1"`` (1×n C_in→C_out, then n×1 C_out→C_out; named e.g.
    ``"1×7 + 7×1"``); and for odd n ≥ 5 ``"3×3 stack"``, (n − 1)/2 3×3 convs with the same
    n×n field (1512.00567 §3.1–3.2, Figs. 1 and 3). 'Same' padding, weights only (no biases).
    With C_in = C_out the asymmetric ratio is 2/n and the 3×3-stack ratio 9·(n − 1)/2 / n²
    (18/25 for n = 5).
    """
    check_int("n", n, 2)
    for name, value in (("c_in", c_in), ("c_out", c_out), ("size", size)):
        check_int(name, value)
    square = _factorization(f"{n}×{n}", [((n, n), c_in, c_out)], size, None)
    pair_layers = [((1, n), c_in, c_out), ((n, 1), c_out, c_out)]
    rows = [square, _factorization(f"1×{n} + {n}×1", pair_layers, size, square.macs)]
    if n % 2 == 1 and n >= 5:
        depth = (n - 1) // 2
        stack = [((3, 3), c_in, c_out)] + [((3, 3), c_out, c_out)] * (depth - 1)
        rows.append(_factorization("3×3 stack", stack, size, square.macs))
    return rows


# --- grid-size reduction (1512.00567 §5, Figs. 9–10) --------------------------------------------

GRID_REDUCTIONS = ("conv then pool", "pool then conv", "parallel")


@dataclass(frozen=True)
class GridReductionCost:
    """One way to turn d×d×k into (d//2)×(d//2)×2k: a row of :func:`grid_reduction_rows`."""

    name: str  # one of GRID_REDUCTIONS
    steps: str
    macs: int
    intermediate: int  # values between the two steps (parallel: both branch outputs together)
    output: int  # (d//2)²·2k values
    ratio: Fraction  # MACs ÷ the parallel option's, exact

    @property
    def narrowest(self) -> int:
        """The fewest values the whole signal passes through on its way to the output."""
        return min(self.intermediate, self.output)

    @property
    def bottleneck(self) -> bool:
        """True when the signal squeezes through fewer values than the output holds."""
        return self.narrowest < self.output


def grid_reduction_rows(d: int, k: int, kernel: int = 3) -> list[GridReductionCost]:
    """The three grid reductions of a d×d×k map to (d//2)×(d//2)×2k with kernel×kernel convs.

    In :data:`GRID_REDUCTIONS` order: a stride-1 'same' conv k→2k on d×d then a stride-2 pool
    (d²·2k·k·s² MACs); a stride-2 pool then a conv k→2k on (d//2)² (¼ of that, but a
    bottleneck); and Fig. 10's stride-2 conv k→k beside a stride-2 pool, concatenated (half of
    pool-then-conv, no bottleneck). Pools cost no MACs; d//2 is what a 3×3 stride-2 'valid'
    window gives on odd d. For d = 35, k = 320: 2,257,920,000 / 532,684,800 / 266,342,400 MACs.
    """
    check_int("d", d, 2)
    check_int("k", k)
    check_int("kernel", kernel)
    h = d // 2
    output = h * h * 2 * k
    conv_first = conv_macs(kernel, k, 2 * k, d, d)
    pool_first = conv_macs(kernel, k, 2 * k, h, h)
    parallel = conv_macs(kernel, k, k, h, h)
    s = f"{kernel}×{kernel}"
    specs = (  # steps, MACs, values between the two steps
        (f"{s} conv {k}→{2 * k} on {d}×{d}, then pool /2", conv_first, d * d * 2 * k),
        (f"pool /2 to {h}×{h}, then {s} conv {k}→{2 * k}", pool_first, h * h * k),
        (f"[{s}/2 conv {k}→{k} ‖ pool /2 of the {k} inputs] → concat", parallel, output),
    )
    return [
        GridReductionCost(name, steps, macs, intermediate, output, Fraction(macs, parallel))
        for name, (steps, macs, intermediate) in zip(GRID_REDUCTIONS, specs, strict=True)
    ]


# --- Reduction-A (Szegedy et al. 2016, arXiv:1602.07261, Fig. 7 and Table 1) --------------------


@dataclass(frozen=True)
class BranchCost:
    """One branch of a block, or the block's ``total``: a row of :func:`reduction_a_rows`."""

    branch: str
    params: int  # conv weights + BN's γ and β (2 per channel, no conv bias)
    macs: int
    out_channels: int
    out_size: int


def reduction_a_rows(
    c_in: int,
    k: int,
    l: int,  # noqa: E741
    m: int,
    n: int,
    size: int = 35,
) -> list[BranchCost]:
    """Reduction-A's three branches and their ``total`` on a size×size×c_in input (size ≥ 3).

    ``[3×3/2 n ‖ 1×1 k → 3×3 l → 3×3/2 m ‖ max pool 3×3/2]``, the stride-2 layers 'valid':
    the output is ((size − 3)//2 + 1)² × (n + m + c_in) — the pool passes the input through.
    """
    for name, value in (("c_in", c_in), ("k", k), ("l", l), ("m", m), ("n", n)):
        check_int(name, value)
    check_int("size", size, 3)
    out = conv_output_size(size, 3, 2)
    tower_params = conv_params(1, c_in, k) + conv_params(3, k, l) + conv_params(3, l, m)
    tower_macs = conv_macs(1, c_in, k, size, size) + conv_macs(3, k, l, size, size)
    tower_macs += conv_macs(3, l, m, out, out)
    single_macs = conv_macs(3, c_in, n, out, out)
    branches = [
        BranchCost("3×3/2 n", conv_params(3, c_in, n) + 2 * n, single_macs, n, out),
        BranchCost("1×1 k → 3×3 l → 3×3/2 m", tower_params + 2 * (k + l + m), tower_macs, m, out),
        BranchCost("max pool 3×3/2", 0, 0, c_in, out),
    ]
    total = BranchCost(
        "total",
        sum(b.params for b in branches),
        sum(b.macs for b in branches),
        sum(b.out_channels for b in branches),
        out,
    )
    return [*branches, total]


# --- lecture 00's table: one conv, four kernel sizes ---------------------------------------------


@dataclass(frozen=True)
class KernelCost:
    """A K×K 'same'-padded conv's output and cost: one row of lecture 00's table."""

    kernel: int  # K
    channels: int  # C_out
    size: int  # H_out = W_out
    params: int
    macs: int

    @property
    def name(self) -> str:
        """'3×3'."""
        return f"{self.kernel}×{self.kernel}"

    @property
    def output(self) -> str:
        """C_out×H_out×W_out, e.g. '64×28×28'."""
        return f"{self.channels}×{self.size}×{self.size}"

    @property
    def flops(self) -> int:
        """2 × MACs."""
        return 2 * self.macs


def conv_cost_rows(
    c_in: int = 192,
    c_out: int = 64,
    size: int = 28,
    stride: int = 1,
    kernels: Sequence[int] = (1, 3, 5, 7),
) -> list[KernelCost]:
    """Params and MACs of a K×K 'same'-padded conv on a size×size map, one row per K."""
    rows = []
    for k in kernels:
        cost = conv2d_cost(c_in, c_out, k, size, size, stride=stride, padding=k // 2)
        rows.append(KernelCost(k, c_out, cost.out_h, cost.params, cost.macs))
    return rows


# --- Inception modules branch by branch (Szegedy et al. 2014, arXiv:1409.4842, Fig. 2) -----------


@dataclass(frozen=True)
class Fig2Cost:
    """One branch of a Fig. 2 module (naive (a) or reduced (b)), or its concat: output and cost.

    ``weights`` leave the conv biases out, as Table 1's params column does; ``params`` include
    them (the paper build, ``bn=False``). ``macs`` count weight multiply-accumulates only.
    """

    layers: str  # "1×1 192→96 → 3×3 96→128", "concat"
    channels: int  # output channels
    weights: int
    params: int
    macs: int


@dataclass(frozen=True)
class NaiveBranch:
    """One branch of the naive module (Fig. 2(a)) on a size×size map: padding, output, cost."""

    branch: str  # "3×3 conv", "3×3 max pool"
    padding: int
    channels: int  # output channels (the pool passes its c_in through)
    size: int  # H_out = W_out
    weights: int  # no biases
    params: int  # with the conv biases of the paper build
    macs: int

    @property
    def output(self) -> str:
        """C×H×W, e.g. '128×28×28'."""
        return f"{self.channels}×{self.size}×{self.size}"


def naive_module_rows(
    c_in: int = 192, ch1x1: int = 64, ch3x3: int = 128, ch5x5: int = 32, size: int = 28
) -> list[NaiveBranch]:
    """The four branches of a naive module on a ``c_in``×size×size input (Fig. 2(a)).

    1×1, 3×3 and 5×5 convs with paddings 0/1/2 and a 3×3/1 max pool with padding 1; the pool
    has no weights and no MACs but passes all ``c_in`` channels through.
    """
    rows = []
    for name, k, c_out in (("1×1 conv", 1, ch1x1), ("3×3 conv", 3, ch3x3), ("5×5 conv", 5, ch5x5)):
        cost = conv2d_cost(c_in, c_out, k, size, size, padding=k // 2)
        weights, macs = cost.params, cost.macs
        rows.append(NaiveBranch(name, k // 2, c_out, cost.out_h, weights, weights + c_out, macs))
    pooled = conv_output_size(size, 3, stride=1, padding=1)
    return [*rows, NaiveBranch("3×3 max pool", 1, c_in, pooled, 0, 0, 0)]


def module_total(branches: Sequence[NaiveBranch | Fig2Cost]) -> Fig2Cost:
    """The concat of ``branches``: output channels, weights, params and MACs summed."""
    return Fig2Cost(
        "concat",
        sum(b.channels for b in branches),
        sum(b.weights for b in branches),
        sum(b.params for b in branches),
        sum(b.macs for b in branches),
    )


@dataclass(frozen=True)
class SnowballStep:
    """One naive module in a stack on one grid: channels in and out, its cost, the running total."""

    module: int  # 1, 2, …
    c_in: int
    c_out: int
    weights: int
    macs: int
    total_macs: int  # this module and every one before it


def snowball(
    c_in: int = 192,
    widths: tuple[int, int, int] | Sequence[tuple[int, int, int]] = ((64, 128, 32), (128, 192, 96)),
    depth: int = 2,
    size: int = 28,
) -> list[SnowballStep]:
    """``depth`` naive modules stacked on one size×size grid (lecture 02's channel snowball).

    The pool branch passes every input channel through, so each module emits
    ``c_in + #1×1 + #3×3 + #5×5`` channels and the next one pays for them. ``widths`` is one
    (#1×1, #3×3, #5×5) triple for every module, or a list of triples (module i uses
    ``widths[i]``; the last repeats). The default is GoogLeNet's 3a then 3b widths.
    """
    check_int("depth", depth)
    schedule = [tuple(widths)] if isinstance(widths[0], int) else [tuple(w) for w in widths]
    steps, total = [], 0
    for i in range(depth):
        cost = module_total(naive_module_rows(c_in, *schedule[min(i, len(schedule) - 1)], size))
        total += cost.macs
        steps.append(SnowballStep(i + 1, c_in, cost.channels, cost.weights, cost.macs, total))
        c_in = cost.channels
    return steps


@dataclass(frozen=True)
class ReductionRow:
    """One branch (or the total) of Fig. 2(b) beside the same branch of the naive Fig. 2(a)."""

    branch: str  # "branch1" … "branch4", "total"
    reduced: Fig2Cost
    naive: Fig2Cost


def _convs(
    convs: Sequence[tuple[int, int, int]], size: int, channels: int, layers: str = ""
) -> Fig2Cost:
    """The cost of 'same'-padded convs (k, c_in, c_out) on a size×size map, as one branch."""
    return Fig2Cost(
        layers or " → ".join(f"{k}×{k} {ci}→{co}" for k, ci, co in convs),
        channels,
        sum(conv_params(k, ci, co) for k, ci, co in convs),
        sum(conv_params(k, ci, co, bias=True) for k, ci, co in convs),
        sum(conv_macs(k, ci, co, size, size) for k, ci, co in convs),
    )


def reduction_rows(
    c_in: int,
    size: int,
    ch1x1: int,
    ch3x3red: int,
    ch3x3: int,
    ch5x5red: int,
    ch5x5: int,
    pool_proj: int,
) -> list[ReductionRow]:
    """Per-branch cost of an Inception module with and without the 1×1 reductions.

    Arguments are the input (``c_in`` channels on a ``size``×``size`` map) and the six channel
    columns of Table 1. Five rows, ``branch1`` … ``branch4`` and ``total``: the module of
    Fig. 2(b) beside the naive module of Fig. 2(a) with the same #1×1, #3×3 and #5×5, whose pool
    branch passes all ``c_in`` channels through at no MAC cost.
    """
    check_int("c_in", c_in)
    check_int("size", size)
    pool = "3×3 max pool"
    reduced = [
        _convs([(1, c_in, ch1x1)], size, ch1x1),
        _convs([(1, c_in, ch3x3red), (3, ch3x3red, ch3x3)], size, ch3x3),
        _convs([(1, c_in, ch5x5red), (5, ch5x5red, ch5x5)], size, ch5x5),
        _convs([(1, c_in, pool_proj)], size, pool_proj, f"{pool} → 1×1 {c_in}→{pool_proj}"),
    ]
    naive = [
        _convs([(1, c_in, ch1x1)], size, ch1x1),
        _convs([(3, c_in, ch3x3)], size, ch3x3),
        _convs([(5, c_in, ch5x5)], size, ch5x5),
        _convs([], size, c_in, f"{pool} (passes {c_in})"),
    ]
    rows = [
        ReductionRow(f"branch{i}", r, n)
        for i, (r, n) in enumerate(zip(reduced, naive, strict=True), start=1)
    ]
    return [*rows, ReductionRow("total", module_total(reduced), module_total(naive))]


def percent(fraction: Fraction | float, digits: int = 1) -> str:
    """Format a saving as a fixed-digit percentage ('28.0%'): stable text for checked cells."""
    return f"{float(fraction) * 100:.{digits}f}%"


def human(n: int | float) -> str:
    """Short human form of a count (9,408 → '9.4K', 1,498,376,192 → '1.50G')."""
    n = float(n)
    for unit, scale in (("G", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(n) >= scale:
            value = n / scale
            return f"{value:.2f}{unit}" if unit == "G" else f"{value:.1f}{unit}"
    return f"{n:g}"


__all__ = [
    "SeparableCost",
    "depthwise_separable_cost",
    "BranchCost",
    "ConvCost",
    "FactorizationCost",
    "Fig2Cost",
    "KernelCost",
    "NaiveBranch",
    "ReductionRow",
    "SnowballStep",
    "GRID_REDUCTIONS",
    "GridReductionCost",
    "asymmetric_saving",
    "conv2d_cost",
    "conv_macs",
    "conv_output_size",
    "conv_cost_rows",
    "conv_params",
    "factorization_rows",
    "factorization_saving",
    "grid_reduction_rows",
    "human",
    "kernel_area",
    "linear_macs",
    "linear_params",
    "module_total",
    "naive_module_rows",
    "percent",
    "receptive_field",
    "reduction_a_rows",
    "reduction_rows",
    "snowball",
]

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

from dataclasses import dataclass
from fractions import Fraction

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
    return pair  # type: ignore[return-value]


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
    "ConvCost",
    "asymmetric_saving",
    "conv2d_cost",
    "conv_macs",
    "conv_output_size",
    "conv_params",
    "factorization_saving",
    "human",
    "kernel_area",
    "linear_macs",
    "linear_params",
    "percent",
    "receptive_field",
]

"""The few building blocks every Inception network is made of.

* :class:`BasicConv` — conv → BN → ReLU (BN-era nets) or conv(+bias) → ReLU (GoogLeNet's paper
  build, which predates batch normalization). Sub-modules are named ``conv`` and ``bn`` like
  torchvision's ``BasicConv2d`` and timm's ``ConvNormAct``, so state dicts line up.
* :class:`Concat` — run named branches on one input and concatenate along channels: the
  Inception module's branch-and-concat written once (kwargs order = concatenation order).
* :class:`Residual` — ``act(x + scale · up(branches(x)))``: the Inception-ResNet block, with the
  linear 1×1 "filter expansion" ``up`` and the residual ``scale`` (1602.07261 §3.3).
* :class:`ClassifierHead` — global average pooling → dropout → linear (NIN's idea, GoogLeNet §5).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from .cost import Pair, pair


def _fmt_pair(value: tuple[int, int]) -> str:
    return f"{value[0]}" if value[0] == value[1] else f"{value[0]}×{value[1]}"


class BasicConv(nn.Module):
    """Convolution → BatchNorm (eps 1e-3, as TF-slim/torchvision/timm) → ReLU.

    ``bn=False`` gives the paper-era unit conv(bias) → ReLU. ``relu=False`` drops the activation.
    The repr reads like the papers' boxes: ``3×3 conv, 384→384 (stride 2, V)`` — "V" is the
    Inception-v4 paper's mark for valid (no) padding on a conv larger than 1×1.
    """

    def __init__(
        self,
        c_in: int,
        c_out: int,
        kernel: int | Pair,
        stride: int | Pair = 1,
        padding: int | Pair = 0,
        bn: bool = True,
        relu: bool = True,
        eps: float = 1e-3,
        groups: int = 1,
    ) -> None:
        super().__init__()
        self.conv = nn.Conv2d(
            c_in, c_out, kernel, stride=stride, padding=padding, groups=groups, bias=not bn
        )
        self.bn = nn.BatchNorm2d(c_out, eps=eps) if bn else nn.Identity()
        self.act = nn.ReLU(inplace=True) if relu else nn.Identity()

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.bn(self.conv(x)))

    def extra_repr(self) -> str:  # used by __repr__ below
        c = self.conv
        kh, kw = c.kernel_size
        notes = []
        if c.stride != (1, 1):
            notes.append(f"stride {_fmt_pair(c.stride)}")
        if c.padding == (0, 0) and (kh, kw) != (1, 1):
            notes.append("V")
        if c.groups > 1:
            notes.append("depthwise" if c.groups == c.in_channels else f"groups {c.groups}")
        if isinstance(self.bn, nn.Identity):
            notes.append("bias, no BN")
        if isinstance(self.act, nn.Identity):
            notes.append("linear")
        suffix = f" ({', '.join(notes)})" if notes else ""
        return f"{kh}×{kw} conv, {c.in_channels}→{c.out_channels}{suffix}"

    def __repr__(self) -> str:
        return self.extra_repr()


def conv(c_in: int, c_out: int, kernel: int | Pair, stride: int | Pair = 1, **kw) -> BasicConv:
    """A :class:`BasicConv`; ``padding="same"`` → k//2 per side (valid = 0 is the default)."""
    padding = kw.pop("padding", 0)
    if padding == "same":
        kh, kw_ = pair(kernel, "kernel")
        padding = (kh // 2, kw_ // 2)
    return BasicConv(c_in, c_out, kernel, stride, padding, **kw)


def scaled_width(n: int, width: float) -> int:
    """A branch width × ``width`` for the small variants (``width=1`` leaves the paper's n)."""
    return n if width == 1 else max(4, round(n * width))


class Concat(nn.ModuleDict):
    """Run every named branch on the same input; concatenate the outputs along channels."""

    def __init__(self, **branches: nn.Module) -> None:
        super().__init__(branches)

    def forward(self, x: Tensor) -> Tensor:
        return torch.cat([branch(x) for branch in self.values()], dim=1)


def split_1x3_3x1(c_in: int, c_out: int) -> Concat:
    """Fig. 7's expanded filter bank (1512.00567): 1×3 and 3×1 side by side, concatenated.

    Inception-v3 Fig. 7 and Inception-v4 Fig. 6 (Inception-C) widen the 8×8 modules this way.
    """
    return Concat(
        a=conv(c_in, c_out, (1, 3), padding="same"), b=conv(c_in, c_out, (3, 1), padding="same")
    )


class Residual(nn.Module):
    """Inception-ResNet block: ``act(x + scale · up(branches(x)))`` (1602.07261 §3.3, Fig. 20).

    ``up`` is the linear 1×1 filter expansion (bias, no BN, no activation: "BN only on top of the
    traditional layers, not on top of the summations", §3.2). The last 8×8 block of the
    references runs with ``scale=1`` and no activation (``activation=False``).
    ``shortcut=False`` drops the ``x`` term — ``act(scale · up(branches(x)))`` — which turns the
    block into its "pure Inception" twin with the same layers, parameters and MACs.
    """

    def __init__(
        self,
        branches: nn.Module,
        up: nn.Module,
        scale: float = 1.0,
        activation: bool = True,
        shortcut: bool = True,
    ) -> None:
        super().__init__()
        self.branches = branches
        self.up = up
        self.scale = scale
        self.shortcut = shortcut
        self.act = nn.ReLU(inplace=True) if activation else nn.Identity()

    def forward(self, x: Tensor) -> Tensor:
        residual = self.scale * self.up(self.branches(x))
        return self.act(x + residual if self.shortcut else residual)

    def extra_repr(self) -> str:
        return f"scale={self.scale}" + ("" if self.shortcut else ", no shortcut")


class ClassifierHead(nn.Module):
    """Global average pooling → dropout → linear: the head every Inception net ends with."""

    def __init__(self, c_in: int, num_classes: int, dropout: float = 0.0) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(c_in, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc(self.dropout(torch.flatten(self.pool(x), 1)))


# --- stems: the paper's 'V' layers, or the compact stem of the small variants -------------------


def stem_conv(c_in: int, c_out: int, kernel: int, stride: int, compact: bool) -> BasicConv:
    """A 'V' (valid) stem conv; in a compact stem (small images) padded 'same' (n → ⌈n/stride⌉)."""
    if not compact:
        return conv(c_in, c_out, kernel, stride)
    return conv(c_in, c_out, kernel, stride, padding=kernel // 2)


def stem_pool(stride: int = 2, compact: bool = False, ceil_mode: bool = False) -> nn.MaxPool2d:
    """The stem's 3×3/2 max pool — (V) in v3/v4/IR, ``ceil_mode`` in GoogLeNet's Caffe-style
    stem; in a compact stem padded 'same' at ``stride`` (n → ⌈n/stride⌉) either way."""
    if compact:
        return nn.MaxPool2d(3, stride=stride, padding=1)
    return nn.MaxPool2d(3, stride=2, ceil_mode=ceil_mode)


def stem_strides(halvings: int | None) -> tuple[int, int, int]:
    """Strides of a stem's three stride-2 stages: all 2 for the paper's stem (``None``); in a
    compact stem the first ``halvings`` keep stride 2 and the rest run at stride 1."""
    if halvings is None:
        return (2, 2, 2)
    return tuple(2 if i < halvings else 1 for i in range(3))


__all__ = [
    "stem_conv",
    "stem_pool",
    "stem_strides",
    "BasicConv",
    "ClassifierHead",
    "Concat",
    "Residual",
    "conv",
    "scaled_width",
    "split_1x3_3x1",
]

"""How the residual scale sets the growth of a trunk through stacked blocks (1602.07261 §3.3).

A residual block adds ``scale · F(x)`` to its input. If the branch and the trunk are
uncorrelated, mean squares add::

    E[(x + s·F)²] = E[x²] + s²·E[F²]

so after n blocks the trunk's mean square is E[x₀²] + Σₖ s²·E[Fₖ²]. What E[Fₖ²] does decides
the regime (lectures 10 and 12 both compute from :func:`residual_growth`):

* ``bn="train"`` — every Inception-ResNet branch starts with conv → BN, and in training mode BN
  renormalizes the branch's input, so E[Fₖ²] is about the same in every block whatever the
  trunk's size: growth is **additive**, RMS² ≈ RMS₀² + n·s²·E[F²].
* ``bn="identity"`` — BN frozen at its initial identity (eval mode, fresh running statistics):
  effectively no normalization, so F grows with the trunk and the growth **compounds**, by
  about the same factor per block (with He-initialised convs, ``init="he"``, enough to explode).

Each row also carries ``additive``: the RMS that the additive formula predicts from the
branch sizes actually measured up to that block. The ReLU after each addition (Fig. 10) cuts
negative values, so the measured RMS sits at or a little below it.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
from torch import nn

from .activation_stats import collect
from .checks import check_int
from .models.inception_resnet import IR_A_WIDTHS, InceptionResNetA

Row = dict[str, float | int]
BNMode = Literal["train", "identity"]
Init = Literal["default", "he"]


def he_init(module: nn.Module) -> None:
    """He (Kaiming) normal initialisation for every conv (1502.01852), biases zero."""
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def residual_growth(
    scale: float,
    blocks: int,
    width: int = 256,
    size: int = 8,
    batch: int = 8,
    seed: int = 0,
    bn: BNMode = "train",
    init: Init = "default",
) -> list[Row]:
    """Trunk RMS through ``blocks`` Inception-ResNet-A blocks at init, for one residual ``scale``.

    The blocks have Fig. 10's widths (IR-v1) on a ``width``-channel trunk; the input is the
    ReLU of a standard normal batch (like a stem's output, RMS ≈ 0.71). Row 0 is the input;
    row k the output of block k with ``rms``, ``branch rms`` (of ``scale · up(branches(x))``),
    ``ratio`` = branch / shortcut RMS, ``growth`` = rms / input rms and ``additive`` (the
    prediction above). The same seed gives the same weights for every scale, so two calls
    differ only in the scale.
    """
    check_int("blocks", blocks, 1)
    check_int("width", width, 1)
    check_int("size", size, 1)
    check_int("batch", batch, 2)  # BatchNorm needs more than one value per channel
    if not isinstance(scale, int | float) or isinstance(scale, bool) or scale < 0:
        raise ValueError(f"scale must be a number ≥ 0, got {scale!r}")
    if bn not in ("train", "identity"):
        raise ValueError(f"bn must be 'train' or 'identity', got {bn!r}")
    if init not in ("default", "he"):
        raise ValueError(f"init must be 'default' or 'he', got {init!r}")
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, width, size, size, generator=gen).relu()
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        stack = nn.Sequential(
            *(
                InceptionResNetA(width, IR_A_WIDTHS["inception_resnet_v1"], float(scale))
                for _ in range(blocks)
            )
        )
        if init == "he":
            he_init(stack)
    stats = collect(stack, x, train_bn=bn == "train")
    x_rms = x.pow(2).mean().sqrt().item()
    first = {"block": 0, "rms": x_rms, "branch rms": 0.0, "ratio": 0.0, "growth": 1.0}
    rows: list[Row] = [{**first, "additive": x_rms}]
    mean_square = x_rms**2
    for k, s in enumerate(stats.values(), start=1):
        mean_square += s.branch_rms**2
        rows.append(
            {
                "block": k,
                "rms": s.rms,
                "branch rms": s.branch_rms,
                "ratio": s.ratio,
                "growth": s.rms / x_rms,
                "additive": math.sqrt(mean_square),
            }
        )
    return rows


__all__ = ["he_init", "residual_growth"]

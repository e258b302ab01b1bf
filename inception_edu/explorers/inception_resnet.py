"""Lecture 10's explorer: how the residual scale sets the growth of activations through a stack.

:func:`norm_growth` is the pure function: it builds a real stack of Inception-ResNet-A blocks
(Fig. 10's widths on a ``width``-channel trunk, IR-v1's 35×35 stage by default) with a fixed
seed, feeds it one non-negative batch (like a stem's ReLU output) and measures, at
initialization and with BatchNorm's batch statistics (what the first training step sees), the
RMS of the trunk after every block and the ratio ‖scale · branch‖ / ‖shortcut‖ (1602.07261
§3.3, Fig. 20). The same seed gives the same weights for every scale, so two calls differ only
in the scale. :func:`norm_growth_explorer` wraps it in two sliders.
"""

from __future__ import annotations

import html

import torch
from torch import nn

from ..activation_stats import collect
from ..models.inception_resnet import IR_A_WIDTHS, InceptionResNetA
from .widget import slider_explorer

Row = dict[str, float | int]


def _check(name: str, value: int, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an int ≥ {low}, got {value!r}")
    return value


def norm_growth(
    scale: float,
    blocks: int,
    width: int = 256,
    size: int = 8,
    batch: int = 8,
    seed: int = 0,
) -> list[Row]:
    """Trunk RMS through ``blocks`` Inception-ResNet-A blocks at init, for one residual ``scale``.

    Row 0 is the input (``block`` 0: ReLU of a standard normal batch, RMS ≈ 0.71); row k the
    output of block k with ``rms``, ``branch rms`` (of ``scale · up(branches(x))``) and
    ``ratio`` = branch / shortcut RMS. ``growth`` = rms / input rms.
    """
    _check("blocks", blocks, 1)
    _check("width", width, 1)
    _check("size", size, 1)
    _check("batch", batch, 2)  # BatchNorm needs more than one value per channel
    if not isinstance(scale, int | float) or isinstance(scale, bool) or scale < 0:
        raise ValueError(f"scale must be a number ≥ 0, got {scale!r}")
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
    stats = collect(stack, x, train_bn=True)
    x_rms = x.pow(2).mean().sqrt().item()
    rows: list[Row] = [{"block": 0, "rms": x_rms, "branch rms": 0.0, "ratio": 0.0, "growth": 1.0}]
    for k, s in enumerate(stats.values(), start=1):
        rows.append(
            {
                "block": k,
                "rms": s.rms,
                "branch rms": s.branch_rms,
                "ratio": s.ratio,
                "growth": s.rms / x_rms,
            }
        )
    return rows


def norm_growth_html(rows: list[Row], scale: float) -> str:
    """The explorer's view: one bar per block (trunk RMS) and a summary line."""
    top = max(float(r["rms"]) for r in rows)
    bars = ""
    for r in rows:
        w = max(1, int(260 * float(r["rms"]) / top))
        bars += (
            "<div style='display:flex;align-items:center;gap:4px'>"
            f"<span style='width:60px;font-size:80%'>{'input' if r['block'] == 0 else r['block']}"
            f"</span><div style='background:#4c72b0;height:8px;width:{w}px'></div>"
            f"<span style='font-size:80%'>{float(r['rms']):.2f}</span></div>"
        )
    last = rows[-1]
    summary = (
        f"scale {scale:g}: after {last['block']} blocks the trunk RMS is "
        f"{float(last['rms']):.2f} (×{float(last['growth']):.2f} the input); "
        f"last block's branch/shortcut ratio {float(last['ratio']):.3f}"
    )
    return f"<b>{html.escape(summary)}</b>{bars}"


def norm_growth_explorer(scale_percent: int = 100, blocks: int = 20):
    """Sliders for the residual scale (in hundredths) and the number of blocks."""
    sliders = {
        "scale_percent": (scale_percent, 0, 100, "scale × 100"),
        "blocks": (blocks, 1, 40, "blocks"),
    }

    def render(scale_percent: int, blocks: int) -> str:
        scale = scale_percent / 100
        return norm_growth_html(norm_growth(scale, blocks), scale)

    return slider_explorer(sliders, render)


__all__ = ["norm_growth", "norm_growth_explorer", "norm_growth_html"]

"""Lecture 10's explorer: how the residual scale sets the growth of activations through a stack.

A view over :func:`inception_edu.residual_scaling.residual_growth` (the trunk's RMS through a
real stack of Inception-ResNet-A blocks at initialization, BN in training mode; 1602.07261
§3.3, Fig. 20). :func:`norm_growth_html` draws one bar per block, :func:`norm_growth_explorer`
wraps that in two sliders.
"""

from __future__ import annotations

import html

from ..residual_scaling import Row, residual_growth
from .view import bar, slider_explorer


def norm_growth_html(rows: list[Row], scale: float) -> str:
    """A summary line, then one bar per block (the trunk's RMS, relative to the largest)."""
    top = max(float(r["rms"]) for r in rows)
    last = rows[-1]
    summary = (
        f"scale {scale:g}: after {last['block']} blocks the trunk RMS is "
        f"{float(last['rms']):.2f} (×{float(last['growth']):.2f} the input); "
        f"last block's branch/shortcut ratio {float(last['ratio']):.3f}"
    )
    bars = ""
    for r in rows:
        name = "input" if r["block"] == 0 else f"block {r['block']}"
        bars += bar(float(r["rms"]) / top, "#4c72b0", f"{name}: {float(r['rms']):.2f}", width=260)
    return f"<b>{html.escape(summary)}</b>{bars}"


def norm_growth_explorer(scale_percent: int = 100, blocks: int = 20):
    """Sliders for the residual scale (in hundredths) and the number of blocks."""
    sliders = {
        "scale_percent": (scale_percent, 0, 100, "scale × 100"),
        "blocks": (blocks, 1, 40, "blocks"),
    }

    def render(scale_percent: int, blocks: int) -> str:
        scale = scale_percent / 100
        return norm_growth_html(residual_growth(scale, blocks), scale)

    return slider_explorer(sliders, render)


__all__ = ["norm_growth_explorer", "norm_growth_html"]

"""Lecture 10's explorer: how the residual scale sets the growth of activations through a stack.

A view over :func:`inception_edu.residual_scaling.residual_growth` (the trunk's RMS through a
real stack of Inception-ResNet-A blocks at initialization, BN in training mode; 1602.07261
§3.3, Fig. 20), exported here under the name the lecture uses, :func:`norm_growth`.
:func:`norm_growth_explorer` wraps it in two sliders.
"""

from __future__ import annotations

import html

from ..residual_scaling import Row, residual_growth
from .view import slider_explorer

norm_growth = residual_growth


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

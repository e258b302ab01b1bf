"""Lecture 02's explorer: the naive Inception module (1409.4842 Fig. 2(a)) and its snowball.

Sliders → one module's per-branch table (:func:`inception_edu.cost.naive_module_rows`) and a
stack of identical modules (:func:`inception_edu.cost.snowball`), rendered into one HTML widget.
"""

from __future__ import annotations

from ..cost import NaiveBranch, SnowballStep, module_total, naive_module_rows, snowball
from ..tables import html_table
from .view import bar, slider_explorer

COLOUR = "#4c72b0"


def naive_module_html(rows: list[NaiveBranch]) -> str:
    """One naive module, branch by branch, with a MAC bar per branch."""
    top = max((r.macs for r in rows), default=0) or 1
    return html_table(
        ("branch", "padding", "output", "channels", "weights", "params", "MACs", "MACs"),
        [
            (r.branch, r.padding, r.output, r.channels, r.weights, r.params, r.macs)
            + (bar(r.macs / top, COLOUR),)
            for r in rows
        ],
        html_columns={7},
    )


def snowball_html(steps: list[SnowballStep]) -> str:
    """A stack of naive modules, one row per module, with a MAC bar per module."""
    top = max((s.macs for s in steps), default=0) or 1
    return html_table(
        ("module", "c_in", "c_out", "weights", "MACs", "total MACs", "MACs"),
        [
            (s.module, s.c_in, s.c_out, s.weights, s.macs, s.total_macs, bar(s.macs / top, COLOUR))
            for s in steps
        ],
        html_columns={6},
    )


def _naive_view(c_in: int, ch1x1: int, ch3x3: int, ch5x5: int, size: int, depth: int) -> str:
    widths = (ch1x1, ch3x3, ch5x5)
    rows = naive_module_rows(c_in, *widths, size=size)
    total = module_total(rows)
    return (
        f"<b>One naive module</b>: {c_in} → {total.channels:,} channels, "
        f"{total.weights:,} weights, {total.macs:,} MACs"
        + naive_module_html(rows)
        + f"<b>{depth} stacked (same widths)</b>"
        + snowball_html(snowball(c_in, widths, depth, size=size))
    )


def naive_inception_explorer():
    """Sliders for C_in, the three branch widths, the grid and the depth → live tables."""
    return slider_explorer(
        {
            "c_in": (192, 1, 1024, "C_in"),
            "ch1x1": (64, 1, 512, "#1×1"),
            "ch3x3": (128, 1, 512, "#3×3"),
            "ch5x5": (32, 1, 512, "#5×5"),
            "size": (28, 7, 112, "H = W"),
            "depth": (3, 1, 8, "stacked"),
        },
        _naive_view,
    )


__all__ = ["naive_inception_explorer", "naive_module_html", "snowball_html"]

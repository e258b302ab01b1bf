"""Lecture 07's explorer: d, k → the three ways to halve a grid and double its channels.

A view over :func:`inception_edu.cost.grid_reduction_rows` (1512.00567 §5, Figs. 9–10: conv then
pool, pool then conv, and the parallel module): :func:`grid_reduction_html` draws its rows as a
table with a MACs bar per option, :func:`grid_reduction_explorer` wraps that in sliders.
"""

from __future__ import annotations

from ..cost import GridReductionCost, grid_reduction_rows
from ..tables import html_table
from .view import bar, slider_explorer

COLOURS = {"conv then pool": "#c44e52", "pool then conv": "#dd8452", "parallel": "#4c72b0"}


def grid_reduction_html(rows: list[GridReductionCost]) -> str:
    """The rows as a table, with a MACs bar per option (relative to the dearest)."""
    top = max(r.macs for r in rows)
    body = [
        (
            r.name,
            r.steps,
            r.macs,
            f"{r.narrowest:,}" + (" ⚠ bottleneck" if r.bottleneck else ""),
            r.output,
            bar(r.macs / top, COLOURS[r.name], f"{float(r.ratio):.2f}× parallel", width=200),
        )
        for r in rows
    ]
    headers = ("option", "steps", "MACs", "narrowest values", "output values", "MACs bar")
    return html_table(headers, body, text_columns=2, html_columns={5})


def grid_reduction_explorer(d: int = 35, k: int = 320, kernel: int = 3):
    """Sliders for d, k and the kernel side → live table (default: the paper's 35×35×320)."""
    sliders = {
        "d": (d, 2, 150, "d (grid)"),
        "k": (k, 1, 1024, "k (channels)"),
        "kernel": (kernel, 1, 7, "kernel"),
    }
    return slider_explorer(sliders, lambda **v: grid_reduction_html(grid_reduction_rows(**v)))


__all__ = ["COLOURS", "grid_reduction_explorer", "grid_reduction_html"]

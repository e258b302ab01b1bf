"""Lecture 00's explorer: params and MACs of a K×K conv for K = 1, 3, 5, 7.

The rows are :func:`inception_edu.cost.conv_cost_rows`; this module only draws them.
"""

from __future__ import annotations

from ..cost import KernelCost, conv_cost_rows
from ..tables import html_table
from .view import bar, slider_explorer

COLOUR = "#4c72b0"


def conv_cost_html(rows: list[KernelCost]) -> str:
    """The explorer's view: one row per kernel, with a MAC bar proportional to the largest."""
    top = max((r.macs for r in rows), default=0) or 1
    return html_table(
        ("kernel", "output", "params", "MACs", "FLOPs", "MACs"),
        [(r.name, r.output, r.params, r.macs, r.flops, bar(r.macs / top, COLOUR)) for r in rows],
        text_columns=2,
        html_columns={5},
    )


def conv_cost_explorer():
    """Sliders for C_in, C_out, size and stride → live params/MACs table for 1×1…7×7 kernels."""
    return slider_explorer(
        {
            "c_in": (192, 1, 1024, "C_in"),
            "c_out": (64, 1, 1024, "C_out"),
            "size": (28, 7, 224, "H = W"),
            "stride": (1, 1, 4, "stride"),
        },
        lambda **v: conv_cost_html(conv_cost_rows(**v)),
        per_row=2,
    )


__all__ = ["conv_cost_explorer", "conv_cost_html"]

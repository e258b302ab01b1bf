"""Lecture 01's explorer: what a classifier head costs — flatten + FC layers vs global average
pooling (NIN §3.2) — on a C×H×W feature map.

The rows are :func:`inception_edu.models.nin.head_params_rows`; this module only draws them.
"""

from __future__ import annotations

from ..models.nin import HeadCost, head_params_rows
from ..tables import html_table
from .view import bar, slider_explorer

COLOUR = "#4c72b0"


def head_params_html(rows: list[HeadCost]) -> str:
    """The explorer's view: one row per head, with a params bar proportional to the largest."""
    top = max((r.params for r in rows), default=0) or 1
    return html_table(
        ("head", "params", "MACs", "params"),
        [(r.head, r.params, r.macs, bar(r.params / top, COLOUR)) for r in rows],
        html_columns={3},
    )


def head_params_explorer():
    """Sliders for C, H = W and the number of classes → live params/MACs of FC vs GAP heads."""
    return slider_explorer(
        {
            "c": (512, 16, 2048, "C"),
            "size": (7, 1, 14, "H = W"),
            "num_classes": (1000, 2, 1000, "classes"),
        },
        lambda c, size, num_classes: head_params_html(head_params_rows(c, size, size, num_classes)),
    )


__all__ = ["head_params_explorer", "head_params_html"]

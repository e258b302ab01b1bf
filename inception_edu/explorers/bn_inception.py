"""Lecture 05's explorer: one module of BN-Inception's Fig. 5 at a time, branch by branch.

The rows are :func:`inception_edu.paper_tables.fig5_rows`; this module only draws them.
"""

from __future__ import annotations

from ..models.bn_inception import INCEPTION_ROWS
from ..paper_tables import Fig5Branch, fig5_rows
from ..tables import html_table
from .view import bar, slider_explorer

COLOUR = "#4c72b0"


def fig5_html(rows: list[Fig5Branch]) -> str:
    """The explorer's view: one row per branch plus the total, a MAC bar per row."""
    top = max((r.macs for r in rows), default=0) or 1
    return html_table(
        ("branch", "channels", "params", "MACs", "MACs"),
        [(r.branch, r.channels, r.params, r.macs, bar(r.macs / top, COLOUR)) for r in rows],
        html_columns={4},
    )


def fig5_explorer(variant: str = "paper"):
    """A slider over the ten Inception modules of Fig. 5 → their branches' cost."""
    return slider_explorer(
        {"index": (0, 0, len(INCEPTION_ROWS) - 1, "module")},
        lambda index: fig5_html(fig5_rows(index, variant)),
    )


__all__ = ["fig5_explorer", "fig5_html"]

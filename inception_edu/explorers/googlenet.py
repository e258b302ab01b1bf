"""Lecture 04's explorer: one row of GoogLeNet's Table 1, printed vs recomputed.

The row is :func:`inception_edu.paper_tables.table1_row` (the paper build's Table 1 rows that
print params/ops); this module draws it as a two-column table and paired bars, printed vs ours.
"""

from __future__ import annotations

import html

from ..paper_tables import COLUMNS, Table1Check, printed_value, table1_row, table1_size
from ..tables import html_table
from .view import bar, slider_explorer

PRINTED_COLOUR, OURS_COLOUR = "#c44e52", "#4c72b0"
_TABLE = ("output", *COLUMNS, "weights", "weights/1024", "printed params", "MACs", "printed ops")


def table1_row_html(check: Table1Check) -> str:
    """The explorer's view: the row as a two-column table and paired bars (printed vs ours)."""
    row = check.row
    title = html.escape(f"{row.name} {row.patch}".strip())
    verdict = "; ".join(
        f"{what}: {'agrees' if ok else 'DISAGREES'}"
        for what, ok in (("params", check.params_agree), ("ops", check.ops_agree))
    )
    values = dict(check.items())
    table = html_table(
        ("column", "value"),
        [(key, values[key]) for key in _TABLE],
        float_format="{:.1f}",
    )
    bars = ""
    for label, printed, ours in (
        ("params (K)", row.paper_params, check.weights / 1000),
        ("ops (M)", row.paper_ops, check.macs / 1e6),
    ):
        value = printed_value(printed) if printed else 0.0
        top = max(value, ours) or 1.0
        for colour, v, who in ((PRINTED_COLOUR, value, "printed"), (OURS_COLOUR, ours, "ours")):
            bars += bar(v / top, colour, f"{label} {who} {v:,.1f}")
    return f"<b>{title}</b> — {html.escape(verdict)}{table}{bars}"


def table1_row_explorer(index: int = 0):
    """A slider over the Table 1 rows → that row's columns, our numbers and the printed ones."""
    sliders = {"index": (index, 0, table1_size() - 1, "Table 1 row")}
    return slider_explorer(sliders, lambda index: table1_row_html(table1_row(index)))


__all__ = ["table1_row_explorer", "table1_row_html"]

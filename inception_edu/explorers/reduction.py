"""Lecture 03's explorer: branch widths → params and MACs of the reduced and the naive module.

The rows are :func:`inception_edu.cost.reduction_rows` (one per branch plus a total, for the
module with 1×1 reductions of Fig. 2(b) beside the naive Fig. 2(a)); this module draws them as a
table with paired MAC bars.
"""

from __future__ import annotations

from ..cost import ReductionRow, reduction_rows
from ..tables import html_table
from .view import bar, slider_explorer

NAIVE_COLOUR, REDUCED_COLOUR = "#c44e52", "#4c72b0"


def _bars(r: ReductionRow, top: int) -> str:
    return "".join(
        bar(cost.macs / top, colour, f"{label} {cost.macs / 1e6:.1f}M")
        for cost, colour, label in (
            (r.naive, NAIVE_COLOUR, "naive"),
            (r.reduced, REDUCED_COLOUR, "reduced"),
        )
    )


def reduction_html(rows: list[ReductionRow]) -> str:
    """The explorer's view: a table of the rows and paired MAC bars (naive vs reduced)."""
    *branches, total = rows
    top = max(max(r.reduced.macs, r.naive.macs) for r in branches) or 1
    ratio = total.naive.macs / total.reduced.macs if total.reduced.macs else float("inf")
    verdict = f"<b>{ratio:.2f}× fewer MACs with the reductions</b>"
    return html_table(
        ("branch", "reduced", "out", "params", "MACs", "naive", "naive out", "naive MACs")
        + ("MACs: naive / reduced",),
        [
            (r.branch, r.reduced.layers, r.reduced.channels, r.reduced.params, r.reduced.macs)
            + (r.naive.layers, r.naive.channels, r.naive.macs)
            + (verdict if r is total else _bars(r, top),)
            for r in rows
        ],
        text_columns=2,
        html_columns={8},
    )


def reduction_explorer(
    c_in: int = 192,
    size: int = 28,
    widths: tuple[int, int, int, int, int, int] = (64, 96, 128, 16, 32, 32),
):
    """Sliders for the input and the six Table 1 widths → live table and bars (default: 3a)."""
    names = ("ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "pool_proj")
    labels = ("#1×1", "#3×3 red", "#3×3", "#5×5 red", "#5×5", "pool proj")
    sliders = {"c_in": (c_in, 1, 1024, "C_in"), "size": (size, 1, 112, "H = W")}
    for name, label, value in zip(names, labels, widths, strict=True):
        sliders[name] = (value, 1, 512, label)
    return slider_explorer(sliders, lambda **v: reduction_html(reduction_rows(**v)), per_row=4)


__all__ = ["reduction_explorer", "reduction_html"]

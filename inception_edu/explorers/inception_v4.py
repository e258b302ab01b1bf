"""Lecture 09's explorer: Reduction-A (Fig. 7) for any k, l, m, n of Table 1.

A view over :func:`inception_edu.cost.reduction_a_rows` (per branch: parameters with BN's γ and
β, MACs and output channels, from closed forms): :func:`reduction_a_html` draws its rows as a
table with each branch's share of the output channels as a bar, :func:`reduction_a_explorer`
wraps that in sliders.
"""

from __future__ import annotations

from ..cost import BranchCost, reduction_a_rows
from ..tables import html_table
from .view import bar, slider_explorer

COLOURS = {"3×3/2 n": "#4c72b0", "1×1 k → 3×3 l → 3×3/2 m": "#dd8452", "max pool 3×3/2": "#55a868"}


def reduction_a_html(rows: list[BranchCost]) -> str:
    """The rows as a table, the total last, with each branch's share of the output channels."""
    *branches, total = rows
    body: list[tuple[object, ...]] = []
    for r in branches:
        share = r.out_channels / total.out_channels
        label = f"{r.out_channels:,} channels ({share:.0%})"
        body.append(
            (r.branch, r.params, r.macs, r.out_channels, bar(share, COLOURS[r.branch], label))
        )
    body.append((total.branch, total.params, total.macs, total.out_channels, ""))
    return html_table(
        ("branch", "params", "MACs", "out channels", "share of the output"),
        body,
        caption=f"Reduction-A → {total.out_size}×{total.out_size}×{total.out_channels:,}",
        bold_rows={len(body) - 1},
        html_columns={4},
    )


def reduction_a_explorer(
    c_in: int = 384,
    k: int = 192,
    l: int = 224,  # noqa: E741
    m: int = 256,
    n: int = 384,
):
    """Sliders for c_in, k, l, m, n (defaults: Inception-v4's) → Reduction-A's branch table."""
    sliders = {
        "c_in": (c_in, 64, 512, "c_in"),
        "k": (k, 32, 512, "k (1×1)"),
        "l": (l, 32, 512, "l (3×3)"),
        "m": (m, 32, 512, "m (3×3/2)"),
        "n": (n, 32, 512, "n (3×3/2)"),
    }
    return slider_explorer(sliders, lambda **v: reduction_a_html(reduction_a_rows(**v)))


__all__ = ["COLOURS", "reduction_a_explorer", "reduction_a_html"]

"""Lecture 06's explorer: n, C_in, C_out, H → cost of an n×n conv and its factorizations.

A view over :func:`inception_edu.cost.factorization_rows` (the n×n conv, 1×n + n×1, and for odd
n ≥ 5 a stack of 3×3s with the same field): :func:`factorization_html` draws its rows as a table
with a bar per row, :func:`factorization_explorer` wraps that in sliders.
"""

from __future__ import annotations

from ..cost import FactorizationCost, factorization_rows
from ..tables import html_table
from .view import bar, slider_explorer

SQUARE_COLOUR, REPLACEMENT_COLOUR = "#c44e52", "#4c72b0"


def factorization_html(rows: list[FactorizationCost]) -> str:
    """The rows as a table, with a bar per row (MACs relative to the n×n conv)."""
    body = [
        (
            r.name,
            r.layers,
            r.receptive_field,
            r.weights,
            r.macs,
            bar(
                min(r.ratio, 2.0),
                SQUARE_COLOUR if i == 0 else REPLACEMENT_COLOUR,
                f"{r.ratio:.3f}× (saves {100 * r.saving:.1f}%)",
                width=200,
            ),
        )
        for i, r in enumerate(rows)
    ]
    headers = ("name", "layers", "receptive field", "weights", "MACs", "MACs vs n×n")
    return html_table(headers, body, text_columns=3, html_columns={5})


def factorization_explorer(n: int = 7, c_in: int = 192, c_out: int = 192, size: int = 17):
    """Sliders for n, C_in, C_out and H → live table (default: v3's 7×7 on 17×17×192)."""
    sliders = {
        "n": (n, 2, 11, "n"),
        "c_in": (c_in, 1, 1024, "C_in"),
        "c_out": (c_out, 1, 1024, "C_out"),
        "size": (size, 1, 112, "H = W"),
    }
    return slider_explorer(sliders, lambda **v: factorization_html(factorization_rows(**v)), 4)


__all__ = ["factorization_explorer", "factorization_html"]

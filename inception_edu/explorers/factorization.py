"""Lecture 06's explorer: n, C_in, C_out, H → cost of an n×n conv and its factorizations.

:func:`factorization_rows` is the pure function: one row for the n×n conv C_in→C_out, one for
1×n (C_in→C_mid) then n×1 (C_mid→C_out) with C_mid = C_out, and — for odd n ≥ 5 — one for a
stack of (n − 1)/2 3×3 convs (C_in→C_out, then C_out→C_out), the replacement with the same
n×n receptive field. All convs are 'same'-padded on an H×H map; weights only (no biases), MACs
count weight multiply-accumulates (the course convention). :func:`factorization_explorer`
wraps it in sliders.
"""

from __future__ import annotations

import html

from ..cost import conv_macs, conv_params, receptive_field
from .view import slider_explorer

Row = dict[str, object]
Kernel = tuple[int, int]


def _check(value: int, name: str, low: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an int ≥ {low}, got {value!r}")


def _row(name: str, layers: list[tuple[Kernel, int, int]], size: int, base: Row | None) -> Row:
    weights = sum(conv_params(k, ci, co) for k, ci, co in layers)
    macs = sum(conv_macs(k, ci, co, size, size) for k, ci, co in layers)
    rf_h = receptive_field([k[0] for k, _, _ in layers])
    rf_w = receptive_field([k[1] for k, _, _ in layers])
    row: Row = {
        "name": name,
        "layers": " → ".join(f"{k[0]}×{k[1]} {ci}→{co}" for k, ci, co in layers),
        "weights": weights,
        "MACs": macs,
        "receptive field": f"{rf_h}×{rf_w}",
    }
    if base is None:
        row["ratio"], row["saving"] = 1.0, 0.0
    else:
        row["ratio"] = macs / int(base["MACs"])
        row["saving"] = 1 - row["ratio"]
    return row


def factorization_rows(n: int, c_in: int, c_out: int, size: int) -> list[Row]:
    """Cost of an n×n conv C_in→C_out on a size×size map and of its factorized replacements.

    Rows (dicts with ``name``, ``layers``, ``weights``, ``MACs``, ``receptive field``, ``ratio``
    = MACs ÷ the n×n's, ``saving`` = 1 − ratio): ``"n×n"``; ``"1×n + n×1"`` (C_mid = C_out,
    named e.g. ``"1×7 + 7×1"``); and for odd n ≥ 5 ``"3×3 stack"`` with (n − 1)/2 layers.
    With C_in = C_out the asymmetric ratio is 2/n and the 3×3-stack
    ratio 9·(n − 1)/2 / n² (18/25 for n = 5).
    """
    _check(n, "n", 2)
    for value, name in ((c_in, "c_in"), (c_out, "c_out"), (size, "size")):
        _check(value, name)
    square = _row(f"{n}×{n}", [((n, n), c_in, c_out)], size, None)
    rows = [square]
    rows.append(
        _row(f"1×{n} + {n}×1", [((1, n), c_in, c_out), ((n, 1), c_out, c_out)], size, square)
    )
    if n % 2 == 1 and n >= 5:
        depth = (n - 1) // 2
        layers = [((3, 3), c_in, c_out)] + [((3, 3), c_out, c_out)] * (depth - 1)
        rows.append(_row("3×3 stack", layers, size, square))
    return rows


_COLUMNS = ("name", "layers", "receptive field", "weights", "MACs")


def factorization_html(rows: list[Row]) -> str:
    """The explorer's view: a table with a bar per row (MACs relative to the n×n conv)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in _COLUMNS) + "<th>MACs vs n×n</th>"
    body = ""
    for r in rows:
        cells = "".join(
            f"<td>{v:,}</td>" if isinstance(v, int) else f"<td>{html.escape(str(v))}</td>"
            for v in (r[c] for c in _COLUMNS)
        )
        ratio = float(r["ratio"])  # type: ignore[arg-type]
        colour = "#c44e52" if r is rows[0] else "#4c72b0"
        bar = (
            f"<div style='display:flex;align-items:center;gap:4px'><div style='background:"
            f"{colour};height:10px;width:{max(1, int(200 * min(ratio, 2.0)))}px'></div>"
            f"<span style='font-size:80%'>{ratio:.3f}× (saves {100 * (1 - ratio):.1f}%)</span>"
            "</div>"
        )
        body += f"<tr>{cells}<td>{bar}</td></tr>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def factorization_explorer(n: int = 7, c_in: int = 192, c_out: int = 192, size: int = 17):
    """Sliders for n, C_in, C_out and H → live table (default: v3's 7×7 on 17×17×192)."""
    sliders = {
        "n": (n, 2, 11, "n"),
        "c_in": (c_in, 1, 1024, "C_in"),
        "c_out": (c_out, 1, 1024, "C_out"),
        "size": (size, 1, 112, "H = W"),
    }
    return slider_explorer(sliders, lambda **v: factorization_html(factorization_rows(**v)), 4)


__all__ = ["factorization_explorer", "factorization_html", "factorization_rows"]

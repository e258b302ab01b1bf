"""Lecture 09's explorer: Reduction-A (Fig. 7) for any k, l, m, n of Table 1.

:func:`reduction_a_rows` is the pure function (input channels, Table 1's k, l, m, n and the
grid size → one row per branch with its parameters, MACs and output channels, from closed
forms); :func:`reduction_a_explorer` wraps it in sliders that re-render the table. Parameters
count conv weights plus BN's γ and β (2 per channel, no conv bias, as in the library and timm);
MACs count weight multiply-accumulates only (the course convention).
"""

from __future__ import annotations

import html

from .view import slider_explorer

Row = dict[str, int | str]
_BAR = (
    "<div style='display:flex;align-items:center;gap:4px'>"
    "<div style='background:{c};height:10px;width:{w}px'></div>"
    "<span style='font-size:80%'>{label}</span></div>"
)
COLOURS = {"3×3/2 n": "#4c72b0", "1×1 k → 3×3 l → 3×3/2 m": "#dd8452", "max pool 3×3/2": "#55a868"}


def _positive_int(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def reduction_a_rows(c_in: int, k: int, l: int, m: int, n: int, size: int = 35) -> list[Row]:  # noqa: E741
    """Reduction-A's three branches and their total, on a ``size``×``size`` input.

    Each row: ``branch``, ``params``, ``MACs``, ``out channels``, ``out size``. The last row is
    ``total`` (output channels n + m + c_in: the max pool passes the input through).
    """
    for name, value in (("c_in", c_in), ("k", k), ("l", l), ("m", m), ("n", n), ("size", size)):
        _positive_int(name, value)
    if size < 3:
        raise ValueError(f"size must be at least 3 for the 3×3/2 valid layers, got {size}")
    out = (size - 3) // 2 + 1
    hw, ohw = size * size, out * out
    rows: list[Row] = [
        {
            "branch": "3×3/2 n",
            "params": 9 * c_in * n + 2 * n,
            "MACs": 9 * c_in * n * ohw,
            "out channels": n,
        },
        {
            "branch": "1×1 k → 3×3 l → 3×3/2 m",
            "params": c_in * k + 2 * k + 9 * k * l + 2 * l + 9 * l * m + 2 * m,
            "MACs": (c_in * k + 9 * k * l) * hw + 9 * l * m * ohw,
            "out channels": m,
        },
        {"branch": "max pool 3×3/2", "params": 0, "MACs": 0, "out channels": c_in},
    ]
    for r in rows:
        r["out size"] = out
    rows.append(
        {
            "branch": "total",
            "params": sum(int(r["params"]) for r in rows),
            "MACs": sum(int(r["MACs"]) for r in rows),
            "out channels": sum(int(r["out channels"]) for r in rows),
            "out size": out,
        }
    )
    return rows


def reduction_a_html(rows: list[Row]) -> str:
    """The explorer's view: the rows as a table and each branch's share of the output channels."""
    head = "".join(f"<th>{h}</th>" for h in ("branch", "params", "MACs", "out channels"))
    body = ""
    for r in rows:
        cells = [html.escape(str(r["branch"]))] + [
            f"{int(r[key]):,}" for key in ("params", "MACs", "out channels")
        ]
        body += "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
    total = int(rows[-1]["out channels"])
    bars = ""
    for r in rows[:-1]:
        share = int(r["out channels"]) / total
        bars += _BAR.format(
            c=COLOURS[str(r["branch"])],
            w=max(1, int(240 * share)),
            label=html.escape(f"{r['branch']}: {int(r['out channels']):,} channels ({share:.0%})"),
        )
    size = rows[-1]["out size"]
    return (
        f"<b>Reduction-A → {size}×{size}×{total:,}</b>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{bars}"
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


__all__ = ["reduction_a_explorer", "reduction_a_html", "reduction_a_rows"]

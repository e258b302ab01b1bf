"""Lecture 04's explorer: one row of GoogLeNet's Table 1, printed vs recomputed.

:func:`table1_row` is the pure function (index into the twelve rows of Table 1 that print
params/ops → the row's six channel columns, our weights and MACs from the paper build, and the
printed values); :func:`table1_row_explorer` wraps it in a slider that re-renders the row.
Weights leave the conv biases out, as the paper's params column does; MACs count weight
multiply-accumulates only (the course convention).
"""

from __future__ import annotations

import html
from functools import lru_cache

from .view import slider_explorer

Row = dict[str, int | str | bool | None]

COLUMNS = ("#1×1", "#3×3 reduce", "#3×3", "#5×5 reduce", "#5×5", "pool proj")
_BAR = (
    "<div style='display:flex;align-items:center;gap:4px'>"
    "<div style='background:{c};height:10px;width:{w}px'></div>"
    "<span style='font-size:80%'>{label}</span></div>"
)
PRINTED_COLOUR, OURS_COLOUR = "#c44e52", "#4c72b0"


@lru_cache(maxsize=1)
def _checks():
    from ..models.googlenet import googlenet, table1_comparison

    return tuple(table1_comparison(googlenet(variant="paper")))


def table1_size() -> int:
    """How many Table 1 rows print params/ops (the explorer's slider range is 0 … size − 1)."""
    return len(_checks())


def table1_row(index: int) -> Row:
    """Row ``index`` (0-based) of the Table 1 rows with printed params/ops, recomputed.

    Keys: ``name``, ``patch``, ``output``, the six :data:`COLUMNS` (``None`` where Table 1 is
    blank), ``weights``, ``weights/1024``, ``MACs``, ``printed params``, ``printed ops``,
    ``params agree``, ``ops agree``.
    """
    n = table1_size()
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < n:
        raise ValueError(f"index must be an int in 0 … {n - 1}, got {index!r}")
    check = _checks()[index]
    row = check.row
    out: Row = {"name": row.name, "patch": row.patch, "output": row.output}
    out.update(zip(COLUMNS, row[3:9], strict=True))
    out.update(
        {
            "weights": check.weights,
            "weights/1024": round(check.weights / 1024, 1),
            "MACs": check.macs,
            "printed params": row.paper_params,
            "printed ops": row.paper_ops,
            "params agree": check.params_agree,
            "ops agree": check.ops_agree,
        }
    )
    return out


def _k(value: str | None) -> float:
    return float(value[:-1]) if value else 0.0


def table1_row_html(row: Row) -> str:
    """The explorer's view: the row as a two-column table and paired bars (printed vs ours)."""
    title = html.escape(f"{row['name']} {row['patch']}".strip())
    cells = ""
    for key in ("output", *COLUMNS, "weights", "weights/1024", "printed params", "MACs"):
        value = row[key]
        text = "" if value is None else f"{value:,}" if isinstance(value, int) else str(value)
        cells += f"<tr><td>{html.escape(key)}</td><td>{html.escape(text)}</td></tr>"
    cells += f"<tr><td>printed ops</td><td>{html.escape(str(row['printed ops']))}</td></tr>"
    verdict = []
    for what, ok in (("params", row["params agree"]), ("ops", row["ops agree"])):
        verdict.append(f"{what}: {'agrees' if ok else 'DISAGREES'}")
    bars = ""
    for label, printed, ours in (
        ("params (K)", _k(row["printed params"]), int(row["weights"]) / 1000),
        ("ops (M)", _k(row["printed ops"]), int(row["MACs"]) / 1e6),
    ):
        top = max(printed, ours) or 1.0
        for colour, value, who in (
            (PRINTED_COLOUR, printed, "printed"),
            (OURS_COLOUR, ours, "ours"),
        ):
            bars += _BAR.format(
                c=colour, w=max(1, int(240 * value / top)), label=f"{label} {who} {value:,.1f}"
            )
    return (
        f"<b>{title}</b> — {html.escape('; '.join(verdict))}"
        f"<table><tbody>{cells}</tbody></table>{bars}"
    )


def table1_row_explorer(index: int = 0):
    """A slider over the Table 1 rows → that row's columns, our numbers and the printed ones."""
    sliders = {"index": (index, 0, table1_size() - 1, "Table 1 row")}
    return slider_explorer(sliders, lambda index: table1_row_html(table1_row(index)))


__all__ = ["COLUMNS", "table1_row", "table1_row_explorer", "table1_row_html", "table1_size"]

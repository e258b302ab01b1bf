"""Lecture 00's explorer: params and MACs of a K×K conv for K = 1, 3, 5, 7."""

from __future__ import annotations

import html

from ..cost import conv2d_cost
from .view import slider_explorer

_BAR = "<div style='background:{c};height:12px;width:{w}px'></div>"


def conv_cost_rows(
    c_in: int = 192, c_out: int = 64, size: int = 28, stride: int = 1, kernels=(1, 3, 5, 7)
) -> list[dict[str, int | str]]:
    """Params and MACs of a K×K 'same'-padded conv for each K (lecture 00's explorer)."""
    rows = []
    for k in kernels:
        cost = conv2d_cost(c_in, c_out, k, size, size, stride=stride, padding=k // 2)
        rows.append(
            {
                "kernel": f"{k}×{k}",
                "output": f"{c_out}×{cost.out_h}×{cost.out_w}",
                "params": cost.params,
                "MACs": cost.macs,
                "FLOPs": cost.flops,
            }
        )
    return rows


def rows_html(rows: list[dict[str, int | str]], bar_column: str | None = None) -> str:
    """An HTML table of explorer rows, with proportional bars for one numeric column."""
    if not rows:
        return "<p>(nothing to show)</p>"
    columns = list(rows[0])
    top = max((float(r[bar_column]) for r in rows), default=1.0) if bar_column else 1.0
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    head += f"<th>{html.escape(bar_column)}</th>" if bar_column else ""
    body = ""
    for r in rows:
        cells = "".join(
            f"<td>{v:,}</td>" if isinstance(v, int) else f"<td>{html.escape(str(v))}</td>"
            for v in r.values()
        )
        if bar_column:
            width = int(240 * float(r[bar_column]) / top) if top else 0
            cells += f"<td>{_BAR.format(c='#4c72b0', w=max(width, 1))}</td>"
        body += f"<tr>{cells}</tr>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def conv_cost_explorer():
    """Sliders for C_in, C_out, size and stride → live params/MACs table for 1×1…7×7 kernels."""
    return slider_explorer(
        {
            "c_in": (192, 1, 1024, "C_in"),
            "c_out": (64, 1, 1024, "C_out"),
            "size": (28, 7, 224, "H = W"),
            "stride": (1, 1, 4, "stride"),
        },
        lambda **v: rows_html(conv_cost_rows(**v), bar_column="MACs"),
        per_row=2,
    )


__all__ = ["conv_cost_explorer", "conv_cost_rows", "rows_html"]

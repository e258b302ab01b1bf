"""Lecture 00's explorer: params and MACs of a K×K conv for K = 1, 3, 5, 7."""

from __future__ import annotations

import html

from ..cost import conv2d_cost

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
    import ipywidgets as W

    sliders = {
        "c_in": W.IntSlider(192, 1, 1024, description="C_in"),
        "c_out": W.IntSlider(64, 1, 1024, description="C_out"),
        "size": W.IntSlider(28, 7, 224, description="H = W"),
        "stride": W.IntSlider(1, 1, 4, description="stride"),
    }
    out = W.HTML()

    def update(_=None) -> None:
        values = {k: s.value for k, s in sliders.items()}
        out.value = rows_html(conv_cost_rows(**values), bar_column="MACs")

    for s in sliders.values():
        s.observe(update, names="value")
    update()
    box = W.VBox([W.HBox(list(sliders.values())[:2]), W.HBox(list(sliders.values())[2:]), out])
    box.sliders, box.output = sliders, out  # handles for tests and checked cells
    return box


__all__ = ["conv_cost_explorer", "conv_cost_rows", "rows_html"]

"""Lecture 03's explorer: branch widths → params and MACs of the reduced and the naive module.

:func:`reduction_rows` is the pure function (one row per branch plus a total, for the module
with 1×1 reductions of Fig. 2(b) and the naive module of Fig. 2(a) with the same #1×1, #3×3
and #5×5); :func:`reduction_explorer` wraps it in sliders that re-render a table and bars.
Params include the conv biases of the paper build (``bn=False``); weights leave them out, as
the paper's Table 1 does. MACs count weight multiply-accumulates only (the course convention).
"""

from __future__ import annotations

import html

from ..cost import conv_macs, conv_params
from .view import slider_explorer

Row = dict[str, int | str]

_BAR = (
    "<div style='display:flex;align-items:center;gap:4px'>"
    "<div style='background:{c};height:10px;width:{w}px'></div>"
    "<span style='font-size:80%'>{label}</span></div>"
)
NAIVE_COLOUR, REDUCED_COLOUR = "#c44e52", "#4c72b0"


def _convs_cost(convs: list[tuple[int, int, int]], size: int) -> tuple[int, int, int]:
    """(weights, params with bias, MACs) of 'same'-padded convs (k, c_in, c_out) on size×size."""
    weights = sum(conv_params(k, ci, co) for k, ci, co in convs)
    params = sum(conv_params(k, ci, co, bias=True) for k, ci, co in convs)
    macs = sum(conv_macs(k, ci, co, size, size) for k, ci, co in convs)
    return weights, params, macs


def _describe(convs: list[tuple[int, int, int]]) -> str:
    return " → ".join(f"{k}×{k} {ci}→{co}" for k, ci, co in convs)


def reduction_rows(
    c_in: int,
    size: int,
    ch1x1: int,
    ch3x3red: int,
    ch3x3: int,
    ch5x5red: int,
    ch5x5: int,
    pool_proj: int,
) -> list[Row]:
    """Per-branch cost of an Inception module with and without the 1×1 reductions.

    Arguments are the input (``c_in`` channels on a ``size``×``size`` map) and the six channel
    columns of Table 1. Returns five rows (``branch1`` … ``branch4``, ``total``) with keys
    ``branch``, ``reduced`` (the layers), ``out``, ``weights``, ``params``, ``MACs`` and the same
    for the naive module (``naive``, ``naive out``, ``naive weights``, ``naive params``,
    ``naive MACs``), whose pool branch passes all ``c_in`` channels through at no MAC cost.
    """
    for value, name in ((c_in, "c_in"), (size, "size")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    reduced = [
        [(1, c_in, ch1x1)],
        [(1, c_in, ch3x3red), (3, ch3x3red, ch3x3)],
        [(1, c_in, ch5x5red), (5, ch5x5red, ch5x5)],
        [(1, c_in, pool_proj)],
    ]
    naive = [[(1, c_in, ch1x1)], [(3, c_in, ch3x3)], [(5, c_in, ch5x5)], []]
    outs = [ch1x1, ch3x3, ch5x5, pool_proj]
    naive_outs = [ch1x1, ch3x3, ch5x5, c_in]
    rows: list[Row] = []
    for i in range(4):
        weights, params, macs = _convs_cost(reduced[i], size)
        n_weights, n_params, n_macs = _convs_cost(naive[i], size)
        rows.append(
            {
                "branch": f"branch{i + 1}",
                "reduced": ("3×3 max pool → " if i == 3 else "") + _describe(reduced[i]),
                "out": outs[i],
                "weights": weights,
                "params": params,
                "MACs": macs,
                "naive": _describe(naive[i]) if naive[i] else f"3×3 max pool (passes {c_in})",
                "naive out": naive_outs[i],
                "naive weights": n_weights,
                "naive params": n_params,
                "naive MACs": n_macs,
            }
        )
    total: Row = {"branch": "total", "reduced": "concat", "naive": "concat"}
    for key in rows[0]:
        if key not in total:
            total[key] = sum(int(r[key]) for r in rows)
    return rows + [total]


_COLUMNS = ("branch", "reduced", "out", "params", "MACs", "naive", "naive out", "naive MACs")


def reduction_html(rows: list[Row]) -> str:
    """The explorer's view: a table of the rows and paired MAC bars (naive vs reduced)."""
    head = (
        "".join(f"<th>{html.escape(c)}</th>" for c in _COLUMNS) + "<th>MACs: naive / reduced</th>"
    )
    top = max(max(int(r["MACs"]), int(r["naive MACs"])) for r in rows[:-1]) or 1
    body = ""
    for r in rows:
        cells = "".join(
            f"<td>{v:,}</td>" if isinstance(v, int) else f"<td>{html.escape(str(v))}</td>"
            for v in (r[c] for c in _COLUMNS)
        )
        if r["branch"] == "total":
            ratio = int(r["naive MACs"]) / int(r["MACs"]) if int(r["MACs"]) else float("inf")
            cells += f"<td><b>{ratio:.2f}× fewer MACs with the reductions</b></td>"
        else:
            bars = "".join(
                _BAR.format(
                    c=colour,
                    w=max(1, int(240 * int(r[key]) / top)),
                    label=f"{label} {int(r[key]) / 1e6:.1f}M",
                )
                for key, colour, label in (
                    ("naive MACs", NAIVE_COLOUR, "naive"),
                    ("MACs", REDUCED_COLOUR, "reduced"),
                )
            )
            cells += f"<td>{bars}</td>"
        body += f"<tr>{cells}</tr>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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


__all__ = ["reduction_explorer", "reduction_html", "reduction_rows"]

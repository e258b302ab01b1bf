"""Lecture 02's explorer: the naive Inception module (1409.4842 Fig. 2(a)) and its snowball.

* :func:`naive_module_rows` — per-branch output channels, weights, params and MACs of one naive
  module (1×1, 3×3, 5×5 convs with paddings 0/1/2 and a 3×3/1 max pool, all on an H×W map).
* :func:`snowball` — naive modules stacked: the pool branch passes every input channel through,
  so each module's output is ``c_in + ch1x1 + ch3x3 + ch5x5`` and the next one pays for it.
* :func:`naive_inception_explorer` — sliders → both tables, rendered into one HTML widget.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..cost import conv2d_cost, conv_output_size
from .conv_cost import rows_html
from .view import slider_explorer

Widths = tuple[int, int, int]  # (#1×1, #3×3, #5×5), the columns of Table 1 without reductions


def naive_module_rows(
    c_in: int = 192, ch1x1: int = 64, ch3x3: int = 128, ch5x5: int = 32, size: int = 28
) -> list[dict[str, int | str]]:
    """One row per branch of a naive module on a ``c_in``×size×size input (weights, MACs …).

    ``weights`` excludes biases, ``params`` includes them (the paper-era convs carry a bias);
    ``MACs`` are weight multiply-accumulates, as everywhere in the course. The pool branch has
    no weights and no MACs but passes all ``c_in`` channels through.
    """
    rows: list[dict[str, int | str]] = []
    for name, k, c_out in (("1×1 conv", 1, ch1x1), ("3×3 conv", 3, ch3x3), ("5×5 conv", 5, ch5x5)):
        cost = conv2d_cost(c_in, c_out, k, size, size, padding=k // 2)
        rows.append(
            {
                "branch": name,
                "padding": k // 2,
                "output": f"{c_out}×{cost.out_h}×{cost.out_w}",
                "channels": c_out,
                "weights": cost.params,
                "params": cost.params + c_out,
                "MACs": cost.macs,
            }
        )
    pooled = conv_output_size(size, 3, stride=1, padding=1)
    rows.append(
        {
            "branch": "3×3 max pool",
            "padding": 1,
            "output": f"{c_in}×{pooled}×{pooled}",
            "channels": c_in,
            "weights": 0,
            "params": 0,
            "MACs": 0,
        }
    )
    return rows


def module_total(rows: list[dict[str, int | str]]) -> dict[str, int]:
    """Column sums of :func:`naive_module_rows`: output channels, weights, params, MACs."""
    return {k: sum(int(r[k]) for r in rows) for k in ("channels", "weights", "params", "MACs")}


def snowball(
    c_in: int = 192,
    widths: Widths | Sequence[Widths] = ((64, 128, 32), (128, 192, 96)),
    depth: int = 2,
    size: int = 28,
) -> list[dict[str, int]]:
    """``depth`` naive modules stacked on one size×size grid: channels and cost per module.

    ``widths`` is one (#1×1, #3×3, #5×5) triple for every module, or a list of triples (module i
    uses ``widths[i]``; the last triple repeats). The default is GoogLeNet's 3a then 3b widths.
    """
    if depth < 1:
        raise ValueError(f"depth must be ≥ 1, got {depth}")
    schedule = [tuple(widths)] if isinstance(widths[0], int) else [tuple(w) for w in widths]
    rows, total = [], 0
    for i in range(depth):
        w = schedule[min(i, len(schedule) - 1)]
        cost = module_total(naive_module_rows(c_in, *w, size=size))
        total += cost["MACs"]
        rows.append(
            {
                "module": i + 1,
                "c_in": c_in,
                "c_out": cost["channels"],
                "weights": cost["weights"],
                "MACs": cost["MACs"],
                "total MACs": total,
            }
        )
        c_in = cost["channels"]
    return rows


def _naive_view(c_in: int, ch1x1: int, ch3x3: int, ch5x5: int, size: int, depth: int) -> str:
    widths = (ch1x1, ch3x3, ch5x5)
    rows = naive_module_rows(c_in, *widths, size=size)
    total = module_total(rows)
    return (
        f"<b>One naive module</b>: {c_in} → {total['channels']:,} channels, "
        f"{total['weights']:,} weights, {total['MACs']:,} MACs"
        + rows_html(rows, bar_column="MACs")
        + f"<b>{depth} stacked (same widths)</b>"
        + rows_html(snowball(c_in, widths, depth, size=size), bar_column="MACs")
    )


def naive_inception_explorer():
    """Sliders for C_in, the three branch widths, the grid and the depth → live tables."""
    return slider_explorer(
        {
            "c_in": (192, 1, 1024, "C_in"),
            "ch1x1": (64, 1, 512, "#1×1"),
            "ch3x3": (128, 1, 512, "#3×3"),
            "ch5x5": (32, 1, 512, "#5×5"),
            "size": (28, 7, 112, "H = W"),
            "depth": (3, 1, 8, "stacked"),
        },
        _naive_view,
    )


__all__ = ["module_total", "naive_inception_explorer", "naive_module_rows", "snowball"]

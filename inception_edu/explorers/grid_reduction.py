"""Lecture 07's explorer: d, k → the three ways to halve a grid and double its channels.

:func:`grid_reduction_rows` is the pure function behind it (1512.00567 §5, Figs. 9–10). From a
d×d grid with k channels to a (d/2)×(d/2) grid with 2k channels, with s×s conv kernels:

* ``conv then pool``: a stride-1 'same' conv k→2k on the d×d grid, then a stride-2 pool —
  d²·2k·k·s² MACs (≈ 2d²k² for s = 1 in the paper's notation), no bottleneck;
* ``pool then conv``: a stride-2 pool to (d/2)², then a conv k→2k there — (d/2)²·2k·k·s² MACs,
  ¼ of the above, but everything passes through the pooled (d/2)²·k values (a bottleneck);
* ``parallel``: a stride-2 conv k→k beside a stride-2 pool of the k input channels,
  concatenated (Fig. 10) — (d/2)²·k·k·s² MACs, ½ of pool-then-conv, no bottleneck.

The halved grid is ``d // 2`` (35 → 17, as a 3×3 stride-2 'valid' window gives on odd d).
``inception_edu.cost`` has no grid-reduction formula, so it lives here, built on
:func:`~inception_edu.cost.conv_macs`. MACs count weight multiply-accumulates (the course
convention); pools cost no MACs. :func:`grid_reduction_explorer` wraps it in sliders.
"""

from __future__ import annotations

import html
from fractions import Fraction

from ..cost import conv_macs
from .view import slider_explorer

Row = dict[str, object]

OPTIONS = ("conv then pool", "pool then conv", "parallel")
COLOURS = {"conv then pool": "#c44e52", "pool then conv": "#dd8452", "parallel": "#4c72b0"}


def _check(value: int, name: str, low: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an int ≥ {low}, got {value!r}")


def grid_reduction_rows(d: int, k: int, kernel: int = 3) -> list[Row]:
    """The three grid reductions of a d×d×k map to (d//2)×(d//2)×2k with kernel×kernel convs.

    One dict per option, in :data:`OPTIONS` order, with ``name``, ``steps``, ``MACs``,
    ``intermediate`` (values of the tensor between the two steps; for ``parallel`` the two
    branch outputs together), ``output`` ((d//2)²·2k values), ``narrowest`` (the fewest values
    the whole signal passes through on its way to the output), ``bottleneck`` (narrowest <
    output) and ``ratio`` (MACs ÷ the parallel option's, an exact :class:`~fractions.Fraction`).
    For d = 35, k = 320, kernel 3: 2,257,920,000 / 532,684,800 / 266,342,400 MACs.
    """
    _check(d, "d", 2)
    _check(k, "k")
    _check(kernel, "kernel")
    h = d // 2
    output = h * h * 2 * k
    conv_first = conv_macs(kernel, k, 2 * k, d, d)
    pool_first = conv_macs(kernel, k, 2 * k, h, h)
    parallel = conv_macs(kernel, k, k, h, h)
    s = f"{kernel}×{kernel}"
    specs = [
        (
            "conv then pool",
            f"{s} conv {k}→{2 * k} on {d}×{d}, then pool /2",
            conv_first,
            d * d * 2 * k,
        ),
        ("pool then conv", f"pool /2 to {h}×{h}, then {s} conv {k}→{2 * k}", pool_first, h * h * k),
        (
            "parallel",
            f"[{s}/2 conv {k}→{k} ‖ pool /2 of the {k} inputs] → concat",
            parallel,
            output,
        ),
    ]
    rows = []
    for name, steps, macs, intermediate in specs:
        narrowest = min(intermediate, output)
        rows.append(
            {
                "name": name,
                "steps": steps,
                "MACs": macs,
                "intermediate": intermediate,
                "output": output,
                "narrowest": narrowest,
                "bottleneck": narrowest < output,
                "ratio": Fraction(macs, parallel),
            }
        )
    return rows


def grid_reduction_html(rows: list[Row]) -> str:
    """The explorer's view: a table with a MACs bar per option (relative to the dearest)."""
    top = max(int(r["MACs"]) for r in rows)  # type: ignore[call-overload]
    head = "".join(
        f"<th>{c}</th>"
        for c in ("option", "steps", "MACs", "narrowest values", "output values", "MACs bar")
    )
    body = ""
    for r in rows:
        macs = int(r["MACs"])  # type: ignore[call-overload]
        ratio = float(r["ratio"])  # type: ignore[arg-type]
        flag = " ⚠ bottleneck" if r["bottleneck"] else ""
        bar = (
            "<div style='display:flex;align-items:center;gap:4px'><div style='background:"
            f"{COLOURS[str(r['name'])]};height:10px;width:{max(1, round(200 * macs / top))}px'>"
            f"</div><span style='font-size:80%'>{ratio:.2f}× parallel</span></div>"
        )
        body += (
            f"<tr><td>{html.escape(str(r['name']))}</td><td>{html.escape(str(r['steps']))}</td>"
            f"<td>{macs:,}</td><td>{int(r['narrowest']):,}{flag}</td>"  # type: ignore[call-overload]
            f"<td>{int(r['output']):,}</td><td>{bar}</td></tr>"  # type: ignore[call-overload]
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def grid_reduction_explorer(d: int = 35, k: int = 320, kernel: int = 3):
    """Sliders for d, k and the kernel side → live table (default: the paper's 35×35×320)."""
    sliders = {
        "d": (d, 2, 150, "d (grid)"),
        "k": (k, 1, 1024, "k (channels)"),
        "kernel": (kernel, 1, 7, "kernel"),
    }
    return slider_explorer(sliders, lambda **v: grid_reduction_html(grid_reduction_rows(**v)))


__all__ = [
    "COLOURS",
    "OPTIONS",
    "grid_reduction_explorer",
    "grid_reduction_html",
    "grid_reduction_rows",
]

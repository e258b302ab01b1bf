"""The papers' architecture tables, recomputed by our counter (lectures 04 and 05).

* :func:`table1_comparison` — GoogLeNet's Table 1 (1409.4842), row by row: our weights and MACs
  beside the printed params and ops; :func:`table1_row` is one row of the paper build's.
* :func:`fig5_rows` — one Inception module of BN-Inception's Fig. 5 (1502.03167, Appendix),
  branch by branch, from a profile of our build.

Weights leave the conv biases out, as Table 1's params column does; MACs count weight
multiply-accumulates only (the course convention). This module sits on the teaching side: the
model files hold the printed tables, the counter measures, and only this module joins the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .checks import check_int
from .count import Profile, profile
from .models.bn_inception import INCEPTION_ROWS as FIG5_INCEPTION_ROWS
from .models.bn_inception import bn_inception
from .models.bn_inception import module_name as fig5_module_name
from .models.googlenet import TABLE_1, GoogLeNet, Table1Row, googlenet, module_name

# --- GoogLeNet, Table 1 (arXiv:1409.4842) ----------------------------------------------------

COLUMNS = ("#1×1", "#3×3 reduce", "#3×3", "#5×5 reduce", "#5×5", "pool proj")  # as printed


class Table1Check(NamedTuple):
    """Our numbers for one Table 1 row beside the printed ones."""

    row: Table1Row
    weights: int  # conv + linear weights (the paper's params column counts weights)
    macs: int
    params_agree: bool  # printed K within ±1 of weights/1000 or weights/1024
    ops_agree: bool  # printed M within ±1 of MACs/10⁶

    def items(self) -> list[tuple[str, object]]:
        """The row as (label, value) pairs: Table 1's columns, ours, the printed ones, verdicts."""
        row = self.row
        return [
            ("name", row.name),
            ("patch", row.patch),
            ("output", row.output),
            *zip(COLUMNS, row.widths, strict=True),
            ("weights", self.weights),
            ("weights/1024", round(self.weights / 1024, 1)),
            ("MACs", self.macs),
            ("printed params", row.paper_params),
            ("printed ops", row.paper_ops),
            ("params agree", self.params_agree),
            ("ops agree", self.ops_agree),
        ]


def printed_value(value: str) -> float:
    """'159K' → 159.0, '128M' → 128.0: a printed Table 1 entry without its unit."""
    return float(value[:-1])


def table1_comparison(model: GoogLeNet, image_size: int = 224) -> list[Table1Check]:
    """Recompute every row of Table 1 that prints params/ops with our counter."""
    prof = profile(model, (model.in_channels, image_size, image_size), name="GoogLeNet")
    modules = dict(model.named_modules())
    out = []
    for row in TABLE_1:
        if row.paper_params is None and row.paper_ops is None:
            continue
        names = row.modules or (module_name(row),)
        rows = [r for r in prof.rows if r.name.split(".")[0] in names]
        weights = sum(modules[r.name].weight.numel() for r in rows if r.kind in ("conv", "linear"))
        macs = sum(r.macs for r in rows)
        k = printed_value(row.paper_params) if row.paper_params else None
        m = printed_value(row.paper_ops) if row.paper_ops else None
        out.append(
            Table1Check(
                row,
                weights,
                macs,
                k is not None and min(abs(weights / 1000 - k), abs(weights / 1024 - k)) <= 1,
                m is not None and abs(macs / 1e6 - m) <= 1,
            )
        )
    return out


@lru_cache(maxsize=1)
def _paper_checks() -> tuple[Table1Check, ...]:
    return tuple(table1_comparison(googlenet(variant="paper")))


def table1_size() -> int:
    """How many Table 1 rows print params/ops (12)."""
    return len(_paper_checks())


def table1_row(index: int) -> Table1Check:
    """Row ``index`` (0-based) of the Table 1 rows with printed params/ops, for the paper build."""
    return _paper_checks()[check_int("index", index, 0, table1_size() - 1)]


# --- BN-Inception, Fig. 5 (arXiv:1502.03167, Appendix) -----------------------------------------


@dataclass(frozen=True)
class Fig5Branch:
    """One branch of a Fig. 5 Inception module (or the module's total) as our build has it."""

    branch: str  # "branch3x3dbl"; the total: "inception (4c) (printed 14×14×576)"
    channels: int  # output channels
    params: int
    macs: int


@lru_cache(maxsize=2)
def _fig5_profile(variant: str) -> Profile:
    return profile(bn_inception(variant=variant), (3, 224, 224), name=f"bn_inception {variant}")


def fig5_rows(index: int, variant: str = "paper") -> list[Fig5Branch]:
    """Per-branch output channels, params and MACs of Fig. 5's ``index``-th Inception module.

    The last row sums the branches and quotes the printed output size beside its name.
    """
    row = FIG5_INCEPTION_ROWS[check_int("index", index, 0, len(FIG5_INCEPTION_ROWS) - 1)]
    name = fig5_module_name(row)
    branches = [
        Fig5Branch(r.name.split(".")[1], r.output_shape[0], r.params, r.macs)
        for r in _fig5_profile(variant).group(2)
        if r.name.split(".")[0] == name
    ]
    total = Fig5Branch(
        f"{row.name} (printed {row.output})",
        sum(b.channels for b in branches),
        sum(b.params for b in branches),
        sum(b.macs for b in branches),
    )
    return [*branches, total]


__all__ = [
    "COLUMNS",
    "Fig5Branch",
    "Table1Check",
    "fig5_rows",
    "printed_value",
    "table1_comparison",
    "table1_row",
    "table1_size",
]

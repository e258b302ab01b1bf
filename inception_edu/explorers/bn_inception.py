"""Lecture 05's explorer: one module of BN-Inception's Fig. 5 at a time, branch by branch."""

from __future__ import annotations

from functools import lru_cache

from ..count import Profile, profile
from ..models.bn_inception import INCEPTION_ROWS, bn_inception, module_name
from .conv_cost import rows_html
from .view import slider_explorer


@lru_cache(maxsize=2)
def _profile(variant: str) -> Profile:
    return profile(bn_inception(variant=variant), (3, 224, 224), name=f"bn_inception {variant}")


def fig5_rows(index: int, variant: str = "paper") -> list[dict[str, int | str]]:
    """Per-branch params, MACs and output channels of Fig. 5's ``index``-th Inception module."""
    if not 0 <= index < len(INCEPTION_ROWS):
        raise ValueError(f"index must be 0..{len(INCEPTION_ROWS) - 1}, got {index}")
    row = INCEPTION_ROWS[index]
    prof = _profile(variant)
    name = module_name(row)
    branches = [r for r in prof.group(2) if r.name.split(".")[0] == name]
    out = [
        {
            "branch": r.name.split(".")[1],
            "channels": r.output_shape[0],
            "params": r.params,
            "MACs": r.macs,
        }
        for r in branches
    ]
    out.append(
        {
            "branch": f"{row.name} (printed {row.output})",
            "channels": sum(int(r["channels"]) for r in out),
            "params": sum(int(r["params"]) for r in out),
            "MACs": sum(int(r["MACs"]) for r in out),
        }
    )
    return out


def fig5_explorer(variant: str = "paper"):
    """A slider over the ten Inception modules of Fig. 5 → their branches' cost."""
    return slider_explorer(
        {"index": (0, 0, len(INCEPTION_ROWS) - 1, "module")},
        lambda index: rows_html(fig5_rows(index, variant), bar_column="MACs"),
    )


__all__ = ["fig5_explorer", "fig5_rows"]

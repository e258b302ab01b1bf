"""The CPU budget of the small variants: params and MACs of every ``*_small`` network.

Most learners train on a laptop CPU, so every small variant is designed to a budget:
**≤ 60 M multiply-adds per image** (:data:`CPU_BUDGET_MACS`) at its intended input size (the
registry's ``image_size``, 96 px for Imagenette) and at 32 px (Fashion-MNIST, CIFAR-sized
images), where the compact stem (:func:`~inception_edu.models.base.compact_stem_halvings`)
replaces the paper's. :func:`small_variants` counts them; ``python -m inception_edu models``
prints the table; ``tests/test_budget.py`` pins every number.
"""

from __future__ import annotations

from typing import NamedTuple

from .count import count_macs, count_params
from .models import MODELS, build_model

CPU_BUDGET_MACS = 60_000_000
SMALL_SIZES = (96, 32)  # the intended Imagenette size, and the compact stem's usual size


class BudgetRow(NamedTuple):
    """One small variant at one input size (10 classes)."""

    name: str
    image_size: int
    params: int
    macs: int

    @property
    def within_budget(self) -> bool:
        return self.macs <= CPU_BUDGET_MACS


def small_names() -> list[str]:
    """The registry's small variants (names ending in ``_small``)."""
    return [name for name in MODELS if name.endswith("_small")]


def small_variants(sizes: tuple[int, ...] = SMALL_SIZES, num_classes: int = 10) -> list[BudgetRow]:
    """Every small variant at every size in ``sizes``, its stem built for that size."""
    rows = []
    for name in small_names():
        for size in sizes:
            model = build_model(name, num_classes=num_classes, image_size=size)
            macs = count_macs(model, (model.in_channels, size, size))
            rows.append(BudgetRow(name, size, count_params(model), macs))
    return rows


def budget_table(rows: list[BudgetRow]) -> str:
    """The rows as an aligned text table, with the budget check per row."""
    lines = [f"{'model':<28}{'size':>6}{'params':>12}{'MACs/image':>15}  ≤ 60 M"]
    for r in rows:
        ok = "yes" if r.within_budget else "NO"
        lines.append(f"{r.name:<28}{r.image_size:>4} px{r.params:>12,}{r.macs:>15,}  {ok}")
    return "\n".join(lines)


__all__ = [
    "CPU_BUDGET_MACS",
    "SMALL_SIZES",
    "BudgetRow",
    "budget_table",
    "small_names",
    "small_variants",
]

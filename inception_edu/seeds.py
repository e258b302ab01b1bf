"""Run an experiment over several seeds and say only what holds beyond its noise.

One training run is one draw: its accuracy moves by a few points with the seed (initial weights,
batch order, crops) and with the validation images drawn. :func:`over_seeds` repeats a run and
returns a :class:`SeedSummary` (mean ± standard error of the mean); :func:`clearly_differs`
says whether two summaries differ by more than ``k`` standard errors of their difference, the
test lectures use before they state that one setting beats another.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import comb


@dataclass(frozen=True)
class SeedSummary:
    """Per-seed values of one measurement, with their mean and standard error."""

    seeds: tuple[int, ...]
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.values) != len(self.seeds) or not self.values:
            raise ValueError("a summary needs one value per seed, and at least one seed")
        if not all(math.isfinite(v) for v in self.values):
            raise ValueError(f"every value must be a finite number, got {self.values}")

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.values)

    @property
    def se(self) -> float:
        """Standard error of the mean: sample standard deviation / √n (0 for one seed)."""
        return statistics.stdev(self.values) / math.sqrt(self.n) if self.n > 1 else 0.0

    def format(self, scale: float = 1.0, digits: int = 1, unit: str = "") -> str:
        """``"54.5 ± 1.2 (3 seeds)"``; ``scale=100, unit="%"`` for accuracies stored as 0–1."""
        return (
            f"{self.mean * scale:.{digits}f}{unit} ± {self.se * scale:.{digits}f}{unit} "
            f"({self.n} seed{'s' if self.n != 1 else ''})"
        )

    def __str__(self) -> str:
        return self.format()


def over_seeds(run: Callable[[int], float], seeds: Iterable[int] = (0, 1, 2)) -> SeedSummary:
    """Call ``run(seed)`` for every seed (each call must seed everything it draws from) and
    summarise the numbers it returns."""
    seeds = tuple(seeds)
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct, got {seeds}")
    return SeedSummary(seeds, tuple(float(run(seed)) for seed in seeds))


def summarize(values_by_seed: dict[int, float] | Sequence[tuple[int, float]]) -> SeedSummary:
    """A summary of values already measured, keyed by seed."""
    pairs = list(values_by_seed.items() if isinstance(values_by_seed, dict) else values_by_seed)
    return SeedSummary(tuple(s for s, _ in pairs), tuple(float(v) for _, v in pairs))


def clearly_differs(a: SeedSummary, b: SeedSummary, k: float = 2.0) -> bool:
    """True when ``|mean a − mean b| > k · √(se_a² + se_b²)``: a difference larger than about
    ``k`` standard errors, the bar a lecture clears before it says one run beats the other.
    With one seed on either side there is no error estimate, so nothing clearly differs."""
    if a.n < 2 or b.n < 2:
        return False
    return abs(a.mean - b.mean) > k * math.hypot(a.se, b.se)


def sign_test(worse: int, better: int) -> float:
    """Two-sided p-value of the exact sign (McNemar) test for paired answers: of the images
    that changed their answer between two ways of predicting them, ``worse`` went right → wrong
    and ``better`` wrong → right. Under "no difference" each change is a coin flip; a small p
    (say < 0.05) says the changes lean one way beyond chance. 1.0 when nothing changed."""
    if worse < 0 or better < 0:
        raise ValueError(f"counts must be ≥ 0, got {worse}, {better}")
    n = worse + better
    if n == 0:
        return 1.0
    tail = sum(comb(n, k) for k in range(min(worse, better) + 1)) / 2**n
    return min(1.0, 2 * tail)


__all__ = ["SeedSummary", "clearly_differs", "over_seeds", "sign_test", "summarize"]

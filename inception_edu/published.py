"""The papers' published ImageNet errors, as data: the one home of every reported number.

Each row says *what the number is of* — how many models, how many crops per image, which split —
because the famous ladder (6.67 → 4.82 → 3.5 → 3.08) mixes all three. The cheat sheet (lecture
12a) and lecture 11's tables (``evaluation.PAPER_IMAGENET``, ``GOOGLENET_TABLE3``,
``V4_BEST_ENSEMBLE``) read their rows from here; ``tests/test_published.py`` checks that they
do, and that ``docs/sources.md`` lists every number with its section.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reported:
    """A published ImageNet error (%), with what it is of."""

    network: str
    models: int
    crops: str  # crops per image, as the paper counts them
    split: str  # "val", "test", or both
    top1: float | None  # None where the paper gives none
    top5: float
    source: str  # arXiv id and where

    @property
    def paper(self) -> str:
        """The arXiv id the number is quoted from."""
        return self.source.split()[0]

    @property
    def passes(self) -> int:
        """Forward passes per image: models × crops."""
        return self.models * int(self.crops)


PUBLISHED: tuple[Reported, ...] = (
    # GoogLeNet, 1409.4842 Table 3 (ILSVRC 2014 validation; 7 × 144 also on test, §7)
    Reported("GoogLeNet", 1, "1", "val", None, 10.07, "1409.4842 Table 3"),
    Reported("GoogLeNet", 1, "10", "val", None, 9.15, "1409.4842 Table 3"),
    Reported("GoogLeNet", 1, "144", "val", None, 7.89, "1409.4842 Table 3"),
    Reported("GoogLeNet", 7, "1", "val", None, 8.09, "1409.4842 Table 3"),
    Reported("GoogLeNet", 7, "10", "val", None, 7.62, "1409.4842 Table 3"),
    Reported("GoogLeNet", 7, "144", "val and test", None, 6.67, "1409.4842 §7, Table 3"),
    # GoogLeNet re-measured by the v3 paper, one model and one crop
    Reported("GoogLeNet", 1, "1", "val", 29.0, 9.2, "1512.00567 Table 3"),
    Reported("BN-Inception", 1, "1", "val", 25.2, 7.82, "1502.03167 Fig. 4"),
    Reported("BN-Inception", 6, "144", "test (val 4.9)", None, 4.82, "1502.03167 §4.2.3, Fig. 4"),
    Reported("Inception-v3", 1, "1", "val", 21.2, 5.6, "1512.00567 Table 3, abstract"),
    Reported(
        "Inception-v3", 4, "144", "val (test 3.6)", 17.3, 3.5,
        "1512.00567 abstract; Table 5: 3.46 val, 3.58 test",
    ),
    Reported("Inception-v4", 1, "1", "val", 20.0, 5.0, "1602.07261 Table 2"),
    Reported("Inception-ResNet-v2", 1, "1", "val", 19.9, 4.9, "1602.07261 Table 2"),
    Reported(
        "Inception-v4 + 3 × Inception-ResNet-v2", 4, "144", "test (val 3.1, all 50,000)", None,
        3.08, "1602.07261 abstract, §5, Table 5",
    ),
)  # fmt: skip


def reported(network: str, models: int = 1, crops: str = "1", paper: str = "") -> Reported:
    """The one row of ``network`` with that many models and crops (from ``paper`` if given)."""
    rows = [
        r
        for r in PUBLISHED
        if (r.network, r.models, r.crops) == (network, models, crops)
        and (not paper or r.paper == paper)
    ]
    if len(rows) != 1:  # LookupError, not KeyError: a sentence, not a quoted key
        known = sorted({r.network for r in PUBLISHED})
        raise LookupError(
            f"{len(rows)} published rows for {network}, {models} model(s), {crops} crop(s)"
            f"{f' in {paper}' if paper else ''}; networks: {', '.join(known)}"
        )
    return rows[0]


__all__ = ["PUBLISHED", "Reported", "reported"]

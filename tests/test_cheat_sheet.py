"""The cheat sheet (lecture 12a, docs/cheat_sheet.md): counts recomputed, quotes sourced."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from inception_edu.cheat_sheet import REPORTED, SETTINGS, VERSIONS, cheat_sheet, family, savings
from inception_edu.evaluation import GOOGLENET_TABLE3, PAPER_IMAGENET, V4_BEST_ENSEMBLE

from .golden import BRANCH_5X5_DIRECT_MACS, BRANCH_5X5_REDUCED_MACS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def counted():
    return family()


def test_the_committed_page_is_what_the_library_makes(counted):
    committed = (ROOT / "docs" / "cheat_sheet.md").read_text(encoding="utf-8")
    assert committed == cheat_sheet(counted), (
        "docs/cheat_sheet.md is stale: remake it with "
        "`python -m inception_edu cheatsheet > docs/cheat_sheet.md`"
    )


def test_family_counts_agree_with_the_results_table(counted):
    # PAPER_IMAGENET (lecture 11) holds the same counts, written down independently
    by_name = {c.version.name: c for c in counted}
    for row in PAPER_IMAGENET:
        c = by_name[row.model]
        assert (c.image_size, c.params, c.macs) == (row.image_size, row.params, row.macs)
    assert [c.macs for c in counted] == sorted(c.macs for c in counted)


def _reported(network: str, models: int) -> object:
    (row,) = [r for r in REPORTED if r.network == network and r.models == models]
    return row


def test_reported_rows_agree_with_the_other_homes_of_these_numbers():
    assert _reported("GoogLeNet", 1).top5 == GOOGLENET_TABLE3[0].top5_error
    assert _reported("GoogLeNet", 7).top5 == GOOGLENET_TABLE3[-1].top5_error
    assert (
        _reported("Inception-v4 + 3 × Inception-ResNet-v2", 4).top5
        == (V4_BEST_ENSEMBLE["top5_error_test"])
    )
    singles = {r.title: r for r in PAPER_IMAGENET}
    for name in ("Inception-v3", "Inception-v4", "Inception-ResNet-v2"):
        row = _reported(name, 1)
        assert (row.top1, row.top5) == (singles[name].top1_error, singles[name].top5_error)


def test_every_quoted_number_is_in_the_sources_page():
    for row in REPORTED:
        assert row.source.split()[0] in SOURCES
        for value in (row.top1, row.top5):
            if value is not None:
                assert f"{value}" in SOURCES, f"{row.network}: {value} is not in docs/sources.md"
    for _setting, value, source in SETTINGS:
        assert source.split()[0] in SOURCES
        for number in re.findall(r"\d+(?:\.\d+)?", value):
            assert number in SOURCES, f"{value}: {number} is not in docs/sources.md"
    for v in VERSIONS:
        assert v.paper in SOURCES


def test_the_cons_state_what_the_tables_show(counted):
    v3, v4 = _reported("Inception-v3", 1), _reported("Inception-v4", 1)
    macs = {c.version.name: c.macs for c in counted}
    con = next(v.con for v in VERSIONS if v.name == "inception_v4")
    assert f"{macs['inception_v4'] / macs['inception_v3']:.2f}× v3's MACs" in con
    assert f"{v3.top1 - v4.top1:.1f} points of top-1 and {v3.top5 - v4.top5:.1f} of top-5" in con


def test_savings_are_the_lectures_numbers():
    rows = {s.lecture + " " + s.idea.split()[0]: s for s in savings()}
    assert rows["03 1×1"].before == f"{BRANCH_5X5_DIRECT_MACS:,} MACs"
    assert rows["03 1×1"].after == f"{BRANCH_5X5_REDUCED_MACS:,} MACs"
    assert rows["06 5×5"].ratio.startswith("18/25") and rows["06 7×7"].ratio.startswith("27/49")
    assert rows["04 depthwise-separable"].ratio.startswith(str(Fraction(1, 256) + Fraction(1, 9)))
    gap = [r for r in savings() if r.idea.startswith("GAP")]
    assert [r.ratio for r in gap] == ["1/49", "1/221"]  # lecture 01: VGG-style head 220–240×
    grid = next(r for r in savings() if r.lecture == "07")
    assert grid.ratio == "1/8.5"  # lecture 07: conv-then-pool 8.48× the parallel module


def test_the_page_fits_on_one_page():
    text = cheat_sheet(family())
    words = [w for w in text.split() if re.search(r"\w", w)]  # not the tables' pipes
    assert len(words) < 1_000
    assert "../shared" not in text and "REFERENCE" not in text

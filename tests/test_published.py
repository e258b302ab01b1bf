"""The papers' published errors: one home, each row sourced, each lookup unambiguous."""

from pathlib import Path

import pytest

from inception_edu.cheat_sheet import REPORTED
from inception_edu.evaluation import GOOGLENET_TABLE3, PAPER_IMAGENET, V4_BEST_ENSEMBLE
from inception_edu.published import PUBLISHED, reported

SOURCES = (Path(__file__).parents[1] / "docs" / "sources.md").read_text(encoding="utf-8")


def test_every_row_is_sourced_and_its_numbers_are_on_the_sources_page():
    for row in PUBLISHED:
        assert row.paper in SOURCES, row
        for value in (row.top1, row.top5):
            if value is not None:
                assert f"{value:g}" in SOURCES, f"{row.network}: {value} is not in docs/sources.md"
        assert row.top1 is None or row.top5 < row.top1


def test_each_network_models_crops_and_paper_names_one_row():
    keys = [(r.network, r.models, r.crops, r.paper) for r in PUBLISHED]
    assert len(keys) == len(set(keys))
    assert reported("GoogLeNet", paper="1409.4842").top5 == 10.07
    assert reported("GoogLeNet", paper="1512.00567").top5 == 9.2  # re-measured by the v3 paper
    with pytest.raises(LookupError, match="2 published rows for GoogLeNet, 1 model"):
        reported("GoogLeNet")  # two papers give one-model, one-crop numbers: say which
    with pytest.raises(LookupError, match="0 published rows for Inception-v5"):
        reported("Inception-v5")


def test_the_lectures_views_read_the_one_home():
    table3 = [r for r in PUBLISHED if r.network == "GoogLeNet" and r.paper == "1409.4842"]
    assert [(t.models, t.crops, t.top5_error) for t in GOOGLENET_TABLE3] == [
        (r.models, int(r.crops), r.top5) for r in table3
    ]
    assert [t.passes for t in GOOGLENET_TABLE3] == [r.passes for r in table3]
    assert all(p.published in PUBLISHED for p in PAPER_IMAGENET)
    assert all(r in PUBLISHED for r in REPORTED)
    ensemble = reported("Inception-v4 + 3 × Inception-ResNet-v2", 4, "144")
    assert (V4_BEST_ENSEMBLE["crops"], V4_BEST_ENSEMBLE["top5_error_test"]) == (144, ensemble.top5)

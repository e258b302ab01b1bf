"""The small variants' CPU budget (inception_edu/budget.py): every number pinned."""

from __future__ import annotations

import pytest
import torch

from inception_edu import MODELS, build_model
from inception_edu.budget import (
    CPU_BUDGET_MACS,
    budget_table,
    small_names,
    small_variants,
)
from inception_edu.models.base import compact_min_size, compact_stem_halvings

from .golden import SMALL_MACS_BUDGET

# (params, MACs per image) with 10 classes, counted by our counter
PINNED = {
    ("googlenet_small", 96): (850_522, 45_936_672),
    ("googlenet_small", 32): (850_522, 14_612_352),
    ("bn_inception_small", 96): (807_298, 38_659_632),
    ("bn_inception_small", 32): (807_298, 11_378_112),
    ("inception_v3_small", 96): (1_373_346, 21_541_048),
    ("inception_v3_small", 32): (1_373_346, 10_275_136),
    ("inception_v4_small", 96): (1_339_490, 27_832_216),
    ("inception_v4_small", 32): (1_339_490, 12_998_272),
    ("inception_resnet_v1_small", 96): (658_730, 16_847_256),
    ("inception_resnet_v1_small", 32): (658_730, 7_551_360),
    ("inception_resnet_v2_small", 96): (1_056_050, 19_924_504),
    ("inception_resnet_v2_small", 32): (1_056_050, 9_640_064),
}


def test_every_small_variant_is_pinned_and_within_the_budget():
    rows = small_variants()
    assert {(r.name, r.image_size): (r.params, r.macs) for r in rows} == PINNED
    assert all(r.macs <= CPU_BUDGET_MACS == SMALL_MACS_BUDGET for r in rows)
    assert all(MODELS[name].image_size == 96 for name in small_names())
    table = budget_table(rows)
    assert "inception_v4_small" in table and "27,832,216" in table and " NO" not in table


def test_no_registry_entry_bakes_in_a_size():
    assert not [name for name in MODELS if name.endswith("_32")]
    assert all("image_size" in MODELS[name].options for name in small_names())


@pytest.mark.parametrize(
    ("size", "halvings"),
    [(7, 0), (12, 0), (13, 1), (24, 1), (25, 2), (32, 2), (48, 2), (49, 3), (74, 3), (75, None)],
)
def test_the_compact_stem_keeps_the_first_grid_at_7_px_or_more(size, halvings):
    h = compact_stem_halvings(size, 75)
    assert h == halvings
    if h is not None:
        assert -(-size // 2**h) >= 7 and (h == 3 or -(-size // 2 ** (h + 1)) < 7)


@pytest.mark.parametrize("name", ["googlenet_small", "bn_inception_small", "inception_v3_small",
                                  "inception_v4_small", "inception_resnet_v1_small",
                                  "inception_resnet_v2_small"])  # fmt: skip
@pytest.mark.parametrize("size", [14, 28, 32, 48, 64])
def test_a_compact_stem_states_tight_limits(name, size):
    """The stated minimum runs and one pixel less fails inside the network without the check;
    one image trains at the stated limit."""
    model = build_model(name, num_classes=3, image_size=size)
    smallest = model.min_image_size
    assert smallest <= size
    with torch.no_grad():
        assert model.eval()(torch.randn(1, 3, smallest, smallest)).shape == (1, 3)
        if smallest > 1:
            model.min_image_size = 1
            with pytest.raises(RuntimeError):
                model(torch.randn(1, 3, smallest - 1, smallest - 1))
    need = model.min_single_train_size
    model.train()(torch.randn(1, 3, need, need))  # trains
    with pytest.raises(ValueError, match="cannot train on a single"):
        model(torch.randn(1, 3, need - 1, need - 1))


def test_compact_min_size_inverts_the_ceil_halvings():
    for grid in (4, 7, 11):
        for h in range(4):
            n = compact_min_size(grid, h)
            assert -(-n // 2**h) == grid and -(-(n - 1) // 2**h) == grid - 1


def test_the_cli_prints_the_zoo_and_the_budget_table(capsys):
    from inception_edu.__main__ import main

    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in MODELS)
    assert "inception_resnet_v2_small     96 px   1,056,050     19,924,504  yes" in out

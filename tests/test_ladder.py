"""The Table 3 ladder (1512.00567): each rung one switch of the builder or the recipe."""

import dataclasses

import pytest
import torch
from torch.utils.data import TensorDataset

from inception_edu import count_params
from inception_edu.cost import conv_macs, conv_params
from inception_edu.ladder import (
    RMSPROP,
    SGD_MOMENTUM,
    SMOOTHING,
    TABLE_3,
    build_rung,
    ladder_costs,
    run_ladder,
    rung,
)
from inception_edu.models.inception_v3 import inception_v3, inception_v3_small
from inception_edu.train import RECIPES, load_checkpoint

from .golden import TV_V3_AUX_PARAMS, TV_V3_MACS


def _switches(r):
    return (r.recipe.optimizer, r.recipe.label_smoothing, r.factorized_7x7, r.aux_bn)


def test_table_3_as_printed():  # REFERENCE.md §2, "Inception-v3 Table 3"
    assert [(r.name, r.top1, r.top5, r.bn_ops) for r in TABLE_3] == [
        ("Inception-v2", 23.4, None, 3.8),
        ("+ RMSProp", 23.1, 6.3, 3.8),
        ("+ Label Smoothing", 22.8, 6.1, 3.8),
        ("+ Factorized 7×7", 21.6, 5.8, 4.8),
        ("+ BN-auxiliary", 21.2, 5.6, 4.8),
    ]


def test_rungs_are_cumulative_one_switch_at_a_time():
    for before, after in zip(TABLE_3[:-1], TABLE_3[1:], strict=True):
        assert sum(a != b for a, b in zip(_switches(before), _switches(after), strict=True)) == 1
    assert _switches(TABLE_3[0]) == ("sgd", 0.0, False, False)
    assert _switches(TABLE_3[-1]) == ("rmsprop", 0.1, True, True)


def test_recipes_differ_only_where_the_paper_says():
    v3 = RECIPES["inception_v3"]

    def fields(recipe):
        return {k: v for k, v in dataclasses.asdict(recipe).items() if k != "source"}

    assert fields(SMOOTHING) == fields(v3)
    assert fields(RMSPROP) == fields(v3) | {"label_smoothing": 0.0}
    assert fields(SGD_MOMENTUM) == fields(v3) | {"label_smoothing": 0.0, "optimizer": "sgd"}
    assert (RMSPROP.rmsprop_decay, RMSPROP.rmsprop_eps, SGD_MOMENTUM.momentum) == (0.9, 1.0, 0.9)


def test_lookup_by_index_and_name():
    assert rung(0) is TABLE_3[0] and rung(-1) is TABLE_3[-1]
    assert rung("+ RMSProp") is rung("RMSProp") is TABLE_3[1]
    assert rung("Inception-v3") is TABLE_3[-1] and rung(TABLE_3[2]) is TABLE_3[2]
    with pytest.raises(KeyError, match="Table 3's rungs"):
        rung("Inception-v4")
    with pytest.raises(IndexError):
        rung(5)


def test_last_rung_is_the_released_network():
    model, recipe = build_rung("Inception-v3")
    released = inception_v3(aux_logits=True)
    ours, theirs = model.state_dict(), released.state_dict()
    assert list(ours) == list(theirs)
    assert [v.shape for v in ours.values()] == [v.shape for v in theirs.values()]
    assert recipe is SMOOTHING


def test_first_rung_has_one_7x7_conv_with_the_same_grid():
    model, recipe = build_rung(0)
    layer = model.Conv2d_1a_7x7.conv
    assert (layer.kernel_size, layer.stride, layer.in_channels, layer.out_channels) == (
        (7, 7),
        (2, 2),
        3,
        64,
    )
    assert not hasattr(model, "Conv2d_1a_3x3") and recipe is SGD_MOMENTUM
    assert isinstance(model.AuxLogits.conv1.bn, torch.nn.Identity)  # no BN-auxiliary yet
    with torch.no_grad():
        h = model.Conv2d_1a_7x7(torch.zeros(1, 3, 299, 299))
    assert h.shape == (1, 64, 147, 147)
    # stem difference from closed forms: three 3×3 convs (+BN γ, β) vs one 7×7 (+BN)
    three = conv_params(3, 3, 32) + conv_params(3, 32, 32) + conv_params(3, 32, 64)
    three += 2 * (32 + 32 + 64)
    seven = conv_params(7, 3, 64) + 2 * 64
    released = count_params(inception_v3(aux_logits=True))
    assert count_params(model) == released - three + seven - 768  # 768: no BN-auxiliary


def test_costs_rung_by_rung():
    rows = ladder_costs()
    stem_3x3 = conv_macs(3, 3, 32, 149, 149) + conv_macs(3, 32, 32, 147, 147)
    stem_3x3 += conv_macs(3, 32, 64, 147, 147)
    stem_7x7 = conv_macs(7, 3, 64, 147, 147)
    assert rows[-1]["MACs"] == TV_V3_MACS
    assert [r["MACs"] for r in rows] == [rows[-1]["MACs"] - stem_3x3 + stem_7x7] * 3 + [
        rows[-1]["MACs"]
    ] * 2
    assert rows[-1]["params"] == TV_V3_AUX_PARAMS and rows[-1]["params"] - rows[-2]["params"] == 768
    assert [r["paper Bn ops"] for r in rows] == [3.8, 3.8, 3.8, 4.8, 4.8]


def test_small_builder_at_32_and_128_px():
    for size in (32, 128):
        for r in (TABLE_3[0], TABLE_3[-1]):
            model, _ = build_rung(r, inception_v3_small, num_classes=10, image_size=size)
            out = model.train()(torch.randn(2, 3, size, size))
            assert out.logits.shape == (2, 10) and out.aux["aux"].shape == (2, 10)
            assert model.factorized_7x7 == r.factorized_7x7


def test_run_ladder_trains_every_rung_with_its_optimizer(tmp_path):
    g = torch.Generator().manual_seed(0)
    data = TensorDataset(torch.randn(8, 3, 80, 80, generator=g), torch.arange(8) % 4)
    runs = run_ladder(
        data,
        builder=inception_v3_small,
        builder_kwargs={"num_classes": 4, "image_size": 80},
        epochs=1,
        batch_size=4,
        progress=False,
        device="cpu",
        checkpoint_dir=tmp_path,
    )
    assert list(runs) == [r.name for r in TABLE_3]
    assert all(
        h.final["step"] == 2 and torch.isfinite(torch.tensor(h.final["train_loss"]))
        for h in runs.values()
    )
    for i, r in enumerate(TABLE_3):
        state = load_checkpoint(tmp_path / f"rung{i}.pt")["optimizer"]["state"]
        keys = set().union(*(s.keys() for s in state.values()))
        # SGD keeps a momentum buffer only; RMSprop also its running mean square
        assert ("square_avg" in keys) == (r.recipe.optimizer == "rmsprop")

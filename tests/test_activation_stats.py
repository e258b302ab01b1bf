"""activation_stats: per-block dead channels, RMS and branch/shortcut ratio from forward hooks."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from inception_edu.activation_stats import (
    STATS,
    BlockStats,
    collect,
    epoch_hook,
    residual_blocks,
    series,
)
from inception_edu.layers import Residual, conv
from inception_edu.models.inception_resnet import InceptionResNetA
from inception_edu.train import History


def _stack(scale: float = 1.0, blocks: int = 3, width: int = 16) -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(
        conv(3, width, 3, padding="same"),
        *(InceptionResNetA(width, (4, 4, 4, 4, 4, 4), scale) for _ in range(blocks)),
    )


def test_collect_finds_every_residual_block_in_order():
    model = _stack(blocks=3)
    stats = collect(model, torch.randn(4, 3, 6, 6))
    assert list(stats) == ["1", "2", "3"] == list(residual_blocks(model))
    assert all(isinstance(s, BlockStats) and s.channels == 16 for s in stats.values())


def test_statistics_equal_a_direct_computation():
    model = _stack(scale=0.3).eval()
    x = torch.randn(5, 3, 7, 7)
    with torch.no_grad():
        h0 = model[0](x)
        h1 = model[1](h0)
        branch = 0.3 * model[1].up(model[1].branches(h0))
    s = collect(model, x)["1"]
    assert s.rms == pytest.approx(h1.pow(2).mean().sqrt().item(), rel=1e-6)
    assert s.shortcut_rms == pytest.approx(h0.pow(2).mean().sqrt().item(), rel=1e-6)
    assert s.branch_rms == pytest.approx(branch.pow(2).mean().sqrt().item(), rel=1e-6)
    assert s.ratio == pytest.approx(s.branch_rms / s.shortcut_rms)
    assert s.inactive == pytest.approx((h1 <= 0).float().mean().item())
    dead = (h1.amax(dim=(0, 2, 3)) <= 0).float().mean().item()
    assert s.dead == pytest.approx(dead)


def test_dead_channels_are_counted_exactly():
    block = InceptionResNetA(8, (4, 4, 4, 4, 4, 4), scale=1.0).eval()
    with torch.no_grad():  # kill channels 0-2: a huge negative bias on the linear expansion
        block.up.conv.bias[:3] = -1e4
    stats = collect(nn.Sequential(block), torch.rand(3, 8, 5, 5))["0"]
    assert stats.dead == 3 / 8
    assert stats.inactive >= 3 / 8


def test_scale_shrinks_the_branch_and_not_the_shortcut():
    x = torch.randn(4, 3, 6, 6)
    big, small = collect(_stack(1.0), x)["1"], collect(_stack(0.1), x)["1"]
    assert small.shortcut_rms == pytest.approx(big.shortcut_rms)  # same stem, same weights
    assert small.branch_rms == pytest.approx(0.1 * big.branch_rms, rel=1e-5)


def test_no_shortcut_reports_zero_shortcut_and_infinite_ratio():
    model = _stack()
    for block in residual_blocks(model).values():
        block.shortcut = False
    s = collect(model, torch.randn(2, 3, 5, 5))["2"]
    assert s.shortcut_rms == 0.0 and math.isinf(s.ratio)


def test_probing_changes_nothing_in_either_mode():
    model = _stack().train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.randn(4, 3, 6, 6) * 3 + 1
    eval_stats = collect(model, x)
    train_stats = collect(model, x, train_bn=True)
    assert model.training
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
    # batch statistics and running statistics give different numbers on this input
    assert train_stats["3"].rms != pytest.approx(eval_stats["3"].rms, rel=1e-3)
    model.eval()
    collect(model, x, train_bn=True)
    assert not model.training


def test_named_modules_and_errors():
    model = nn.Sequential(conv(3, 4, 3), nn.ReLU(), conv(4, 4, 1))
    stats = collect(model, torch.randn(2, 3, 5, 5), modules=["0", "2"])
    assert list(stats) == ["0", "2"] and math.isnan(stats["0"].ratio)
    with pytest.raises(ValueError, match="no Residual blocks"):
        collect(model, torch.randn(2, 3, 5, 5))
    with pytest.raises(KeyError, match="'nope'"):
        collect(model, torch.randn(2, 3, 5, 5), modules=["nope"])
    branch = nn.Sequential(conv(3, 4, 1))
    with pytest.raises(RuntimeError, match="did not run"):
        collect(model, torch.randn(2, 3, 5, 5), modules={"other": branch})


def test_epoch_hook_and_series_round_trip():
    model = _stack()
    hook = epoch_hook(torch.randn(3, 3, 5, 5), stats=("dead", "rms"))
    history = History()
    for epoch in (1, 2):
        record = {"epoch": epoch}
        record.update(hook(model, record))
        history.epochs.append(record)
    assert set(history.epochs[0]) == {"epoch"} | {
        f"{s}/{b}" for s in ("dead", "rms") for b in "123"
    }
    rms = series(history, "rms")
    assert list(rms) == ["1", "2", "3"] and all(len(v) == 2 for v in rms.values())
    assert rms["1"][0] == rms["1"][1] > 0  # no training in between: the same numbers
    with pytest.raises(KeyError, match="ratio"):
        series(history, "ratio")
    with pytest.raises(ValueError, match="unknown"):
        series(history, "mean")
    with pytest.raises(ValueError, match="unknown"):
        epoch_hook(torch.randn(1, 3, 5, 5), stats=("dead", "norm"))


def test_epoch_hook_works_inside_fit():
    from torch.utils.data import TensorDataset

    from inception_edu.train import Recipe, fit

    model = nn.Sequential(_stack(blocks=2), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 3))
    data = TensorDataset(torch.randn(12, 3, 5, 5), torch.randint(0, 3, (12,)))
    recipe = Recipe("sgd", lr=0.01, schedule="constant", aux_weight=0.0)
    history = fit(
        model,
        data,
        epochs=2,
        recipe=recipe,
        batch_size=6,
        progress=False,
        on_epoch_end=epoch_hook(data.tensors[0][:4]),
    )
    assert len(history.epochs) == 2
    assert set(series(history, "ratio")) == {"0.1", "0.2"}
    assert all(stat in STATS for stat in ("dead", "inactive", "rms"))
    assert isinstance(residual_blocks(model)["0.1"], Residual)

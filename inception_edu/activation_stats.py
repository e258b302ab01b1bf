"""Activation statistics per block, from forward hooks: what §3.3 of arXiv:1602.07261 describes.

"If the number of filters exceeded 1000, the residual variants started to exhibit
instabilities and the network has just 'died' early in the training, meaning that the last
layer before the average pooling started to produce only zeros" (1602.07261 §3.3, Fig. 20).
These functions measure exactly that, on one probe batch:

* :func:`collect` — per block: the fraction of **dead channels** (never positive for any image
  or position of the batch), the fraction of inactive outputs (≤ 0), the output RMS and, for a
  :class:`~inception_edu.layers.Residual` block, the RMS of its two summands — the shortcut
  ``x`` and the scaled branch ``scale · up(branches(x))`` — and their ratio.
* :func:`epoch_hook` — the same as a ``fit(..., on_epoch_end=...)`` callback: it returns a flat
  dict (``"dead/blocks.3"`` → 0.25 …) that the training History stores with each epoch;
  :func:`series` reads one statistic back per block.

A channel counts as dead when its output is ≤ 0 everywhere: after a ReLU that is exactly zero,
and it passes no gradient. Probing runs under ``torch.no_grad`` and restores the model's mode;
``train_bn=True`` normalizes with batch statistics (what a training step sees) and restores
BatchNorm's running buffers afterwards, so probing never changes the model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from .layers import Residual

STATS = ("dead", "inactive", "rms", "shortcut_rms", "branch_rms", "ratio")


@dataclass(frozen=True)
class BlockStats:
    """Statistics of one block's output on a probe batch (N × C × H × W or N × C).

    ``dead``: fraction of channels ≤ 0 for every image and position; ``inactive``: fraction of
    output entries ≤ 0; ``rms``: √mean(y²). For a :class:`Residual` block, ``shortcut_rms`` is
    the RMS of its input ``x`` (0 without a shortcut) and ``branch_rms`` that of
    ``scale · up(branches(x))``; ``ratio`` = branch / shortcut. Otherwise these are NaN.
    """

    name: str
    channels: int
    dead: float
    inactive: float
    rms: float
    shortcut_rms: float = math.nan
    branch_rms: float = math.nan

    @property
    def ratio(self) -> float:
        """‖scale · branch‖ / ‖shortcut‖ (RMS over the batch); inf without a shortcut."""
        if math.isnan(self.branch_rms) or math.isnan(self.shortcut_rms):
            return math.nan
        return self.branch_rms / self.shortcut_rms if self.shortcut_rms else math.inf

    def as_dict(self) -> dict[str, float]:
        """The statistics by name (:data:`STATS`), for a History record or a table."""
        return {stat: float(getattr(self, stat)) for stat in STATS}


def _rms(t: Tensor) -> float:
    return t.detach().float().pow(2).mean().sqrt().item()


def _output_stats(name: str, y: Tensor) -> dict[str, float | int | str]:
    y = y.detach().float()
    channels = y.shape[1]
    per_channel = y.transpose(0, 1).reshape(channels, -1)
    return {
        "name": name,
        "channels": channels,
        "dead": (per_channel.amax(dim=1) <= 0).float().mean().item(),
        "inactive": (y <= 0).float().mean().item(),
        "rms": _rms(y),
    }


def residual_blocks(model: nn.Module) -> dict[str, nn.Module]:
    """Every :class:`Residual` block of ``model`` by its qualified name, in forward order."""
    return {name: m for name, m in model.named_modules() if isinstance(m, Residual)}


def _resolve(model: nn.Module, modules: Iterable[str] | Mapping[str, nn.Module] | None):
    if modules is None:
        found = residual_blocks(model)
        if not found:
            raise ValueError(
                f"{type(model).__name__} has no Residual blocks; pass modules=[names] to probe"
            )
        return found
    if isinstance(modules, Mapping):
        return dict(modules)
    named = dict(model.named_modules())
    missing = [n for n in modules if n not in named]
    if missing:
        raise KeyError(f"no module named {', '.join(map(repr, missing))} in the model")
    return {n: named[n] for n in modules}


@torch.no_grad()
def collect(
    model: nn.Module,
    x: Tensor,
    modules: Iterable[str] | Mapping[str, nn.Module] | None = None,
    train_bn: bool = False,
) -> dict[str, BlockStats]:
    """Run one probe batch ``x`` and return :class:`BlockStats` per block, in forward order.

    ``modules``: names of sub-modules to watch (default: every :class:`Residual` block), or a
    mapping name → module. ``train_bn=False`` probes in eval mode (running statistics, what the
    network computes at test time); ``True`` in train mode with BatchNorm's buffers restored
    afterwards and dropout off. The model's parameters, buffers and mode are left unchanged.
    """
    watched = _resolve(model, modules)
    found: dict[str, dict] = {}
    handles = []
    for name, module in watched.items():

        def block_hook(mod, inputs, output, name=name):
            found[name] = _output_stats(name, output)
            if isinstance(mod, Residual):
                found[name]["shortcut_rms"] = _rms(inputs[0]) if mod.shortcut else 0.0

        handles.append(module.register_forward_hook(block_hook))
        if isinstance(module, Residual):

            def up_hook(mod, inputs, output, name=name, scale=module.scale):
                found.setdefault(f"{name}#up", {})["branch_rms"] = abs(scale) * _rms(output)

            handles.append(module.up.register_forward_hook(up_hook))
    was_training = model.training
    saved: dict[str, Tensor] = {}
    try:
        if train_bn:
            saved = {k: v.clone() for k, v in model.state_dict().items() if _is_bn_buffer(k)}
            model.train()
            for m in model.modules():  # batch statistics for BN, but no dropout noise
                if isinstance(m, nn.Dropout):
                    m.eval()
        else:
            model.eval()
        model(x)
    finally:
        for h in handles:
            h.remove()
        if saved:
            model.load_state_dict(saved, strict=False)
        model.train(was_training)
    stats = {}
    for name in watched:
        if name not in found:
            raise RuntimeError(f"module {name!r} did not run in the forward pass")
        extra = found.get(f"{name}#up", {})
        stats[name] = BlockStats(**found[name], **extra)
    return stats


def _is_bn_buffer(key: str) -> bool:
    return key.endswith(("running_mean", "running_var", "num_batches_tracked"))


def epoch_hook(
    x: Tensor,
    modules: Iterable[str] | Mapping[str, nn.Module] | None = None,
    stats: Iterable[str] = STATS,
    train_bn: bool = False,
) -> Callable[[nn.Module, dict], dict[str, float]]:
    """An ``on_epoch_end`` callback for :func:`inception_edu.train.fit`.

    After each epoch it probes ``x`` (moved to the model's device) with :func:`collect` and
    returns ``{"<stat>/<block>": value}`` for each statistic in ``stats``; ``fit`` merges it into
    the epoch's record. Read a statistic back with :func:`series`.
    """
    stats = tuple(stats)
    unknown = [s for s in stats if s not in STATS]
    if unknown:
        raise ValueError(f"unknown statistics {unknown}; choose from {STATS}")

    def hook(model: nn.Module, record: dict) -> dict[str, float]:
        device = next(model.parameters()).device
        probed = collect(model, x.to(device), modules, train_bn)
        return {
            f"{stat}/{name}": value
            for name, block in probed.items()
            for stat, value in block.as_dict().items()
            if stat in stats
        }

    return hook


def series(history, stat: str) -> dict[str, list[float]]:
    """One statistic per block over the epochs of a :class:`~inception_edu.train.History`.

    Returns block name → values, in the order the blocks were recorded.
    """
    if stat not in STATS:
        raise ValueError(f"unknown statistic {stat!r}; choose from {STATS}")
    prefix = f"{stat}/"
    names: dict[str, None] = {}
    for record in history.epochs:
        for key in record:
            if key.startswith(prefix):
                names.setdefault(key[len(prefix) :])
    if not names:
        raise KeyError(f"the history has no {stat!r} statistics (was epoch_hook passed to fit?)")
    return {name: history.column(prefix + name) for name in names}


__all__ = ["STATS", "BlockStats", "collect", "epoch_hook", "residual_blocks", "series"]

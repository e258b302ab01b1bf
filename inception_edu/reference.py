"""Weight transfer from reference implementations (torchvision, timm) onto our models.

Our blocks keep the references' branch order, so parameters and buffers appear in the same
order in both state dicts: :func:`load_reference_weights` matches them by name where the names
agree and by position otherwise, checking every shape, and refuses with a list of the
offending keys when anything does not line up. It is also how to load pretrained weights you
already have on disk: ``load_reference_weights(model, torch.load(path, weights_only=True))``.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import Tensor, nn


class WeightMappingError(ValueError):
    """A reference state dict does not fit the model; the message lists the keys."""


def map_state_dict(model: nn.Module, state_dict: Mapping[str, Tensor]) -> dict[str, Tensor]:
    """Our key → the reference tensor for it (by name if all names agree, else by position)."""
    ours = model.state_dict()
    theirs = {k: v for k, v in state_dict.items()}
    if set(ours) == set(theirs):
        pairs = [(k, k) for k in ours]
    else:
        if len(ours) != len(theirs):
            only_ours = [k for k in ours if k not in theirs]
            only_theirs = [k for k in theirs if k not in ours]
            raise WeightMappingError(
                f"{type(model).__name__} has {len(ours)} tensors, the reference has "
                f"{len(theirs)}; unmapped keys — ours: {_short(only_ours)}; "
                f"reference: {_short(only_theirs)}"
            )
        pairs = list(zip(ours, theirs, strict=True))
    mismatched = [
        f"{o} {tuple(ours[o].shape)} ≠ {t} {tuple(theirs[t].shape)}"
        for o, t in pairs
        if ours[o].shape != theirs[t].shape
    ]
    if mismatched:
        raise WeightMappingError(
            f"{len(mismatched)} shape mismatches mapping onto {type(model).__name__}: "
            + "; ".join(mismatched[:10])
            + (" …" if len(mismatched) > 10 else "")
        )
    return {o: theirs[t] for o, t in pairs}


def _short(keys: list[str], n: int = 8) -> str:
    return ", ".join(keys[:n]) + (f" … (+{len(keys) - n} more)" if len(keys) > n else "") or "—"


def load_reference_weights(model: nn.Module, state_dict: Mapping[str, Tensor]) -> nn.Module:
    """Copy a torchvision/timm state dict into ``model`` (in place); returns the model."""
    if isinstance(state_dict, nn.Module):
        state_dict = state_dict.state_dict()
    mapped = map_state_dict(model, state_dict)
    with torch.no_grad():
        model.load_state_dict(mapped, strict=True)
    return model


__all__ = ["WeightMappingError", "load_reference_weights", "map_state_dict"]

"""Weight transfer from reference implementations (torchvision, timm) onto our models.

Our blocks keep the references' branch order, so parameters and buffers appear in the same
order in both state dicts: :func:`load_reference_weights` matches them by name when all names
agree (after dropping wrapper prefixes such as ``module.`` and ``_orig_mod.``) and by position
otherwise. A positional match must also make sense by name: every pair must agree in shape and
in what the tensor is (``weight``, ``bias``, ``running_mean`` …), and no tensor may land on one
of our keys while its own name is another of our keys (two same-shaped layers in a different
order). Anything that does not line up is refused with a list of the offending keys. It is also
how to load pretrained weights you already have on disk:
``load_reference_weights(model, torch.load(path, weights_only=True))``.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import Tensor, nn

_WRAPPER_PREFIXES = ("module.", "_orig_mod.")  # DataParallel/DDP, torch.compile


class WeightMappingError(ValueError):
    """A reference state dict does not fit the model; the message lists the keys."""


def _bare(key: str) -> str:
    """``module._orig_mod.fc.weight`` → ``fc.weight``: the name without wrapper prefixes."""
    while key.startswith(_WRAPPER_PREFIXES):
        key = key.split(".", 1)[1]
    return key


def _kind(key: str) -> str:
    """What the tensor is: the last name component (weight, bias, running_mean …)."""
    return key.rsplit(".", 1)[-1]


def _pairs(ours: Mapping[str, Tensor], theirs: Mapping[str, Tensor], model: str) -> list:
    """(our key, their key) for every tensor: by (bare) name if the names agree, else in order."""
    if set(ours) == set(theirs):
        return [(k, k) for k in ours]
    bare_ours = {_bare(k): k for k in ours}
    bare_theirs = {_bare(k): k for k in theirs}
    if len(bare_ours) == len(ours) == len(bare_theirs) and bare_ours.keys() == bare_theirs.keys():
        return [(k, bare_theirs[b]) for b, k in bare_ours.items()]
    if len(ours) != len(theirs):
        only_ours = [k for k in ours if k not in theirs]
        only_theirs = [k for k in theirs if k not in ours]
        raise WeightMappingError(
            f"{model} has {len(ours)} tensors, the reference has {len(theirs)}; unmapped keys "
            f"— ours: {_short(only_ours)}; reference: {_short(only_theirs)}"
        )
    return list(zip(ours, theirs, strict=True))


def map_state_dict(model: nn.Module, state_dict: Mapping[str, Tensor]) -> dict[str, Tensor]:
    """Our key → the reference tensor for it (by name if all names agree, else by position)."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"expected an nn.Module to load into, got {type(model).__name__}")
    if not isinstance(state_dict, Mapping):
        raise TypeError(
            f"expected a state dict (names → tensors) or an nn.Module, got "
            f"{type(state_dict).__name__}; for a file use torch.load(path, weights_only=True)"
        )
    not_tensors = [k for k, v in state_dict.items() if not isinstance(v, Tensor)]
    if not_tensors:
        raise TypeError(f"a state dict holds tensors; these entries do not: {_short(not_tensors)}")
    ours = model.state_dict()
    theirs = {k: v for k, v in state_dict.items()}
    name = type(model).__name__
    pairs = _pairs(ours, theirs, name)
    mismatched = [
        f"{o} {tuple(ours[o].shape)} ≠ {t} {tuple(theirs[t].shape)}"
        for o, t in pairs
        if ours[o].shape != theirs[t].shape
    ]
    if mismatched:
        raise WeightMappingError(
            f"{len(mismatched)} shape mismatches mapping onto {name}: "
            + "; ".join(mismatched[:10])
            + (" …" if len(mismatched) > 10 else "")
        )
    bare_ours = {_bare(k): k for k in ours}
    misplaced = []
    for o, t in pairs:
        namesake = bare_ours.get(_bare(t), o)  # our tensor with the reference tensor's name
        if _kind(o) != _kind(t):
            misplaced.append(f"{t} would load into {o} (a {_kind(t)} into a {_kind(o)})")
        elif namesake != o:
            misplaced.append(f"{t} would load into {o}, but {name} has its own {namesake}")
    if misplaced:
        raise WeightMappingError(
            f"{len(misplaced)} reference tensors would land on a differently named tensor of "
            f"{name} (same shapes, in a different order?): "
            + "; ".join(misplaced[:5])
            + (f" … (+{len(misplaced) - 5} more)" if len(misplaced) > 5 else "")
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

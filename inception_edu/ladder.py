"""The v3 paper's Table 3 as a recipe ladder: Inception-v2 → … → Inception-v3, one switch a rung.

Szegedy et al. 2015 (arXiv:1512.00567), Table 3 (single crop, top-1/top-5 error on the
non-blacklisted ImageNet validation images; "the changes are cumulative"):

==========================  =====  =====  =======
rung                        top-1  top-5  Bn ops
==========================  =====  =====  =======
Inception-v2                23.4   —      3.8
+ RMSProp                   23.1   6.3    3.8
+ Label Smoothing           22.8   6.1    3.8
+ Factorized 7×7            21.6   5.8    4.8
+ BN-auxiliary (= v3)       21.2   5.6    4.8
==========================  =====  =====  =======

Each rung is a builder switch of :class:`~inception_edu.models.inception_v3.InceptionV3`
(``factorized_7x7``, ``aux_bn``) plus a :class:`~inception_edu.train.Recipe` made with
:func:`dataclasses.replace` from ``RECIPES["inception_v3"]``: SGD with momentum 0.9 (§8: "our
earlier experiments used momentum with a decay of 0.9") → RMSProp (decay 0.9, ε 1.0) → label
smoothing 0.1. Everything else (lr 0.045 ×0.94 every 2 epochs, clipping 2.0, aux weight 0.4) is
the same on every rung, so a rung differs from the one before in exactly one thing.

:func:`build_rung` gives (model, recipe) for a rung, with the full network or
``inception_v3_small`` for subset runs; :func:`run_ladder` trains every rung with :func:`fit`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import DataLoader, Dataset

from .count import count_params, profile
from .models.inception_v3 import InceptionV3, inception_v3
from .train import RECIPES, History, Recipe, fit

_V3 = RECIPES["inception_v3"]

#: Rung 1: the paper's "earlier experiments used momentum with a decay of 0.9" (§8).
SGD_MOMENTUM: Recipe = replace(
    _V3,
    optimizer="sgd",
    momentum=0.9,
    label_smoothing=0.0,
    source="1512.00567 §8: momentum 0.9 (the earlier experiments); otherwise the v3 recipe",
)
#: Rung 2: "+ RMSProp" — decay 0.9 (PyTorch's alpha), ε 1.0.
RMSPROP: Recipe = replace(
    SGD_MOMENTUM,
    optimizer="rmsprop",
    source="1512.00567 §8: RMSProp with decay 0.9 and ε = 1.0; no label smoothing yet",
)
#: Rungs 3–5: "+ Label Smoothing" (ε = 0.1, §7) — the full v3 recipe.
SMOOTHING: Recipe = replace(
    RMSPROP, label_smoothing=0.1, source="1512.00567 §7–8: RMSProp + label smoothing 0.1"
)


@dataclass(frozen=True)
class Rung:
    """One row of Table 3: the paper's numbers, the builder switches and the training recipe."""

    name: str
    change: str  # what this rung adds to the one before
    top1: float  # paper's single-crop top-1 error, %
    top5: float | None  # paper's top-5 error, % (not printed for the first rung)
    bn_ops: float  # paper's "Cost Bn Ops" column
    factorized_7x7: bool
    aux_bn: bool
    recipe: Recipe

    @property
    def build_options(self) -> dict[str, bool]:
        """Keyword arguments for :class:`InceptionV3` (and ``inception_v3_small``)."""
        return {"factorized_7x7": self.factorized_7x7, "aux_bn": self.aux_bn}


TABLE_3: tuple[Rung, ...] = (
    Rung("Inception-v2", "7×7 first conv, SGD", 23.4, None, 3.8, False, False, SGD_MOMENTUM),
    Rung("+ RMSProp", "RMSProp (decay 0.9, ε 1.0)", 23.1, 6.3, 3.8, False, False, RMSPROP),
    Rung("+ Label Smoothing", "label smoothing 0.1", 22.8, 6.1, 3.8, False, False, SMOOTHING),
    Rung("+ Factorized 7×7", "7×7 → three 3×3 convs", 21.6, 5.8, 4.8, True, False, SMOOTHING),
    Rung("+ BN-auxiliary", "BN on the aux head's FC", 21.2, 5.6, 4.8, True, True, SMOOTHING),
)


def rung(key: int | str | Rung) -> Rung:
    """A rung of :data:`TABLE_3` by index or name (``"+ RMSProp"``; ``"Inception-v3"`` = last)."""
    if isinstance(key, Rung):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        if not -len(TABLE_3) <= key < len(TABLE_3):
            raise IndexError(f"Table 3 has {len(TABLE_3)} rungs, got index {key}")
        return TABLE_3[key]
    if key == "Inception-v3":
        return TABLE_3[-1]
    for r in TABLE_3:
        if key in (r.name, r.name.removeprefix("+ ")):
            return r
    names = ", ".join(repr(r.name) for r in TABLE_3)
    raise KeyError(f"no rung {key!r}; Table 3's rungs are {names} (or 'Inception-v3')")


def build_rung(
    key: int | str | Rung,
    builder: Callable[..., InceptionV3] = inception_v3,
    *,
    aux_logits: bool = True,
    **kwargs: Any,
) -> tuple[InceptionV3, Recipe]:
    """(model, recipe) for one rung of Table 3.

    ``builder`` is :func:`inception_v3` (the full network; pass ``num_classes``) or
    ``inception_v3_small`` for subset runs (``num_classes``, ``image_size``, ``width``, …). The
    aux head is built by default: every rung trains with it (the last rung normalizes it).
    """
    r = rung(key)
    model = builder(aux_logits=aux_logits, **r.build_options, **kwargs)
    return model, r.recipe


def ladder_costs(
    builder: Callable[..., InceptionV3] = inception_v3,
    input_size: Sequence[int] = (3, 299, 299),
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Per rung: our parameters (with the aux head), our MACs (eval: the aux head does not run)
    and the paper's Bn ops. Builds that share their switches are profiled once."""
    cache: dict[tuple[bool, bool], tuple[int, int]] = {}
    rows = []
    for r in TABLE_3:
        key = (r.factorized_7x7, r.aux_bn)
        if key not in cache:
            model, _ = build_rung(r, builder, **kwargs)
            cache[key] = (count_params(model), profile(model, tuple(input_size)).macs)
        params, macs = cache[key]
        rows.append({"rung": r.name, "params": params, "MACs": macs, "paper Bn ops": r.bn_ops})
    return rows


def run_ladder(
    train_data: Dataset | DataLoader,
    val_data: Dataset | DataLoader | None = None,
    *,
    builder: Callable[..., InceptionV3] = inception_v3,
    rungs: Sequence[int | str | Rung] = TABLE_3,
    seed: int = 0,
    builder_kwargs: dict[str, Any] | None = None,
    checkpoint_dir: str | Path | None = None,
    **fit_kwargs: Any,
) -> dict[str, History]:
    """Train every rung from the same seed on the same data; rung name → :class:`History`.

    ``fit_kwargs`` go to :func:`~inception_edu.train.fit` (``epochs``, ``batch_size``, ``lr``,
    ``device`` …); the recipe comes from the rung. With ``checkpoint_dir`` each rung writes (and
    resumes from) ``rung<i>.pt`` there, ``i`` its index in :data:`TABLE_3`.
    """
    histories: dict[str, History] = {}
    for key in rungs:
        r = rung(key)
        torch.manual_seed(seed)
        model, recipe = build_rung(r, builder, **(builder_kwargs or {}))
        if checkpoint_dir is not None:
            slug = "".join(c if c.isalnum() else "_" for c in r.name)
            stem = f"rung{TABLE_3.index(r)}" if r in TABLE_3 else f"rung_{slug}"
            fit_kwargs["checkpoint"] = Path(checkpoint_dir) / f"{stem}.pt"
        histories[r.name] = fit(model, train_data, val_data, recipe=recipe, seed=seed, **fit_kwargs)
    return histories


__all__ = [
    "SMOOTHING",
    "RMSPROP",
    "SGD_MOMENTUM",
    "TABLE_3",
    "Rung",
    "build_rung",
    "ladder_costs",
    "rung",
    "run_ladder",
]

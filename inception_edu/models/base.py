"""What every network in the zoo shares: input checks and one return convention for aux heads.

**Return convention (all models).** A model built *without* auxiliary heads returns a logits
Tensor, in train and eval mode alike. A model built *with* them returns :class:`AuxOutputs`
in both modes — ``out.logits`` and ``out.aux`` (a dict by name, e.g. ``{"aux1": …, "aux2": …}``,
so there is no order to get wrong; empty in eval mode, where the papers discard the heads).
The type depends on how the model was built, never on its mode (torchvision's GoogLeNet returns
a namedtuple in train mode and a Tensor in eval, with fields ordered ``logits, aux2, aux1``).
"""

from __future__ import annotations

import math
from numbers import Real
from typing import NamedTuple

import torch
from torch import Tensor, nn
from torch.nn.modules.batchnorm import _BatchNorm


class Deviation(NamedTuple):
    """One difference between a paper and a reference implementation (``DEVIATIONS`` of each
    model file; ``docs/sources.md`` lists every code with its name in words)."""

    id: str
    where: str
    paper: str
    reference: str
    source: str


class AuxOutputs(NamedTuple):
    """Main logits plus the auxiliary classifiers' logits by name (empty in eval mode)."""

    logits: Tensor
    aux: dict[str, Tensor]


# --- constructor arguments: one sentence per bad value, before any layer is built ----------


def _is_real(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def check_positive_int(name: str, value: object) -> None:
    """A count: an int ≥ 1 (a bool is not a count)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a positive int, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int, got {value}")


def _probability(name: str, value: object) -> None:
    if not _is_real(value):
        raise TypeError(f"{name} must be a probability in [0, 1), got {value!r}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be a probability in [0, 1), got {value}")


def _positive_real(name: str, value: object) -> None:
    if not _is_real(value):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")


def _finite_real(name: str, value: object) -> None:
    if not _is_real(value):
        raise TypeError(f"{name} must be a finite number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")


def _flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")


def _stem_halvings(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be None (the paper's stem) or 0, 1, 2 or 3, got {value!r}")
    if not 0 <= value <= STEM_STAGES:
        raise ValueError(f"{name} must be None (the paper's stem) or 0, 1, 2 or 3, got {value}")


def _repeats(name: str, value: object) -> None:
    counts = value if isinstance(value, (tuple, list)) else ()
    if len(counts) != 3 or not all(isinstance(n, int) and not isinstance(n, bool) for n in counts):
        raise TypeError(f"{name} must be three block counts (a, b, c), got {value!r}")
    if min(counts) < 0:
        raise ValueError(f"{name} must be three block counts ≥ 0, got {tuple(counts)}")


_SWITCHES = ("aux_logits", "aux_bn", "bn", "factorized_7x7")
_RULES = {
    **dict.fromkeys(("num_classes", "in_channels", "image_size", "blocks"), check_positive_int),
    **dict.fromkeys(("dropout", "dropout_aux"), _probability),
    "width": _positive_real,  # a width multiplier
    **dict.fromkeys(("scale", "scale_a", "scale_b", "scale_c"), _finite_real),
    **dict.fromkeys((*_SWITCHES, "shortcut"), _flag),
    "repeats": _repeats,
    "stem_halvings": _stem_halvings,
}


# --- stems for small images --------------------------------------------------------------------

STEM_STAGES = 3  # stride-2 stages in every stem of the family: 224 → 28 (GoogLeNet), 299 → 35
FIRST_GRID = 7  # a compact stem keeps the first Inception grid at ≥ 7 px (the papers' last grid)


def compact_stem_halvings(image_size: int, paper_min: int) -> int | None:
    """The stem a small variant builds for ``image_size``: ``None`` (the paper's) when the image
    is at least ``paper_min`` px, else the **compact stem**'s number of halvings.

    The compact stem keeps every layer and branch of the paper's stem but pads them 'same' and
    keeps the stride of only its first *h* stride-2 stages (the others run at stride 1); *h* is
    the largest ≤ 3 that leaves the first Inception grid at least 7 px: ⌈size / 2^h⌉ ≥ 7. So the
    modules see a 7–12 px grid from 13 px up, and a small image costs less than a large one
    (13–24 px: h = 1; 25–48 px: h = 2, so 28 and 32 px give grids 7 and 8; 49–74 px: h = 3).
    """
    if image_size >= paper_min:
        return None
    h = 0
    while h < STEM_STAGES and -(-image_size // 2 ** (h + 1)) >= FIRST_GRID:
        h += 1
    return h


def compact_min_size(grid: int, halvings: int) -> int:
    """Smallest input side a compact stem with ``halvings`` 'same' stride-2 stages (each maps
    n → ⌈n/2⌉) turns into a first grid of at least ``grid`` px."""
    return (grid - 1) * 2**halvings + 1


def check_args(**args: object) -> None:
    """Refuse a bad constructor argument with one sentence (``None`` means "the default").

    The rule comes from the name: counts (``num_classes``, ``in_channels``, ``image_size``)
    are positive ints, ``dropout`` a probability in [0, 1), ``width`` a positive multiplier,
    residual ``scale_*`` finite numbers, switches (``aux_logits``, ``bn`` …) bools,
    ``repeats`` three block counts and ``stem_halvings`` 0–3. ``num_classes=True`` is
    refused: a bool is not a count.
    """
    for name, value in args.items():
        if value is not None:
            _RULES[name](name, value)


class InceptionNet(nn.Module):
    """Base class: validates the input before the forward pass dives into a shape error.

    Subclasses set ``in_channels`` and ``min_image_size`` (the smallest square input that runs
    in eval mode; with aux heads in train mode ``min_aux_image_size``).

    **One image in train mode.** BatchNorm in train mode normalizes with the batch's own
    statistics and refuses a channel with a single value. A batch of one image therefore
    trains only while every BatchNorm sees a map larger than 1×1: ``min_single_train_size``
    is the smallest input side at which the trunk's last grid is larger than 1×1 (1 for a net
    without BN), and ``min_single_aux_train_size`` the same for the aux heads (``None``: never
    — a head whose last BatchNorm always sees 1×1). Grids shrink side by side, so an input
    trains once its *longer* side reaches the limit. Both values are checked in the tests.
    """

    in_channels: int = 3
    min_image_size: int = 1
    min_aux_image_size: int | None = None
    min_single_train_size: int = 1
    min_single_aux_train_size: int | None = 1
    has_aux: bool = False

    def use_compact_limits(self, halvings: int, grid: int = 7, train_grid: int = 11) -> None:
        """Input limits of a compact stem with ``halvings`` stride-2 stages: the first grid must
        reach ``grid`` px (v3/v4/IR: the two reductions' 3×3/2 (V) layers, 7 → 3 → 1) and
        ``train_grid`` px for one training image (11 → 5 → 2)."""
        self.min_image_size = compact_min_size(grid, halvings)
        self.min_single_train_size = compact_min_size(train_grid, halvings)

    def check_input(self, x: object) -> None:
        name = type(self).__name__
        if not isinstance(x, Tensor):
            raise TypeError(f"{name} expects a Tensor of shape N×C×H×W, got {type(x).__name__}")
        if not x.is_floating_point():  # uint8 images, int64 or bool masks, complex
            hint = " (convert images with x.float() / 255)" if x.dtype == torch.uint8 else ""
            raise ValueError(
                f"{name} expects a floating-point batch N×C×H×W, got dtype "
                f"{str(x.dtype).removeprefix('torch.')}{hint}"
            )
        weight = next(self.parameters(), None)
        if weight is not None and x.device != weight.device:
            raise ValueError(
                f"{name} is on {weight.device}, got a batch on {x.device}; move one of them "
                f"(x.to({str(weight.device)!r}) or model.to({str(x.device)!r}))"
            )
        if (
            weight is not None
            and weight.is_floating_point()
            and x.dtype != weight.dtype
            and not torch.is_autocast_enabled(x.device.type)
        ):
            want, got = (str(t).removeprefix("torch.") for t in (weight.dtype, x.dtype))
            raise ValueError(
                f"{name} has {want} weights, got a {got} batch; convert one of them "
                f"(x.to(torch.{want}) or model.to(torch.{got})), or run under torch.autocast"
            )
        if x.dim() != 4:
            raise ValueError(
                f"{name} expects a 4-D batch N×{self.in_channels}×H×W, got shape "
                f"{tuple(x.shape)}" + (" (add a batch dimension: x[None])" if x.dim() == 3 else "")
            )
        if x.shape[1] != self.in_channels:
            raise ValueError(
                f"{name} expects {self.in_channels} input channels, got {x.shape[1]} "
                f"(shape {tuple(x.shape)})"
            )
        need = self.min_image_size
        if self.training and self.has_aux and self.min_aux_image_size:
            need = self.min_aux_image_size
        h, w = x.shape[-2:]
        if h < need or w < need:
            mode = " with its aux heads in train mode" if need != self.min_image_size else ""
            raise ValueError(f"{name} needs inputs of at least {need}×{need}{mode}, got {h}×{w}")
        if self.training and x.shape[0] == 1:
            self._check_single_image(name, h, w)

    def _check_single_image(self, name: str, h: int, w: int) -> None:
        """Refuse one image in train mode where a BatchNorm would see a single value."""
        if not any(  # BN layers frozen in eval mode (fine-tuning) use running statistics
            isinstance(m, _BatchNorm) and (m.training or not m.track_running_stats)
            for m in self.modules()
        ):
            return
        side = max(h, w)
        aux = self.min_single_aux_train_size if self.has_aux else 1
        if aux is None or side < aux:
            where = "the aux head's last BatchNorm (its map is 1×1)"
            need = aux and max(aux, self.min_single_train_size)
        elif side < self.min_single_train_size:
            where = "the BatchNorm of its last layers (the grid ends at 1×1)"
            need = self.min_single_train_size
        else:
            return
        larger = f", inputs of at least {need}×{need}" if need else ""
        raise ValueError(
            f"{name} cannot train on a single {h}×{w} image: {where} would normalize one "
            f"value per channel; use a training batch of ≥ 2 images{larger}, or model.eval() "
            "for one image"
        )


__all__ = [
    "AuxOutputs",
    "InceptionNet",
    "check_args",
    "check_positive_int",
    "compact_min_size",
    "compact_stem_halvings",
]

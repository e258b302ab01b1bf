"""What every network in the zoo shares: input checks and one return convention for aux heads.

**Return convention (all models).** A model built *without* auxiliary heads returns a logits
Tensor, in train and eval mode alike. A model built *with* them returns :class:`AuxOutputs`
in both modes — ``out.logits`` and ``out.aux`` (a dict by name, e.g. ``{"aux1": …, "aux2": …}``,
so there is no order to get wrong; empty in eval mode, where the papers discard the heads).
The type depends on how the model was built, never on its mode (torchvision's GoogLeNet returns
a namedtuple in train mode and a Tensor in eval, with fields ordered ``logits, aux2, aux1``).
"""

from __future__ import annotations

from typing import NamedTuple

from torch import Tensor, nn


class AuxOutputs(NamedTuple):
    """Main logits plus the auxiliary classifiers' logits by name (empty in eval mode)."""

    logits: Tensor
    aux: dict[str, Tensor]


class InceptionNet(nn.Module):
    """Base class: validates the input before the forward pass dives into a shape error.

    Subclasses set ``in_channels`` and ``min_input_size`` (the smallest square input that runs
    in eval mode; with aux heads in train mode ``min_aux_input_size``).
    """

    in_channels: int = 3
    min_input_size: int = 1
    min_aux_input_size: int | None = None
    has_aux: bool = False

    def check_input(self, x: object) -> None:
        name = type(self).__name__
        if not isinstance(x, Tensor):
            raise TypeError(f"{name} expects a Tensor of shape N×C×H×W, got {type(x).__name__}")
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
        need = self.min_input_size
        if self.training and self.has_aux and self.min_aux_input_size:
            need = self.min_aux_input_size
        h, w = x.shape[-2:]
        if h < need or w < need:
            mode = " with its aux heads in train mode" if need != self.min_input_size else ""
            raise ValueError(f"{name} needs inputs of at least {need}×{need}{mode}, got {h}×{w}")


__all__ = ["AuxOutputs", "InceptionNet"]

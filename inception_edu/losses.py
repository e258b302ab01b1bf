"""Training losses of the papers: GoogLeNet's weighted auxiliary losses, v3's label smoothing.

* GoogLeNet §5: "the losses of the auxiliary classifiers were weighted by 0.3":
  ``L = L_main + 0.3·L_aux1 + 0.3·L_aux2`` (TF-slim's v3/v4 trainer uses 0.4 — pitfall P20).
* Inception-v3 §7: ``q'(k) = (1 − ε)·δ(k, y) + ε/K`` with ε = 0.1, which is exactly
  ``nn.CrossEntropyLoss(label_smoothing=ε)``.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch.nn.functional as F
from torch import Tensor

from .models.base import AuxOutputs


def smoothed_targets(target: Tensor, num_classes: int, epsilon: float = 0.1) -> Tensor:
    """q'(k) = (1 − ε)·δ(k, y) + ε/K (1512.00567 §7), one row per label."""
    if not 0 <= epsilon < 1:
        raise ValueError(f"epsilon must be in [0, 1), got {epsilon}")
    one_hot = F.one_hot(target, num_classes).float()
    return (1 - epsilon) * one_hot + epsilon / num_classes


def _split(outputs: object) -> tuple[Tensor, dict[str, Tensor]]:
    if isinstance(outputs, Tensor):
        return outputs, {}
    if isinstance(outputs, AuxOutputs):
        return outputs.logits, dict(outputs.aux)
    fields = getattr(outputs, "_fields", None)  # torchvision's GoogLeNetOutputs/InceptionOutputs
    if fields and "logits" in fields:
        aux = {f: getattr(outputs, f) for f in fields if f != "logits"}
        return outputs.logits, {k: v for k, v in aux.items() if v is not None}
    raise TypeError(
        f"expected logits (Tensor) or AuxOutputs, got {type(outputs).__name__}; "
        "a model built with aux heads returns AuxOutputs(logits, aux)"
    )


def inception_loss(
    outputs: Tensor | AuxOutputs,
    target: Tensor,
    aux_weight: float | Mapping[str, float] = 0.3,
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy on the main logits plus ``aux_weight`` × each auxiliary head's loss.

    Accepts plain logits (eval mode, or a model without aux heads), our :class:`AuxOutputs`
    and torchvision's namedtuples, so one training loop serves every model.
    """
    logits, aux = _split(outputs)
    loss = F.cross_entropy(logits, target, label_smoothing=label_smoothing)
    for name, aux_logits in aux.items():
        weight = aux_weight[name] if isinstance(aux_weight, Mapping) else aux_weight
        loss = loss + weight * F.cross_entropy(aux_logits, target, label_smoothing=label_smoothing)
    return loss


def main_logits(outputs: Tensor | AuxOutputs) -> Tensor:
    """The main classifier's logits from any model output."""
    return _split(outputs)[0]


__all__ = ["inception_loss", "main_logits", "smoothed_targets"]

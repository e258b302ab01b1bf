"""Training losses of the papers: GoogLeNet's weighted auxiliary losses, v3's label smoothing.

* GoogLeNet §5: "the losses of the auxiliary classifiers were weighted by 0.3":
  ``L = L_main + 0.3·L_aux1 + 0.3·L_aux2`` (TF-slim's v3/v4 trainer uses 0.4 — pitfall P20).
* Inception-v3 §7: ``q'(k) = (1 − ε)·δ(k, y) + ε/K`` with ε = 0.1, which is exactly
  ``nn.CrossEntropyLoss(label_smoothing=ε)``; :func:`label_smoothing_summary` gives q′ and the
  logit gap it makes optimal, log((1 − ε + ε/K) / (ε/K)).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import torch.nn.functional as F
from torch import Tensor

from .checks import check_int
from .models.base import AuxOutputs


def smoothed_targets(target: Tensor, num_classes: int, epsilon: float = 0.1) -> Tensor:
    """q'(k) = (1 − ε)·δ(k, y) + ε/K (1512.00567 §7), one row per label."""
    if not 0 <= epsilon < 1:
        raise ValueError(f"epsilon must be in [0, 1), got {epsilon}")
    one_hot = F.one_hot(target, num_classes).float()
    return (1 - epsilon) * one_hot + epsilon / num_classes


@dataclass(frozen=True)
class LabelSmoothing:
    """Smoothed targets for K classes and ε, and the logits that fit them best (1512.00567 §7)."""

    num_classes: int  # K
    epsilon: float
    q_true: float  # q′(y) = 1 − ε + ε/K
    q_other: float  # q′(k ≠ y) = ε/K
    gap: float  # the optimal z_y − z_k = log(q′(y) / q′(k)); math.inf for ε = 0
    min_loss: float  # H(q′): the smallest reachable smoothed loss, in nats
    hard_loss: float  # −log q′(y): the plain cross-entropy at that optimum


def label_smoothing_summary(num_classes: int, epsilon: float) -> LabelSmoothing:
    """The smoothed target q′ for K = ``num_classes`` and ε, and the optimum it sets.

    The cross-entropy against q′ is smallest at softmax(z) = q′, so the optimal logit gap is
    log(q′(y) / q′(k)) = log((1 − ε + ε/K) / (ε/K)) — finite only for ε > 0.
    """
    check_int("num_classes", num_classes, 2)
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)):
        raise ValueError(f"epsilon must be a number in [0, 1), got {epsilon!r}")
    if not 0 <= epsilon < 1:
        raise ValueError(f"epsilon must be in [0, 1), got {epsilon!r}")
    k, eps = num_classes, float(epsilon)
    q_other = eps / k
    q_true = 1 - eps + q_other
    if eps == 0:
        gap, entropy = math.inf, 0.0
    else:
        gap = math.log(q_true / q_other)
        entropy = -q_true * math.log(q_true) - (k - 1) * q_other * math.log(q_other)
    hard_loss = 0.0 if eps == 0 else -math.log(q_true)
    return LabelSmoothing(k, eps, q_true, q_other, gap, entropy, hard_loss)


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


__all__ = [
    "LabelSmoothing",
    "inception_loss",
    "label_smoothing_summary",
    "main_logits",
    "smoothed_targets",
]

"""Lecture 08's explorer: label smoothing (1512.00567 §7) for any K and ε.

A view over :func:`inception_edu.losses.label_smoothing_summary` (the smoothed target q′ and
the logit gap it makes optimal): :func:`label_smoothing_html` draws the targets as bars and the
optimum in words, :func:`label_smoothing_explorer` wraps that in two sliders (K, and ε in
percent).
"""

from __future__ import annotations

import html
import math

from ..losses import LabelSmoothing, label_smoothing_summary
from .view import bar, slider_explorer


def label_smoothing_html(s: LabelSmoothing) -> str:
    """The target distribution as bars and the optimal logits in words."""
    k = s.num_classes
    gap = (
        "∞ (hard targets: no finite optimum)"
        if math.isinf(s.gap)
        else f"{s.gap:.3f} = log({s.q_true:.4f} / {s.q_other:.6f})"
    )
    return (
        f"<b>K = {k:,}, ε = {s.epsilon:g}: q′(y) = {s.q_true:.4f}, "
        f"q′(k≠y) = {s.q_other:.6f}</b>"
        + bar(s.q_true, "#4c72b0", f"true class y: {s.q_true:.4f}")
        + bar(s.q_other, "#dd8452", f"each of {k - 1:,} others: {s.q_other:.6f}")
        + f"<p>optimal logit gap z<sub>y</sub> − z<sub>k</sub>: {html.escape(gap)}<br>"
        f"smallest smoothed loss H(q′) = {s.min_loss:.4f} nats; its plain "
        f"cross-entropy −log q′(y) = {s.hard_loss:.4f}</p>"
    )


def label_smoothing_explorer(num_classes: int = 1000, epsilon_percent: int = 10):
    """Sliders for K and ε (in percent) → the smoothed targets and the optimal logit gap."""
    sliders = {
        "num_classes": (num_classes, 2, 1000, "K classes"),
        "epsilon_percent": (epsilon_percent, 0, 50, "ε (%)"),
    }
    return slider_explorer(
        sliders,
        lambda num_classes, epsilon_percent: label_smoothing_html(
            label_smoothing_summary(num_classes, epsilon_percent / 100)
        ),
    )


__all__ = ["label_smoothing_explorer", "label_smoothing_html"]

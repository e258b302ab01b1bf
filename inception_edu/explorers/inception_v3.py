"""Lecture 08's explorer: label smoothing (1512.00567 §7) for any K and ε.

:func:`label_smoothing_summary` is the pure function: the smoothed target
q′(k) = (1 − ε)·δ(k, y) + ε/K for the true class and for every other class, the logit gap
z_y − z_k that minimizes the cross-entropy against q′ (the minimum is reached at softmax(z) = q′,
so the gap is log(q′_y / q′_k) = log((1 − ε + ε/K) / (ε/K)); unbounded for ε = 0), the loss at
that optimum (the entropy of q′) and its hard-label cross-entropy −log q′_y.
:func:`label_smoothing_explorer` wraps it in two sliders (K, and ε in percent).
"""

from __future__ import annotations

import html
import math

from .view import slider_explorer


def label_smoothing_summary(num_classes: int, epsilon: float) -> dict[str, float]:
    """Smoothed targets and the optimal logits for ``num_classes`` = K classes and ε.

    Keys: ``K``, ``epsilon``, ``q_true`` (1 − ε + ε/K), ``q_other`` (ε/K), ``gap`` (the optimal
    z_y − z_k, ``math.inf`` for ε = 0), ``min_loss`` (H(q′), the smallest reachable smoothed
    loss, in nats) and ``hard_loss`` (−log q′_y: the plain cross-entropy of that optimum).
    """
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(f"num_classes must be an int ≥ 2, got {num_classes!r}")
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
    return {
        "K": k,
        "epsilon": eps,
        "q_true": q_true,
        "q_other": q_other,
        "gap": gap,
        "min_loss": entropy,
        "hard_loss": 0.0 if eps == 0 else -math.log(q_true),
    }


def label_smoothing_html(summary: dict[str, float]) -> str:
    """The explorer's view: the target distribution as bars and the optimal logits in words."""
    k, eps = int(summary["K"]), summary["epsilon"]
    bar = (
        "<div style='display:flex;align-items:center;gap:4px'><span style='width:110px'>{label}"
        "</span><div style='background:{c};height:10px;width:{w}px'></div>"
        "<span style='font-size:80%'>{value}</span></div>"
    )
    bars = bar.format(
        label="true class y",
        c="#4c72b0",
        w=max(1, round(240 * summary["q_true"])),
        value=f"{summary['q_true']:.4f}",
    )
    bars += bar.format(
        label=f"each of {k - 1:,} others",
        c="#dd8452",
        w=max(1, round(240 * summary["q_other"])),
        value=f"{summary['q_other']:.6f}",
    )
    gap = (
        "∞ (hard targets: no finite optimum)"
        if math.isinf(summary["gap"])
        else (f"{summary['gap']:.3f} = log({summary['q_true']:.4f} / {summary['q_other']:.6f})")
    )
    return (
        f"<b>K = {k:,}, ε = {eps:g}: q′(y) = {summary['q_true']:.4f}, "
        f"q′(k≠y) = {summary['q_other']:.6f}</b>{bars}"
        f"<p>optimal logit gap z<sub>y</sub> − z<sub>k</sub>: {html.escape(gap)}<br>"
        f"smallest smoothed loss H(q′) = {summary['min_loss']:.4f} nats; its plain "
        f"cross-entropy −log q′(y) = {summary['hard_loss']:.4f}</p>"
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


__all__ = ["label_smoothing_explorer", "label_smoothing_html", "label_smoothing_summary"]

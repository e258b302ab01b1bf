"""Figures drawn from the library's own objects (never pasted images)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def plot_history(history: Any, title: str = "", ax=None):
    """Train/val loss and accuracy per epoch; ``history`` is a train.History or a dict of them."""
    import matplotlib.pyplot as plt

    runs: Mapping[str, Any] = history if isinstance(history, Mapping) else {"": history}
    if ax is None:
        fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.6))
    else:
        ax_loss, ax_acc = ax
        fig = ax_loss.figure
    for label, run in runs.items():
        prefix = f"{label} " if label else ""
        epochs = run.column("epoch")
        for key, style in (("train", "-"), ("val", "--")):
            if run.column(f"{key}_loss"):
                ax_loss.plot(epochs, run.column(f"{key}_loss"), style, label=f"{prefix}{key}")
                ax_acc.plot(epochs, run.column(f"{key}_acc"), style, label=f"{prefix}{key}")
    ax_loss.set(xlabel="epoch", ylabel="loss", title="loss")
    ax_acc.set(xlabel="epoch", ylabel="top-1 accuracy", title="accuracy")
    ax_acc.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def bubble_chart(
    rows: list[Mapping[str, Any]],
    ax=None,
    title: str = "",
    max_area: float = 2500.0,
    log_x: bool = True,
):
    """Top-1 accuracy against multiply-adds, bubble **area** ∝ parameters — the chart of
    Canziani, Paszke & Culurciello (2016, arXiv:1605.07678, Fig. 2) and of model-zoo pages.

    ``rows``: dicts with ``model``, ``params``, ``macs`` (per image) and ``top1`` (a fraction).
    Areas are relative to the largest model in ``rows``; the legend says its size.
    """
    import matplotlib.pyplot as plt

    if not rows:
        raise ValueError("bubble_chart needs at least one row")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    biggest = max(int(r["params"]) for r in rows)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    # labels go above and below the bubbles alternately, in order of cost, so that neighbours
    # (Inception-v4 and Inception-ResNet-v2 nearly coincide) do not print over each other
    rank = {id(r): k for k, r in enumerate(sorted(rows, key=lambda r: float(r["macs"])))}
    for i, r in enumerate(rows):
        area = max_area * int(r["params"]) / biggest
        ax.scatter(
            r["macs"], 100 * r["top1"], s=area, alpha=0.55, color=colours[i % len(colours)],
            edgecolors="black", linewidths=0.6,
        )  # fmt: skip
        side = 1 if rank[id(r)] % 2 == 0 else -1
        ax.annotate(
            f"{r['model']}\n{int(r['params']) / 1e6:.2f} M params",
            (r["macs"], 100 * r["top1"]),
            textcoords="offset points", xytext=(0, side * (math.sqrt(area / math.pi) + 4)),
            ha="center", va="bottom" if side > 0 else "top", fontsize=7.5,
        )  # fmt: skip
    if log_x:
        ax.set_xscale("log")
    xs = [float(r["macs"]) for r in rows]
    ys = [100 * float(r["top1"]) for r in rows]
    pad_x = 1.6 if log_x else 0.0
    if log_x:
        ax.set_xlim(min(xs) / pad_x, max(xs) * pad_x)
    span = max(max(ys) - min(ys), 4.0)
    ax.set_ylim(min(ys) - 0.5 * span, max(ys) + 0.5 * span)
    ax.set_xlabel("multiply-adds per image (conv + linear weights)")
    ax.set_ylabel("top-1 accuracy (%)")
    ax.set_title(title, fontsize=10)
    ax.text(
        0.02, 0.02, f"bubble area ∝ parameters (largest: {biggest / 1e6:.2f} M)",
        transform=ax.transAxes, fontsize=8, color="0.3",
    )  # fmt: skip
    ax.grid(alpha=0.3)
    return ax


__all__ = ["bubble_chart", "plot_history"]

"""Figures drawn from the library's own objects (never pasted images)."""

from __future__ import annotations

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


__all__ = ["plot_history"]

"""Lecture 01's explorer: what a classifier head costs — flatten + FC layers vs global average
pooling (NIN §3.2) — on a C×H×W feature map."""

from __future__ import annotations

from ..cost import linear_macs
from ..models.nin import fc_head_params, gap_head_params
from .conv_cost import rows_html
from .view import slider_explorer


def head_params_rows(
    c: int = 512, h: int = 7, w: int = 7, num_classes: int = 1000, hidden: int = 4096
) -> list[dict[str, int | str]]:
    """Params and MACs of three heads on a c×h×w map (biases included, one image).

    * ``FC ×3`` — AlexNet/VGG: flatten → FC ``hidden`` → FC ``hidden`` → FC classes;
    * ``FC ×1`` — flatten → FC classes;
    * ``GAP + FC`` — GoogLeNet §5: average each map to one number, then FC classes
      (NIN itself has no linear layer: its last 1×1 conv already emits one map per class).
    """
    flat = c * h * w
    return [
        {
            "head": f"FC ×3 ({flat:,}→{hidden:,}→{hidden:,}→{num_classes:,})",
            "params": fc_head_params(c, h, w, (hidden, hidden), num_classes),
            "MACs": linear_macs(flat, hidden)
            + linear_macs(hidden, hidden)
            + linear_macs(hidden, num_classes),
        },
        {
            "head": f"FC ×1 ({flat:,}→{num_classes:,})",
            "params": fc_head_params(c, h, w, (), num_classes),
            "MACs": linear_macs(flat, num_classes),
        },
        {
            "head": f"GAP + FC ({c:,}→{num_classes:,})",
            "params": gap_head_params(c, num_classes),
            "MACs": linear_macs(c, num_classes),
        },
    ]


def head_params_explorer():
    """Sliders for C, H = W and the number of classes → live params/MACs of FC vs GAP heads."""
    return slider_explorer(
        {
            "c": (512, 16, 2048, "C"),
            "size": (7, 1, 14, "H = W"),
            "num_classes": (1000, 2, 1000, "classes"),
        },
        lambda c, size, num_classes: rows_html(
            head_params_rows(c, size, size, num_classes), bar_column="params"
        ),
    )


__all__ = ["head_params_explorer", "head_params_rows"]

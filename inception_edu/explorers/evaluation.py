"""Lecture 11's explorer: GoogLeNet's multi-crop scheme (1409.4842 §7), piece by piece.

A view over :func:`inception_edu.evaluation.crop_scheme` (how many scales, squares, crops per
square, mirrors and models → the crops per image, counted from the boxes
:func:`~inception_edu.evaluation.multi_crop` really generates, the forward passes and the MACs):
:func:`crop_scheme_svg` draws the boxes of one scale on the image, :func:`crop_scheme_html` adds
the counts, :func:`crop_scheme_explorer` wraps both in sliders. :func:`plot_crops` draws crop
boxes on a real image with matplotlib.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..evaluation import Crop, CropCount, crop_scheme
from .view import slider_explorer

_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")


def crop_scheme_svg(
    boxes: Sequence[Crop], per_square: int = 1, scale: int = 0, width_px: int = 300
) -> str:
    """An SVG of the resized image of one scale (the ``scale``-th distinct resize) with its
    unmirrored crop boxes, one colour per square (``per_square`` crops each); the
    whole-square crops are dashed."""
    shapes = list(dict.fromkeys(c.resize for c in boxes))
    if not shapes:
        return "<p>(no crops)</p>"
    h, w = shapes[min(scale, len(shapes) - 1)]
    k = width_px / w
    parts = [
        f"<svg width='{width_px}' height='{round(h * k)}' style='background:#eee'>",
        f"<rect x='0' y='0' width='{w * k:.1f}' height='{h * k:.1f}' fill='#ddd' stroke='black'/>",
    ]
    shown = [c for c in boxes if c.resize == (h, w) and not c.mirror]
    for i, c in enumerate(shown):
        top, left, bh, bw = c.box
        dash = " stroke-dasharray='5,3'" if bh != c.size else ""
        inset = 1 + 2 * (i // per_square)  # keep the edges of coinciding squares apart
        colour = _COLOURS[(i // per_square) % len(_COLOURS)]
        parts.append(
            f"<rect x='{left * k + inset:.1f}' y='{top * k + inset:.1f}' "
            f"width='{max(bw * k - 2 * inset, 1):.1f}' height='{max(bh * k - 2 * inset, 1):.1f}' "
            f"fill='none' stroke='{colour}' stroke-width='1.5'{dash}/>"
        )
    parts.append("</svg>")
    return "".join(parts)


def crop_scheme_html(s: CropCount) -> str:
    """The count, the cost and the boxes of the smallest scale."""
    h, w = s.boxes[0].resize
    note = (
        f"<br><i>only {s.distinct:,} of them differ: squares or crops coincide on this image</i>"
        if s.distinct < s.crops
        else ""
    )
    return (
        f"<b>crops per image: {html.escape(s.formula)}</b>{note}<br>"
        f"forward passes per image: {s.crops:,} crops × {s.models} model(s) = "
        f"<b>{s.passes:,}</b><br>"
        f"MACs per image: {s.passes:,} × {s.macs // s.passes:,} per pass = "
        f"<b>{s.macs:,}</b> (≈{s.macs / 1e9:,.1f} G)<br>"
        f"smallest scale, {h}×{w} (dashed: the whole square resized):<br>"
        + crop_scheme_svg(s.boxes)
    )


def crop_scheme_explorer(**defaults: int):
    """Sliders for the scheme's pieces and the image's width (height 256) → count, cost, boxes."""
    values = {
        "scales": 4, "squares": 3, "corners": 1, "center": 1, "whole": 1, "mirror": 1,
        "models": 1, "width": 341,
    } | defaults  # fmt: skip
    sliders = {
        "scales": (values["scales"], 1, 4, "scales"),
        "squares": (values["squares"], 1, 3, "squares"),
        "corners": (values["corners"], 0, 1, "4 corners"),
        "center": (values["center"], 0, 1, "center"),
        "whole": (values["whole"], 0, 1, "whole sq."),
        "mirror": (values["mirror"], 0, 1, "mirrors"),
        "models": (values["models"], 1, 10, "models"),
        "width": (values["width"], 256, 512, "img width"),
    }

    def render(**v: int) -> str:
        try:
            return crop_scheme_html(crop_scheme(**v, height=256))
        except ValueError as err:
            return f"<p>{html.escape(str(err))}</p>"

    return slider_explorer(sliders, render, per_row=4)


def plot_crops(image, boxes: Sequence[Crop], ax=None, mean=None, std=None, title: str = ""):
    """Draw the unmirrored ``boxes`` of the first scale on ``image`` (C, H, W), resized as
    that scale says; ``mean``/``std`` undo the normalization for display."""
    import matplotlib.pyplot as plt
    import torch
    import torch.nn.functional as F
    from matplotlib.patches import Rectangle

    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    shape = boxes[0].resize
    x = image.detach().float().cpu()
    if mean is not None and std is not None:
        x = x * torch.tensor(std)[:, None, None] + torch.tensor(mean)[:, None, None]
    x = F.interpolate(x[None], size=shape, mode="bilinear", antialias=True, align_corners=False)
    ax.imshow(x[0].permute(1, 2, 0).clamp(0, 1).numpy())
    shown = [c for c in dict.fromkeys(boxes) if c.resize == shape and not c.mirror]
    for i, c in enumerate(shown):
        top, left, h, w = c.box
        inset = 0.8 * (i % 6)
        ax.add_patch(
            Rectangle(
                (left - 0.5 + inset, top - 0.5 + inset), w - 2 * inset, h - 2 * inset,
                fill=False, lw=1.6, ls="--" if h != c.size else "-",
                color=_COLOURS[i % len(_COLOURS)],
            )
        )  # fmt: skip
    ax.set_title(title or f"{len(shown)} boxes at {shape[0]}×{shape[1]}", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


__all__ = [
    "crop_scheme_explorer",
    "crop_scheme_html",
    "crop_scheme_svg",
    "plot_crops",
]

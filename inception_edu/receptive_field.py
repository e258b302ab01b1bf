"""Empirical receptive field: which input pixels can change one output pixel?

:func:`empirical_receptive_field` backpropagates from the centre pixel of a module's output to
its input and measures the extent of the nonzero gradient. To keep cancellation from hiding a
pixel (a positive and a negative path summing to zero), it runs a *copy* of the module with
every conv/linear weight set to 1, every bias to 0, in eval mode (BatchNorm uses its stored
statistics), on an all-ones input: every activation is then positive, so a ReLU passes every
path and every pixel inside the field gets a strictly positive gradient. The module you pass in
is left untouched.

This complements :func:`inception_edu.cost.receptive_field`, the closed form
1 + Σ (k_i − 1)·Π s_j: two stacked 3×3 convs see 5×5, 1×7 then 7×1 sees 7×7.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


def input_gradient(module: nn.Module, input_size: tuple[int, int, int]) -> torch.Tensor:
    """|∂ out[centre] / ∂ input| summed over channels, as an H×W tensor (probe weights, see above).

    ``input_size`` is (C, H, W) of one image; the centre pixel is taken on the output's own grid
    (``H_out // 2``, ``W_out // 2``) and summed over output channels.
    """
    if len(input_size) != 3:
        raise ValueError(f"input_size must be (C, H, W), got {input_size!r}")
    probe = copy.deepcopy(module).eval()
    with torch.no_grad():
        for m in probe.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.fill_(1.0)
                if m.bias is not None:
                    m.bias.zero_()
    for m in probe.modules():
        if hasattr(m, "inplace"):
            m.inplace = False  # an in-place ReLU on a leaf-derived view is fine, but be safe
    x = torch.ones(1, *input_size, dtype=torch.float64, requires_grad=True)
    out = probe.double()(x)
    if out.dim() != 4:
        raise ValueError(f"the module must return an N×C×H×W map, got shape {tuple(out.shape)}")
    h, w = out.shape[-2] // 2, out.shape[-1] // 2
    out[0, :, h, w].sum().backward()
    return x.grad[0].abs().sum(0)


def empirical_receptive_field(
    module: nn.Module, input_size: tuple[int, int, int]
) -> tuple[int, int]:
    """(height, width) of the input region whose pixels change the centre output pixel.

    Make ``input_size`` larger than the field you expect (a field clipped by the border would
    read smaller). Example: two stacked 'same'-padded 3×3 convs on (1, 11, 11) → (5, 5).
    """
    grad = input_gradient(module, input_size)
    rows = torch.nonzero(grad.sum(1)).flatten()
    cols = torch.nonzero(grad.sum(0)).flatten()
    if rows.numel() == 0:
        return (0, 0)
    return (int(rows.max() - rows.min()) + 1, int(cols.max() - cols.min()) + 1)


__all__ = ["empirical_receptive_field", "input_gradient"]

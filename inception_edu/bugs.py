"""Spot the bug (lecture 12c): snippets that circulate, the check that exposes each, the fix.

:data:`BUGS` holds snippets that circulate in blog posts and ports, each as a :class:`Bug`: the
buggy code (a function in this module, so a test can find the bug), the check that exposes it
with our counters (receptive field, parameter count against Table 1, a shape trace, …) and the
fixed code, which passes the same check. The seeded cost drills are :mod:`inception_edu.drills`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import torch
from torch import Tensor, nn
from torch.utils.flop_counter import FlopCounterMode

from .cost import conv_macs, conv_output_size, conv_params
from .count import count_macs, count_params
from .layers import Concat, Residual, conv
from .models.googlenet import INCEPTION_ROWS, Inception, googlenet_torchvision
from .models.inception_resnet import IR_A_WIDTHS, InceptionResNetA
from .models.inception_v3 import inception_v3
from .receptive_field import empirical_receptive_field

Number = int | Fraction

# ==============================================================================================
# Compute-the-cost drills
# ==============================================================================================


@dataclass(frozen=True)
class Finding:
    """What a check measured: ``ok`` is False when it found the bug."""

    ok: bool
    evidence: str

    def __str__(self) -> str:
        return f"{'OK ' if self.ok else 'BUG'} {self.evidence}"


@dataclass(frozen=True)
class Bug:
    """A snippet that circulates, the check that exposes it, and the fix."""

    slug: str
    title: str
    title_zh: str
    source: str  # where it circulates
    buggy: Callable[[], Any]
    fixed: Callable[[], Any]
    detect: Callable[[Any], Finding]
    fix: str

    def snippet(self) -> str:
        """The buggy code, as it is defined in this module (the function it returns, if any)."""
        made = self.buggy()
        return inspect.getsource(made if inspect.isfunction(made) else self.buggy)

    def run(self) -> tuple[Finding, Finding]:
        """(the check on the buggy code, the same check on the fixed code)."""
        return self.detect(self.buggy()), self.detect(self.fixed())


ROW_3A = next(r for r in INCEPTION_ROWS if r.name == "inception (3a)")
WIDTHS_3A = ROW_3A.widths  # 64, 96, 128, 16, 32, 32


# --- 1. the Keras GoogLeNet whose "5×5" is a 1×1 ------------------------------------------------


def keras_blog_inception_3a() -> Concat:
    """inception (3a) as one circulating family of Keras GoogLeNet snippets writes it: Table 1's
    widths, a real 3×3, but a '5×5' branch that reads, in essence::

        conv_5x5_reduce = Conv2D(filters_5x5_reduce, (1, 1), padding="same", ...)(x)
        conv_5x5 = Conv2D(filters_5x5, (1, 1), padding="same", ...)(conv_5x5_reduce)

    Other copies get more wrong — one family writes the '3×3' as (1, 1) too, another gives
    every branch the same width (lecture 12c, bug 1; docs/sources.md) — and
    :func:`check_branch_fields` reports each branch's field, so it catches the '3×3' as well.
    """
    return Concat(
        branch1=conv(192, 64, 1, bn=False),
        branch2=nn.Sequential(conv(192, 96, 1, bn=False), conv(96, 128, 3, padding=1, bn=False)),
        branch3=nn.Sequential(conv(192, 16, 1, bn=False), conv(16, 32, 1, bn=False)),  # "5×5"
        branch4=nn.Sequential(nn.MaxPool2d(3, 1, 1), conv(192, 32, 1, bn=False)),
    )


def inception_3a() -> Inception:
    """The library's inception (3a), built from Table 1's row."""
    return Inception(192, *WIDTHS_3A)


def table1_params(row=ROW_3A, c_in: int = 192, bias: bool = True) -> int:
    """Parameters of a Table 1 Inception row from its channel columns (closed forms)."""
    ch1, r3, c3, r5, c5, pp = row.widths
    return (
        conv_params(1, c_in, ch1, bias=bias)
        + conv_params(1, c_in, r3, bias=bias)
        + conv_params(3, r3, c3, bias=bias)
        + conv_params(1, c_in, r5, bias=bias)
        + conv_params(5, r5, c5, bias=bias)
        + conv_params(1, c_in, pp, bias=bias)
    )


def check_branch_fields(module: nn.Module) -> Finding:
    """Measure each branch's receptive field and the module's parameters against Table 1 (3a).

    A branch labelled '#5×5' must see a 5×5 window: the gradient of its centre output reaches
    exactly 5×5 input pixels (:func:`empirical_receptive_field`).
    """
    convs = ("branch1", "branch2", "branch3")  # a max pool's gradient picks one pixel: skip it
    fields = {n: empirical_receptive_field(getattr(module, n), (192, 13, 13)) for n in convs}
    expected = {"branch1": (1, 1), "branch2": (3, 3), "branch3": (5, 5)}
    params, want = count_params(module), table1_params()
    ok = fields == expected and params == want
    shown = ", ".join(f"{n[-1]}: {h}×{w}" for n, (h, w) in fields.items())
    return Finding(
        ok,
        f"receptive field per conv branch {shown} (want 1×1, 3×3, 5×5); params {params:,} vs "
        f"{want:,} from Table 1's widths ({params - want:+,})",
    )


# --- 2. torchvision's GoogLeNet: 3×3 where the paper has 5×5 (G1) ----------------------------


def torchvision_googlenet() -> nn.Module:
    """torchvision's ``googlenet``, module for module. Its Inception block builds the '5×5'
    branch (torchvision/models/googlenet.py, with the maintainers' own comment) as::

        self.branch3 = nn.Sequential(
            conv_block(in_channels, ch5x5red, kernel_size=1),
            # Here, kernel_size=3 instead of kernel_size=5 is a known bug.
            # Please see https://github.com/pytorch/vision/issues/906 for details.
            conv_block(ch5x5red, ch5x5, kernel_size=3, padding=1),
        )
    """
    return googlenet_torchvision()


def torchvision_googlenet_fixed() -> nn.Module:
    """The same network with every '5×5' branch rebuilt as a 5×5 conv (BN kept)."""
    model = googlenet_torchvision()
    for row in INCEPTION_ROWS:
        block = getattr(model, row.name.replace(" (", "").replace(")", ""))
        block.branch3[1] = conv(row.ch5x5red, row.ch5x5, 5, padding=2)
    return model


def check_5x5_weights(model: nn.Module) -> Finding:
    """Count the weights of every '#5×5' conv and compare with 25·#5×5reduce·#5×5 (Table 1)."""
    measured = want = 0
    for row in INCEPTION_ROWS:
        block = getattr(model, row.name.replace(" (", "").replace(")", ""))
        measured += block.branch3[1].conv.weight.numel()
        want += conv_params(5, row.ch5x5red, row.ch5x5)
    return Finding(
        measured == want,
        f"'#5×5' conv weights {measured:,} vs {want:,} for 5×5 kernels (Table 1) — "
        f"{measured / want:.2f} = {'25/25' if measured == want else '9/25'}; "
        f"whole net {count_params(model):,} params",
    )


# --- 3. an Inception module without padding ---------------------------------------------------


def unpadded_inception_3a() -> Concat:
    """inception (3a) with the padding forgotten on the 3×3 and 5×5 convs."""
    return Concat(
        branch1=conv(192, 64, 1, bn=False),
        branch2=nn.Sequential(conv(192, 96, 1, bn=False), conv(96, 128, 3, bn=False)),
        branch3=nn.Sequential(conv(192, 16, 1, bn=False), conv(16, 32, 5, bn=False)),
        branch4=nn.Sequential(nn.MaxPool2d(3, 1, 1), conv(192, 32, 1, bn=False)),
    )


def check_branch_shapes(module: nn.Module, size: int = 28) -> Finding:
    """Run every branch alone on 192×size×size and compare the output grids before concat."""
    x = torch.zeros(1, 192, size, size)
    with torch.no_grad():
        grids = {n: tuple(b(x).shape[-2:]) for n, b in module.named_children()}
    ok = len(set(grids.values())) == 1
    shown = ", ".join(f"{n[-1]}: {h}×{w}" for n, (h, w) in grids.items())
    return Finding(
        ok, f"branch outputs on {size}×{size}: {shown} — concat {'works' if ok else 'fails'}"
    )


# --- 4. Inception-v3's auxiliary head at 224 px (pitfall P5) --------------------------------


def v3_input_224() -> int:
    """Train ``inception_v3(aux_logits=True)`` on ImageNet-style 224×224 crops."""
    return 224


def v3_input_299() -> int:
    """Train it at its native 299×299."""
    return 299


_V3_AUX_PATH = (
    "Conv2d_1a_3x3.conv",
    "Conv2d_2a_3x3.conv",
    "Conv2d_2b_3x3.conv",
    "maxpool1",
    "Conv2d_4a_3x3.conv",
    "maxpool2",
    "Mixed_6a.branch3x3.conv",  # the 35×35 → 17×17 reduction (Mixed_5b–d keep the grid)
    "AuxLogits.pool",
    "AuxLogits.conv1.conv",
)


def v3_aux_trace(image_size: int) -> list[tuple[str, int | None]]:
    """The grid side through Inception-v3 to its aux head's 5×5 conv, from the model's layers.

    Reads kernel, stride and padding of every grid-changing layer of
    ``inception_v3(aux_logits=True)`` and applies :func:`inception_edu.cost.conv_output_size`;
    the trace stops with ``None`` at the first layer whose kernel does not fit.
    """
    model = inception_v3(aux_logits=True)
    side = image_size
    trace: list[tuple[str, int | None]] = [("input", side)]
    for path in _V3_AUX_PATH:
        layer = model.get_submodule(path)
        k, s, p = (_first(getattr(layer, a)) for a in ("kernel_size", "stride", "padding"))
        try:
            side = conv_output_size(side, k, s, p)
        except ValueError:
            trace.append((path, None))
            break
        trace.append((path, side))
    return trace


def _first(value: int | tuple[int, ...]) -> int:
    return value if isinstance(value, int) else value[0]


def check_v3_aux_input(image_size: int) -> Finding:
    """Does the aux head's 5×5/3 pool and 5×5 conv fit the grid an ``image_size`` input
    reaches?"""
    trace = v3_aux_trace(image_size)
    ok = trace[-1][1] is not None
    steps = " → ".join(
        f"{n.removesuffix('.conv')} {v if v is not None else 'does not fit'}" for n, v in trace
    )
    return Finding(ok, steps)


# --- 5. evaluating a BN network in train mode -------------------------------------------------


def predict_without_eval(model: nn.Module, x: Tensor) -> Tensor:
    """Evaluate a trained model — but ``model.eval()`` was forgotten."""
    with torch.no_grad():
        return model(x)


def predict_with_eval(model: nn.Module, x: Tensor) -> Tensor:
    """Evaluate a trained model in eval mode (BN uses its running statistics)."""
    model.eval()
    with torch.no_grad():
        return model(x)


def _trained_bn_net() -> nn.Module:
    """A small conv → BN → ReLU → GAP → linear net whose running statistics are non-trivial."""
    from .layers import ClassifierHead

    torch.manual_seed(0)
    model = nn.Sequential(conv(3, 8, 3, padding=1), conv(8, 8, 3, padding=1), ClassifierHead(8, 10))
    model.train()
    with torch.no_grad():
        for _ in range(20):  # "training" forward passes on shifted data update the running stats
            model(torch.randn(16, 3, 8, 8) * 2 + 1)
    return model


def check_batch_independence(predict_fn: Callable[[nn.Module, Tensor], Tensor]) -> Finding:
    """Evaluate image 0 in two batches that differ only in its batch-mates, and watch the
    BN buffers: in eval mode the logits must not move and the running statistics must not change.
    """
    model = _trained_bn_net()
    g = torch.Generator().manual_seed(1)
    batch = torch.randn(4, 3, 8, 8, generator=g)
    other = batch.clone()
    other[1:] = torch.randn(3, 3, 8, 8, generator=g) * 3
    buffers = {k: b.clone() for k, b in model.named_buffers()}
    moved = not torch.allclose(predict_fn(model, batch)[0], predict_fn(model, other)[0], atol=1e-5)
    changed = [k for k, b in model.named_buffers() if not torch.equal(b, buffers[k])]
    return Finding(
        not moved and not changed,
        f"image 0's logits {'change' if moved else 'do not change'} when its batch-mates change; "
        f"BN buffers {'updated by the evaluation' if changed else 'untouched'} "
        f"({len(changed)} of {len(buffers)} changed)",
    )


# --- 6. an Inception-ResNet block without its 1×1 filter expansion ----------------------------


def residual_without_expansion() -> Residual:
    """Inception-ResNet-A (IR-v2 widths, 320 channels) written without the linear 1×1 "filter
    expansion": the 128-channel concat is added straight to the 320-channel input."""
    a, b, c, d, e, f = IR_A_WIDTHS["inception_resnet_v2"]
    return Residual(
        branches=Concat(
            branch1x1=conv(320, a, 1),
            branch3x3=nn.Sequential(conv(320, b, 1), conv(b, c, 3, padding="same")),
            branch3x3dbl=nn.Sequential(
                conv(320, d, 1), conv(d, e, 3, padding="same"), conv(e, f, 3, padding="same")
            ),
        ),
        up=nn.Identity(),  # the 1×1 128 → 320 conv is missing
        scale=0.17,
    )


def residual_with_expansion() -> Residual:
    """The library's Inception-ResNet-A, IR-v2 widths (Fig. 16): 1×1 128 → 320 before the add."""
    return InceptionResNetA(320, IR_A_WIDTHS["inception_resnet_v2"], scale=0.17)


def check_residual_widths(block: Residual, c_in: int = 320, size: int = 35) -> Finding:
    """Channels of x and of up(branches(x)) must agree for ``x + scale · up(branches(x))``."""
    x = torch.zeros(1, c_in, size, size)
    with torch.no_grad():
        branches = block.branches(x)
        added = block.up(branches)
    ok = added.shape[1] == c_in
    return Finding(
        ok,
        f"input {c_in} ch; branches concat → {branches.shape[1]} ch; 1×1 expansion "
        f"({count_params(block.up):,} params) → {added.shape[1]} ch: x + s·F(x) "
        + ("adds" if ok else f"cannot add {c_in} and {added.shape[1]} channels"),
    )


# --- 7. FLOPs reported as MACs ----------------------------------------------------------------


def macs_from_flop_counter(model: nn.Module, input_size: tuple[int, int, int]) -> int:
    """'MACs' as a snippet computes them: the total of ``torch.utils.flop_counter``."""
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        model(torch.randn(1, *input_size))
    return counter.get_total_flops()


def table1_macs(row=ROW_3A, c_in: int = 192, size: int = 28) -> int:
    """Weight MACs of a Table 1 Inception row from its channel columns (closed forms)."""
    ch1, r3, c3, r5, c5, pp = row.widths
    return sum(
        conv_macs(k, a, b, size, size)
        for k, a, b in ((1, c_in, ch1), (1, c_in, r3), (3, r3, c3), (1, c_in, r5), (5, r5, c5))
    ) + conv_macs(1, c_in, pp, size, size)


def check_macs_counter(counter_fn: Callable[[nn.Module, tuple[int, int, int]], int]) -> Finding:
    """Apply a MAC counter to inception (3a) and compare with Table 1 (printed: 128M ops)."""
    got, want = counter_fn(inception_3a().eval(), (192, 28, 28)), table1_macs()
    return Finding(
        got == want,
        f"inception (3a): the counter says {got:,}; Table 1's widths give {want:,} MACs "
        f"(printed '{ROW_3A.paper_ops}') — ratio {got / want:.2f}",
    )


BUGS: tuple[Bug, ...] = (
    Bug(
        "keras_5x5_is_1x1",
        "A Keras GoogLeNet with four bugs, one a '5×5' branch of two 1×1 convolutions",
        "有四个 bug 的 Keras GoogLeNet，其中之一是由两个 1×1 卷积组成的“5×5”分支",
        "Keras GoogLeNet snippets copied across blog posts and repositories (lecture 12c shows "
        "a widely copied one, lightly edited; docs/sources.md describes the copies)",
        keras_blog_inception_3a,
        inception_3a,
        check_branch_fields,
        "kernel (5, 5) with padding 2 ('same') in the #5×5 conv",
    ),
    Bug(
        "torchvision_3x3_for_5x5",
        "torchvision's GoogLeNet: 3×3 where the paper has 5×5",
        "torchvision 的 GoogLeNet：论文中的 5×5 被写成了 3×3",
        "torchvision `googlenet` and TF-slim `inception_v1` (pytorch/vision#906, "
        "tensorflow/models#443; deviation G1, pitfall P1) — kept for weight compatibility",
        torchvision_googlenet,
        torchvision_googlenet_fixed,
        check_5x5_weights,
        "5×5 kernels (padding 2) in the nine '#5×5' convs: +380,928 parameters",
    ),
    Bug(
        "missing_padding",
        "An Inception module without padding: the concat fails",
        "忘了填充的 Inception 模块：拼接失败",
        "hand-typed modules that keep the default padding (PyTorch 0, Keras 'valid')",
        unpadded_inception_3a,
        inception_3a,
        check_branch_shapes,
        "padding k // 2 on the 3×3 (1) and 5×5 (2) convs, and 1 on the 3×3/1 max pool",
    ),
    Bug(
        "v3_aux_at_224",
        "Training Inception-v3 with its aux head on 224×224 crops",
        "用 224×224 输入训练带辅助分类器的 Inception-v3",
        "the 'Kernel size can't be greater than actual input size' reports (pitfall P5)",
        v3_input_224,
        v3_input_299,
        check_v3_aux_input,
        "train at 299×299 (or shrink the aux kernel as TF-slim does, or drop the aux head)",
    ),
    Bug(
        "bn_train_mode_at_test",
        "Evaluating a BN network without model.eval()",
        "评估 BN 网络时忘了 model.eval()",
        "the classic of forum threads: predictions that depend on the batch (lecture 05)",
        lambda: predict_without_eval,
        lambda: predict_with_eval,
        check_batch_independence,
        "call model.eval() before evaluating (and model.train() before training again)",
    ),
    Bug(
        "residual_width_mismatch",
        "An Inception-ResNet block without its 1×1 filter expansion",
        "缺少 1×1 滤波器扩展（升维）的 Inception-ResNet 模块",
        "hand-written Inception-ResNet blocks (1602.07261 §3.2: 'filter-expansion layer … to "
        "match the depth of the input')",
        residual_without_expansion,
        residual_with_expansion,
        check_residual_widths,
        "a linear 1×1 conv (bias, no BN, no ReLU) from the concat's 128 back to 320 channels",
    ),
    Bug(
        "flops_as_macs",
        "A 'MAC' counter that returns FLOPs",
        "把 FLOPs 当成 MACs 的计数器",
        "READMEs and blog tables that mix the units (pitfall P12)",
        lambda: macs_from_flop_counter,
        lambda: count_macs,
        check_macs_counter,
        "MACs = FLOPs / 2 — or use `count_macs`",
    ),
)


def bug(slug: str) -> Bug:
    """Look up a spot-the-bug drill by its slug."""
    for b in BUGS:
        if b.slug == slug:
            return b
    raise KeyError(f"no bug {slug!r}; known: {', '.join(b.slug for b in BUGS)}")


__all__ = [
    "BUGS",
    "Bug",
    "Finding",
    "bug",
    "check_batch_independence",
    "check_branch_fields",
    "check_branch_shapes",
    "check_macs_counter",
    "check_residual_widths",
    "check_v3_aux_input",
    "check_5x5_weights",
    "inception_3a",
    "keras_blog_inception_3a",
    "macs_from_flop_counter",
    "predict_with_eval",
    "predict_without_eval",
    "residual_with_expansion",
    "residual_without_expansion",
    "table1_macs",
    "table1_params",
    "torchvision_googlenet",
    "torchvision_googlenet_fixed",
    "unpadded_inception_3a",
    "v3_aux_trace",
    "v3_input_224",
    "v3_input_299",
]

"""Interview drills (lecture 12c): compute-the-cost questions drawn from a seed.

:func:`draw` turns a seed into a :class:`Drill` — a question with random but realistic numbers
(EN + 中文), its exact answer and the typical wrong answers with what went wrong (FLOPs instead
of MACs, a bias counted as a MAC, the C_in factor forgotten, padding used wrongly …). The same
seed always gives the same drill; another seed gives another ("draw again"). Every answer is
measured on a real module — :func:`inception_edu.count.profile`,
:func:`inception_edu.count.count_params` or a forward pass — and the tests compare it with the
closed forms of :mod:`inception_edu.cost`. The spot-the-bug catalogue is :mod:`inception_edu.bugs`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import torch
from torch import nn

from .cost import conv_macs, factorization_saving, kernel_area
from .count import count_macs, count_params, profile
from .exercises import Feedback, Solution, check_question, render_prompt
from .exercises import reveal_question as _reveal_question
from .models.googlenet import Inception
from .question import Question

Number = int | Fraction

# ==============================================================================================
# Compute-the-cost drills
# ==============================================================================================


@dataclass(frozen=True)
class Drill:
    """One drawn drill: a :class:`~inception_edu.exercises.Question` plus how it was drawn."""

    kind: str
    seed: int
    question: Question
    numbers: dict[str, int] = field(default_factory=dict, compare=False)  # what was drawn

    @property
    def prompt(self) -> str:
        return self.question.prompt

    @property
    def prompt_zh(self) -> str:
        return self.question.prompt_zh

    @property
    def answer(self) -> Number:
        return self.question.answer

    def check(self, answer: object) -> Feedback:
        """Check an answer, with the specific feedback of the known mistakes."""
        return check_question(self.question, answer)

    def reveal(self) -> Solution:
        """The worked solution."""
        return _reveal_question(self.question)

    def _repr_markdown_(self) -> str:
        return f"**Drill {self.kind} · seed {self.seed}**\n\n{render_prompt(self.question)}"


def _mistakes(
    answer: float,
    candidates: list[tuple[Number, str]],
    rel_tol: float = 0.0,
    at_most: float = math.inf,
) -> tuple[tuple[Number, str], ...]:
    """Keep the mistakes that differ from the answer and from each other by more than the
    question's tolerance (a drawn size can make two mistakes coincide, e.g. the kernel area of
    a 1×1 conv, or 40/49 and 22/27 within a ratio question's 2‰ tolerance)."""
    tol = 3 * rel_tol  # exact answers: only an exact collision counts
    kept: list[tuple[Number, str]] = []
    for value, why in candidates:
        if not 0 < value <= at_most or math.isclose(value, answer, rel_tol=tol, abs_tol=1e-9):
            continue
        if any(math.isclose(value, v, rel_tol=tol, abs_tol=1e-9) for v, _ in kept):
            continue
        kept.append((value, why))
    return tuple(kept)


_SIZES = (7, 8, 14, 17, 28, 35, 56)
_CHANNELS = (16, 24, 32, 48, 64, 96, 128, 160, 192, 256, 320, 384)


def _conv_macs_drill(rng: random.Random, seed: int) -> tuple[Question, dict[str, int]]:
    """MACs of a k×k conv, 'same' or 'valid' padding, stride 1 (lecture 00's formula)."""
    k = rng.choice((3, 5, 7))
    h = rng.choice(_SIZES[2:])
    c_in, c_out = rng.choice(_CHANNELS), rng.choice(_CHANNELS)
    same = rng.random() < 0.5
    layer = nn.Conv2d(c_in, c_out, k, padding=k // 2 if same else 0)  # with a bias, as usual
    prof = profile(layer, (c_in, h, h))
    macs, out = prof.macs, prof.rows[0].output_shape[-1]
    pad, pad_zh = (
        ("'same' padding", "same 填充") if same else ("no padding (valid)", "无填充（valid）")
    )
    other = h if not same else h - k + 1
    question = Question(
        qid=f"12.drill_conv_macs_{seed}",
        prompt=(
            f"A {k}×{k} convolution with {pad}, stride 1 and a bias maps a {h}×{h}×{c_in} input "
            f"to {c_out} channels. How many multiply-accumulates (MACs) per image? (Weights only.)"
        ),
        prompt_zh=(
            f"一个带偏置的 {k}×{k} 卷积（{pad_zh}，步长 1）把 {h}×{h}×{c_in} 的输入映射为 {c_out} "
            "个通道。每张图像需要多少次乘加运算（MACs）？只计权重的乘加。"
        ),
        answer=macs,
        unit="MACs",
        hint=f"k·k·C_in·C_out·H_out·W_out — first work out the output size ({pad}).",
        mistakes=_mistakes(
            macs,
            [
                (2 * macs, "that is FLOPs: one MAC is a multiply and an add, 2 FLOPs."),
                (
                    macs + prof.bias_adds,
                    "you counted the bias adds as MACs; a bias is one add per output value, "
                    "reported separately.",
                ),
                (
                    macs // c_in,
                    "you forgot the C_in factor: each output sums over k·k·C_in inputs.",
                ),
                (macs // (k * k), "you forgot the kernel area k·k."),
                (
                    conv_macs(k, c_in, c_out, other, other),
                    f"wrong output size: with {pad} the output is {out}×{out}, not "
                    f"{other}×{other}.",
                ),
            ],
        ),
        solution=(
            f"Output {out}×{out} ({pad}). MACs = {k}·{k}·{c_in}·{c_out}·{out}·{out} = {macs:,} "
            f"(= {2 * macs:,} FLOPs; the bias adds another {prof.bias_adds:,} adds, not MACs)."
        ),
    )
    return question, dict(k=k, h=h, c_in=c_in, c_out=c_out, same=int(same))


def _conv_params_drill(rng: random.Random, seed: int) -> tuple[Question, dict[str, int]]:
    """Parameters of a k×k conv with a bias; the map size is a distractor."""
    k = rng.choice((1, 3, 5, 7))
    h = rng.choice(_SIZES)
    c_in, c_out = rng.choice(_CHANNELS), rng.choice(_CHANNELS)
    params = count_params(nn.Conv2d(c_in, c_out, k, padding=k // 2))
    question = Question(
        qid=f"12.drill_conv_params_{seed}",
        prompt=(
            f"How many parameters does a {k}×{k} convolution from {c_in} to {c_out} channels "
            f"(with a bias) have? It runs on a {h}×{h} map."
        ),
        prompt_zh=(
            f"一个从 {c_in} 通道到 {c_out} 通道、带偏置的 {k}×{k} 卷积有多少参数？"
            f"它作用在 {h}×{h} 的特征图上。"
        ),
        answer=params,
        unit="params",
        hint="k·k·C_in·C_out weights plus one bias per output channel; the map size is shared.",
        mistakes=_mistakes(
            params,
            [
                (params - c_out, "you left out the bias: one per output channel."),
                (
                    (params - c_out) * h * h,
                    "you multiplied by the map size: that gives MACs — the weights are shared "
                    "across positions.",
                ),
                (k * k * c_out + c_out, "you forgot the C_in factor."),
            ],
        ),
        solution=(
            f"{k}·{k}·{c_in}·{c_out} + {c_out} = {params:,} — independent of the {h}×{h} map."
        ),
    )
    return question, dict(k=k, h=h, c_in=c_in, c_out=c_out)


def _inception_params_drill(rng: random.Random, seed: int) -> tuple[Question, dict[str, int]]:
    """Parameters of an Inception module (Fig. 2b, paper build: conv + bias + ReLU, no BN)."""
    c_in = rng.choice((128, 192, 256, 480, 512))
    ch1x1, ch3x3red, ch3x3 = (
        rng.choice((32, 64, 128)),
        rng.choice((48, 64, 96)),
        rng.choice((96, 128, 192)),
    )
    ch5x5red, ch5x5, pool_proj = (
        rng.choice((8, 16, 24)),
        rng.choice((16, 32, 48)),
        rng.choice((16, 32, 64)),
    )
    widths = (ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)
    params = count_params(Inception(c_in, *widths))
    biases = sum(widths)
    as_3x3 = count_params(Inception(c_in, *widths, kernel5x5=3))
    no_reduction = params - (c_in * ch3x3red + ch3x3red) - (c_in * ch5x5red + ch5x5red)
    no_reduction += 9 * (c_in - ch3x3red) * ch3x3 + 25 * (c_in - ch5x5red) * ch5x5
    question = Question(
        qid=f"12.drill_inception_params_{seed}",
        prompt=(
            f"An Inception module (Fig. 2b, GoogLeNet's paper build: every conv has a bias, no BN) "
            f"on {c_in} input channels has the Table 1 widths #1×1 {ch1x1}, #3×3 reduce "
            f"{ch3x3red}, #3×3 {ch3x3}, #5×5 reduce {ch5x5red}, #5×5 {ch5x5}, pool proj "
            f"{pool_proj}. How many parameters does it have?"
        ),
        prompt_zh=(
            "一个 Inception 模块（图 2b，GoogLeNet 论文版本：每个卷积带偏置，没有 BN），"
            f"输入 {c_in} 个通道，表 1 的宽度为 #1×1 {ch1x1}、#3×3 reduce {ch3x3red}、"
            f"#3×3 {ch3x3}、#5×5 reduce {ch5x5red}、#5×5 {ch5x5}、pool proj {pool_proj}。"
            "它有多少参数？"
        ),
        answer=params,
        unit="params",
        hint=(
            "Six convs: 1×1 on c_in; 1×1 reduce then 3×3 on the reduced maps; 1×1 reduce then "
            "5×5; max pool (no parameters) then the 1×1 pool projection. Add one bias per filter."
        ),
        mistakes=_mistakes(
            params,
            [
                (params - biases, f"you left out the {biases} biases (one per filter)."),
                (
                    as_3x3,
                    "you priced the 5×5 branch as a 3×3 — torchvision's known bug (G1), not the "
                    "paper.",
                ),
                (
                    no_reduction,
                    "you ran the 3×3 and 5×5 on all input channels: they read the 1×1 reduce "
                    "layers' outputs (and the reduce layers have parameters too).",
                ),
                (
                    params - (c_in * pool_proj + pool_proj),
                    "you left out the pool projection: the max pool has no parameters, its 1×1 "
                    "conv does.",
                ),
            ],
        ),
        solution=(
            f"1×1: {c_in}·{ch1x1}; 3×3 branch: {c_in}·{ch3x3red} + 9·{ch3x3red}·{ch3x3}; 5×5 "
            f"branch: {c_in}·{ch5x5red} + 25·{ch5x5red}·{ch5x5}; pool proj: {c_in}·{pool_proj}; "
            f"plus {biases} biases = {params:,} (`count_params(Inception(...))`)."
        ),
    )
    return question, dict(
        c_in=c_in,
        ch1x1=ch1x1,
        ch3x3red=ch3x3red,
        ch3x3=ch3x3,
        ch5x5red=ch5x5red,
        ch5x5=ch5x5,
        pool_proj=pool_proj,
    )


def _output_size_drill(rng: random.Random, seed: int) -> tuple[Question, dict[str, int]]:
    """Output size after a stride-2 valid conv (the v3/v4 stems and reductions)."""
    k = rng.choice((3, 3, 5, 7))
    h = rng.choice((17, 28, 35, 56, 71, 73, 112, 147, 149, 224, 299))
    layer = nn.Conv2d(1, 1, k, stride=2)
    with torch.no_grad():
        out = layer(torch.zeros(1, 1, h, h)).shape[-1]
    question = Question(
        qid=f"12.drill_output_size_{seed}",
        prompt=(
            f"A {k}×{k} convolution with stride 2 and no padding ('V' in the v4 paper's figures) "
            f"is applied to a {h}×{h} map. What is the output's height?"
        ),
        prompt_zh=(
            f"对 {h}×{h} 的特征图做一个步长 2、无填充（v4 论文图中的 'V'）的 {k}×{k} 卷积，"
            "输出的高是多少？"
        ),
        answer=out,
        unit="px",
        hint="floor((H − k) / stride) + 1 for a valid conv.",
        mistakes=_mistakes(
            out,
            [
                (-(-h // 2), "that is 'same' padding (ceil(H/2)); this conv has none."),
                (h // 2, "halving is not enough: a valid conv also loses the border (k − 1 px)."),
                ((h - k) // 2, "you forgot the + 1 (the first window position)."),
                (h - k + 1, "you ignored the stride: that is the stride-1 output."),
            ],
        ),
        solution=f"floor(({h} − {k}) / 2) + 1 = {out}.",
    )
    return question, dict(k=k, h=h)


_FACTORIZATIONS: tuple[tuple[int, tuple[Any, ...], str, str], ...] = (
    (5, (3, 3), "two 3×3", "两个 3×3"),
    (7, (3, 3, 3), "three 3×3", "三个 3×3"),
    (3, ((1, 3), (3, 1)), "1×3 then 3×1", "1×3 接 3×1"),
    (5, ((1, 5), (5, 1)), "1×5 then 5×1", "1×5 接 5×1"),
    (7, ((1, 7), (7, 1)), "1×7 then 7×1", "1×7 接 7×1"),
    (9, ((1, 9), (9, 1)), "1×9 then 9×1", "1×9 接 9×1"),
    (3, (2, 2), "two 2×2", "两个 2×2"),
)


def _factorization_drill(rng: random.Random, seed: int) -> tuple[Question, dict[str, int]]:
    """Saving of a factorization (1512.00567 §3), measured on real C→C→C stacks."""
    n, replacement, name, name_zh = rng.choice(_FACTORIZATIONS)
    c = rng.choice((32, 64, 96, 128, 192))
    before = count_params(nn.Conv2d(c, c, n, bias=False))
    after = count_params(nn.Sequential(*(nn.Conv2d(c, c, k, bias=False) for k in replacement)))
    saving = 1 - Fraction(after, before)
    assert saving == factorization_saving(n, list(replacement))
    first_only = 1 - Fraction(kernel_area(replacement[0]), kernel_area(n))
    question = Question(
        qid=f"12.drill_factorization_{seed}",
        prompt=(
            f"A {n}×{n} convolution from {c} to {c} channels is replaced by {name} ({c} channels "
            "in between, no bias). What fraction of the weights (and MACs) is saved?"
        ),
        prompt_zh=(
            f"把一个 {c}→{c} 通道的 {n}×{n} 卷积换成 {name_zh}（中间 {c} 个通道，无偏置）。"
            "权重（以及乘加次数）节省了多少比例？"
        ),
        answer=saving,
        unit="%",
        rel_tol=2e-3,
        hint="Per channel pair the cost is the kernel area: compare the sum of the new areas.",
        mistakes=_mistakes(
            float(saving),
            [
                (1 - saving, "that is the fraction that remains, not the fraction saved."),
                (first_only, "you counted only the first layer of the replacement."),
                (
                    Fraction(before, after) - 1,
                    "you divided by the new cost: the saving is relative to the original.",
                ),
            ],
            rel_tol=2e-3,
            at_most=1,  # a "%" answer above 1 reads as percent (2.5 → 2.5%): leave those out
        ),
        solution=(
            f"{before:,} → {after:,} weights: saving 1 − {after}/{before} = {float(saving):.1%} "
            "(the C² factor cancels: it is 1 − Σ new kernel areas / old area)."
        ),
    )
    return question, dict(n=n, c=c, layers=len(replacement))


def _reduction_drill(rng: random.Random, seed: int) -> tuple[Question, dict[str, int]]:
    """MACs of a 1×1 reduction followed by a k×k conv (Fig. 2b; lecture 03)."""
    k = rng.choice((3, 5))
    h = rng.choice((7, 14, 28))
    c_in = rng.choice((192, 256, 480, 512, 528, 832))
    r = rng.choice((16, 24, 32, 48, 64))
    c_out = rng.choice((32, 48, 64, 96, 128))
    branch = nn.Sequential(nn.Conv2d(c_in, r, 1), nn.ReLU(), nn.Conv2d(r, c_out, k, padding=k // 2))
    macs = count_macs(branch, (c_in, h, h))
    reduce, big = conv_macs(1, c_in, r, h, h), conv_macs(k, r, c_out, h, h)
    direct = conv_macs(k, c_in, c_out, h, h)
    question = Question(
        qid=f"12.drill_reduction_{seed}",
        prompt=(
            f"On a {h}×{h}×{c_in} input, a branch first reduces to {r} channels with a 1×1 conv, "
            f"then applies a {k}×{k} conv ('same' padding) to {c_out} channels. How many MACs "
            "does the branch cost per image?"
        ),
        prompt_zh=(
            f"在 {h}×{h}×{c_in} 的输入上，一个分支先用 1×1 卷积降到 {r} 个通道，再用 {k}×{k} 卷积"
            f"（same 填充）输出 {c_out} 个通道。这个分支每张图像需要多少次乘加（MACs）？"
        ),
        answer=macs,
        unit="MACs",
        hint="Two convs on the same h×h grid: 1·1·C_in·r + k·k·r·C_out, times h·h.",
        mistakes=_mistakes(
            macs,
            [
                (
                    direct,
                    f"that is the direct {k}×{k} conv on all {c_in} channels — the cost the "
                    "reduction avoids.",
                ),
                (big, "you left out the 1×1 reduction's own cost."),
                (reduce, f"that is only the 1×1 reduction; add the {k}×{k} conv."),
                (2 * macs, "that is FLOPs (2 per MAC)."),
            ],
        ),
        solution=(
            f"1×1: {h}·{h}·{c_in}·{r} = {reduce:,}; {k}×{k}: {h}·{h}·{k * k}·{r}·{c_out} = "
            f"{big:,}; total {macs:,} — vs {direct:,} for the direct {k}×{k} "
            f"({direct / macs:.1f}× more)."
        ),
    )
    return question, dict(k=k, h=h, c_in=c_in, r=r, c_out=c_out)


DRILL_KINDS: dict[str, Callable[[random.Random, int], tuple[Question, dict[str, int]]]] = {
    "conv_macs": _conv_macs_drill,
    "conv_params": _conv_params_drill,
    "inception_params": _inception_params_drill,
    "output_size": _output_size_drill,
    "factorization": _factorization_drill,
    "reduction": _reduction_drill,
}


def draw(seed: int, kind: str | None = None) -> Drill:
    """The drill of ``seed`` (optionally of one ``kind`` of :data:`DRILL_KINDS`).

    Deterministic: the same seed (and kind) gives the same numbers, question and answer.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    rng = random.Random(seed)
    if kind is None:
        kind = rng.choice(sorted(DRILL_KINDS))
    elif kind not in DRILL_KINDS:
        raise ValueError(f"unknown drill kind {kind!r}; choose one of: {', '.join(DRILL_KINDS)}")
    question, numbers = DRILL_KINDS[kind](rng, seed)
    return Drill(kind, seed, question, numbers)


__all__ = ["DRILL_KINDS", "Drill", "draw"]

"""Lecture 05 · batch normalization and BN-Inception."""

import torch
from torch import nn

from ..cost import conv_macs
from ..models.bn_inception import INCEPTION_ROWS, branch_sum
from ..question import Question

# --- 05.bn_batch_of_one: BN in train mode on one image of 1×1 pixels ---
_GAMMA, _BETA, _X = (2.0, 2.0, 2.0), (0.5, -1.0, 3.0), (3.0, -2.0, 8.0)


def batch_of_one_output() -> torch.Tensor:
    """What nn.BatchNorm2d(3) in train mode outputs for one 1×1 image (γ = 2, β = (0.5, −1, 3)).

    PyTorch refuses a single value per channel in train mode ("Expected more than 1 value per
    channel when training"), so the layer is run on two copies of the image: the same batch
    statistics (mean = the image, variance 0), the same formula.
    """
    bn = nn.BatchNorm2d(3).double().train()
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(_GAMMA))
        bn.bias.copy_(torch.tensor(_BETA))
    x = torch.tensor(_X, dtype=torch.float64).view(1, 3, 1, 1)
    with torch.no_grad():
        return bn(x.repeat(2, 1, 1, 1))[0].flatten()


def _which_option(out: torch.Tensor) -> int:
    if torch.isnan(out).any():
        return 4
    x, gamma, beta = (torch.tensor(v, dtype=torch.float64) for v in (_X, _GAMMA, _BETA))
    candidates = {1: x, 2: beta, 3: gamma * x + beta}
    return next(k for k, v in candidates.items() if torch.allclose(out, v, atol=1e-6))


def _vec(v: tuple[float, ...]) -> str:
    return "(" + ", ".join(f"{a:g}".replace("-", "−") for a in v) + ")"


_gx_b = tuple(g * x + b for g, x, b in zip(_GAMMA, _X, _BETA, strict=True))

# --- 05.double3x3_macs: the double-3×3 branch of a module the lecture does not print ---
_rows = {r.name: r for r in INCEPTION_ROWS}
_4a = _rows["inception (4a)"]
_C_IN_4A = 192  # the stem's output (Fig. 5), then the channels of 3a, 3b and 3c in turn
for _name in ("inception (3a)", "inception (3b)", "inception (3c)"):
    _C_IN_4A = branch_sum(_rows[_name], _C_IN_4A)
_GRID_4A = 14  # 3c halves the 28×28 grid
_red, _dbl = _4a.dbl_red, _4a.dbl_3x3
_double = (
    conv_macs(1, _C_IN_4A, _red, _GRID_4A, _GRID_4A)
    + conv_macs(3, _red, _dbl, _GRID_4A, _GRID_4A)
    + conv_macs(3, _dbl, _dbl, _GRID_4A, _GRID_4A)
)
_area = _GRID_4A * _GRID_4A
_m1, _m2, _m3 = (
    conv_macs(1, _C_IN_4A, _red, _GRID_4A, _GRID_4A),
    conv_macs(3, _red, _dbl, _GRID_4A, _GRID_4A),
    conv_macs(3, _dbl, _dbl, _GRID_4A, _GRID_4A),
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="05.bn_params",
        prompt="How many learned parameters does nn.BatchNorm2d(64) have?",
        answer=2 * 64,
        unit="params",
        hint="Per channel, BN learns a scale γ and a shift β; the running statistics are buffers.",
        mistakes=(
            (4 * 64, "the running mean and variance are buffers, not learned parameters."),
            (64, "BN learns two numbers per channel: γ and β."),
            (2, "γ and β are per channel: there are 64 channels."),
        ),
        solution="γ and β for each of the 64 channels: 2 · 64 = 128 (plus 128 buffers).",
    ),
    Question(
        qid="05.bn_batch_of_one",
        prompt=(
            f"A BatchNorm layer with γ = {_vec(_GAMMA)} and β = {_vec(_BETA)}, in train mode, "
            f"gets a batch of ONE image of 1×1 pixels with the values x = {_vec(_X)} in its "
            "3 channels. What does Algorithm 1's formula output?"
        ),
        prompt_zh=(
            f"一个 BatchNorm 层（γ = {_vec(_GAMMA)}，β = {_vec(_BETA)}）处于训练模式，输入是只有"
            f"一张 1×1 图像的批次，三个通道的值为 x = {_vec(_X)}。按算法 1 的公式，它输出什么？"
            "请回答选项编号（或字母）。"
        ),
        options=(
            f"x itself, {_vec(_X)}: one image has nothing to normalize against",
            f"β = {_vec(_BETA)}, whatever x is",
            f"γ·x + β = {_vec(_gx_b)}",
            "NaN: the batch variance is 0, a division by zero",
        ),
        answer=_which_option(batch_of_one_output()),
        unit="option",
        hint=(
            "Per channel, the batch mean of a batch with one value is that value, and the "
            "variance is 0. Then look at ε in the denominator."
        ),
        mistakes=(
            (
                1,
                "train mode always normalizes with the batch statistics: μ_B = x, so x − μ_B = 0 "
                "in every channel; the output is not x.",
            ),
            (
                3,
                "γ·x + β skips the normalization; BN scales and shifts x̂ = (x − μ_B)/√(σ²_B + ε), "
                "and here x̂ = 0.",
            ),
            (
                4,
                "the denominator is √(σ²_B + ε) with ε > 0, so there is no division by zero: "
                "0 / √ε = 0, and the output is finite.",
            ),
        ),
        solution=(
            "With one value per channel, μ_B = x and σ²_B = 0, so x̂ = 0/√ε = 0 and y = γ·0 + β = "
            f"β = {_vec(_BETA)} for every input: the image's content is erased. PyTorch refuses "
            "this case in train mode (nn.BatchNorm2d raises 'Expected more than 1 value per "
            "channel when training'); two identical images give the same statistics, and the "
            "layer outputs β. In PyTorch a BN net therefore cannot train on batches of one image "
            "once a feature map is 1×1."
        ),
    ),
    Question(
        qid="05.double3x3_macs",
        prompt=(
            f"BN-Inception's module 4a reads a {_GRID_4A}×{_GRID_4A}×{_C_IN_4A} map. Its "
            f"double-3×3 branch (Fig. 5) is a 1×1 conv {_C_IN_4A}→{_red}, a 3×3 conv "
            f"{_red}→{_dbl} and a 3×3 conv {_dbl}→{_dbl}, all keeping the {_GRID_4A}×{_GRID_4A} "
            "grid. How many MACs (weights only) does the branch cost per image?"
        ),
        answer=_double,
        unit="MACs",
        hint=f"Add the three convs; each costs K·K·C_in·C_out·{_GRID_4A}·{_GRID_4A}.",
        mistakes=(
            (2 * _double, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                conv_macs(3, _red, _dbl, _GRID_4A, _GRID_4A)
                + conv_macs(3, _dbl, _dbl, _GRID_4A, _GRID_4A),
                f"you left out the 1×1 reduction's own cost ({_C_IN_4A} → {_red}).",
            ),
            (
                _double * 4,
                f"the grid of module 4a is {_GRID_4A}×{_GRID_4A}, not 28×28 (that is module 3a's).",
            ),
            (
                conv_macs(1, _C_IN_4A, _red, _GRID_4A, _GRID_4A)
                + conv_macs(5, _red, _dbl, _GRID_4A, _GRID_4A),
                "that is one 5×5 conv, GoogLeNet's branch; BN-Inception replaced it by two 3×3.",
            ),
        ),
        solution=(
            f"1·1·{_C_IN_4A}·{_red}·{_area} = {_m1:,}; 3·3·{_red}·{_dbl}·{_area} = {_m2:,}; "
            f"3·3·{_dbl}·{_dbl}·{_area} = {_m3:,}; "
            f"sum {_double:,} MACs. The explorer in 5.5 (module 4a) shows the same number."
        ),
    ),
    Question(
        qid="05.why_higher_lr",
        prompt=(
            "§3.3 of the BN paper is titled 'Batch Normalization enables higher learning rates'. "
            "Which property of BN does it give as a reason?"
        ),
        prompt_zh=(
            "BN 论文 §3.3 的标题是“Batch Normalization enables higher learning rates”。它给出的"
            "理由是 BN 的哪个性质？请回答选项编号（或字母）。"
        ),
        options=(
            "BN adds learned parameters (γ and β), and the extra capacity lets the net absorb "
            "larger steps",
            "BN's running mean and variance average out the noise of large steps",
            "BN(W·u) = BN((a·W)·u): scaling a layer's weights changes neither its output nor the "
            "gradient it passes back, and the gradient for the weights shrinks as 1/a — so "
            "weights grown by large steps do not amplify the gradients",
            "with BN no learning-rate decay is needed, so the rate can stay high",
        ),
        answer=3,
        unit="option",
        hint="Read §3.3's second paragraph: what happens to BN's output when W is scaled by a?",
        mistakes=(
            (
                1,
                "γ and β are 2 numbers per channel (nn.BatchNorm2d(64): 128), and §3.3 argues "
                "from the scale of the weights, not from capacity; the conclusion says BN "
                "'preserves the representation ability of the network'.",
            ),
            (
                2,
                "the running statistics are used only in eval mode (§3.1); a training step "
                "normalizes with the batch statistics, and no gradient reaches the running ones.",
            ),
            (
                4,
                "the paper kept a decay and made it faster: 'we lower the learning rate 6 times "
                "faster' (§4.2.1).",
            ),
        ),
        solution=(
            "§3.3: 'with Batch Normalization, backpropagation through a layer is unaffected by "
            "the scale of its parameters': BN(Wu) = BN((aW)u), ∂BN((aW)u)/∂u = ∂BN(Wu)/∂u and "
            "∂BN((aW)u)/∂(aW) = (1/a)·∂BN(Wu)/∂W — 'larger weights lead to smaller gradients, "
            "and Batch Normalization will stabilize the parameter growth.' Lecture 05 checks "
            "all three relations on one layer. Why this works in practice is still debated "
            "(Santurkar et al. 2018, arXiv:1805.11604)."
        ),
    ),
)

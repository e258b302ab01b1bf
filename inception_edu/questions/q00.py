"""Lecture 00 · the one formula: K·K·C_in·C_out·H·W multiply-adds."""

from ..cost import conv2d_cost
from ..question import Question

_conv1 = conv2d_cost(3, 64, 7, 224, 224, stride=2, padding=3)  # GoogLeNet's first layer
_conv1_bias = conv2d_cost(3, 64, 7, 224, 224, stride=2, padding=3, bias=True)

# Inception-v3's first layer (TF-slim Conv2d_1a_3x3): 3×3, stride 2, no padding, 3 → 32
_stem = conv2d_cost(3, 32, 3, 299, 299, stride=2, padding=0)
_stem_bias = conv2d_cost(3, 32, 3, 299, 299, stride=2, padding=0, bias=True)
_stem_same = conv2d_cost(3, 32, 3, 299, 299, stride=2, padding=1)  # "same" padding: 150×150
_stem_no_stride = conv2d_cost(3, 32, 3, 299, 299, stride=1, padding=0)  # 297×297

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="00.conv1_macs",
        prompt=(
            "GoogLeNet's first layer is a 7×7 convolution, stride 2, padding 3, from 3 to 64 "
            "channels, on a 224×224 image. How many MACs (weight multiply-accumulates) does it "
            "cost for one image?"
        ),
        answer=_conv1.macs,
        unit="MACs",
        hint="The output is 112×112 (stride 2). MACs = K·K·C_in·C_out·H_out·W_out.",
        mistakes=(
            (_conv1.flops, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                _conv1.macs + _conv1_bias.bias_adds,
                "you counted the bias adds; our MACs count weight multiply-accumulates only.",
            ),
            (
                7 * 7 * 3 * 64 * 224 * 224,
                "you used the input size 224×224; stride 2 gives 112×112.",
            ),
            (
                7 * 7 * 3 * 64 * 218 * 218,
                "the padding is 3, so the output is 112×112, not 109×109 "
                "(and you forgot the stride too).",
            ),
        ),
        solution=(
            "Output size: ⌊(224 + 2·3 − 7)/2⌋ + 1 = 112. Each of the 112·112·64 outputs gathers a "
            "7·7·3 window: 7·7·3·64·112·112 = 118,013,952 MACs (236,027,904 FLOPs)."
        ),
    ),
    Question(
        qid="00.stem3x3_macs",
        prompt=(
            "Inception-v3's first layer is a 3×3 convolution, stride 2, no padding, from 3 to 32 "
            "channels, on a 299×299 image. How many MACs does it cost for one image?"
        ),
        prompt_zh=(
            "Inception-v3 的第一层是 3×3 卷积，步长 2，不补零，3 → 32 通道，输入 299×299 图像。"
            "每张图像需要多少次乘加（MACs）？"
        ),
        answer=_stem.macs,
        unit="MACs",
        hint=(
            "First the output size: ⌊(H + 2p − K)/s⌋ + 1 with p = 0. Then "
            "K·K·C_in·C_out·H_out·W_out."
        ),
        mistakes=(
            (_stem.flops, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                3 * 3 * 3 * 32 * 299 * 299,
                "you used the input size 299×299; the MACs count output positions, and stride 2 "
                f"gives {_stem.out_h}×{_stem.out_w}.",
            ),
            (
                _stem_same.macs,
                f"that assumes padding 1 (a {_stem_same.out_h}×{_stem_same.out_w} output); with no "
                f"padding ⌊(299 − 3)/2⌋ + 1 = {_stem.out_h}.",
            ),
            (
                _stem_no_stride.macs,
                f"you left out the stride: {_stem_no_stride.out_h}×{_stem_no_stride.out_w} is the "
                f"stride-1 output; stride 2 gives {_stem.out_h}×{_stem.out_w}.",
            ),
        ),
        solution=(
            f"Output size: ⌊(299 + 2·0 − 3)/2⌋ + 1 = {_stem.out_h}. Each of the "
            f"{_stem.out_h}·{_stem.out_w}·32 outputs gathers a 3·3·3 window: "
            f"3·3·3·32·{_stem.out_h}·{_stem.out_w} = {_stem.macs:,} MACs ({_stem.flops:,} FLOPs) "
            "— about 1/6 of GoogLeNet's 7×7 first layer."
        ),
    ),
    Question(
        qid="00.stem3x3_params",
        prompt="How many parameters does that 3×3 convolution (3 → 32) have if it carries a bias?",
        answer=_stem_bias.params,
        unit="params",
        hint="Weights are K·K·C_in·C_out; a bias adds one number per output channel.",
        mistakes=(
            (_stem.params, "you left out the bias: +32, one per output channel."),
            (_stem.macs, "that is the MAC count; parameters do not grow with H·W."),
            (7 * 7 * 3 * 32 + 32, "the kernel is 3×3, not 7×7."),
        ),
        solution=(
            f"3·3·3·32 = {_stem.params:,} weights + 32 biases = {_stem_bias.params:,} parameters "
            "— the same for any image size."
        ),
    ),
    Question(
        qid="00.why_flops_2x",
        prompt=(
            "For torchvision's GoogLeNet our counter gives 1,498,376,192 multiply-adds per "
            "image; torch.utils.flop_counter reports 2,996,752,384 for the same model. "
            "Why the factor 2?"
        ),
        prompt_zh=(
            "对 torchvision 的 GoogLeNet，本课程的计数器给出每张图像 1,498,376,192 次乘加；"
            "torch.utils.flop_counter 对同一个模型报告 2,996,752,384。为什么差 2 倍？"
            "请回答选项编号（或字母）。"
        ),
        options=(
            "the flop counter also counts the bias adds and the BatchNorm layers",
            "it counts FLOPs: one multiply-add is a multiply and an add, 2 FLOPs",
            "it counts a training step: the forward and the backward pass",
            "the flop counter counts a larger network: it includes the auxiliary classifiers",
        ),
        answer=2,
        unit="option",
        hint="Look at 0.4: what is the flop counter's number for one conv layer, next to ours?",
        mistakes=(
            (
                1,
                "bias adds and normalization are small next to the convolutions (0.4's table: "
                "millions against 1.5 billion); and the counter's number is exactly 2 × our MACs, "
                "bias adds not included.",
            ),
            (
                3,
                "0.4 runs one forward pass; the counter's number is exactly 2 × the forward MACs, "
                "with no backward pass in it.",
            ),
            (
                4,
                "both numbers are for one and the same model (0.4 builds it without the aux heads, "
                "and the counter's number is exactly 2 × our MACs for it).",
            ),
        ),
        solution=(
            "A multiply-add (MAC) is two floating-point operations, a multiply and an add. Papers "
            "count multiply-adds; torch.utils.flop_counter counts FLOPs = 2 × MACs. On "
            "GoogLeNet's first layer: 118,013,952 MACs = 236,027,904 FLOPs (0.3). Always ask "
            "which convention a number uses before comparing."
        ),
    ),
)

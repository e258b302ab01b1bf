"""Lecture 00 · the one formula: K·K·C_in·C_out·H·W multiply-adds."""

from ..cost import conv2d_cost
from ..exercises import Question, register

_conv1 = conv2d_cost(3, 64, 7, 224, 224, stride=2, padding=3)  # GoogLeNet's first layer
_conv1_bias = conv2d_cost(3, 64, 7, 224, 224, stride=2, padding=3, bias=True)

register(
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
        qid="00.conv1_params",
        prompt="How many parameters does that convolution have if it carries a bias?",
        answer=_conv1_bias.params,
        unit="params",
        hint="Weights are K·K·C_in·C_out; a bias adds one number per output channel.",
        mistakes=(
            (_conv1.params, "you left out the bias: +64, one per output channel."),
            (7 * 7 * 3 * 64 * 112 * 112, "that is the MAC count; parameters do not grow with H·W."),
            (3 * 3 * 3 * 64 + 64, "the kernel is 7×7, not 3×3."),
        ),
        solution="7·7·3·64 = 9,408 weights + 64 biases = 9,472 parameters.",
    ),
    Question(
        qid="00.kernel_cost_ratio",
        prompt=(
            "Same input, same channels, same output size: how many times more MACs does a 5×5 "
            "convolution cost than a 3×3 one?"
        ),
        answer=25 / 9,
        rel_tol=0.01,
        hint="Only the kernel area changes.",
        mistakes=((5 / 3, "the cost grows with the kernel *area* K·K, not with K."),),
        solution="The ratio of kernel areas: 25/9 ≈ 2.78×.",
    ),
)

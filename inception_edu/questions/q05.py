"""Lecture 05 · batch normalization and BN-Inception."""

from ..cost import conv_macs
from ..exercises import Question, register
from ..models.bn_inception import INCEPTION_ROWS, branch_sum

_double = (
    conv_macs(1, 192, 64, 28, 28) + conv_macs(3, 64, 96, 28, 28) + conv_macs(3, 96, 96, 28, 28)
)
_4c = next(r for r in INCEPTION_ROWS if r.name == "inception (4c)")

register(
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
        qid="05.double3x3_macs",
        prompt=(
            "BN-Inception 3a, 28×28×192 input: the double-3×3 branch is 1×1 192→64, 3×3 64→96, "
            "3×3 96→96. Weight MACs of the branch?"
        ),
        answer=_double,
        unit="MACs",
        hint="Add the three convs; all keep the 28×28 grid (the 3×3s are padded).",
        mistakes=(
            (2 * _double, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                conv_macs(3, 64, 96, 28, 28) + conv_macs(3, 96, 96, 28, 28),
                "you left out the 1×1 reduction's own cost (192 → 64).",
            ),
            (
                conv_macs(5, 64, 96, 28, 28) + conv_macs(1, 192, 64, 28, 28),
                "that is a 5×5, the GoogLeNet branch; BN-Inception replaced it by two 3×3.",
            ),
        ),
        solution=(
            "1·1·192·64·784 = 9,633,792; 3·3·64·96·784 = 43,352,064; 3·3·96·96·784 = 65,028,096; "
            f"sum {_double:,} MACs."
        ),
    ),
    Question(
        qid="05.inception4c_channels",
        prompt="How many channels does module 4c of Fig. 5 output, from its own branch columns?",
        answer=branch_sum(_4c, 576),
        unit="channels",
        hint="Add #1×1, #3×3, double #3×3 and the pool projection.",
        mistakes=(
            (576, "576 is the printed size; the branches 160 + 160 + 160 + 128 sum to 608."),
            (480, "you left out the pool projection (128)."),
        ),
        solution="160 (1×1) + 160 (3×3) + 160 (double 3×3) + 128 (pool proj) = 608.",
    ),
)

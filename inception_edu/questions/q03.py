"""Lecture 03 · dimension reduction with 1×1 convolutions (1409.4842 §4, Fig. 2b)."""

from ..cost import conv_macs
from ..exercises import Question, register
from ..models.googlenet import INCEPTION_ROWS

# inception (3a) on its 28×28×192 input, widths from Table 1
_3a = next(r for r in INCEPTION_ROWS if r.name == "inception (3a)")
_C_IN, _SIZE = 192, 28
_ch1x1, _ch3x3red, _ch3x3, _ch5x5red, _ch5x5, _pool_proj = _3a[3:9]


def _macs(k: int, c_in: int, c_out: int) -> int:
    return conv_macs(k, c_in, c_out, _SIZE, _SIZE)


_red5 = _macs(1, _C_IN, _ch5x5red)  # the 1×1 reduction in front of the 5×5
_conv5 = _macs(5, _ch5x5red, _ch5x5)
_direct5 = _macs(5, _C_IN, _ch5x5)
_branch5 = _red5 + _conv5

_b1 = _macs(1, _C_IN, _ch1x1)
_red3 = _macs(1, _C_IN, _ch3x3red)
_conv3 = _macs(3, _ch3x3red, _ch3x3)
_proj = _macs(1, _C_IN, _pool_proj)
_module = _b1 + _red3 + _conv3 + _branch5 + _proj
_naive = _b1 + _macs(3, _C_IN, _ch3x3) + _direct5

_out = _ch1x1 + _ch3x3 + _ch5x5 + _pool_proj
_naive_out = _ch1x1 + _ch3x3 + _ch5x5 + _C_IN

register(
    Question(
        qid="03.branch5x5_macs",
        prompt=(
            "inception (3a)'s 5×5 branch on its 28×28×192 input: a 1×1 conv 192→16, then a 5×5 "
            "conv 16→32 ('same' padding). How many MACs does the whole branch cost per image?"
        ),
        answer=_branch5,
        unit="MACs",
        hint="Two convs, both on a 28×28 output: add 1·1·192·16·28·28 and 5·5·16·32·28·28.",
        mistakes=(
            (_conv5, "you forgot the 1×1 reduction's own cost (1·1·192·16·28·28 = 2,408,448)."),
            (_red5, "that is the 1×1 reduction alone; add the 5×5 conv 16→32 after it."),
            (2 * _branch5, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (_direct5, "that is the naive 5×5 192→32 without the reduction (Fig. 2a)."),
            (
                conv_macs(5, _ch5x5red, _ch5x5, 24, 24) + _red5,
                "with 'same' padding (2) the 5×5 keeps the 28×28 map; you used 24×24.",
            ),
        ),
        solution=(
            "1×1 192→16: 192·16·784 = 2,408,448 MACs; 5×5 16→32: 25·16·32·784 = 10,035,200 MACs; "
            "together 12,443,648 — against 25·192·32·784 = 120,422,400 for the naive 5×5 (9.7×)."
        ),
    ),
    Question(
        qid="03.branch5x5_saving",
        prompt=(
            "How many times fewer MACs does that 5×5 branch need with the 16-map 1×1 reduction "
            "than the naive 5×5 conv 192→32?"
        ),
        answer=_direct5 / _branch5,
        rel_tol=0.01,
        hint="Divide the naive branch's MACs by the reduced branch's — both convs of it.",
        mistakes=(
            (
                _direct5 / _conv5,
                "12× is 192/16, the 5×5 conv alone; the 1×1 reduction costs MACs too.",
            ),
            (_branch5 / _direct5, "you inverted the ratio: naive ÷ reduced is larger than 1."),
        ),
        solution=(
            "120,422,400 / 12,443,648 ≈ 9.68×. Without the reduction's own 2,408,448 MACs it "
            "would be 192/16 = 12×; the 1×1 conv is cheap but not free."
        ),
    ),
    Question(
        qid="03.inception3a_out",
        prompt=(
            "How many channels does inception (3a) (#1×1 64, #3×3 reduce 96, #3×3 128, "
            "#5×5 reduce 16, #5×5 32, pool proj 32) output on its 192-channel input?"
        ),
        answer=_out,
        unit="channels",
        hint="Only the last layer of each branch reaches the concatenation.",
        mistakes=(
            (
                _naive_out,
                "that is the naive module: its pool branch passes all 192 input channels, while "
                "here the pool projection cuts them to 32.",
            ),
            (
                _ch1x1 + _ch3x3red + _ch5x5red + _pool_proj,
                "you used the reduced widths (96, 16) as outputs; the reductions feed the 3×3 "
                "and 5×5 convs, whose 128 and 32 maps are concatenated.",
            ),
            (
                _ch1x1 + _ch3x3red + _ch3x3 + _ch5x5red + _ch5x5 + _pool_proj,
                "you added all six columns; the reduce columns are internal widths.",
            ),
        ),
        solution="64 + 128 + 32 + 32 = 256 — chosen by the designer, not the input's 192.",
    ),
    Question(
        qid="03.inception3a_macs",
        prompt=(
            "How many MACs does the whole inception (3a) module (with reductions) cost per image?"
        ),
        answer=_module,
        unit="MACs",
        hint="Six convs, all on 28×28 outputs: 1×1, 1×1 → 3×3, 1×1 → 5×5, pool → 1×1.",
        mistakes=(
            (2 * _module, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (_naive, "that is the naive module of Fig. 2(a), without any 1×1 reductions."),
            (
                _b1 + _conv3 + _conv5 + _proj,
                "you forgot the two 1×1 reductions' own cost (before the 3×3 and the 5×5).",
            ),
            (_module - _proj, "you left out the pool projection (1×1 192→32 after the pool)."),
        ),
        solution=(
            "branch1 9,633,792 + branch2 (18,063,360 + 86,704,128) + branch3 (2,408,448 + "
            "10,035,200) + branch4 4,816,896 = 128,049,152 MACs (naive: 303,464,448, 2.37×)."
        ),
    ),
)

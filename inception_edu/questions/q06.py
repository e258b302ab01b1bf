"""Lecture 06 · factorization into smaller and asymmetric convolutions (1512.00567 §3.1, §3.2)."""

from fractions import Fraction

from ..cost import asymmetric_saving, conv_macs, factorization_saving, kernel_area
from ..exercises import Question, register

_s5 = factorization_saving(5, [3, 3])  # 7/25
_s7 = asymmetric_saving(7)  # 5/7
_ratio_5_3 = Fraction(kernel_area(5), kernel_area(3))  # 25/9
_C, _SIZE = 192, 17  # Inception-v3's 17×17×192 grid (Mixed_6b–6e)
_pair7 = conv_macs((1, 7), _C, _C, _SIZE, _SIZE) + conv_macs((7, 1), _C, _C, _SIZE, _SIZE)
_full7 = conv_macs(7, _C, _C, _SIZE, _SIZE)

register(
    Question(
        qid="06.two_3x3_saving",
        prompt=(
            "A 5×5 conv C→C is replaced by two stacked 3×3 convs C→C→C (same 5×5 receptive "
            "field). What fraction of the weights (and MACs) does that save? Answer as a percent."
        ),
        answer=_s5,
        unit="%",
        rel_tol=0.002,
        hint="Per (input, output) channel pair a k×k kernel has k² weights: compare 25 with 9 + 9.",
        mistakes=(
            (1 - _s5, "that is the cost ratio 18/25, not the saving; the saving is 1 − 18/25."),
            (
                1 - Fraction(9, 25),
                "one 3×3 alone does not see 5×5; the replacement has two of them (9 + 9 = 18).",
            ),
            (1 - Fraction(2 * 3, 25), "you counted 3 + 3 per layer (kernel sides), not 9 + 9."),
        ),
        solution=(
            "25 weights per channel pair become 9 + 9 = 18, so the cost ratio is 18/25 = 0.72 and "
            'the saving 7/25 = 28% — the paper\'s "relative gain of 28%" (§3.1).'
        ),
    ),
    Question(
        qid="06.ratio_5x5_3x3",
        prompt="How many times more does a 5×5 conv cost than a 3×3 conv with the same channels?",
        answer=_ratio_5_3,
        rel_tol=0.002,
        hint="The channels and the grid cancel; only the kernel areas remain.",
        mistakes=(
            (Fraction(5, 3), "5/3 is the ratio of the kernel sides; the cost goes with the area."),
            (Fraction(9, 25), "you inverted the ratio: the 5×5 is the more expensive one."),
            (_s5, "that is the saving of two 3×3s over one 5×5 (7/25), not the cost ratio."),
        ),
        solution="25/9 ≈ 2.78: a 5×5 kernel has 25 weights per channel pair, a 3×3 has 9.",
    ),
    Question(
        qid="06.asym7_saving",
        prompt=(
            "Inception-v3 replaces a 7×7 conv C→C with a 1×7 conv then a 7×1 conv (C→C→C). "
            "What fraction of the cost does that save? Answer as a percent."
        ),
        answer=_s7,
        unit="%",
        rel_tol=0.002,
        hint="n×n → 1×n + n×1 turns n² weights per channel pair into 2n.",
        mistakes=(
            (1 - _s7, "that is the cost ratio 2/7, not the saving; the saving is 1 − 2/7."),
            (
                1 - Fraction(1, 2 * 7),
                "you divided by 2n instead of n²: the ratio is 2n/n² = 2/n, not 1/(2n).",
            ),
            (1 - Fraction(7, 49), "you counted only one of the two layers (7 of 49 weights)."),
        ),
        solution="49 weights per channel pair become 7 + 7 = 14: ratio 2/7, saving 5/7 ≈ 71.4%.",
    ),
    Question(
        qid="06.pair7_macs",
        prompt=(
            "On Inception-v3's 17×17×192 grid: a 1×7 conv 192→192 then a 7×1 conv 192→192, both "
            "'same'-padded. How many MACs per image does the pair cost?"
        ),
        answer=_pair7,
        unit="MACs",
        hint="Each layer costs 7·192·192·17·17 MACs; there are two layers.",
        mistakes=(
            (_full7, "that is the full 7×7 conv 192→192 (49·192²·289), not the factorized pair."),
            (_pair7 // 2, "that is one of the two layers; add the other (same cost)."),
            (2 * _pair7, "that is FLOPs (2 × MACs); the question asks for MACs."),
        ),
        solution=(
            "2 · 7·192·192·17·17 = 149,151,744 MACs, against 522,031,104 for the 7×7 — 2/7 of it."
        ),
    ),
)

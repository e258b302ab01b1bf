"""Lecture 06 · factorization into smaller and asymmetric convolutions (1512.00567 §3.1, §3.2).

The numbers the lecture prints (28%, 25/9, 71.4%, the 17×17×192 MACs) are not asked again here:
the questions are a *why* (the ReLU between the two 3×3s) and two *transfers* — the 1×n + n×1
saving when C_in ≠ C_out, and a time ratio from MAC rates (lecture 06 §6.6).
"""

from fractions import Fraction

from ..cost import asymmetric_saving, conv_macs, factorization_rows
from ..question import Question

# why: the ReLU between the two 3×3s (§3.1, Fig. 2)
_RELU_OPTIONS = (
    "Without it the two 3×3s are one linear map — a (restricted) 5×5 conv; with it they form a "
    "two-layer network, and in the paper's control experiment (Fig. 2) two ReLU layers beat "
    "linear + ReLU.",
    "Without it the pair would see only a 3×3 window instead of the full 5×5.",
    "It cuts the pair's multiply-adds further, below 18/25 of the 5×5.",
    "Without it the two layers could not be trained by backpropagation.",
)

# transfer: 1×7 C_in→C_out then 7×1 C_out→C_out against a 7×7 C_in→C_out
_CIN, _COUT, _GRID = 128, 384, 17
_rows = factorization_rows(7, _CIN, _COUT, _GRID)
_ratio_asym = Fraction(_rows[1].macs, _rows[0].macs)  # 4/7
_full = conv_macs(7, _CIN, _COUT, _GRID, _GRID)
_mid_cin = conv_macs((1, 7), _CIN, _CIN, _GRID, _GRID) + conv_macs(
    (7, 1), _CIN, _COUT, _GRID, _GRID
)
_one_layer = conv_macs((1, 7), _CIN, _COUT, _GRID, _GRID)

# transfer: time ratio = MAC ratio × (original's rate ÷ replacement's rate)
_RATE_7, _RATE_PAIR = 12, 5  # GMAC/s
_mac_ratio_7 = 1 - asymmetric_saving(7)  # 2/7
_time_ratio = _mac_ratio_7 * Fraction(_RATE_7, _RATE_PAIR)  # 24/35

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="06.relu_why",
        prompt=(
            "Inception-v3 keeps a ReLU between the two 3×3 convs that replace a 5×5. Why does "
            "that ReLU matter? Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "Inception-v3 用两个 3×3 卷积替换 5×5 时，在两层之间保留了 ReLU。这个 ReLU 为什么重要？"
            "请回答选项编号（或字母）。"
        ),
        options=_RELU_OPTIONS,
        answer=1,
        unit="option",
        hint="Lecture section 6.3: merge the two kernels into one 5×5 and compare, with and "
        "without the ReLU.",
        mistakes=(
            (
                2,
                "the window is 5×5 either way: the receptive field is 1 + Σ(k − 1) = 5 with or "
                "without an activation (lecture section 6.2 measured it; the merged linear pair "
                "is a 5×5 conv).",
            ),
            (
                3,
                "a ReLU does no multiply-adds; the 18/25 comes from the kernel areas (9 + 9 vs 25) "
                "alone, with or without it.",
            ),
            (
                4,
                "a pair without the middle ReLU also trains by backpropagation — the paper trained "
                "one and compared it (Fig. 2: linear + ReLU 76.2% vs two ReLUs 77.2% top-1).",
            ),
        ),
        solution=(
            "Two linear 3×3 layers compose into one linear map with a 5×5 window — a 5×5 conv "
            "whose kernel is the two 3×3 kernels convolved (lecture section 6.3 built it and "
            "matched the pair to "
            "1e-12). With the ReLU the pair is no such map (it is not even odd: f(−x) ≠ −f(x)). "
            "The paper (§3.1): 'using linear activation was always inferior to using rectified "
            "linear units in all stages of the factorization'; its Fig. 2 control run reached "
            "77.2% top-1 with two ReLU layers against 76.2% with linear + ReLU."
        ),
    ),
    Question(
        qid="06.asym_cin_cout",
        prompt=(
            f"A 7×7 conv from C_in = {_CIN} to C_out = {_COUT} channels on a {_GRID}×{_GRID} grid "
            f"is replaced by a 1×7 conv {_CIN}→{_COUT} then a 7×1 conv {_COUT}→{_COUT} (both "
            "'same'-padded). What fraction of the MACs does the replacement save? Answer as a "
            "percent."
        ),
        prompt_zh=(
            f"{_GRID}×{_GRID} 网格上一个 7×7 卷积（输入 {_CIN} 通道、输出 {_COUT} 通道）"
            f"被替换为 1×7 卷积 {_CIN}→{_COUT} 再接 7×1 卷积 {_COUT}→{_COUT}"
            "（均为 same padding）。乘加（MACs）节省了多少？请用百分数回答。"
        ),
        answer=1 - _ratio_asym,
        unit="%",
        rel_tol=0.002,
        hint=(
            "Cost = kernel area × C_in × C_out × H × W per layer: the 1×7 runs at "
            f"{_CIN}→{_COUT}, the 7×1 at {_COUT}→{_COUT}. `factorization_rows` does the sums."
        ),
        mistakes=(
            (
                asymmetric_saving(7),
                "1 − 2/7 holds only when C_in = C_out; here the 7×1 runs at 384→384, three times "
                "the 7×7's input width.",
            ),
            (_ratio_asym, "that is the cost ratio (replacement ÷ 7×7), not the saving."),
            (
                1 - Fraction(_mid_cin, _full),
                "that puts the middle width at C_in = 128 (1×7 128→128, 7×1 128→384); the "
                "question's 1×7 goes straight to 384 channels.",
            ),
            (1 - Fraction(_one_layer, _full), "you counted only the 1×7 layer; add the 7×1."),
        ),
        solution=(
            f"7×7: 49·{_CIN}·{_COUT}·{_GRID}² MACs. Pair: 7·{_CIN}·{_COUT}·{_GRID}² + "
            f"7·{_COUT}·{_COUT}·{_GRID}² = 7·{_COUT}·({_CIN} + {_COUT})·{_GRID}². Ratio "
            f"({_CIN} + {_COUT}) / (7·{_CIN}) = {_ratio_asym}, saving {1 - _ratio_asym} ≈ "
            f"{float(1 - _ratio_asym):.1%} — far less than the 71.4% of the C→C→C case, because "
            "the wide 7×1 layer dominates. `factorization_rows(7, 128, 384, 17)` gives the same."
        ),
    ),
    Question(
        qid="06.time_from_rates",
        prompt=(
            f"On some CPU a 7×7 conv C→C runs at {_RATE_7} GMAC/s (billion multiply-adds per "
            f"second), its 1×7 + 7×1 replacement (C→C→C, same input) at only {_RATE_PAIR} GMAC/s. "
            "What is the time ratio replacement ÷ original?"
        ),
        prompt_zh=(
            f"某 CPU 上，7×7 卷积 C→C 的速度是 {_RATE_7} GMAC/s（每秒十亿次乘加），"
            f"它的 1×7 + 7×1 替代（C→C→C，输入相同）只有 {_RATE_PAIR} GMAC/s。"
            "时间比（替代 ÷ 原卷积）是多少？"
        ),
        answer=_time_ratio,
        rel_tol=0.002,
        hint="time = MACs ÷ rate, so time ratio = MAC ratio × (original's rate ÷ replacement's).",
        mistakes=(
            (_mac_ratio_7, "that is the MAC ratio 2/7; the two run at different rates."),
            (
                _mac_ratio_7 * Fraction(_RATE_PAIR, _RATE_7),
                "the rates are inverted: the slower replacement takes longer per MAC, so multiply "
                f"by {_RATE_7}/{_RATE_PAIR}, not {_RATE_PAIR}/{_RATE_7}.",
            ),
            (
                Fraction(_RATE_7, _RATE_PAIR),
                "that is the rate ratio alone; the replacement also does only 2/7 of the MACs.",
            ),
        ),
        solution=(
            f"time ratio = (2/7) × ({_RATE_7}/{_RATE_PAIR}) = {_time_ratio} ≈ "
            f"{float(_time_ratio):.2f}: the pair is still faster, but saves "
            f"{1 - float(_time_ratio):.0%} of the time instead of 71%. It would break even at a "
            "rate 2/7 of the original's."
        ),
    ),
)

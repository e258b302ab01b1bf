"""Lecture 07 · grid-size reduction: conv then pool, pool then conv, parallel (1512.00567 §5).

The numbers the lecture prints (the 35×35×320 MACs, 92,480 values, the 4× and 8.48×) are not
asked again: the first question asks *why* the parallel module escapes the bottleneck, the
other two apply the lecture's counts to grids it does not print.
"""

from fractions import Fraction

from ..cost import conv_macs, grid_reduction_rows
from ..question import Question

# why: the parallel module vs pool-then-conv (§2 principle 1, §5, Figs. 9–10)
_WHY_OPTIONS = (
    "In pool-then-conv every output value is computed from the pooled 17×17×320 map — half as "
    "many values as the output; in the parallel module the conv half reads the full 35×35 input, "
    "so nothing narrower than the output stands between input and output.",
    "Its conv has stride 2, and a strided conv loses less than a max pool.",
    "It has more weights, so it can keep more of the input.",
    "It uses average pooling, which keeps more than max pooling.",
)

# transfer: MACs of a Fig. 10-style module on a grid the lecture does not price
_D, _K = 28, 256
_conv_first, _pool_first, _parallel = grid_reduction_rows(_D, _K, 3)
_H = _D // 2

# transfer: the cost ratio on an odd grid — Inception-v3's stem reduction 71×71×192 → 35×35
_D_ODD, _K_ODD = 71, 192
_odd = grid_reduction_rows(_D_ODD, _K_ODD, 3)
_odd_ratio = Fraction(_odd[0].macs, _odd[2].macs)
_odd_vs_pool = Fraction(_odd[0].macs, _odd[1].macs)
_d35 = grid_reduction_rows(35, 320, 3)
_d35_ratio = Fraction(_d35[0].macs, _d35[2].macs)

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="07.parallel_why",
        prompt=(
            "Pool-then-conv and Fig. 10's parallel module both turn 35×35×320 into 17×17×640, "
            "and both run their only conv on the 17×17 grid. Why is pool-then-conv a "
            "representational bottleneck and the parallel module not? Answer with the option's "
            "number (or letter)."
        ),
        prompt_zh=(
            "*（为什么）* 先池化后卷积与图 10 的并行模块都把 35×35×320 变为 17×17×640，"
            "两者唯一的卷积都在 17×17 网格上运行。为什么先池化后卷积是表示瓶颈，而并行模块不是？"
            "请回答选项编号（或字母）。"
        ),
        options=_WHY_OPTIONS,
        answer=1,
        unit="option",
        hint=(
            "Lecture section 7.1: follow the values from input to output and find the narrowest "
            "map every output value has to come through."
        ),
        mistakes=(
            (
                2,
                "a stride-2 conv also keeps only every other position; the difference is what "
                "the output is computed from — in pool-then-conv, only the pooled half-size map.",
            ),
            (
                3,
                "it has half the weights: its conv maps 320→320, pool-then-conv's 320→640 "
                "(9·320·320 vs 9·320·640).",
            ),
            (
                4,
                "§5 allows 'either average or maximum pooling', and the lecture's three options "
                "all use the same max pool: the pool type is not what removes the bottleneck.",
            ),
        ),
        solution=(
            "Pool-then-conv: pool 35×35×320 → 17×17×320 (92,480 values), then conv → 17×17×640 "
            "(184,960): every output value is computed from a map half the output's size — the "
            "bottleneck of §2's principle 1. Parallel (Fig. 10): a stride-2 conv reads the full "
            "35×35×320 input and makes 320 channels, the pool makes the other 320; nothing "
            "narrower than the 184,960-value output lies on the way, and it costs half of "
            "pool-then-conv (a 320→320 conv instead of 320→640)."
        ),
    ),
    Question(
        qid="07.parallel_macs",
        prompt=(
            f"*(transfer)* You design a Fig. 10-style reduction for a {_D}×{_D}×{_K} map → "
            f"{_H}×{_H}×{2 * _K}: a 3×3 stride-2 conv {_K}→{_K} beside a 3×3 stride-2 max pool "
            f"of the {_K} inputs, concatenated. How many MACs per image?"
        ),
        prompt_zh=(
            f"*（迁移）* 你为 {_D}×{_D}×{_K} → {_H}×{_H}×{2 * _K} 设计一个图 10 式的网格缩减："
            f"3×3 stride-2 卷积 {_K}→{_K}，旁边是对 {_K} 个输入通道的 3×3 stride-2 最大池化，"
            "两者拼接。每张图像需要多少次乘加（MACs）？"
        ),
        answer=_parallel.macs,
        unit="MACs",
        hint=(
            f"Only the conv has MACs: output {_H}×{_H} · kernel 3·3 · {_K} in · {_K} out. The "
            "pool costs none and supplies the other half of the channels."
        ),
        mistakes=(
            (
                _pool_first.macs,
                f"that is twice the answer: a conv to {2 * _K} channels (pool-then-conv's) — or "
                f"FLOPs, 2 per MAC. The conv makes only {_K} channels; the pool supplies the rest.",
            ),
            (
                conv_macs(3, _K, _K, _D, _D),
                f"you ran the conv on the {_D}×{_D} grid; stride 2 puts its outputs on {_H}×{_H}.",
            ),
            (
                _conv_first.macs,
                f"that is conv-then-pool ({_K}→{2 * _K} on {_D}×{_D}), the expensive option.",
            ),
            (
                conv_macs(1, _K, _K, _H, _H),
                "you left out the kernel area: a 3×3 conv has 9 MACs per input channel and "
                "output position.",
            ),
        ),
        solution=(
            f"{_H}·{_H} · 3·3 · {_K} · {_K} = {_parallel.macs:,} MACs "
            f"(`grid_reduction_rows({_D}, {_K})`) — half of pool-then-conv's "
            f"{_pool_first.macs:,} and an eighth of conv-then-pool's "
            f"{_conv_first.macs:,}, as for every even grid."
        ),
    ),
    Question(
        qid="07.odd_grid_ratio",
        prompt=(
            f"*(transfer)* Inception-v3's stem shrinks {_D_ODD}×{_D_ODD}×{_K_ODD} to 35×35 with "
            "a plain max pool. Suppose it doubled the channels there instead, either with "
            f"conv-then-pool (3×3 conv {_K_ODD}→{2 * _K_ODD} on {_D_ODD}×{_D_ODD}, then pool) or "
            f"with Fig. 10's parallel module (3×3/2 conv {_K_ODD}→{_K_ODD} ‖ pool). How many times "
            "the parallel module's MACs would conv-then-pool cost?"
        ),
        prompt_zh=(
            f"*（迁移）* Inception-v3 的 stem 用一个普通最大池化把 {_D_ODD}×{_D_ODD}×{_K_ODD} "
            "缩小到 35×35。假设在这里同时把通道数翻倍：要么先卷积后池化（在 "
            f"{_D_ODD}×{_D_ODD} 上做 3×3 卷积 {_K_ODD}→{2 * _K_ODD}，再池化），要么用图 10 的"
            f"并行模块（3×3/2 卷积 {_K_ODD}→{_K_ODD} ‖ 池化）。"
            "先卷积后池化的乘加是并行模块的多少倍？"
        ),
        answer=_odd_ratio,
        rel_tol=0.002,
        hint=(
            "Both convs have the same kernel; compare (grid cells) × (output channels): the "
            "halved grid is ⌊71/2⌋ = 35, not 35.5."
        ),
        mistakes=(
            (
                8,
                "8 holds only for even d. With d = 71 the halved grid is 35, not 35.5, so the "
                "ratio is 2·71²/35², a little above 8.",
            ),
            (
                _odd_vs_pool,
                "that is conv-then-pool ÷ pool-then-conv; the parallel module costs half of "
                "pool-then-conv.",
            ),
            (_d35_ratio, "8.48 is the lecture's d = 35 ratio; d = 71 gives 2·71²/35²."),
            (2, "that is pool-then-conv ÷ parallel; the question compares conv-then-pool."),
        ),
        solution=(
            f"conv-then-pool: {_D_ODD}²·9·{_K_ODD}·{2 * _K_ODD}; parallel: 35²·9·{_K_ODD}². "
            f"Ratio 2·{_D_ODD}²/35² = {_odd_ratio} ≈ {float(_odd_ratio):.2f} — 8 × (35.5/35)², "
            "closer to 8 than d = 35's 8.48 because flooring 35.5 to 35 loses a smaller share "
            "than flooring 17.5 to 17."
        ),
    ),
)

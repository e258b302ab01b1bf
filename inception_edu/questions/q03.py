"""Lecture 03 · dimension reduction with 1×1 convolutions (1409.4842 §4, §5, Fig. 2(b), Table 1).

Two transfer questions (a new width, a new module) and two "why" questions. Every number is
computed from :mod:`inception_edu.cost` and Table 1's widths (``INCEPTION_ROWS``).
"""

from ..cost import conv_macs, reduction_rows
from ..models.googlenet import INCEPTION_ROWS
from ..question import Question

_ROWS = {r.name: r for r in INCEPTION_ROWS}

# --- where the 5×5 reduction of inception (3a) stops paying ---------------------------------
_3a = _ROWS["inception (3a)"]
_C_IN, _SIZE, _C5 = 192, 28, _3a.ch5x5  # 3a reads 28×28×192; its 5×5 branch makes 32 maps


def _branch5(r: int) -> int:
    """MACs of 1×1 192→r then 5×5 r→32 on 28×28."""
    return conv_macs(1, _C_IN, r, _SIZE, _SIZE) + conv_macs(5, r, _C5, _SIZE, _SIZE)


_direct5 = conv_macs(5, _C_IN, _C5, _SIZE, _SIZE)
_breakeven = max(r for r in range(1, _C_IN + 1) if _branch5(r) < _direct5)
_per_pixel_direct = conv_macs(5, _C_IN, _C5, 1, 1)  # 25·192·32 per output pixel
_per_pixel_r = conv_macs(1, _C_IN, 1, 1, 1) + conv_macs(5, 1, _C5, 1, 1)  # (192 + 25·32)·r
_no_1x1_cost = max(r for r in range(1, _C_IN + 1) if conv_macs(5, r, _C5, 1, 1) < _per_pixel_direct)

# --- inception (4e)'s 5×5 branch ------------------------------------------------------------
_4e = _ROWS["inception (4e)"]
_4E_IN, _4E_SIZE = 528, 14  # 4d's output, 14×14×528 (Table 1)
_4e_direct = conv_macs(5, _4E_IN, _4e.ch5x5, _4E_SIZE, _4E_SIZE)
_4e_reduce = conv_macs(1, _4E_IN, _4e.ch5x5red, _4E_SIZE, _4E_SIZE)
_4e_conv5 = conv_macs(5, _4e.ch5x5red, _4e.ch5x5, _4E_SIZE, _4E_SIZE)
_4e_saving = _4e_direct / (_4e_reduce + _4e_conv5)
_4e_total = reduction_rows(_4E_IN, _4E_SIZE, *_4e.widths)[-1]
_4e_module_ratio = _4e_total.naive.macs / _4e_total.reduced.macs
_832 = conv_macs(5, 832, _4e.ch5x5, 1, 1) / (
    conv_macs(1, 832, _4e.ch5x5red, 1, 1) + conv_macs(5, _4e.ch5x5red, _4e.ch5x5, 1, 1)
)

# --- numbers the "why" questions' explanations quote -----------------------------------------
_rows3a = reduction_rows(_C_IN, _SIZE, *_3a.widths)
_pool_proj_macs = _rows3a[3].reduced.macs
_naive_out, _out = _rows3a[-1].naive.channels, _rows3a[-1].reduced.channels

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="03.breakeven_5x5red",
        prompt=(
            "inception (3a)'s 5×5 branch reads a 28×28×192 input and makes 32 maps. Replace its "
            "16-map reduction by r maps: a 1×1 conv 192→r, then a 5×5 conv r→32 ('same' "
            "padding). What is the largest whole number r for which this branch needs strictly "
            "fewer MACs than the direct 5×5 conv 192→32?"
        ),
        prompt_zh=(
            "inception (3a) 的 5×5 分支输入为 28×28×192，输出 32 个特征图。把其中降到 16 个通道的 "
            "1×1 卷积换成降到 r 个通道：先 1×1 卷积 192→r，再 5×5 卷积 r→32（same 填充）。"
            "使这个分支的乘加次数严格少于直接做 5×5 卷积 192→32 的最大整数 r 是多少？"
        ),
        answer=_breakeven,
        unit="channels",
        hint=(
            "Both sides run on the same 28×28 grid, so compare per pixel: 192·r + 25·r·32 "
            "against 25·192·32, and solve for r."
        ),
        mistakes=(
            (
                _no_1x1_cost,
                "you left out the 1×1 conv's own cost: 25·r·32 < 25·192·32 alone gives r ≤ 191, "
                "but the reduction adds 192·r MACs per pixel.",
            ),
            (
                _breakeven + 1,
                f"r = {_breakeven + 1} already costs {_branch5(_breakeven + 1):,} MACs, more than "
                f"the direct {_direct5:,}; the bound r < {_per_pixel_direct:,}/{_per_pixel_r} ≈ "
                f"{_per_pixel_direct / _per_pixel_r:.1f} must be rounded down.",
            ),
            (
                _C_IN,
                "a 1×1 conv 192→192 reduces nothing and adds its own MACs, so it costs more than "
                "the direct 5×5 — the answer is below 192.",
            ),
            (
                _3a.ch5x5red,
                "16 is the width Table 1 chose, far below the break-even; the question asks for "
                "the largest r that still saves MACs.",
            ),
        ),
        solution=(
            f"Per pixel the branch costs 192·r + 25·r·32 = {_per_pixel_r}·r MACs, the direct 5×5 "
            f"25·192·32 = {_per_pixel_direct:,}. {_per_pixel_r}·r < {_per_pixel_direct:,} ⇔ "
            f"r < {_per_pixel_direct / _per_pixel_r:.1f}, so r = {_breakeven}: "
            f"{_branch5(_breakeven):,} < {_direct5:,} MACs, while r = {_breakeven + 1} gives "
            f"{_branch5(_breakeven + 1):,}. The spatial size cancels; Table 1's 16 is far inside "
            "the paying range."
        ),
    ),
    Question(
        qid="03.inception4e_5x5_saving",
        prompt=(
            "inception (4e) reads a 14×14×528 map. Its 5×5 branch (Table 1: #5×5 reduce 32, "
            "#5×5 128) is a 1×1 conv 528→32, then a 5×5 conv 32→128 ('same' padding). How many "
            "times fewer MACs does it need than a direct 5×5 conv 528→128 on the same map?"
        ),
        prompt_zh=(
            "inception (4e) 的输入为 14×14×528。它的 5×5 分支（表 1：#5×5 reduce 32，#5×5 128）"
            "先做 1×1 卷积 528→32，再做 5×5 卷积 32→128（same 填充）。与在同一特征图上直接做 "
            "5×5 卷积 528→128 相比，直接卷积的乘加次数是该分支的多少倍？"
        ),
        answer=_4e_saving,
        hint=(
            "Naive ÷ reduced, with both convs of the reduced branch: 25·528·128 against "
            "528·32 + 25·32·128 per pixel (the 14×14 cancels)."
        ),
        mistakes=(
            (
                _4e_direct / _4e_conv5,
                "16.5 = 528/32 compares the two 5×5 convs only; the 1×1 reduction costs MACs too.",
            ),
            (
                1 / _4e_saving,
                "you inverted the ratio: naive ÷ reduced is larger than 1.",
            ),
            (
                _4e_saving - 1,
                "that is (naive − reduced) ÷ reduced, how many times *more* the naive conv "
                "spends on top of the branch; the question asks for naive ÷ reduced.",
            ),
            (
                _4e_module_ratio,
                "that is the whole module's ratio (all four branches, §3.6); the question asks "
                "for the 5×5 branch alone.",
            ),
            (
                _832,
                "832 is 4e's output width; its input is 4d's output, 528 channels.",
            ),
        ),
        solution=(
            f"direct 5×5 528→128: 25·528·128·196 = {_4e_direct:,} MACs; 1×1 528→32: "
            f"{_4e_reduce:,}; 5×5 32→128: {_4e_conv5:,}; reduced branch "
            f"{_4e_reduce + _4e_conv5:,}. Ratio {_4e_saving:.2f}× — below 528/32 = 16.5 "
            "because the reduction is not free."
        ),
    ),
    Question(
        qid="03.why_reduce_before",
        prompt=(
            "Fig. 2(b) puts the 1×1 reduction before the 5×5 conv, not after it. Why? "
            "Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "图 2(b) 把 1×1 降维放在 5×5 卷积之前，而不是之后。为什么？请回答选项编号（或字母）。"
        ),
        options=(
            "A 1×1 conv after the 5×5 would change the 28×28 map size, so the branches could "
            "no longer be concatenated.",
            "The 5×5's MACs grow with the channels it reads; with the 1×1 after it, the 5×5 "
            "would still read all 192 input channels.",
            "Only a 1×1 conv placed before a larger conv can be followed by a ReLU.",
            "The paper measured a higher accuracy with the reduction first.",
        ),
        answer=2,
        unit="option",
        hint="Write the 5×5's MACs as 25·C_read·32·28·28: which C_read does each placement give?",
        mistakes=(
            (
                1,
                "a 1×1 conv at stride 1 keeps the 28×28 map wherever it sits; the problem is "
                "cost, not shape.",
            ),
            (
                3,
                "every conv of the module is conv → ReLU (§3.4): branch 1's 1×1 and the pool "
                "projection included. The ReLU does not decide the placement.",
            ),
            (
                4,
                "§4 gives a computational reason — reductions go 'wherever the computational "
                "requirements would increase too much otherwise' — and this lecture compares "
                "costs, not accuracies.",
            ),
        ),
        solution=(
            f"A K×K conv costs K²·C_read·C_out·H·W MACs. Before the 5×5, the 1×1 makes it read 16 "
            f"channels instead of 192 (branch: {_branch5(16):,} MACs). After it, the 5×5 still "
            f"reads 192 ({_direct5:,} MACs) and the 1×1 only adds its own cost."
        ),
    ),
    Question(
        qid="03.why_pool_projection",
        prompt=(
            "Why does the pool branch of Fig. 2(b) end in a 1×1 projection conv? "
            "Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "为什么图 2(b) 中池化分支的最后要接一个 1×1 投影卷积？请回答选项编号（或字母）。"
        ),
        options=(
            "The 3×3 max pool shrinks the 28×28 map, and the 1×1 conv restores its size.",
            "To save MACs: the projection makes the pool branch cheaper.",
            "A max pool keeps all C_in input channels; without a projection they all join the "
            "output, and every module would be wider than its input.",
            "A max pool has no weights, so its output could not be trained without a conv "
            "after it.",
        ),
        answer=3,
        unit="option",
        hint="Count the naive module's output channels at 3a, then the reduced module's.",
        mistakes=(
            (
                1,
                "the module's max pool is 3×3 with stride 1 and padding 1: it keeps 28×28 "
                "(lecture 02).",
            ),
            (
                2,
                f"it does the opposite: the bare pool costs 0 MACs, the projection adds "
                f"{_pool_proj_macs:,} at 3a (§3.2's table).",
            ),
            (
                4,
                "the pooled channels are outputs of trained layers below; the problem §4 names is "
                "their number: 'their number of output filters equals to the number of filters "
                "in the previous stage'.",
            ),
        ),
        solution=(
            f"At 3a the naive module outputs 64 + 128 + 32 + 192 = {_naive_out} channels, the "
            f"pool handing on all 192; with the projection it outputs 64 + 128 + 32 + 32 = {_out}. "
            "Without it every naive module is wider than its input and the next one pays for "
            "that (the snowball of lecture 02)."
        ),
    ),
)

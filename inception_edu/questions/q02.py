"""Lecture 02 · the naive Inception module (1409.4842 Fig. 2(a)) and its channel snowball.

The lecture works the naive module at inception(3a)'s position (28×28×192, 64/128/32 filters) and
a stack of them. The numeric exercises transfer the method to a module the lecture does not print
(inception(4a)'s widths on its 14×14×480 input), to a 7×7 branch and to a stack with 3a's widths;
the multiple-choice one asks why the channels snowball.
"""

from ..cost import conv_macs, module_total, naive_module_rows, snowball
from ..models.googlenet import TABLE_1
from ..question import Question

BUDGET = 1_500_000_000  # GoogLeNet's inference budget, "1.5 billion multiply-adds" (§1)

# inception(4a)'s widths (Table 1) as a naive module on the 14×14×480 map in front of 4a.
_row4a = next(r for r in TABLE_1 if r.name == "inception (4a)")
_widths4a = (_row4a.ch1x1, _row4a.ch3x3, _row4a.ch5x5)  # 192, 208, 48
_C4A, _S4A = 480, 14
_4a = module_total(naive_module_rows(_C4A, *_widths4a, size=_S4A))
_4a_on_28 = module_total(naive_module_rows(_C4A, *_widths4a, size=28))
_4a_on_192 = module_total(naive_module_rows(192, *_widths4a, size=_S4A))
_k_not_k2 = sum(k * _C4A * c * _S4A * _S4A for k, c in zip((1, 3, 5), _widths4a, strict=True))
_no_5x5 = conv_macs(1, _C4A, _widths4a[0], _S4A, _S4A) + conv_macs(
    3, _C4A, _widths4a[1], _S4A, _S4A
)

# naive modules that all use 3a's widths, stacked on 28×28 from 192 channels: when is the stack
# over GoogLeNet's budget for the whole network?
_stack = snowball(192, (64, 128, 32), depth=12, size=28)
_over = next(s.module for s in _stack if s.total_macs > BUDGET)  # 3
_last_under = _stack[_over - 2]
_same_cost = next(n for n in range(1, 20) if n * _stack[0].macs > BUDGET)  # 5


def _whole(v: float) -> str | None:
    return None if v.is_integer() else "padding is a whole number of pixels."


QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="02.naive4a_channels",
        prompt=(
            "Build a naive Inception module with inception(4a)'s widths (1×1: 192, 3×3: 208, "
            "5×5: 48 filters, plus a 3×3 max pool with stride 1) on the 14×14×480 map that "
            "GoogLeNet feeds to 4a. How many channels does its concatenated output have?"
        ),
        answer=_4a.channels,
        unit="channels",
        hint="Concatenation adds up the channels of all four branches. What does the pool output?",
        mistakes=(
            (
                sum(_widths4a),
                "you forgot the pool branch: max pooling keeps all 480 input channels.",
            ),
            (_C4A, "480 is the input; the output concatenates all four branches."),
            (
                _4a_on_192.channels,
                "192 is inception(3a)'s input; this module's pool branch passes its own 480 "
                "input channels through.",
            ),
        ),
        solution=(
            f"192 + 208 + 48 from the convolutions + 480 passed through by the pool = "
            f"{_4a.channels}."
        ),
    ),
    Question(
        qid="02.naive4a_macs",
        prompt=(
            "How many MACs (weight multiply-accumulates) does that naive 4a module cost for one "
            "image? (The max pool has no weights.)"
        ),
        answer=_4a.macs,
        unit="MACs",
        hint="Sum K·K·C_in·C_out·H·W over the three conv branches; every output map is 14×14.",
        mistakes=(
            (2 * _4a.macs, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                _4a_on_28.macs,
                "you used a 28×28 grid; 4a sits after the third stride-2 pool, on 14×14.",
            ),
            (
                _4a_on_192.macs,
                "you used 192 input channels (3a's input); 4a's input has 480.",
            ),
            (_k_not_k2, "the cost grows with the kernel *area* K·K, not with K."),
            (_no_5x5, "you left out the 5×5 branch."),
        ),
        solution=(
            f"1×1: 1·480·192·196 = {conv_macs(1, 480, 192, 14, 14):,}; "
            f"3×3: 9·480·208·196 = {conv_macs(3, 480, 208, 14, 14):,}; "
            f"5×5: 25·480·48·196 = {conv_macs(5, 480, 48, 14, 14):,}; pool: 0. "
            f"Total {_4a.macs:,} MACs — about as much as the naive 3a on its 28×28 grid: "
            "a quarter of the pixels, but 2.5× the input channels and wider branches."
        ),
    ),
    Question(
        qid="02.pad_7x7",
        prompt=(
            "Give the naive module a fifth branch, a 7×7 convolution with stride 1. How much zero "
            "padding per side keeps its output at the input's 28×28, so it can be concatenated?"
        ),
        answer=3,
        unit="pixels",
        hint="H_out = H + 2p − K + 1 at stride 1; solve H_out = H.",
        mistakes=(
            (6, "6 is the total over both sides; padding is given per side: (K − 1)/2."),
            (2, "padding 2 is right for the 5×5 branch; a 7×7 needs (7 − 1)/2."),
            (7, "the padding is (K − 1)/2 per side, not K."),
            (3.5, "the padding is (K − 1)/2 = 3, not K/2."),
        ),
        checks=(_whole,),
        solution="28 + 2p − 7 + 1 = 28 ⇒ p = 3. In general p = (K − 1)/2 for odd K at stride 1.",
    ),
    Question(
        qid="02.modules_over_budget",
        prompt=(
            "Stack naive modules that ALL use inception(3a)'s widths (64 / 128 / 32) on a 28×28 "
            "grid, starting from 192 channels. The first one costs 303,464,448 MACs. After how "
            "many modules does the stack's total first exceed GoogLeNet's budget of 1.5 billion "
            "multiply-adds for the whole network?"
        ),
        answer=_over,
        hint="Module n reads 192 + 224·(n − 1) channels; its cost grows with that. Add up.",
        mistakes=(
            (
                _over - 1,
                f"after {_over - 1} modules the stack costs {_last_under.total_macs:,} MACs, "
                "still under 1.5 billion (the budget counts multiply-adds, i.e. MACs, not FLOPs).",
            ),
            (
                _same_cost,
                "you gave every module the first one's cost; each module reads 224 more channels "
                "than the one before, so each costs more.",
            ),
        ),
        solution=(
            "Running totals (MACs): "
            + ", ".join(f"{s.total_macs:,}" for s in _stack[:_over])
            + f". Module {_over} reads {_stack[_over - 1].c_in} channels and takes the stack "
            f"past 1.5 billion: three naive modules on one 28×28 grid already cost more than "
            "GoogLeNet's whole network is allowed."
        ),
    ),
    Question(
        qid="02.why_snowball",
        prompt=(
            "Why does the channel count grow from module to module when naive Inception modules "
            "are stacked? Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "堆叠朴素 Inception 模块时，为什么通道数会一个模块比一个模块多？"
            "请回答选项编号（或字母）。"
        ),
        options=(
            "Padding keeps every branch at the input's height and width, so the maps grow a "
            "little with every module.",
            "The 5×5 branch has 25 weights per channel pair, so it outputs more channels than "
            "the other branches.",
            "The max-pool branch has no filters: it passes all C_in input channels through, and "
            "the convolutions' channels are concatenated on top, so C_out = C_in + #1×1 + #3×3 "
            "+ #5×5.",
            "Concatenation adds the four branch outputs element by element, so the values pile "
            "up from module to module.",
        ),
        answer=3,
        unit="option",
        hint="Count the output channels of each branch. Which one depends on the input?",
        mistakes=(
            (
                1,
                "padding keeps height and width at 28×28 — they do not grow at all; it is the "
                "channel count that grows.",
            ),
            (
                2,
                "the kernel size sets a branch's cost, not its channels: the 5×5 branch outputs "
                "exactly its #5×5 filters (32 at 3a).",
            ),
            (
                4,
                "concatenation stacks the outputs along the channel axis; an element-wise sum "
                "would need equal channel counts and would not add any.",
            ),
        ),
        solution=(
            "The pool branch outputs as many channels as it receives (192 at 3a), so every "
            "naive module's output is its input plus #1×1 + #3×3 + #5×5: 192 → 416 → 832 with "
            "3a's then 3b's widths. The paper: 'their number of output filters equals to the "
            "number of filters in the previous stage' (1409.4842 §4)."
        ),
    ),
)

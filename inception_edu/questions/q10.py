"""Lecture 10 · Inception-ResNet and residual scaling (1602.07261 §3.2–3.3, Figs. 10–20).

The integers the lecture prints (24,832, 896, 1088, the s² = 0.01 of §10.7) are not asked
again: two questions apply its counts to a case it does not print, two ask *why*.
"""

from ..count import count_params
from ..models.inception_resnet import IR_B_WIDTHS, InceptionResNetB
from ..models.inception_v4 import REDUCTION_A_KLMN, ReductionA
from ..question import Question

# 1. transfer: the filter expansion of the paper's IR-v2 IR-B (Fig. 17 branches) on 1152
_C = ReductionA(384, *REDUCTION_A_KLMN["inception_resnet_v2"]).out_channels  # v4 stem → 1152
_b = IR_B_WIDTHS["inception_resnet_v2"]
_paper_b = InceptionResNetB(_C, _b)
_concat = _b[0] + _b[3]  # 192 + 192 = 384
_up = count_params(_paper_b.up)  # 384·1152 + 1152
assert _paper_b.up.conv.in_channels == _concat and _up == _concat * _C + _C

# 2. why: the expansion is linear
_LINEAR_OPTIONS = (
    "With a ReLU the branch could only add: on a non-negative trunk the block could raise "
    "activations, never lower them.",
    "A ReLU there would cost extra multiply-adds.",
    "Without BN before it, a ReLU there would not train.",
    "The ReLU is left out only in the last block.",
)

# 3. why: the twins of experiment (a) share the seed
_TWIN_OPTIONS = (
    "So that each seed's two runs differ only in the shortcut — a paired comparison.",
    "So that the notebook's results can be reproduced.",
    "So that both networks have the same parameters and MACs.",
    "So that the seeds average out to the paper's result.",
)

# 4. transfer: how many blocks at s = 0.1 add as much variance as one unscaled block
_S = 0.1
_BLOCKS = 100  # 1 / s²

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="10.expansion_params",
        prompt=(
            "*(transfer)* In the paper's Inception-ResNet-v2 (figures made buildable, "
            f'`variant="paper"`), each IR-B block sits on a 17×17×{_C:,} trunk and its two '
            f"branches concatenate {_b[0]} + {_b[3]} = {_concat} channels (Fig. 17). How many "
            "parameters has its linear 1×1 filter expansion (bias, no BN, no ReLU)?"
        ),
        prompt_zh=(
            "*（迁移）* 在论文版 Inception-ResNet-v2 中（把图中的宽度改成可运行的版本，"
            f'`variant="paper"`），每个 IR-B 块位于 17×17×{_C:,} 的主干上，两个分支拼接为 '
            f"{_b[0]} + {_b[3]} = {_concat} 个通道（图 17）。它的线性 1×1 滤波器扩展层"
            "（有偏置、无 BN、无 ReLU）有多少参数？"
        ),
        answer=_up,
        unit="params",
        sig_figs=4,  # the forgotten-bias and Fig. 17-width slips are within 0.3%
        hint=(
            "It maps the concatenated branches back to the trunk's width so the two can be "
            f"added: a 1×1 conv {_concat} → {_C:,}, weights plus one bias per output channel."
        ),
        mistakes=(
            (
                _concat * _C,
                f"you forgot the {_C:,} biases: the expansion has no BN, so it keeps them.",
            ),
            (
                _concat * _C + 2 * _C,
                "the expansion has no BN (no γ, β): §3.2 puts BN only on the traditional layers; "
                "it keeps a conv bias instead.",
            ),
            (
                _concat * _C + 3 * _C,
                "bias yes, BN no: the filter expansion is linear, and §3.2 keeps BN off the "
                "summation path.",
            ),
            (
                _concat * 1154 + 1154,
                "1154 is the width Fig. 17 prints, which cannot be added to the 1152-channel "
                "trunk; the expansion must output the trunk's width.",
            ),
            (
                _concat * 1088 + 1088,
                "1088 is the released network's trunk; the paper's IR-v2 has 1152 (its stem "
                "gives 384, Reduction-A adds 384 + 384).",
            ),
            (_C * _C + _C, f"its input is the {_concat}-channel concatenation, not the trunk."),
        ),
        solution=(
            f"A 1×1 conv {_concat} → {_C:,}: {_concat}·{_C:,} = {_concat * _C:,} weights + "
            f"{_C:,} biases = {_up:,}. The released network's IR-B expands 384 → 1088 instead "
            "(418,880, lecture section 10.2)."
        ),
    ),
    Question(
        qid="10.expansion_linear_why",
        prompt=(
            "The filter expansion before the addition is a 1×1 conv 'without activation' "
            "(§3.2); the ReLU comes after the sum. Why not put a ReLU on the expansion? "
            "Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "*（为什么）* 相加之前的滤波器扩展层是“无激活”的 1×1 卷积（§3.2），ReLU 在求和之后。"
            "为什么不在扩展层上加 ReLU？请回答选项编号（或字母）。"
        ),
        options=_LINEAR_OPTIONS,
        answer=1,
        unit="option",
        hint="Lecture section 10.1 tried it: compare y with x, element by element, on x ≥ 0.",
        mistakes=(
            (
                2,
                "a ReLU does no multiply-adds; what it changes is the sign of what the branch "
                "can add.",
            ),
            (
                3,
                "the expansion has no BN in the paper either way (§3.2: BN only on the "
                "traditional layers); a ReLU does not depend on BN to train.",
            ),
            (
                4,
                "every block's expansion is linear; what the last block of the releases drops is "
                "the ReLU *after the sum*, a different ReLU.",
            ),
        ),
        solution=(
            "With a ReLU, up(·) ≥ 0, so x + s·up(·) ≥ x: on the trunk's non-negative "
            "activations (it comes out of a ReLU) every block could only add, never subtract — "
            "lecture section 10.1 checks y ≥ x everywhere for such a block and not for the "
            "paper's. Linear, the branch can push each activation either way, and the one ReLU "
            "after the sum keeps the block nonlinear."
        ),
    ),
    Question(
        qid="10.twins_same_seed",
        prompt=(
            "In experiment (a), for each seed the residual network and its pure twin start from "
            "the same weights and see the same batches. Why build the comparison that way? "
            "Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "*（为什么）* 在实验 (a) 中，对每个种子，残差网络与其纯 Inception 孪生网络从相同的"
            "权重出发、看到相同的批次。为什么要这样构造比较？请回答选项编号（或字母）。"
        ),
        options=_TWIN_OPTIONS,
        answer=1,
        unit="option",
        hint="What else, besides the shortcut, could make one run's loss lower than another's?",
        mistakes=(
            (
                2,
                "reproducible, yes — but two reproducible runs from different draws still differ "
                "by chance; sharing the draw is what leaves the shortcut as the only difference.",
            ),
            (
                3,
                "the twins have the same parameters and MACs by construction (`shortcut=False` "
                "removes only the addition), whatever the seed.",
            ),
            (
                4,
                "three short CPU runs on Fashion-MNIST cannot reproduce the paper's numbers; the "
                "seeds give an estimate of the noise (standard errors), not the paper's result.",
            ),
        ),
        solution=(
            "A training run is one draw: the seed sets its initial weights and batch order, and "
            "those alone move the loss. With the same draw for both twins, the only difference "
            "left is the `x +` of each block, and the three seeds show how much the gap varies "
            "from draw to draw — the lecture calls it real only beyond about two standard errors."
        ),
    ),
    Question(
        qid="10.blocks_per_unscaled",
        prompt=(
            "*(transfer)* With BN in every branch, each block adds s²·Var(F) to the trunk's "
            "variance, with Var(F) the same in every block (lecture section 10.7). How many "
            f"blocks scaled by s = {_S} add as much variance as one unscaled block?"
        ),
        prompt_zh=(
            "*（迁移）* 每个分支都有 BN 时，每个块给主干方差加上 s²·Var(F)，且各块的 Var(F) "
            f"相同（10.7 节）。多少个 s = {_S} 的块加起来的方差等于一个不缩放的块？"
        ),
        answer=_BLOCKS,
        hint="One unscaled block adds Var(F); one scaled block adds s²·Var(F).",
        mistakes=(
            (10, "10 = 1/s compares standard deviations; variances go with s², so 1/s² blocks."),
            (
                1 / _BLOCKS,
                "you inverted it: each scaled block adds 1/100 as much, so you need 100.",
            ),
            (1, "one scaled block adds only s² = 1% of what an unscaled one adds."),
        ),
        solution=(
            f"n·s²·Var(F) = Var(F) ⇒ n = 1/s² = 1/{_S}² = {_BLOCKS}. Twenty blocks at 0.1 add "
            "a fifth of what one unscaled block adds — which is why, in lecture section 10.7, "
            "twenty blocks at 0.1 barely move the trunk's RMS while twenty unscaled ones more "
            "than double it."
        ),
    ),
)

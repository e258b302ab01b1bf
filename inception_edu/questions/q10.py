"""Lecture 10 · Inception-ResNet and residual scaling (1602.07261 §3.2–3.3, Figs. 10–20)."""

from fractions import Fraction

from ..count import count_params
from ..exercises import Question, register
from ..models.inception_resnet import IR_A_WIDTHS, IR_B_WIDTHS, InceptionResNetA
from ..models.inception_v4 import REDUCTION_A_KLMN

# 1. The filter expansion of IR-v1's Inception-ResNet-A (Fig. 10) on 35×35×256
_C_A = 256
_a = IR_A_WIDTHS["inception_resnet_v1"]
_concat_a = _a[0] + _a[2] + _a[5]  # 32 + 32 + 32 = 96
_up = count_params(InceptionResNetA(_C_A).up)  # 96·256 + 256 = 24,832

# 2. Reduction-A of IR-v1 (Table 1) on the 256-channel stem output
_k, _l, _m, _n = REDUCTION_A_KLMN["inception_resnet_v1"]
_red_out = _n + _m + _C_A  # 896
_v4_out = 384 + 256 + 384  # Inception-v4's Reduction-A output (= k + l + m + n of IR-v1 too)
_v2_out = sum(REDUCTION_A_KLMN["inception_resnet_v2"][2:]) + 320  # 1088

# 3. The shortcut of the released IR-v2's Block17 (Fig. 17 branches) on a 1088 trunk
_C_B = 1088
_b = IR_B_WIDTHS["inception_resnet_v2"]
_concat_b = _b[0] + _b[3]  # 192 + 192 = 384

# 4. The residual scale and the variance of the sum
_s = Fraction(1, 10)

register(
    Question(
        qid="10.expansion_params",
        prompt=(
            "Inception-ResNet-v1's IR-A block (Fig. 10) sits on a 35×35×256 trunk. Its three "
            f"branches end in {_a[0]}, {_a[2]} and {_a[5]} channels, concatenated. How many "
            "parameters does the linear 1×1 filter-expansion layer before the addition have "
            "(it has a bias, no BN, no ReLU)?"
        ),
        answer=_up,
        unit="params",
        hint=(
            "It maps the concatenated branch width back to the trunk's width, so the two can be "
            "added: a 1×1 conv c_concat → 256, weights c_concat·256 plus one bias per output."
        ),
        mistakes=(
            (
                _concat_a * _C_A,
                "you forgot the 256 biases: the expansion has no BN, so it keeps its bias.",
            ),
            (
                _concat_a * _C_A + 2 * _C_A,
                "the expansion has no BN (no γ, β): the paper puts BN only on the traditional "
                "layers; it keeps a conv bias instead.",
            ),
            (
                _concat_a * _C_A + 3 * _C_A,
                "bias yes, BN no: the filter expansion is linear, BN is not on the summation path.",
            ),
            (
                _concat_a * _concat_a + _concat_a,
                "the expansion must output the trunk's 256 channels, not the branches' 96 — "
                "otherwise x + branch cannot be added.",
            ),
            (9 * _concat_a * _C_A + _C_A, "it is a 1×1 conv, not a 3×3: no factor 9."),
            (
                _C_A * _C_A + _C_A,
                "its input is the 96-channel concat of the branches, not the trunk.",
            ),
        ),
        solution=(
            f"Concat width {_a[0]} + {_a[2]} + {_a[5]} = {_concat_a}; the 1×1 conv {_concat_a} → "
            f"{_C_A} has {_concat_a}·{_C_A} = {_concat_a * _C_A:,} weights + {_C_A} biases = "
            f"{_up:,}. Without it the branches' {_concat_a} channels could not be added to the "
            f"trunk's {_C_A}."
        ),
    ),
    Question(
        qid="10.reduction_a_v1_out",
        prompt=(
            "Inception-ResNet-v1's Reduction-A receives the stem's 35×35×256 output and uses "
            f"Table 1's k, l, m, n = {_k}, {_l}, {_m}, {_n}. How many channels does it output?"
        ),
        answer=_red_out,
        unit="channels",
        hint=(
            "Three branches are concatenated: the 3×3/2 conv (n), the tower ending in a 3×3/2 "
            "conv (m) and the 3×3/2 max pool, which keeps its input's channels."
        ),
        mistakes=(
            (
                _n + _m,
                "you forgot the max-pool branch: it passes the trunk's 256 channels through.",
            ),
            (
                _v4_out,
                "1024 is Inception-v4's Reduction-A output (its pool keeps 384 channels) — and "
                "also k + l + m + n; but k and l are inner widths, and IR-v1's stem gives 256.",
            ),
            (_v2_out, "1088 is the released IR-v2's (input 320, m = 384); IR-v1 has m = 256."),
            (
                _n + _m + 320,
                "the pool keeps *this* input's width: IR-v1's stem gives 256, not IR-v2's 320.",
            ),
        ),
        solution=(
            f"n + m + c_in = {_n} + {_m} + {_C_A} = {_red_out}: the 17×17 trunk of IR-v1, which "
            "every IR-B block must then expand back to."
        ),
    ),
    Question(
        qid="10.shortcut_channels",
        prompt=(
            "The released Inception-ResNet-v2 runs its Block17s (Fig. 17's branches, "
            f"{_b[0]} + {_b[3]} = {_concat_b} channels concatenated) on a 17×17×{_C_B} trunk. "
            "How many output channels must the block's 1×1 filter expansion have?"
        ),
        answer=_C_B,
        unit="channels",
        hint="y = ReLU(x + scale · up(branches(x))): x and up(…) are added element by element.",
        mistakes=(
            (
                _concat_b,
                "384 is the concat width, the expansion's *input*; the sum needs the trunk's.",
            ),
            (
                1154,
                "1154 is what Fig. 17 prints — one of the paper's widths that cannot be added; "
                "the released trunk has 1088 channels.",
            ),
            (1152, "1152 is the trunk of the paper's IR-v2 (stem 384); the release's is 1088."),
            (896, "896 is IR-v1's 17×17 trunk."),
        ),
        solution=(
            f"{_C_B}: a shortcut adds x to the branch element by element, so the expansion must "
            f"map {_concat_b} → {_C_B}. The paper's Fig. 17 prints 1154, which matches neither its "
            "own 1152 nor the release's 1088 — one reason the release is not the figures."
        ),
    ),
    Question(
        qid="10.scaled_variance",
        prompt=(
            "Before the addition, the residual branch is multiplied by a scale of 0.1 (§3.3). "
            "By what number is the branch's contribution to the *variance* of the sum "
            "multiplied (branch and shortcut uncorrelated)?"
        ),
        answer=_s * _s,
        rel_tol=0.002,
        hint="Var(a·X) = a²·Var(X).",
        mistakes=(
            (
                _s,
                "0.1 multiplies the branch's standard deviation (RMS); variance goes with 0.1².",
            ),
            (
                1 / (_s * _s),
                "you inverted it: the variance becomes 100 times smaller, i.e. × 0.01.",
            ),
            (1 / _s, "the variance does not grow: it shrinks, by 0.1² = 0.01."),
        ),
        solution=(
            "Var(x + s·F) = Var(x) + s²·Var(F) for uncorrelated x and F, so s = 0.1 multiplies the "
            "branch's share by 0.01. Stacked blocks add these shares up, which is why a stack of "
            "unscaled blocks grows its activations and a scaled one barely does (§10.7)."
        ),
    ),
)

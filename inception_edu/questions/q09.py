"""Lecture 09 · Inception-v4 (1602.07261 §3.1, Figs. 3–9, Table 1)."""

from ..count import count_params
from ..exercises import Question, register
from ..models.inception_v4 import REDUCTION_A_KLMN, InceptionA, InceptionB, inception_v4

_v4 = inception_v4()
_params = count_params(_v4)  # 42,679,816 = timm inception_v4
_head = count_params(_v4.head)
_AUX = 3_358_568  # TF-slim's AuxLogits on Mixed_6h (DEVIATIONS F4)
_bg_class = _v4.head.fc.in_features + 1  # a 1001st class: one more row of weights and a bias

_k, _l, _m, _n = REDUCTION_A_KLMN["inception_resnet_v2"]
_C_IN = 320  # Inception-ResNet-v2's 35×35 width
_out = _n + _m + _C_IN
_v4_m = REDUCTION_A_KLMN["inception_v4"][2]

_b_one = count_params(InceptionB())
_b_all = sum(count_params(b) for b in _v4.inception_b)
_a_one = count_params(InceptionA())

register(
    Question(
        qid="09.reduction_a_out",
        prompt=(
            "Inception-ResNet-v2 feeds Reduction-A (Fig. 7) a 35×35×320 tensor, with Table 1's "
            f"k, l, m, n = {_k}, {_l}, {_m}, {_n}. How many channels does Reduction-A output?"
        ),
        answer=_out,
        unit="channels",
        hint=(
            "Three branches are concatenated: the single 3×3/2 conv (n filters), the tower ending "
            "in a 3×3/2 conv (m filters), and a 3×3/2 max pool — which keeps its input's channels."
        ),
        mistakes=(
            (
                _n + _m,
                "you forgot the max-pool branch: it passes the input's 320 channels through.",
            ),
            (
                _k + _l + _m + _n,
                "k and l are inner widths of the tower; only m, n and the pool reach the output.",
            ),
            (_n + _v4_m + _C_IN, "m = 256 is Inception-v4's; Inception-ResNet-v2 has m = 384."),
            (1024, "1024 is Inception-v4's Reduction-A output (input 384, m = 256)."),
            (_n + _m + 384, "the pool keeps *this* input's width, 320 — 384 is Inception-v4's."),
        ),
        solution=(
            f"n + m + c_in = {_n} + {_m} + {_C_IN} = {_out:,}. The same formula gives 1,024 for "
            "v4 (384 + 256 + 384) and 896 for Inception-ResNet-v1 (384 + 256 + 256)."
        ),
    ),
    Question(
        qid="09.v4_params",
        prompt=(
            "How many parameters does Inception-v4 have as timm builds it (1000 classes, no "
            "auxiliary head; `inception_v4()`)?"
        ),
        answer=_params,
        unit="params",
        sig_figs=5,  # the 1001-class slip is 0.004% off
        hint=(
            "`count_params(inception_v4())` — or add the per-block counts: stem, 4 × Inception-A, "
            "Reduction-A, 7 × Inception-B, Reduction-B, 3 × Inception-C and the linear layer."
        ),
        mistakes=(
            (_params + _AUX, "you added TF-slim's auxiliary head (F4); timm and Fig. 9 have none."),
            (_params + _bg_class, "that is TF-slim's 1001-class head (F5); timm has 1000 classes."),
            (_params - _head, "you left out the final linear layer 1536 → 1000 (1,537,000)."),
            (
                _params + _AUX + _bg_class,
                "that is the TF-slim checkpoint (aux head and 1001 classes), not timm's model.",
            ),
        ),
        solution=(
            f"`count_params(inception_v4())` = {_params:,}, equal to timm's `inception_v4`. "
            f"TF-slim's checkpoint adds the aux head (+{_AUX:,}) and a background class "
            f"(+{_bg_class:,})."
        ),
    ),
    Question(
        qid="09.inception_b_params",
        prompt=(
            "The 17×17 stage of Inception-v4 stacks Inception-B modules (Fig. 5). How many "
            "parameters do all of them have together?"
        ),
        answer=_b_all,
        unit="params",
        hint=f"One Inception-B has {_b_one:,} parameters; Fig. 9 stacks ×4, ×7, ×3 (A, B, C).",
        mistakes=(
            (_b_one, "that is one Inception-B; Fig. 9 stacks seven of them."),
            (4 * _b_one, "×4 is the Inception-A stack; Inception-B is repeated 7 times."),
            (3 * _b_one, "×3 is the Inception-C stack; Inception-B is repeated 7 times."),
            (7 * _a_one, "that is 7 × Inception-A's 317,632; use Inception-B's count."),
        ),
        solution=(
            f"7 × {_b_one:,} = {_b_all:,} — {_b_all / _params:.0%} of the whole network's "
            f"{_params:,} parameters sit in the 17×17 stage."
        ),
    ),
)

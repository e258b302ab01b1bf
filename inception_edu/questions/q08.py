"""Lecture 08 · Inception-v3 (1512.00567 §6–8, Figs. 5–8, Tables 1 and 3)."""

import math

import torch

from ..cost import conv_params
from ..count import count_params
from ..exercises import Question, register
from ..explorers.inception_v3 import label_smoothing_summary
from ..models.inception_v3 import AuxHead, Inception17x17, inception_v3

# --- the optimal logit gap with label smoothing (§7) -----------------------------------------
_K, _EPS = 10, 0.1
_gap = label_smoothing_summary(_K, _EPS)["gap"]  # log((1 − ε + ε/K) / (ε/K)) = log 91
_ratio = (1 - _EPS + _EPS / _K) / (_EPS / _K)

# --- a Fig. 6 module: Mixed_6b (17×17×768, c = 128) ------------------------------------------
_C_IN, _C7 = 768, 128
_fig6 = count_params(Inception17x17(_C_IN, _C7))
_fig6_bn = 2 * (192 + (_C7 + _C7 + 192) + (_C7 + _C7 + _C7 + _C7 + 192) + 192)  # γ, β per channel
_fig6_6e = count_params(Inception17x17(_C_IN, 192))
_fig6_6c = count_params(Inception17x17(_C_IN, 160))
# the same module with every 1×7 → 7×1 pair priced as one 7×7 conv (no factorization)
_pairs = conv_params((1, 7), _C7, _C7) + conv_params((7, 1), _C7, 192)
_pairs += conv_params((7, 1), _C7, _C7) + conv_params((1, 7), _C7, _C7)
_pairs += conv_params((7, 1), _C7, _C7) + conv_params((1, 7), _C7, 192)
_squares = conv_params(7, _C7, 192) + conv_params(7, _C7, _C7)
_squares += conv_params(7, _C7, 192)
_bn_dropped = 2 * 3 * _C7  # BN of the 3 inner widths that vanish when pairs merge
_unfactorized = _fig6 - _pairs + _squares - _bn_dropped

# --- the auxiliary head (Fig. 8) -------------------------------------------------------------
_aux = count_params(AuxHead(768, 1000, bn=True))
_aux_no_bn = count_params(AuxHead(768, 1000, bn=False))
_aux_bn_params = sum(
    m.weight.numel() + m.bias.numel()
    for m in AuxHead(768, 1000).modules()
    if isinstance(m, torch.nn.BatchNorm2d)
)
_aux_gammas = _aux_bn_params // 2
_aux_fc = 768 * 1000 + 1000
_aux_1x1 = _aux - conv_params(5, 128, 768) + conv_params(1, 128, 768)

# --- the stem's output (V1) ------------------------------------------------------------------
_net = inception_v3(aux_logits=True).eval()
_v3_aux_params = count_params(_net)
with torch.no_grad():
    _x = torch.zeros(1, 3, 299, 299)
    _x = _net.maxpool1(_net.Conv2d_2b_3x3(_net.Conv2d_2a_3x3(_net.Conv2d_1a_3x3(_x))))
    _before_pool = _net.Conv2d_4a_3x3(_net.Conv2d_3b_1x1(_x))
    _stem = _net.maxpool2(_before_pool)
_stem_values = _stem[0].numel()  # 192 × 35 × 35
_before_pool_values = _before_pool[0].numel()  # 192 × 71 × 71
_table1_values = 35 * 35 * 288  # Table 1's input to the first 35×35 module
del _net, _x, _before_pool, _stem

register(
    Question(
        qid="08.optimal_gap",
        prompt=(
            f"Label smoothing with ε = {_EPS} on K = {_K} classes (§7: q′(k) = (1 − ε)·δ(k, y) + "
            "ε/K). A model that minimizes the smoothed cross-entropy ends with softmax(z) = q′. "
            "What is then the logit gap z_y − z_k between the true class and any other class?"
        ),
        answer=_gap,
        rel_tol=1e-3,
        hint=(
            "softmax(z)_y / softmax(z)_k = exp(z_y − z_k), so the gap is the log of the ratio of "
            "the two targets. Write q′(y) and q′(k ≠ y) first — the true class gets its ε/K too."
        ),
        mistakes=(
            (
                math.log((1 - _EPS) / (_EPS / _K)),
                "you left out the true class's own share: q′(y) = 1 − ε + ε/K = 0.91, not 0.9.",
            ),
            (
                math.log((1 - _EPS) / (_EPS / (_K - 1))),
                "that spreads ε over the K − 1 wrong classes only; the paper's uniform u(k) = 1/K "
                "includes the true class, so every wrong class gets ε/K.",
            ),
            (
                math.log((1 - _EPS) / _EPS),
                "each wrong class gets ε/K = 0.01, not ε: the ε is shared among all K classes.",
            ),
            (_ratio, "that is the ratio q′(y)/q′(k) = 91; the logit gap is its natural log."),
            (math.log2(_ratio), "softmax uses e^z, so the gap is ln 91, not log₂ 91."),
            (math.log10(_ratio), "softmax uses e^z, so the gap is ln 91, not log₁₀ 91."),
            (
                label_smoothing_summary(1000, _EPS)["gap"],
                "that is the gap for K = 1000 (ImageNet, ln 9001); this question has K = 10.",
            ),
        ),
        solution=(
            f"q′(y) = 1 − ε + ε/K = {1 - _EPS + _EPS / _K:.2f} and q′(k) = ε/K = {_EPS / _K:.2f}. "
            "At the optimum softmax(z) = q′, so z_y − z_k = ln(q′(y)/q′(k)) = "
            f"ln {_ratio:.0f} ≈ {_gap:.4f}. With hard targets (ε = 0) there is no finite optimum: "
            "the loss keeps falling as the gap grows. For K = 1000: ln 9001 ≈ "
            f"{label_smoothing_summary(1000, _EPS)['gap']:.4f}."
        ),
    ),
    Question(
        qid="08.fig6_params",
        prompt=(
            "Mixed_6b is a Fig. 6 module (n = 7) on a 17×17×768 input: [1×1 192 ‖ 1×1 128 → 1×7 "
            "128 → 7×1 192 ‖ 1×1 128 → 7×1 128 → 1×7 128 → 7×1 128 → 1×7 192 ‖ avg pool → 1×1 "
            "192]. Every conv is conv (no bias) → BN → ReLU. How many parameters does it have?"
        ),
        answer=_fig6,
        unit="params",
        hint=(
            "Weights k_h·k_w·C_in·C_out per conv (a 1×7 has 7 per channel pair), plus BN's γ and "
            "β: 2 per output channel of every conv. The pool has no parameters."
        ),
        mistakes=(
            (
                _fig6 - _fig6_bn,
                "you counted the conv weights only; add BN's γ and β (2 × channels).",
            ),
            (
                _unfactorized,
                "you priced each 1×7 → 7×1 pair as one 7×7 conv; Fig. 6 factorizes them (7 + 7 "
                "weights per channel pair instead of 49).",
            ),
            (_fig6_6e, "that is Mixed_6e, whose 7×7 towers are 192 wide; Mixed_6b's are 128."),
            (_fig6_6c, "that is Mixed_6c/6d (towers 160 wide); Mixed_6b's are 128."),
        ),
        solution=(
            f"count_params(Inception17x17(768, 128)) = {_fig6:,}: {_fig6 - _fig6_bn:,} conv "
            f"weights + {_fig6_bn:,} BN parameters. Unfactorized 7×7s would make it "
            f"{_unfactorized:,}."
        ),
    ),
    Question(
        qid="08.aux_params",
        prompt=(
            "Inception-v3's auxiliary head (Fig. 8, with BN-auxiliary) on the 17×17×768 map: avg "
            "pool 5×5/3 → 1×1 conv 128 (BN) → 5×5 conv 768 (BN; the 'fully connected' layer) → "
            "linear 768 → 1000. How many parameters?"
        ),
        answer=_aux,
        unit="params",
        sig_figs=4,  # three slips lie within 0.05%
        hint=(
            "The 5×5 conv covers the whole 5×5 pooled map: 25·128·768 weights. Each conv has BN "
            "(γ and β per channel) and no bias; the linear layer has a bias."
        ),
        mistakes=(
            (
                _aux_no_bn,
                "that is the head without BN-auxiliary (a 768 bias instead of BN's 1,536 γ, β); "
                "v3's last Table 3 rung normalizes the 768 layer.",
            ),
            (_aux - _aux_bn_params, "you left out BN's γ and β on the 128 and 768 layers."),
            (_aux - _aux_gammas, "that is TF-slim's count: its BN has β but no γ."),
            (_aux_1x1, "the 768 layer is a 5×5 conv over the 5×5 pooled map, not a 1×1 conv."),
            (_aux - _aux_fc, "you left out the final linear layer 768 → 1000 (769,000)."),
        ),
        solution=(
            f"(768·128 + 256) + (25·128·768 + 1,536) + (768·1000 + 1000) = {_aux:,} — "
            f"{_aux / _v3_aux_params:.0%} of the {_v3_aux_params:,} of "
            "`inception_v3(aux_logits=True)`, "
            "and all of it is thrown away after training."
        ),
    ),
    Question(
        qid="08.stem_values",
        prompt=(
            "A 299×299×3 image goes through the released Inception-v3 stem (Conv2d_1a … "
            "maxpool2). How many values (C × H × W) come out?"
        ),
        answer=_stem_values,
        unit="values",
        hint=(
            "Trace the grid: 3×3/2 (V) → 149, 3×3 (V) → 147, padded 3×3 → 147, max pool 3×3/2 → "
            "73, 1×1 → 73, 3×3 (V) → 71, max pool 3×3/2 → ?; the last conv has 192 filters."
        ),
        mistakes=(
            (
                _table1_values,
                "35×35×288 is Table 1's input to the 35×35 modules; the release (V1) ends its "
                "stem with a max pool at 192 channels.",
            ),
            (_before_pool_values, "71×71×192 is Conv2d_4a_3x3's output; a 3×3/2 max pool follows."),
            (35, "35 is the grid side; the question asks for C × H × W."),
            (36 * 36 * 192, "a valid 3×3/2 pool on 71 gives (71 − 3)/2 + 1 = 35, not 36."),
        ),
        solution=(
            f"192 × 35 × 35 = {_stem_values:,}. Table 1 instead lists three 3×3 convs after the "
            "first pool and feeds the first module 35×35×288 (deviation V1)."
        ),
    ),
)

"""Lecture 08 · Inception-v3 (1512.00567 §6–8, Figs. 5–8, Tables 1 and 3).

Every question transfers what the lecture printed to a case it did not print: Mixed_6b without
its factorization, the optimal logit gap for a smoothing the lecture did not use, the aux head
for ten classes, why one RMSProp ε ports and another does not, and the stem at 224 px.
"""

import math

import torch

from ..cost import conv_output_size, conv_params
from ..count import count_params
from ..losses import label_smoothing_summary
from ..models.inception_v3 import AuxHead, Inception17x17, inception_v3
from ..question import Question

# --- a Fig. 6 module without its factorization: Mixed_6b (17×17×768, c = 128) -----------------
_C_IN, _C7 = 768, 128
_fig6 = count_params(Inception17x17(_C_IN, _C7))  # 1,297,408 (printed in 8.1)
# every 1×7 → 7×1 (or 7×1 → 1×7) pair priced as one 7×7 conv with the pair's in and out widths
_pairs = conv_params((1, 7), _C7, _C7) + conv_params((7, 1), _C7, 192)
_pairs += conv_params((7, 1), _C7, _C7) + conv_params((1, 7), _C7, _C7)
_pairs += conv_params((7, 1), _C7, _C7) + conv_params((1, 7), _C7, 192)
_squares = conv_params(7, _C7, 192) + conv_params(7, _C7, _C7) + conv_params(7, _C7, 192)
_bn_dropped = 2 * 3 * _C7  # γ, β of the 3 inner widths that vanish when pairs merge
_unfactorized = _fig6 - _pairs + _squares - _bn_dropped  # 3,705,088
_unf_bn = 2 * (192 + (_C7 + 192) + (_C7 + _C7 + 192) + 192)  # BN of the merged module
_unf_one_tower = _fig6 - conv_params((1, 7), _C7, _C7) - conv_params((7, 1), _C7, 192)
_unf_one_tower += conv_params(7, _C7, 192) - 2 * _C7  # only the single 7×7 tower merged
_scaled = _fig6 * 49 // 14  # the whole module scaled by 49/14

# --- label smoothing on Imagenette with twice the paper's ε (§7) ------------------------------
_K, _EPS = 10, 0.2
_gap = label_smoothing_summary(_K, _EPS).gap  # ln((1 − ε + ε/K) / (ε/K)) = ln 41
_ratio = (1 - _EPS + _EPS / _K) / (_EPS / _K)

# --- the auxiliary head (Fig. 8) for 10 classes -----------------------------------------------
_aux10 = count_params(AuxHead(768, 10, bn=True))  # 2,565,386
_aux1000 = count_params(AuxHead(768, 1000, bn=True))  # 3,326,696 (printed in 8.6)
_aux10_no_bn = count_params(AuxHead(768, 10, bn=False))
_aux_bn_params = sum(
    m.weight.numel() + m.bias.numel()
    for m in AuxHead(768, 10).modules()
    if isinstance(m, torch.nn.BatchNorm2d)
)
_aux10_1x1 = _aux10 - conv_params(5, 128, 768) + conv_params(1, 128, 768)
_aux10_no_fc = _aux10 - (768 * 10 + 10)

# --- RMSProp's ε: where it dominates, TF divides by √ε and PyTorch by ε (§8) -----------------
_EPS_OPTIONS = (
    "PyTorch's RMSprop also adds ε inside the square root, so every ε ports unchanged",
    "where ε dominates the mean square, TF divides by √ε and PyTorch by ε — equal only when "
    "√ε = ε, that is ε = 1",
    "ε = 1.0 is so large that RMSProp does nothing at all, so there is nothing to port",
    "PyTorch multiplies ε by the learning rate, and 0.045 · 1.0 happens to match TF",
)

# --- the released stem at 224 px (deviation V1) -----------------------------------------------
_net = inception_v3().eval()
with torch.no_grad():
    _x = torch.zeros(1, 3, 224, 224)
    _x = _net.maxpool1(_net.Conv2d_2b_3x3(_net.Conv2d_2a_3x3(_net.Conv2d_1a_3x3(_x))))
    _before_pool = _net.Conv2d_4a_3x3(_net.Conv2d_3b_1x1(_x))
    _stem = _net.maxpool2(_before_pool)
_stem224 = _stem[0].numel()  # 192 × 25 × 25
_side = _stem.shape[-1]
_before_pool_values = _before_pool[0].numel()  # 192 × 52 × 52
_stem299 = 192 * 35 * 35  # the lecture's 299-px trace
_table1_width = 288 * _side * _side  # Table 1's 288 channels on this grid
_ceil_side = conv_output_size(52, 3, 2, ceil_mode=True)  # 26: rounding the pool up
del _net, _x, _before_pool, _stem

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="08.fig6_unfactorized",
        prompt=(
            "Mixed_6b (a Fig. 6 module on 17×17×768, conv → BN → ReLU everywhere, 1,297,408 "
            "parameters) contains three 1×7/7×1 pairs: 128 → 128 → 192 in one tower, and "
            "128 → 128 → 128 then 128 → 128 → 192 in the other. Undo lecture 06's "
            "factorization: make each pair one 7×7 conv from the pair's input to its output "
            "width (keeping its BN). How many parameters does the module have then?"
        ),
        prompt_zh=(
            "Mixed_6b（17×17×768 上的图 6 模块，处处 conv → BN → ReLU，共 1,297,408 个参数）"
            "含三对 1×7/7×1 卷积：一个分支里是 128 → 128 → 192，另一个分支里先 128 → 128 → 128，"
            "再 128 → 128 → 192。撤销第 06 讲的分解：把每一对换成一个从该对输入宽度到输出宽度的 "
            "7×7 卷积（保留它的 BN）。此时模块有多少参数？"
        ),
        answer=_unfactorized,
        unit="params",
        sig_figs=4,  # keeping the merged pairs' inner BN is 0.02% off
        hint=(
            "Only the 7-tap layers change: a 1×7 then 7×1 from a to b via a costs 7·a·a + 7·a·b "
            "weights, one 7×7 from a to b costs 49·a·b. The 1×1s, the pool branch and the "
            "outer BN stay; the BN of each pair's middle layer disappears with it."
        ),
        mistakes=(
            (_fig6, "that is Mixed_6b as built — factorized — as 8.1 printed it."),
            (
                _unfactorized + _bn_dropped,
                "each merged pair loses its middle layer, and with it that layer's BN "
                f"(2 × 128 γ, β per pair, {_bn_dropped:,} in all).",
            ),
            (
                _unfactorized - _unf_bn,
                "you counted the conv weights only; the module keeps BN's γ and β (2 per "
                "output channel) on every conv.",
            ),
            (
                _unf_one_tower,
                "you merged only the single pair of the 1×1 → 1×7 → 7×1 tower; the double tower "
                "has two more pairs.",
            ),
            (
                _scaled,
                "you scaled the whole module by 49/14; only the 7-tap layers change — the 1×1 "
                "convs and the BN stay as they are, and the pairs do not have equal widths.",
            ),
        ),
        solution=(
            f"The three pairs hold {_pairs:,} weights; as 7×7 convs (128→192, 128→128, 128→192) "
            f"they would hold {_squares:,}, and the three middle BNs ({_bn_dropped:,} γ, β) go: "
            f"{_fig6:,} − {_pairs:,} + {_squares:,} − {_bn_dropped:,} = {_unfactorized:,}, "
            f"{_unfactorized / _fig6:.2f}× the factorized module — the factor Fig. 6 saves on the "
            "17×17 grid, where §3.2 found the factorization to work well."
        ),
    ),
    Question(
        qid="08.optimal_gap",
        prompt=(
            f"You train on Imagenette (K = {_K} classes) with twice the paper's smoothing, "
            f"ε = {_EPS} (§7: q′(k) = (1 − ε)·δ(k, y) + ε/K). A model that minimizes the "
            "smoothed cross-entropy ends with softmax(z) = q′. What is then the logit gap "
            "z_y − z_k between the true class and any other class?"
        ),
        prompt_zh=(
            f"在 Imagenette（K = {_K} 类）上训练，标签平滑取论文的两倍，ε = {_EPS}"
            "（§7：q′(k) = (1 − ε)·δ(k, y) + ε/K）。使平滑交叉熵最小的模型满足 softmax(z) = q′。"
            "此时真实类别与任一其他类别的 logit 差 z_y − z_k 是多少？"
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
                "you left out the true class's own share: q′(y) = 1 − ε + ε/K = 0.82, not 0.8.",
            ),
            (
                math.log((1 - _EPS) / (_EPS / (_K - 1))),
                "that spreads ε over the K − 1 wrong classes only; the paper's uniform u(k) = 1/K "
                "includes the true class, so every wrong class gets ε/K.",
            ),
            (
                math.log((1 - _EPS) / _EPS),
                "each wrong class gets ε/K = 0.02, not ε: the ε is shared among all K classes.",
            ),
            (_ratio, "that is the ratio q′(y)/q′(k) = 41; the logit gap is its natural log."),
            (math.log2(_ratio), "softmax uses e^z, so the gap is ln 41, not log₂ 41."),
            (math.log10(_ratio), "softmax uses e^z, so the gap is ln 41, not log₁₀ 41."),
            (
                label_smoothing_summary(_K, 0.1).gap,
                "that is the gap for the paper's ε = 0.1 (ln 91), printed in 8.4; this question "
                "doubles ε.",
            ),
            (
                label_smoothing_summary(1000, 0.1).gap,
                "that is the gap for K = 1000 and ε = 0.1 (ImageNet, ln 9001).",
            ),
        ),
        solution=(
            f"q′(y) = 1 − ε + ε/K = {1 - _EPS + _EPS / _K:.2f} and q′(k) = ε/K = {_EPS / _K:.2f}. "
            "At the optimum softmax(z) = q′, so z_y − z_k = ln(q′(y)/q′(k)) = "
            f"ln {_ratio:.0f} ≈ {_gap:.4f} — smaller than ε = 0.1's ln 91 ≈ "
            f"{label_smoothing_summary(_K, 0.1).gap:.3f}: more smoothing, a smaller lead. "
            "With hard targets (ε = 0) there is no finite optimum."
        ),
    ),
    Question(
        qid="08.aux_params_10",
        prompt=(
            "Inception-v3's auxiliary head with BN-auxiliary, as built for ImageNet in 8.6 "
            f"({_aux1000:,} parameters): avg pool 5×5/3 → 1×1 conv 128 (BN) → 5×5 conv 768 (BN) "
            "→ linear 768 → classes. How many parameters does the same head have for "
            "Imagenette's 10 classes?"
        ),
        prompt_zh=(
            f"第 8.6 节为 ImageNet 构建的带 BN 的 Inception-v3 辅助头（{_aux1000:,} 个参数）："
            "平均池化 5×5/3 → 1×1 卷积 128（BN）→ 5×5 卷积 768（BN）→ 线性层 768 → 类别数。"
            "同样的辅助头用于 Imagenette 的 10 个类别时有多少参数？"
        ),
        answer=_aux10,
        unit="params",
        sig_figs=5,  # two slips lie within 0.04%
        hint=(
            "Only the last layer depends on the number of classes: 768 × K weights and K biases. "
            "Subtract the 1000-class layer and add the 10-class one."
        ),
        mistakes=(
            (_aux1000, "that is the 1000-class head printed in 8.6; the linear layer shrinks."),
            (
                _aux10_no_bn,
                "that is the head without BN-auxiliary (a 768 bias instead of BN's 1,536 γ, β); "
                "v3's last Table 3 rung normalizes the 768 layer.",
            ),
            (_aux10 - _aux_bn_params, "you left out BN's γ and β on the 128 and 768 layers."),
            (_aux10 - _aux_bn_params // 2, "that is TF-slim's count: its BN has β but no γ."),
            (_aux10_1x1, "the 768 layer is a 5×5 conv over the 5×5 pooled map, not a 1×1 conv."),
            (_aux10_no_fc, "you left out the final linear layer 768 → 10 (7,690)."),
        ),
        solution=(
            f"{_aux1000:,} − (768·1000 + 1000) + (768·10 + 10) = {_aux10:,}. The head is mostly "
            f"its 5×5 conv (25·128·768 = {25 * 128 * 768:,} weights), which does not depend on "
            f"the classes: with 10 classes it still holds {_aux10 / _aux1000:.0%} of the "
            "ImageNet head's parameters."
        ),
    ),
    Question(
        qid="08.rmsprop_eps_why",
        prompt=(
            "TF 1's RMSPropOptimizer divides the gradient by √(ms + ε); PyTorch's "
            "torch.optim.RMSprop by √v + ε. Why does the paper's ε = 1.0 port to PyTorch as "
            "eps=1.0, while TF's default ε = 1e-10 ported as eps=1e-10 would be about 10⁵ "
            "times too small? Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "TF 1 的 RMSPropOptimizer 用 √(ms + ε) 去除梯度；PyTorch 的 torch.optim.RMSprop 用 "
            "√v + ε。为什么论文的 ε = 1.0 可以照搬成 PyTorch 的 eps=1.0，而 TF 默认的 "
            "ε = 1e-10 照搬成 eps=1e-10 却小了约 10⁵ 倍？请回答选项编号（或字母）。"
        ),
        options=_EPS_OPTIONS,
        answer=2,
        unit="option",
        hint="Let ms go to 0 in both denominators. When are √ε and ε equal?",
        mistakes=(
            (
                1,
                "PyTorch adds ε outside: it divides by √v + ε (8.7's one-step table). Only TF and "
                "timm's RMSpropTF put ε inside the root.",
            ),
            (
                3,
                "a large ε does not switch RMSProp off: where the mean square is small the step "
                "is ≈ η·g, like momentum SGD, but parameters with large gradients are still "
                "braked (8.7's ratio table).",
            ),
            (
                4,
                "PyTorch does not scale ε by the learning rate; the difference is where ε sits "
                "relative to the square root.",
            ),
        ),
        solution=(
            "With ms (= v) ≪ ε, TF's denominator √(ms + ε) → √ε and PyTorch's √v + ε → ε. They "
            "agree only where √ε = ε, i.e. ε = 1 (or 0). For TF's default 1e-10 the PyTorch "
            "equivalent is √1e-10 = 1e-5. Even at ε = 1 the steps differ by up to √2 where ms ≈ "
            "ε, and TF's mean square starts at 1, PyTorch's at 0 — timm's RMSpropTF reproduces "
            "TF exactly."
        ),
    ),
    Question(
        qid="08.stem_224",
        prompt=(
            "The appendix traced a 299×299 image through the released Inception-v3 stem "
            "(Conv2d_1a_3x3 … maxpool2) to 35×35×192. Feed it a 224×224×3 image instead. How "
            "many values (C × H × W) come out of maxpool2?"
        ),
        prompt_zh=(
            "附录把一张 299×299 的图像送入发布版 Inception-v3 的 stem（Conv2d_1a_3x3 … maxpool2），"
            "得到 35×35×192。改为输入 224×224×3 的图像，maxpool2 输出多少个值（C × H × W）？"
        ),
        answer=_stem224,
        unit="values",
        hint=(
            "Valid convs and pools: out = ⌊(in − k)/s⌋ + 1; only Conv2d_2b_3x3 is padded. Trace "
            "224 → 3×3/2 → 3×3 → padded 3×3 → max pool 3×3/2 → 1×1 → 3×3 → max pool 3×3/2; the "
            "last conv has 192 filters."
        ),
        mistakes=(
            (_stem299, "35×35×192 is the 299-px trace; at 224 px every grid is smaller."),
            (
                _table1_width,
                "288 channels is Table 1's input to the 35×35 modules; the release's stem ends "
                "with 192 (deviation V1).",
            ),
            (
                192 * 28 * 28,
                "224/8 = 28 assumes 'same' padding everywhere; the stem's valid convs and pools "
                "lose pixels at each step.",
            ),
            (_before_pool_values, "52×52×192 is Conv2d_4a_3x3's output; a 3×3/2 max pool follows."),
            (
                192 * _ceil_side * _ceil_side,
                "a valid 3×3/2 pool on 52 gives ⌊(52 − 3)/2⌋ + 1 = 25: the division rounds down.",
            ),
            (_side, f"{_side} is the grid side; the question asks for C × H × W."),
        ),
        solution=(
            f"224 → 111 → 109 → 109 → 54 → 54 → 52 → {_side}: 192 × {_side} × {_side} = "
            f"{_stem224:,} values, {_stem224 / _stem299:.0%} of the 299-px stem's. The aux "
            "head, which needs 17×17 after Mixed_6a, would fail at this size in training mode."
        ),
    ),
)

"""Lecture 09 · Inception-v4 (1602.07261 §1, §3.1, Figs. 3–9, Tables 1–2)."""

from ..count import count_params, profile
from ..models.inception_v4 import REDUCTION_A_KLMN, InceptionB, ReductionA, inception_v4
from ..question import Question

_v4 = inception_v4()
_params = count_params(_v4)  # 42,679,816 = timm inception_v4
_head = count_params(_v4.head)  # 1536 × 1000 + 1000
_AUX = 3_358_568  # TF-slim's AuxLogits on Mixed_6h (DEVIATIONS F4)
_bg_class = _v4.head.fc.in_features + 1  # a 1001st class: one more row of weights and a bias
_b_one = count_params(InceptionB())
_a_one, _c_one = count_params(_v4.inception_a[0]), count_params(_v4.inception_c[0])
_stem, _red_a, _red_b = (count_params(m) for m in (_v4.stem, _v4.reduction_a, _v4.reduction_b))
assert _stem + 4 * _a_one + _red_a + 7 * _b_one + _red_b + 3 * _c_one + _head == _params

# Reduction-A designed for a width: Inception-ResNet-v2's 320-channel input, n = 384
_C_IN = 320
_N = 384
_TARGET = 1152
_m = _TARGET - _N - _C_IN
_k, _l = REDUCTION_A_KLMN["inception_resnet_v2"][:2]
assert ReductionA(_C_IN, _k, _l, _m, _N).out_channels == _TARGET
_m_ir2 = REDUCTION_A_KLMN["inception_resnet_v2"][2]

# Inception-B moved from 17×17 to 35×35 (same-padded, so only the grid changes); the whole
# network at 299 and 224 px: same parameters, other grids (35/17/8 → 25/12/5) and MACs
_b17 = profile(InceptionB(), (1024, 17, 17)).macs
_b35 = profile(InceptionB(), (1024, 35, 35)).macs
_b35_all = 7 * _b35
_prof_299, _prof_224 = (profile(_v4, (3, n, n)) for n in (299, 224))
_v4_macs, _macs_224 = _prof_299.macs, _prof_224.macs
_grid_299, _grid_224 = (
    tuple(g.output_shape[-1] for g in p.group(1) if g.name.startswith("inception_"))
    for p in (_prof_299, _prof_224)
)
assert _grid_299 == (35, 17, 8)

_WHY_OPTIONS = (
    "Uniform blocks cost fewer multiply-adds than Inception-v3's, so the deeper net still fit "
    "the old compute budget",
    "After training moved from DistBelief to TensorFlow, the model no longer had to be "
    "partitioned into sub-networks whose layer sizes were tuned to balance the computation",
    "Residual connections made a deep stack of identical Inception blocks trainable",
    "Batch normalization arrived with Inception-v4, so the blocks no longer needed hand-tuned "
    "widths",
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="09.v4_params",
        prompt=(
            "*(transfer)* These counts are for 299×299 inputs. Feed Inception-v4 (timm's: 1000 "
            "classes, no auxiliary head) 224×224 images instead: how many parameters does the "
            "network have now?"
        ),
        prompt_zh=(
            "*（迁移）* 以上计数针对 299×299 的输入。给 Inception-v4（timm 版本：1000 类，"
            "无辅助头）输入 224×224 的图像：此时网络有多少参数？"
        ),
        answer=_params,
        unit="params",
        sig_figs=5,  # the 1001-class slip is 0.004% off
        hint=(
            "Which weights depend on the size of the map they slide over? And what feeds the "
            "linear layer: a flattened map or a global average pool (lecture 01)?"
        ),
        mistakes=(
            (
                round(_params * (224 / 299) ** 2),
                "you scaled by the image area: MACs grow with the grid, parameters do not — each "
                "conv keeps its kernels at any input size.",
            ),
            (
                round(_params * 224 / 299),
                "you scaled by the image side: parameters do not depend on the input size.",
            ),
            (
                _params + _bg_class,
                "that counts TF-slim's 1001 classes (a background class, 9.6); timm has 1000.",
            ),
            (_params + _AUX, "you added TF-slim's auxiliary head (9.6); timm and Fig. 9 lack it."),
        ),
        solution=(
            f"{_params:,}, as at 299×299: a conv's weights do not depend on the size of the map it "
            f"slides over, and the global average pool turns the last map — {_grid_299[-1]}×"
            f"{_grid_299[-1]} at 299 px, {_grid_224[-1]}×{_grid_224[-1]} at 224 px — into the same "
            f"1536 values for the linear layer. The cost changes: {_macs_224:,} MACs instead of "
            f"{_v4_macs:,} (×{_macs_224 / _v4_macs:.2f}), as the 35/17/8 grids become "
            f"{'/'.join(map(str, _grid_224))}."
        ),
    ),
    Question(
        qid="09.reduction_a_m",
        prompt=(
            f"*(transfer)* You build a Reduction-A (Fig. 7) for a 35×35×{_C_IN} input, keep "
            f"n = {_N}, and want its output to be 17×17×{_TARGET:,}. Which m (the filters of the "
            "tower's last, stride-2 conv) do you need?"
        ),
        prompt_zh=(
            f"*（迁移）* 你为 35×35×{_C_IN} 的输入搭一个 Reduction-A（图 7），n = {_N} 不变，"
            f"希望输出为 17×17×{_TARGET:,}。塔的最后一个 stride-2 卷积需要多少个滤波器 m？"
        ),
        answer=_m,
        unit="filters",
        hint=(
            "The output width is n + m + c_in: the 3×3/2 conv gives n, the tower gives m, and the "
            "max pool passes its input's channels through. k and l do not appear."
        ),
        mistakes=(
            (
                _TARGET - _N,
                f"you forgot the max-pool branch: it passes the input's {_C_IN} channels through.",
            ),
            (_TARGET - _C_IN, f"you forgot the single 3×3/2 conv branch: its n = {_N} filters."),
            (
                _m_ir2,
                f"m = {_m_ir2} is Inception-ResNet-v2's (Table 1); it gives "
                f"{_N + _m_ir2 + _C_IN:,} channels, not {_TARGET:,}.",
            ),
        ),
        solution=(
            f"n + m + c_in = {_TARGET:,}, so m = {_TARGET:,} − {_N} − {_C_IN} = {_m}. "
            f"`ReductionA({_C_IN}, k, l, {_m}, {_N}).out_channels` = {_TARGET:,} for any k, l."
        ),
    ),
    Question(
        qid="09.inception_b_at_35",
        prompt=(
            "*(transfer)* Suppose Inception-v4 ran its seven Inception-B modules at 35×35 "
            "instead of 17×17 (same widths, same-padded, 1024 channels in and out). How many "
            "MACs would those seven modules cost?"
        ),
        prompt_zh=(
            "*（迁移）* 假设 Inception-v4 把 7 个 Inception-B 模块放在 35×35 而不是 17×17 上"
            "（宽度不变、same 填充、输入输出均为 1024 通道）。这 7 个模块共需要多少次乘加（MACs）？"
        ),
        answer=_b35_all,
        unit="MACs",
        hint=(
            "Every conv in Inception-B is same-padded and stride 1, so its MACs are (MACs per "
            "output position) × (grid area). `profile(InceptionB(), (1024, 35, 35))` checks it."
        ),
        mistakes=(
            (7 * _b17, "that is the seven modules at 17×17, as printed in 9.4; rescale the grid."),
            (
                round(7 * _b17 * 35 / 17),
                "you scaled by the side, 35/17; MACs grow with the area, (35/17)².",
            ),
            (_b35, "that is one module at 35×35; there are seven."),
        ),
        solution=(
            f"One Inception-B costs {_b17:,} MACs at 17×17, {_b17 // 289:,} per output position; "
            f"at 35×35 that is {_b17 // 289:,} × 1225 = {_b35:,}, and seven cost {_b35_all:,} — "
            f"about {_b35_all / 1e9:.1f} G, {_b35_all / _v4_macs:.1f}× the whole network's "
            f"{_v4_macs / 1e9:.2f} G."
        ),
    ),
    Question(
        qid="09.why_uniform",
        prompt=(
            "*(why)* For Inception-v4 the authors 'made uniform choices for the Inception blocks "
            "for each grid size' (1602.07261 §3.1). What, by §1 and §3.1, let them simplify "
            "where Inception-v3 had kept its earlier choices?"
        ),
        prompt_zh=(
            "*（为什么）* 对 Inception-v4，作者“为每个网格尺寸的 Inception 块做了统一的选择”"
            "（1602.07261 §3.1）。按 §1 和 §3.1，是什么让他们能够简化，而 Inception-v3 保留了"
            "早先的选择？请回答选项编号（或字母）。"
        ),
        options=_WHY_OPTIONS,
        answer=2,
        unit="option",
        hint="Read the §1 and §3.1 quotes at the top of the lecture: what were the constraints?",
        mistakes=(
            (
                1,
                "9.0 computes the opposite: Inception-v4 costs about 2.14× Inception-v3's MACs at "
                "299×299.",
            ),
            (
                3,
                "Inception-v4 has no residual connections (9.4 counts 0 residual blocks) — "
                "those are the Inception-ResNet networks of the same paper (lecture 10).",
            ),
            (
                4,
                "batch normalization came with BN-Inception, which the paper calls Inception-v2 "
                "(§2); Inception-v3 already had it.",
            ),
        ),
        solution=(
            "§1: the constraints 'chiefly came from the need for partitioning the model for "
            "distributed training using DistBelief'; after moving to TensorFlow 'these "
            "constraints have been lifted'. §3.1: each replica used to be split into "
            "sub-networks whose layer sizes were tuned 'to balance the computation'; without "
            "that split they 'made uniform choices for the Inception blocks for each grid size'."
        ),
    ),
)

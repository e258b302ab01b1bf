"""The course's terms in English and Chinese (中文), as data (lecture 12).

The notes this course grew from are Chinese; interviews in either language use these words.
The Chinese terms are the standard ones of Chinese ML textbooks and translated papers; where
two are common both are given (批归一化 / 批量归一化). :func:`glossary_table` renders the list
as a Markdown table; :data:`GLOSSARY` is what the tests check (no duplicates, every entry has
both languages and the lecture that teaches it).
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """One glossary entry."""

    en: str
    zh: str
    lecture: str  # "03" — where the course teaches it
    note: str = ""


GLOSSARY: tuple[Term, ...] = (
    Term("convolution", "卷积", "00"),
    Term("kernel / filter", "卷积核 / 滤波器", "00"),
    Term("channel", "通道", "00"),
    Term("feature map", "特征图", "00"),
    Term("padding ('same' / 'valid')", "填充（same / valid）", "02"),
    Term("stride", "步长", "00"),
    Term("multiply-accumulate (MAC), multiply-add", "乘加（乘累加）运算", "00", "1 MAC = 2 FLOPs"),
    Term("FLOPs (floating-point operations)", "浮点运算次数", "00", "≈ 2 × MACs"),
    Term("parameter count", "参数量", "00"),
    Term("receptive field", "感受野", "06"),
    Term("1×1 convolution", "1×1 卷积", "01"),
    Term(
        "Network in Network (NIN), mlpconv",
        "网络中的网络（NIN）、多层感知机卷积（mlpconv）层",
        "01",
    ),
    Term("cross-channel mixing", "跨通道融合（通道间信息整合）", "01"),
    Term("fully connected layer", "全连接层", "01"),
    Term("global average pooling (GAP)", "全局平均池化", "01"),
    Term("max pooling / average pooling", "最大池化 / 平均池化", "02"),
    Term("Inception module", "Inception 模块", "02"),
    Term("naive Inception module", "朴素 Inception 模块", "02"),
    Term("concatenation (along channels)", "（沿通道）拼接", "02"),
    Term("dimension reduction", "降维", "03"),
    Term("bottleneck layer", "瓶颈层", "03"),
    Term("pool projection", "池化投影", "03", "the 1×1 conv after the pool branch"),
    Term("auxiliary classifier", "辅助分类器", "04"),
    Term(
        "ensemble; multi-crop evaluation",
        "模型集成；多裁剪评估",
        "04",
        "6.67% = 7 models × 144 crops",
    ),
    Term("top-5 error", "top-5 错误率", "04"),
    Term("batch normalization (BN)", "批归一化 / 批量归一化", "05"),
    Term("running mean / running variance", "滑动均值 / 滑动方差（移动平均统计量）", "05"),
    Term("train mode / eval (inference) mode", "训练模式 / 评估（推理）模式", "05"),
    Term("internal covariate shift", "内部协变量偏移", "05"),
    Term(
        "'Inception-v2'",
        "Inception-v2（两种含义）",
        "05",
        "BN-Inception (TF-slim) or the v3 paper's factorized net (its Table 3)",
    ),
    Term("depthwise separable convolution", "深度可分离卷积", "05", "BN-Inception's conv1"),
    Term("factorization (of convolutions)", "（卷积）分解", "06"),
    Term("asymmetric convolution (1×n, n×1)", "非对称卷积", "06"),
    Term("grid reduction", "网格缩减（特征图尺寸缩减）", "07"),
    Term("representational bottleneck", "表征瓶颈", "07"),
    Term("label smoothing", "标签平滑", "08"),
    Term("regularizer / regularization", "正则项 / 正则化", "08"),
    Term("RMSProp", "RMSProp 优化器", "08"),
    Term("logit", "logit（未归一化的对数几率）", "08"),
    Term("cross-entropy loss", "交叉熵损失", "04"),
    Term("stem", "stem（茎干，网络最前端的若干层）", "09"),
    Term("residual connection", "残差连接", "10"),
    Term("residual scaling", "残差缩放", "10", "scale 0.1–0.3 before the add"),
    Term("filter expansion (linear 1×1)", "滤波器扩展（线性 1×1 升维）", "10"),
    Term("nonlinearity / activation function (ReLU)", "非线性 / 激活函数（ReLU）", "01"),
    Term("vanishing gradient", "梯度消失", "04"),
    Term("overfitting", "过拟合", "11"),
    Term("dropout", "随机失活（Dropout）", "04"),
    Term("weight initialization", "权重初始化", "10"),
)


def glossary_table(terms: tuple[Term, ...] = GLOSSARY) -> str:
    """The glossary as a Markdown table (English | 中文 | lecture | note)."""
    lines = ["| English | 中文 | lecture | note |", "|---|---|---|---|"]
    lines += [f"| {t.en} | {t.zh} | {t.lecture} | {t.note} |" for t in terms]
    return "\n".join(lines)


class GlossaryTable(str):
    """The Markdown table; renders as a table in a notebook."""

    def _repr_markdown_(self) -> str:
        return str(self)


def glossary() -> GlossaryTable:
    """The whole glossary, ready to display in a notebook."""
    return GlossaryTable(glossary_table())


__all__ = ["GLOSSARY", "GlossaryTable", "Term", "glossary", "glossary_table"]

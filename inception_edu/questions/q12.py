"""Lecture 12 · Interview prep: the self-checks of the question cards (EN + 中文)."""

from fractions import Fraction

import torch
from torch import nn

from ..cost import conv_macs, depthwise_separable_cost, factorization_saving
from ..count import count_macs
from ..evaluation import PAPER_IMAGENET
from ..models import build_model
from ..models.googlenet import INCEPTION_ROWS, Inception
from ..models.nin import fc_head_params, gap_head_params
from ..question import Question

# --- card 1: stacks of small kernels -----------------------------------------------------------
_saving_7x7 = factorization_saving(7, [3, 3, 3])  # 22/49

# --- card 2: 3×3 vs 5×5 ------------------------------------------------------------------------
_ratio_5_3 = Fraction(conv_macs(5, 192, 32, 28, 28), conv_macs(3, 192, 32, 28, 28))  # 25/9

# --- card 3: the 1×1 reduction in inception (3a) -----------------------------------------------
_direct = conv_macs(5, 192, 32, 28, 28)  # 120,422,400
_reduce, _big = conv_macs(1, 192, 16, 28, 28), conv_macs(5, 16, 32, 28, 28)
_reduced = _reduce + _big  # 12,443,648

# --- card 5: the auxiliary loss ----------------------------------------------------------------
_MAIN, _AUX1, _AUX2 = 2.0, 2.5, 2.2
_aux_loss = _MAIN + 0.3 * (_AUX1 + _AUX2)

# --- card 6: the GAP head ----------------------------------------------------------------------
_gap = gap_head_params(1024, 1000)  # 1,025,000
_vgg = fc_head_params(1024, 7, 7)  # flatten 7×7×1024 → 4096 → 4096 → 1000

# --- card 7: BN in eval mode, computed by nn.BatchNorm1d itself --------------------------------
_bn = nn.BatchNorm1d(1, eps=0.0).eval()
with torch.no_grad():
    _bn.running_mean.fill_(2.0)
    _bn.running_var.fill_(4.0)
    _bn_out = _bn(torch.tensor([[6.0]])).item()  # (6 − 2) / √4 = 2

# --- card 8: label smoothing -------------------------------------------------------------------
_K, _EPS = 10, Fraction(1, 10)
_target = 1 - _EPS + _EPS / _K  # 91/100

# --- card 9: residual scaling ------------------------------------------------------------------
_S, _BLOCKS = 0.3, 10
_growth = 1 + _BLOCKS * _S**2  # additive: BN keeps every branch the same size (lecture 10)

# --- card 14: the costs of each version (MACs at 299 px; tests/test_deck.py profiles both) -------
_V4_MACS, _V3_MACS = 12_253_974_624, 5_713_216_096  # profile(inception_v4 / inception_v3)
_V4_PARAMS, _V3_PARAMS = 42_679_816, 23_834_568
_v4_over_v3 = Fraction(_V4_MACS, _V3_MACS)  # 2.14…

# --- card 16: depthwise-separable convolutions (MobileNet §3.1) ----------------------------------
_SEP_K, _SEP_C = 3, 256
_sep = depthwise_separable_cost(_SEP_K, _SEP_C, _SEP_C, 28, 28)
_sep_full, _sep_depthwise, _sep_pointwise = _sep.dense, _sep.depthwise, _sep.pointwise
_sep_left = _sep.fraction  # 1/256 + 1/9 = 265/2304

# --- spot the bug: the Keras '5×5' ---------------------------------------------------------------
_keras_gap = (25 - 1) * 16 * 32  # a 5×5 16→32 conv replaced by a 1×1 16→32 conv


# --- spot the bug: the listing's one nb_filter, inception(x, 120) for inception (3b) -------------
def _snippet_module(c_in: int, nb: int, k5: int = 1, bias: bool = True) -> nn.Module:
    """The Keras snippet's module in PyTorch: one width ``nb`` everywhere, the '5×5' as k5×k5."""

    def unit(a: int, b: int, k: int) -> nn.Conv2d:
        return nn.Conv2d(a, b, k, padding=k // 2, bias=bias)

    return nn.ModuleList(
        [
            unit(c_in, nb, 1),
            nn.Sequential(unit(c_in, nb, 1), unit(nb, nb, 3)),
            nn.Sequential(unit(c_in, nb, 1), unit(nb, nb, k5)),
            nn.Sequential(nn.MaxPool2d(3, 1, 1), unit(c_in, nb, 1)),
        ]
    )


def _n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


_ROW_3B = next(r for r in INCEPTION_ROWS if r.name == "inception (3b)")
_table1_3b = _n_params(Inception(256, *_ROW_3B.widths))  # conv + bias, no BN: Table 1's widths
_NB_3B = 120  # the widely copied listing: 4 × 120 = 480, Table 1's output width for 3b
_snippet_3b = _n_params(_snippet_module(256, _NB_3B))  # inception(x, 120) on 3a's 256 channels
_snippet_3b_5x5 = _n_params(_snippet_module(256, _NB_3B, k5=5))
_snippet_3b_nobias = _n_params(_snippet_module(256, _NB_3B, bias=False))

# --- 12a, the cheat sheet: an ensemble's cost, a number's setting, why v4 ---------------------
_bn_macs = count_macs(build_model("bn_inception"), 224)  # 2,032,600,064 (12a's family table)
_ensemble_macs = 6 * 144 * _bn_macs  # 4.82%: 6 models × 144 crops (1502.03167 §4.2.3)
_paper = {r.model: r for r in PAPER_IMAGENET}  # the single-crop rows of lecture 11
_v3, _v4 = _paper["inception_v3"], _paper["inception_v4"]
_v4_cost, _v4_gain = _v4.macs / _v3.macs, _v3.top5_error - _v4.top5_error  # 2.14×, 0.6 points

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="12.ensemble_macs",
        prompt=(
            "BN-Inception's 4.82% top-5 comes from 6 models × 144 crops per image. One pass of "
            f"our BN-Inception at 224 px costs {_bn_macs:,} MACs (12a's family table). How many "
            "multiply-accumulates would 6 × 144 passes of it cost per test image?"
        ),
        prompt_zh=(
            "BN-Inception 的 4.82% top-5 错误率来自 6 个模型 × 每张图 144 个裁剪。我们的 "
            f"BN-Inception 在 224 像素上跑一次要 {_bn_macs:,} 次乘加（12a 的家族表）。每张测试"
            "图像跑 6 × 144 次，共需多少次乘加运算？"
        ),
        answer=_ensemble_macs,
        unit="MACs",
        rel_tol=0.005,  # 864 × 2.03G from the rounded table is right too
        hint="Every model sees every crop: passes per image = models × crops; each pass costs one "
        "network's MACs.",
        mistakes=(
            (6 * 144, "that is the number of forward passes; multiply by the MACs of one pass."),
            (144 * _bn_macs, "that is one model on 144 crops; the ensemble has 6 models."),
            (6 * _bn_macs, "that is 6 models on one crop each; every model sees all 144 crops."),
        ),
        solution=(
            f"6 × 144 = 864 forward passes × {_bn_macs:,} MACs = {_ensemble_macs:,} MACs, "
            f"about {_ensemble_macs / 1e12:.2f} × 10¹² — {6 * 144}× the single-crop model whose "
            "error is 7.82%. Quote an ensemble's error with its cost."
        ),
    ),
    Question(
        qid="12.quote_the_setting",
        prompt=(
            "A blog post says: 'Inception-v4 cut GoogLeNet's top-5 error from 6.67% to 5.0%.' "
            "What is wrong with that comparison?"
        ),
        prompt_zh=(
            "一篇博客说：“Inception-v4 把 GoogLeNet 的 top-5 错误率从 6.67% 降到了 5.0%。”"
            "这个比较错在哪里？请回答选项编号（或字母）。"
        ),
        options=(
            "Nothing: both are ImageNet top-5 errors.",
            "6.67% is an ensemble of 7 models on 144 crops each; 5.0% is one model on one crop. "
            "Like for like, one GoogLeNet on one crop has 10.07%.",
            "5.0% is Inception-v4's top-1 error, not its top-5.",
            "6.67% was measured on CIFAR-10, not ImageNet.",
        ),
        answer=2,
        unit="option",
        hint="Find both numbers in table 3 of the cheat sheet and read their models and crops.",
        mistakes=(
            (
                1,
                "both are top-5, but of different things: 7 models × 144 crops against one model "
                "on one crop (table 3).",
            ),
            (3, "1602.07261 Table 2 prints 20.0% top-1 and 5.0% top-5 for Inception-v4."),
            (
                4,
                "6.67% is ImageNet (ILSVRC 2014), 'on both the validation and testing data' "
                "(1409.4842 §7).",
            ),
        ),  # fmt: skip
        solution=(
            "The 6.67% is 7 GoogLeNets × 144 crops = 1,008 forward passes per image "
            "(1409.4842 §7, Table 3); Inception-v4's 5.0% is one model, one crop (1602.07261 "
            "Table 2). Like for like: 10.07% → 5.0% for one model and one crop, or 6.67% → 3.08% "
            "for the two papers' best ensembles (3.08% is on the test set, from 4 models)."
        ),
    ),
    Question(
        qid="12.why_v4",
        prompt=(
            f"Inception-v4 costs {_v4_cost:.2f}× the MACs of Inception-v3 for {_v4_gain:.1f} "
            "points of single-crop top-5. What does the v4 paper (1602.07261 §1) say it was built "
            "for?"
        ),
        prompt_zh=(
            f"Inception-v4 的乘加次数是 Inception-v3 的 {_v4_cost:.2f} 倍，单裁剪 top-5 只好 "
            f"{_v4_gain:.1f} 个百分点。"
            "v4 论文（1602.07261 第 1 节）说它是为什么而设计的？请回答选项编号（或字母）。"
        ),
        options=(
            "To run on mobile phones.",
            "Residual connections need more multiply-adds, so v4 had to be bigger.",
            "To study 'whether Inception itself can be made more efficient by making it deeper "
            "and wider': a more uniform, simplified pure-Inception network, possible once "
            "training moved from DistBelief to TensorFlow.",
            "To win ILSVRC 2016 with a single model.",
        ),
        answer=3,
        unit="option",
        hint="Read lecture 09's 'why v4' quotes, and count v4's residual blocks (lecture 12b).",
        mistakes=(
            (
                1,
                "12.25 G MACs is the opposite of a phone budget; depthwise-separable networks "
                "(MobileNet, lecture 12b) aim there.",
            ),
            (
                2,
                "v4 has no residual connections at all (lecture 12b counts 0); the residual "
                "networks are the Inception-ResNets.",
            ),
            (
                4,
                "§1 states no such aim; the paper's best result is an ensemble of four models "
                "(3.08% on the test set).",
            ),
        ),  # fmt: skip
        solution=(
            "§1: 'we have also studied whether Inception itself can be made more efficient by "
            "making it deeper and wider. For that purpose, we designed a new version named "
            "Inception-v4 which has a more uniform simplified architecture and more inception "
            "modules than Inception-v3', after 'migrating our training setup to TensorFlow' "
            "lifted DistBelief's partitioning constraints. The paper then compares 'the two pure "
            "Inception variants, Inception-v3 and v4, with similarly expensive hybrid "
            "Inception-ResNet versions'."
        ),
    ),
    Question(
        qid="12.stack_7x7_saving",
        prompt=(
            "Three stacked 3×3 convolutions (C → C → C → C) replace one 7×7 convolution (C → C) "
            "with the same 7×7 receptive field. What fraction of the weights is saved?"
        ),
        prompt_zh=(
            "用三个堆叠的 3×3 卷积（C → C → C → C）替换一个 7×7 卷积（C → C），感受野同为 7×7。"
            "权重节省了多少比例？"
        ),
        answer=_saving_7x7,
        unit="%",
        rel_tol=2e-3,
        hint="Per channel pair a k×k kernel has k² weights: compare 3·9 with 49.",
        mistakes=(
            (1 - _saving_7x7, "27/49 is what remains; the saving is 1 − 27/49."),
            (Fraction(7, 25), "28% is 5×5 → two 3×3 (18/25 remains); here it is 7×7 → 3 × 3×3."),
            (1 - Fraction(9, 49), "you counted only one of the three 3×3 layers."),
            (Fraction(5, 7), "71% is 7×7 → 1×7 + 7×1 (1 − 2/7), the asymmetric factorization."),
        ),
        solution=(
            "7×7 has 49 weights per channel pair, three 3×3 have 27: the stack keeps 27/49 = "
            "55.1% and saves 22/49 = 44.9% — with two extra ReLUs and the same 7×7 receptive "
            "field (VGG's argument; Inception-v3's 'factorized 7×7' stem)."
        ),
    ),
    Question(
        qid="12.kernel_5x5_vs_3x3",
        prompt=(
            "Same input, same number of input and output channels, same output size: how many "
            "times the MACs of a 3×3 convolution does a 5×5 convolution cost?"
        ),
        prompt_zh=(
            "输入、输入/输出通道数、输出尺寸都相同时，5×5 卷积的乘加次数是 3×3 卷积的多少倍？"
        ),
        answer=_ratio_5_3,
        rel_tol=2e-3,
        hint="Everything but the kernel area cancels.",
        mistakes=(
            (Fraction(5, 3), "5/3 is the ratio of the sides; the cost scales with the area."),
            (Fraction(9, 25), "that is the inverse: the 3×3 relative to the 5×5."),
            (Fraction(25, 18), "25/18 compares the 5×5 with *two* stacked 3×3s."),
            (2, "the cost ratio is not 2: compare the kernel areas 25 and 9."),
        ),
        solution=(
            "MACs = k²·C_in·C_out·H·W, so the ratio is 25/9 ≈ 2.78: a 5×5 costs 2.78 times a "
            "3×3 — which is why GoogLeNet kept its 5×5 branches narrow and BN-Inception replaced "
            "them by two 3×3s."
        ),
    ),
    Question(
        qid="12.reduction_3a_macs",
        prompt=(
            "GoogLeNet's inception (3a) sees a 28×28×192 input; its 5×5 branch makes 32 maps "
            "after a 1×1 reduction to 16. How many MACs does the branch cost (both convs)?"
        ),
        prompt_zh=(
            "GoogLeNet 的 inception (3a) 输入为 28×28×192；它的 5×5 分支先用 1×1 卷积降到 16 个"
            "通道，再输出 32 个特征图。这个分支（两个卷积）需要多少次乘加？"
        ),
        answer=_reduced,
        unit="MACs",
        hint="1×1: 28·28·192·16; 5×5: 28·28·25·16·32. Add them.",
        mistakes=(
            (_direct, "120,422,400 is the 5×5 straight on all 192 channels — without reduction."),
            (_big, "you left out the 1×1 reduction's own 2,408,448 MACs."),
            (_reduce, "that is only the 1×1 reduction; add the 5×5 on 16 channels."),
            (2 * _reduced, "that is FLOPs (2 per MAC)."),
        ),
        solution=(
            f"1×1: {_reduce:,} + 5×5: {_big:,} = {_reduced:,} MACs, against {_direct:,} for the "
            f"direct 5×5 — {_direct / _reduced:.1f}× fewer."
        ),
    ),
    Question(
        qid="12.versions_not_v3",
        prompt=(
            "Which of these did NOT come from the Inception-v3 paper ('Rethinking the Inception "
            "Architecture', arXiv:1512.00567)? Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "下列哪一项不是 Inception-v3 论文（arXiv:1512.00567）提出的？请回答选项编号（或字母）。"
        ),
        options=(
            "label smoothing (ε = 0.1)",
            "factorizing a 7×7 convolution into 1×7 and 7×1",
            "batch normalization after every convolution",
            "training with RMSProp",
        ),
        answer=3,
        unit="option",
        hint="Four papers: GoogLeNet (2014), BN (2015), v3 (2015), v4/Inception-ResNet (2016).",
        mistakes=(
            (1, "label smoothing is §7 of the v3 paper, one rung of its Table 3 ladder."),
            (2, "1×n + n×1 factorization is §3.2 of the v3 paper (Fig. 6)."),
            (4, "RMSProp (decay 0.9, ε 1.0) is the first rung of v3's Table 3 ladder."),
        ),
        solution=(
            "Batch normalization comes from Ioffe & Szegedy (2015, arXiv:1502.03167), whose "
            "network (BN-Inception) some sources call 'Inception-v2'. Label smoothing, the 1×n/n×1 "
            "factorization, RMSProp and the BN-auxiliary head are the v3 paper's Table 3 ladder."
        ),
    ),
    Question(
        qid="12.aux_loss",
        prompt=(
            f"During training GoogLeNet's main classifier has cross-entropy {_MAIN}, the "
            f"auxiliary heads on 4a and 4d have {_AUX1} and {_AUX2}. What total loss does the "
            "paper back-propagate?"
        ),
        prompt_zh=(
            f"训练时 GoogLeNet 主分类器的交叉熵为 {_MAIN}，4a 和 4d 上两个辅助分类器的交叉熵为 "
            f"{_AUX1} 和 {_AUX2}。论文反向传播的总损失是多少？"
        ),
        answer=_aux_loss,
        rel_tol=1e-3,
        hint="§5: 'the losses of the auxiliary classifiers were weighted by 0.3'.",
        mistakes=(
            (_MAIN + _AUX1 + _AUX2, "the auxiliary losses are discounted by 0.3 each."),
            (_MAIN, "that is the main loss alone — what is left at inference, not in training."),
            (_MAIN + 0.4 * (_AUX1 + _AUX2), "0.4 is TF-slim's trainer weight; the paper uses 0.3."),
            (_MAIN + 0.3 * _AUX1, "there are two auxiliary heads (4a and 4d); add both."),
        ),
        solution=(
            f"L = {_MAIN} + 0.3·{_AUX1} + 0.3·{_AUX2} = {_aux_loss:.2f} "
            "(`inception_loss(outputs, target)`); at inference the heads are discarded."
        ),
    ),
    Question(
        qid="12.gap_head_params",
        prompt=(
            "GoogLeNet ends with global average pooling over its 7×7×1024 map and one linear "
            "layer to 1000 classes. How many parameters does this head have?"
        ),
        prompt_zh=(
            "GoogLeNet 的最后是对 7×7×1024 特征图做全局平均池化，再接一个到 1000 类的全连接层。"
            "这个分类头有多少参数？"
        ),
        answer=_gap,
        unit="params",
        sig_figs=4,  # the no-bias slip is 0.1% off
        hint="Pooling has no parameters; the linear layer has in·out weights and out biases.",
        mistakes=(
            (_gap - 1000, "you left out the 1000 biases of the linear layer."),
            (
                7 * 7 * 1024 * 1000 + 1000,
                "that flattens the 7×7×1024 map into the linear layer — the GAP averages it "
                "to 1024 values first.",
            ),
            (_vgg, "that is a VGG-style head (two FC-4096 layers) on the flattened map."),
            (0, "GAP itself has none, but GoogLeNet keeps one linear layer after it (§5)."),
        ),
        solution=(
            f"1024·1000 + 1000 = {_gap:,}; flattening 7×7×1024 into FC-4096 → FC-4096 → 1000 "
            f"would need {_vgg:,}."
        ),
    ),
    Question(
        qid="12.bn_eval_value",
        prompt=(
            "A BatchNorm layer in eval mode has running mean 2 and running variance 4, γ = 1, "
            "β = 0 (ignore ε). What does it output for the input value 6?"
        ),
        prompt_zh=(
            "一个处于评估模式的 BatchNorm 层，滑动均值为 2、滑动方差为 4，γ = 1、β = 0（忽略 ε）。"
            "输入 6 时输出是多少？"
        ),
        answer=_bn_out,
        rel_tol=1e-6,
        hint="Eval mode uses the running statistics: (x − μ) / √(σ² + ε) · γ + β.",
        mistakes=(
            (1, "you divided by the variance (4); BN divides by the standard deviation (2)."),
            (4, "you subtracted the mean but did not divide by the standard deviation."),
            (6, "eval mode is not the identity: it applies the stored statistics."),
            (3, "you divided before subtracting: (6 − 2)/2, not 6/2."),
            (
                0,
                "0 would be train mode on a batch whose own mean is 6; eval uses the running mean.",
            ),
        ),
        solution=(
            "(6 − 2) / √4 · 1 + 0 = 2. In train mode BN would use the batch's own mean and "
            "variance instead (and update the running ones)."
        ),
    ),
    Question(
        qid="12.label_smoothing_target",
        prompt=(
            "With label smoothing ε = 0.1 and K = 10 classes (Inception-v3 §7), what is the "
            "target probability of the true class?"
        ),
        prompt_zh=(
            "标签平滑 ε = 0.1、类别数 K = 10 时（Inception-v3 第 7 节），真实类别的目标概率是多少？"
        ),
        answer=_target,
        rel_tol=1e-6,
        hint=(
            "q'(k) = (1 − ε)·δ(k, y) + ε/K — the uniform part goes to every class, the true "
            "one too."
        ),
        mistakes=(
            (1 - _EPS, "the true class also gets its share ε/K of the uniform part: 0.9 + 0.01."),
            (_EPS / _K, "0.01 is the target of each *other* class."),
            (1, "that is the one-hot target, without smoothing."),
            (1 - _EPS / _K, "the true class keeps 1 − ε plus ε/K, not 1 − ε/K."),
        ),
        solution=(
            "(1 − 0.1) + 0.1/10 = 0.91; each of the 9 other classes gets 0.01 (sum 1). The "
            "targets never reach 1, so the logit gap the loss wants stays finite."
        ),
    ),
    Question(
        qid="12.residual_variance",
        prompt=(
            "Every Inception-ResNet branch starts with conv → BN, so in training each block adds "
            "s·F(x) with Var(F) = 1 whatever the trunk's size (F uncorrelated with x; ignore the "
            "ReLU). The trunk enters with variance 1. What is its variance after 10 blocks with "
            "the scale s = 0.3?"
        ),
        prompt_zh=(
            "Inception-ResNet 的每个分支都以 conv → BN 开头，所以训练时每个块加上 s·F(x)，"
            "无论主干多大 Var(F) 都是 1（F 与 x 不相关，忽略 ReLU）。主干输入方差为 1，"
            "残差缩放系数 s = 0.3 时，经过 10 个块后主干的方差是多少？"
        ),
        answer=_growth,
        rel_tol=2e-3,
        hint="Variances of uncorrelated signals add, and scaling a signal by s scales its "
        "variance by s². BN keeps what each block adds the same.",
        mistakes=(
            (
                1 + _BLOCKS,
                "that is s = 1: unscaled, each block adds a whole Var(F) — 1 + 10 = 11.",
            ),
            (1 + _BLOCKS * _S, "scaling by s scales the variance by s², not s: add 10 · 0.09."),
            (
                (1 + _S**2) ** _BLOCKS,
                "that compounds, as if each branch grew with the trunk — what happens without "
                "BN. With BN every block adds the same s²·Var(F): 1 + 10·s².",
            ),
            (1 + _S**2, "that is one block; there are ten."),
        ),
        solution=(
            f"Var = 1 + 10 · 0.3² · 1 = {_growth:.2f}, against 1 + 10 = 11 unscaled: additive "
            "growth, the regime lecture 10 (§10.7) and card 9 measure with BN in training mode. "
            "Without BN the branch grows with the trunk and the growth compounds instead."
        ),
    ),
    Question(
        qid="12.v4_vs_v3_macs",
        prompt=(
            "Inception-v4 and Inception-v3 both take 299×299 inputs. How many times the MACs of "
            "Inception-v3 does one Inception-v4 forward pass cost? (Card 14's evidence prints "
            "both counts.)"
        ),
        prompt_zh=(
            "Inception-v4 和 Inception-v3 的输入都是 299×299。Inception-v4 一次前向传播的乘加"
            "次数是 Inception-v3 的多少倍？（卡片 14 的证据单元格打印了两者的计数。）"
        ),
        answer=_v4_over_v3,
        hint="Divide the two MAC counts, v4's by v3's.",
        mistakes=(
            (
                Fraction(_V4_PARAMS, _V3_PARAMS),
                "that is the ratio of the parameters; the question asks for the MACs.",
            ),
            (
                Fraction(_V4_MACS, 5_000_000_000),
                "that divides by the v3 paper's rounded '5 billion'; use the counted 5.71 G.",
            ),
            (Fraction(_V3_MACS, _V4_MACS), "that is v3 over v4; turn the fraction around."),
        ),
        solution=(
            f"{_V4_MACS:,} / {_V3_MACS:,} = {float(_v4_over_v3):.2f}: v4 costs more than twice "
            "v3's compute at the same input size, for 20.0 / 5.0% single-crop top-1 / top-5 "
            "error against v3's 21.2 / 5.6% (1602.07261 Table 2)."
        ),
    ),
    Question(
        qid="12.principle_reduction",
        prompt=(
            "GoogLeNet puts a 1×1 convolution that reduces the channels before each 3×3 and 5×5. "
            "Which of the four design principles of the v3 paper (arXiv:1512.00567 §2) does that "
            "apply? Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "GoogLeNet 在每个 3×3 和 5×5 卷积之前放了一个减少通道的 1×1 卷积。这体现了 v3 论文"
            "（arXiv:1512.00567 §2）四条设计原则中的哪一条？请回答选项编号（或字母）。"
        ),
        options=(
            "Avoid representational bottlenecks, especially early in the network.",
            "Higher dimensional representations are easier to process locally within a network.",
            "Spatial aggregation can be done over lower dimensional embeddings without much or "
            "any loss in representational power.",
            "Balance the width and depth of the network.",
        ),
        answer=3,
        unit="option",
        hint="Which principle talks about doing a 3×3 (a spatial aggregation) on fewer channels?",
        mistakes=(
            (
                1,
                "a 1×1 reduction is a (mild) bottleneck itself; principle 1 warns against "
                "squeezing the whole representation, e.g. pooling before a grid reduction.",
            ),
            (
                2,
                "principle 2 goes the other way: more channels, as in v3's widened 8×8 modules.",
            ),
            (4, "principle 4 is about the budget split between width and depth."),
        ),
        solution=(
            "Principle 3: 'Spatial aggregation can be done over lower dimensional embeddings "
            "without much or any loss in representational power. For example, before performing "
            "a more spread out (e.g. 3 × 3) convolution, one can reduce the dimension of the "
            "input representation before the spatial aggregation without expecting serious "
            "adverse effects.' In inception (3a) it cuts the 5×5 branch from 120,422,400 to "
            "12,443,648 MACs (card 3)."
        ),
    ),
    Question(
        qid="12.separable_fraction",
        prompt=(
            "A 3×3 convolution from 256 to 256 channels on a 28×28 map is replaced by a depthwise "
            "3×3 (one filter per channel) followed by a pointwise 1×1 from 256 to 256. What "
            "fraction of the MACs remains? (A fraction or a percentage.)"
        ),
        prompt_zh=(
            "把 28×28 特征图上一个从 256 通道到 256 通道的 3×3 卷积，换成深度 3×3 卷积（每个通道"
            "一个滤波器）加逐点 1×1 卷积（256 到 256）。乘加次数还剩原来的几分之几？"
            "（回答分数或百分数。）"
        ),
        answer=_sep_left,
        unit="%",
        hint="Divide each part by the full conv's k²·C_in·C_out·H·W: the depthwise part is "
        "k²·C_in·H·W, the pointwise part C_in·C_out·H·W.",
        mistakes=(
            (Fraction(1, _SEP_K**2), "that is the pointwise 1×1 alone; add the depthwise 1/256."),
            (Fraction(1, _SEP_C), "that is the depthwise 3×3 alone; add the pointwise 1/9."),
            (1 - _sep_left, "that is the fraction saved; the question asks what remains."),
        ),
        solution=(
            f"Depthwise {_sep_depthwise:,} + pointwise {_sep_pointwise:,} = "
            f"{_sep_depthwise + _sep_pointwise:,} MACs against {_sep_full:,}: "
            f"1/{_SEP_C} + 1/{_SEP_K**2} = {_sep_left} ≈ {float(_sep_left):.1%} "
            f"({1 / float(_sep_left):.2f}× fewer) — MobileNet's 1/N + 1/D_K² (1704.04861 §3.1)."
        ),
    ),
    Question(
        qid="12.keras_5x5_params",
        prompt=(
            "A Keras GoogLeNet snippet builds inception (3a)'s '5×5' conv (16 → 32 maps) with "
            "kernel (1, 1), all other widths as in Table 1. How many parameters does the module "
            "have *fewer* than Table 1's?"
        ),
        prompt_zh=(
            "某段 Keras GoogLeNet 代码把 inception (3a) 的“5×5”卷积（16 → 32 个特征图）写成了 "
            "(1, 1) 卷积核，其余宽度按表 1。这个模块比表 1 少了多少个参数？"
        ),
        answer=_keras_gap,
        unit="params",
        hint="Only that conv changes: 25 weights per channel pair become 1; the bias stays.",
        mistakes=(
            (25 * 16 * 32, "the 1×1 still has 16·32 weights: the difference is (25 − 1)·16·32."),
            ((25 - 9) * 16 * 32, "that is the 3×3 (torchvision) version's difference in 3a."),
            (380_928, "380,928 is the whole torchvision GoogLeNet's 5×5 → 3×3 difference."),
            (25 * 16 * 32 + 32, "the bias is still there in the 1×1 conv: don't subtract it."),
        ),
        solution=(
            f"(25 − 1)·16·32 = {_keras_gap:,}: 163,696 (Table 1's 3a with biases) vs 151,408. "
            "The parameter count moves by less than 8% — the receptive field (1×1 instead of "
            "5×5) is the louder symptom."
        ),
    ),
    Question(
        qid="12.keras_3b_params",
        prompt=(
            f"The listing builds inception (3b) as inception(x, {_NB_3B}): one nb_filter = "
            f"{_NB_3B} for every conv, its '5×5' written as (1, 1), on the 256 channels that 3a "
            "outputs. Count its parameters (convolutions with biases; leave the BN layers out). "
            f"Table 1's 3b, counted the same way, has {_table1_3b:,}."
        ),
        prompt_zh=(
            f"这段代码把 inception (3b) 写成 inception(x, {_NB_3B})：每个卷积都用同一个 "
            f"nb_filter = {_NB_3B}，“5×5”写成 (1, 1)，输入是 3a 输出的 256 个通道。它有多少个参数"
            "（卷积含偏置，不计 BN 层）？"
            f"按同样方法计算，表 1 的 3b 有 {_table1_3b:,} 个。"
        ),
        answer=_snippet_3b,
        unit="params",
        hint=(
            f"Branch by branch, as the check of bug 1 does for 3a: four 1×1 convs 256 → {_NB_3B}, "
            f"one 3×3 and one '5×5' (really 1×1) {_NB_3B} → {_NB_3B}; each conv has "
            "k·k·C_in·C_out weights + C_out biases."
        ),
        mistakes=(
            (
                _table1_3b,
                f"that is Table 1's 3b — the listing uses {_NB_3B} for every branch instead.",
            ),
            (
                _snippet_3b_5x5,
                "that counts the '5×5' as a real 5×5; the listing writes it as (1, 1).",
            ),
            (_snippet_3b_nobias, f"the convs have biases here: add {_NB_3B} per conv (6 convs)."),
        ),
        solution=(
            f"4 × (256·{_NB_3B} + {_NB_3B}) for the four 1×1s on the input = "
            f"{4 * (256 * _NB_3B + _NB_3B):,}; 3×3 {_NB_3B} → {_NB_3B}: "
            f"{9 * _NB_3B * _NB_3B + _NB_3B:,}; the '5×5' as 1×1 {_NB_3B} → {_NB_3B}: "
            f"{_NB_3B * _NB_3B + _NB_3B:,}; total {_snippet_3b:,} against Table 1's "
            f"{_table1_3b:,} ({_snippet_3b - _table1_3b:+,}). The output has 4 × {_NB_3B} = "
            f"{4 * _NB_3B} channels — exactly Table 1's 480: the total width hides the wrong "
            "branch widths again, the parameter count does not."
        ),
    ),
    Question(
        qid="12.bn_after_relu_why",
        prompt=(
            "The listing applies BatchNormalization after the ReLU (conv → ReLU → BN). Why is "
            "that not what the BN paper (arXiv:1502.03167) does? Answer with the option's number "
            "(or letter)."
        ),
        prompt_zh=(
            "这段代码把 BatchNormalization 放在 ReLU 之后（卷积 → ReLU → BN）。为什么这不是 BN "
            "论文（arXiv:1502.03167）的做法？请回答选项编号（或字母）。"
        ),
        options=(
            "BN after a ReLU cannot be computed: the ReLU's output has zero variance.",
            "§3.2 adds BN immediately before the nonlinearity, on x = Wu, which is 'more "
            "Gaussian' (symmetric, non-sparse); the output of a nonlinearity changes its shape "
            "during training, and normalizing only its first two moments would not remove that.",
            "Nothing changes: BN and ReLU commute, so the order is a matter of taste.",
            "BN goes after the ReLU so that the conv's bias can be dropped.",
        ),
        answer=2,
        unit="option",
        hint="Read §3.2 of the BN paper: which quantity does it normalize, and why that one?",
        mistakes=(
            (
                1,
                "a ReLU's output is non-negative but not constant: its variance is positive "
                "and BN normalizes it fine (the next cell does exactly that).",
            ),
            (
                3,
                "they do not commute: after conv → ReLU → BN many outputs are negative again, "
                "after conv → BN → ReLU none is (the next cell measures it).",
            ),
            (
                4,
                "the bias can be dropped when BN comes right after the conv — BN subtracts the "
                "mean, which cancels it (§3.2). After a ReLU the bias is not cancelled.",
            ),
        ),
        solution=(
            "Ioffe & Szegedy, §3.2: 'We add the BN transform immediately before the "
            "nonlinearity', normalizing x = Wu + b. They could have normalized the layer "
            "input u, but u is the output of another nonlinearity, so 'the shape of its "
            "distribution is likely to change during training', while Wu + b 'is more likely to "
            "have a symmetric, non-sparse distribution, that is \u201cmore Gaussian\u201d'. "
            "The bias b 'can be ignored', since the mean subtraction cancels it. BN-Inception and "
            "the later Inceptions use conv → BN → ReLU (the library's BasicConv); GoogLeNet "
            "(2014) has no BN at all."
        ),
    ),
)

"""The interview deck (lecture 12) as data: one home for every card's text, in English and 中文.

Each :class:`Card` holds a question and the answer you could give in an interview, both in
English and in Chinese, the lectures that teach it and the sources it quotes. Lecture 12 shows
the cards from here (``deck.card("small_kernels")`` renders as Markdown), the tests recompute the
numbers each answer states, and :func:`write_anki` exports the deck — with the glossary of
:mod:`inception_edu.glossary` — as an Anki package for review on a phone
(``python -m inception_edu deck --anki inception.apkg``).

Answers are written in a small Markdown subset: paragraphs, ``- `` and ``1. `` lists,
``**bold**``, ``*italic*``, ```code``` and ``$$display math$$`` — :func:`to_html` turns that
subset into the HTML an Anki note needs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

ZH = 'lang="zh-Hans"'  # marks Chinese text, so that browsers and phones pick a CJK font


@dataclass(frozen=True, repr=False)
class Card:
    """One interview card: the question, the answer, both languages, where it is taught."""

    key: str
    title_en: str
    title_zh: str
    question_en: str
    question_zh: str
    answer_en: str
    answer_zh: str
    lectures: tuple[str, ...]  # ("06", "12"): the lectures that teach it
    sources: tuple[str, ...]  # ("1512.00567 §3.1", …): arXiv id and where

    @property
    def number(self) -> int:
        """The card's place in the deck, from 1 (the notebook's "Card N")."""
        return next(i for i, c in enumerate(CARDS, 1) if c.key == self.key)

    @property
    def heading(self) -> str:
        """The notebook's heading for the card: ``### Card N · title · 中文标题``."""
        return f"### Card {self.number} · {self.title_en} · <span {ZH}>{self.title_zh}</span>"

    def markdown(self, tags: bool = True) -> str:
        """The question and the answer in both languages, then the lectures and sources.

        ``tags=False`` leaves out the HTML that marks the Chinese (for a terminal)."""
        q_zh = f"<span {ZH}>{self.question_zh}</span>" if tags else self.question_zh
        answer = _labelled("**Answer.**", self.answer_en)
        if tags:
            answer_zh = f"**中文答案：**\n\n<div {ZH}>\n\n{self.answer_zh}\n\n</div>"
        else:
            answer_zh = _labelled("**中文答案：**", self.answer_zh)
        where = f"Lectures {', '.join(self.lectures)} · sources: {'; '.join(self.sources)}"
        return (
            f"> **Q:** {self.question_en}\n> **中文：** {q_zh}\n\n{answer}\n\n{answer_zh}\n\n"
            + (f"<small>{where}</small>" if tags else f"*{where}*")
        )

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        return f"Card({self.key!r}: {self.title_en})"


def _labelled(label: str, text: str) -> str:
    """``label text`` — or the label on its own line when the text opens with a list."""
    return f"{label}\n\n{text}" if re.match(r"(- |1\. )", text) else f"{label} {text}"


# --- the cards ----------------------------------------------------------------------------------
# The answers of cards 1–10 are the lecture's own words (lecture 12 before this module existed);
# the Chinese uses the glossary's terms (inception_edu.glossary). Numbers in an answer are
# recomputed by tests/test_deck.py or are quoted numbers listed in docs/sources.md.

_CARD_9_FORMULA = r"$$\mathrm{Var}(x_n) \approx \mathrm{Var}(x_0) + n\,s^2\,\mathrm{Var}(F)$$"

CARDS: tuple[Card, ...] = (
    Card(
        key="small_kernels",
        title_en="Why stacks of small kernels?",
        title_zh="为什么堆叠小卷积核？",
        question_en=(
            "Why do VGG, BN-Inception and Inception-v3 replace a large kernel by a stack of 3×3s?"
        ),
        question_zh=(
            "为什么 VGG、BN-Inception 和 Inception-v3 用多个堆叠的 3×3 卷积代替一个大卷积核？"
        ),
        answer_en=(
            "Two stacked 3×3 convolutions see the same 5×5 window as one 5×5 (each output of the "
            "second reads a 3×3 patch of outputs that each read 3×3 inputs), three see 7×7. Per "
            "channel pair they cost 9 + 9 = 18 weights instead of 25 (**18/25, −28%**) and 27 "
            "instead of 49 (**27/49, −45%**), and they put a ReLU between the layers: more "
            "nonlinearity, more depth, fewer parameters. The v3 paper (§3.1) keeps that ReLU — a "
            'linear factorization was "always inferior".'
        ),
        answer_zh=(
            "两个堆叠的 3×3 卷积和一个 5×5 卷积看到同样的 5×5 窗口（第二层的每个输出读取第一层"
            "输出的一个 3×3 区域，而那些输出又各自读取 3×3 的输入），三个 3×3 则看到 7×7。对每一对"
            "输入、输出通道，它们只需 9 + 9 = 18 个权重而不是 25 个（**18/25，−28%**），27 个而不是"
            " 49 个（**27/49，−45%**），并且在层与层之间加了 ReLU：非线性更多、网络更深、参数更少。"
            "v3 论文（§3.1）保留了这个 ReLU——线性的分解“总是更差”（always inferior）。"
        ),
        lectures=("05", "06", "12"),
        sources=("1512.00567 §3.1",),
    ),
    Card(
        key="kernel_3x3_vs_5x5",
        title_en="3×3 vs 5×5",
        title_zh="3×3 与 5×5",
        question_en=(
            "Why does GoogLeNet have both 3×3 and 5×5 branches — and why did its successors "
            "drop the 5×5?"
        ),
        question_zh="GoogLeNet 为什么同时用 3×3 和 5×5 分支？后来的版本为什么去掉了 5×5？",
        answer_en=(
            "Objects appear at several scales, so the module looks through several window sizes "
            "at once and lets the next layer pick (Fig. 2). But a 5×5 costs **25/9 ≈ 2.78×** a "
            "3×3 with the same channels, so GoogLeNet kept its 5×5 branches narrow — fewer maps "
            "behind a much stronger 1×1 reduction. BN-Inception replaced each 5×5 by two 3×3s "
            "(same field, 28% cheaper per channel pair, one more ReLU), and Inception-v3 "
            "factorized further (1×n + n×1)."
        ),
        answer_zh=(
            "物体会以多种尺度出现，所以模块同时用几种窗口大小去看，让下一层去选择（图 2）。但通道数"
            "相同时，5×5 的计算量是 3×3 的 **25/9 ≈ 2.78 倍**，所以 GoogLeNet 让 5×5 分支保持很窄"
            "——输出的特征图更少，前面的 1×1 降维幅度也大得多。BN-Inception 把每个 5×5 换成两个"
            " 3×3（感受野相同，每对通道便宜 28%，多一个 ReLU），Inception-v3 则进一步分解"
            "（1×n + n×1）。"
        ),
        lectures=("02", "03", "05", "06", "12"),
        sources=("1409.4842 Fig. 2, Table 1", "1512.00567 §3.1", "1502.03167 Appendix"),
    ),
    Card(
        key="one_by_one",
        title_en="The roles of the 1×1 convolution",
        title_zh="1×1 卷积的作用",
        question_en="What is a 1×1 convolution good for? It does not even look at neighbours.",
        question_zh="1×1 卷积有什么用？它甚至不看相邻像素。",
        answer_en=(
            "Four jobs (NIN, GoogLeNet §4): (1) **cross-channel mixing** — it is a fully "
            "connected layer across channels applied at every pixel; (2) **dimension reduction** "
            "before the expensive 3×3/5×5 — in inception (3a) the 5×5 branch drops from 120.4M "
            "to 12.4M MACs; (3) **depth and nonlinearity** — each 1×1 carries a ReLU; (4) "
            "**projection of the pool branch**, so the module's width is chosen instead of "
            'inheriting all input channels. (And in Inception-ResNet, a linear 1×1 "filter '
            'expansion" restores the width before the residual add — card 9, and bug 6 of '
            "lecture 12c.)"
        ),
        answer_zh=(
            "四个作用（NIN、GoogLeNet §4）：(1) **跨通道融合**——它相当于在每个像素上作用一个跨通道"
            "的全连接层；(2) 在昂贵的 3×3/5×5 之前**降维**——在 inception (3a) 中，5×5 分支从 "
            "120.4M 次乘加降到 12.4M 次；(3) **增加深度和非线性**——每个 1×1 后面都带一个 ReLU；"
            "(4) **池化分支的投影**，使模块的输出宽度由设计者选择，而不是继承全部输入通道。"
            "（在 Inception-ResNet 中，一个线性的 1×1“滤波器扩展”在残差相加之前恢复宽度——见卡片 9 "
            "和第 12c 讲的 bug 6。）"
        ),
        lectures=("01", "03", "10", "12"),
        sources=("1312.4400 §3.1", "1409.4842 §4", "1602.07261 §3.2"),
    ),
    Card(
        key="versions",
        title_en="What did each version change, v1 → v4?",
        title_zh="从 v1 到 v4，每一版改了什么？",
        question_en="Walk me through Inception v1 to v4: what changed each time, and why?",
        question_zh="请介绍 Inception 从 v1 到 v4 的演变：每一版改了什么，为什么？",
        answer_en=(
            "**v1 / GoogLeNet (2014):** the Inception module with 1×1 reductions, 22 layers at "
            "1.5G multiply-adds, two auxiliary classifiers, global average pooling. **v2 / "
            "BN-Inception (2015):** batch normalization after every convolution (higher "
            "learning rates, no dropout/LRN), 5×5 → two 3×3. **v3 (2015):** factorization "
            "everywhere (7×7 → 1×7 + 7×1), grid reduction with parallel stride-2 branches, label "
            "smoothing, RMSProp, a BN auxiliary head — input 299. **v4 and Inception-ResNet "
            "(2016):** a uniform, simplified pure-Inception network, and the same modules with "
            '**scaled residual connections**, which train much faster. (Careful: "Inception-v2" '
            "means BN-Inception in TF-slim but the factorized network in the v3 paper's Table 3 "
            "— lecture 05.)"
        ),
        answer_zh=(
            "**v1 / GoogLeNet（2014）：** 带 1×1 降维的 Inception 模块，22 层，1.5G 次乘加，两个"
            "辅助分类器，全局平均池化。**v2 / BN-Inception（2015）：** 每个卷积之后都加批归一化（可"
            "用更高的学习率，去掉 dropout 和 LRN），5×5 → 两个 3×3。**v3（2015）：** 处处分解（7×7 "
            "→ 1×7 + 7×1），用并行的步长 2 分支做网格缩减，标签平滑，RMSProp，带 BN 的辅助头——输入 "
            "299。**v4 和 Inception-ResNet（2016）：** 统一、简化的纯 Inception 网络，以及同样的模"
            "块加上**缩放的残差连接**，训练快得多。（注意：“Inception-v2”在 TF-slim 中指 "
            "BN-Inception，在 v3 论文的表 3 中却指分解后的网络——第 05 讲。）"
        ),
        lectures=("04", "05", "08", "09", "10", "12"),
        sources=(
            "1409.4842 §1, §5",
            "1502.03167 §4.2.1, Appendix",
            "1512.00567 §3–§8, Table 3",
            "1602.07261 §2, §3",
        ),
    ),
    Card(
        key="aux_classifiers",
        title_en="Why auxiliary classifiers, and why 0.3?",
        title_zh="为什么要辅助分类器？为什么是 0.3？",
        question_en=(
            "What are GoogLeNet's auxiliary classifiers for, and why is their loss weighted by 0.3?"
        ),
        question_zh="GoogLeNet 的辅助分类器有什么作用？为什么它们的损失权重是 0.3？",
        answer_en=(
            "Two small classifiers on 4a and 4d add their losses during training, "
            "`L = L_main + 0.3·L_aux1 + 0.3·L_aux2`, to push gradient into the middle of a "
            "22-layer network and to make the middle features discriminative (GoogLeNet §5); at "
            "inference they are discarded. 0.3 is a *discount* so the side losses help without "
            "dominating — a hyper-parameter, not a derived number (TF-slim's v3/v4 trainer uses "
            "0.4). The v3 paper (§4) then found they do **not** speed up early training; they "
            "help only near the end and act as a **regularizer** — a batch-normalized aux head "
            "gave +0.4% top-1 (its Table 3)."
        ),
        answer_zh=(
            "两个小分类器接在 4a 和 4d 上，训练时把它们的损失加进来，"
            "`L = L_main + 0.3·L_aux1 + 0.3·L_aux2`，目的是把梯度送进 22 层网络的中部，并让中间层的"
            "特征具有判别力（GoogLeNet §5）；推理时丢弃。0.3 是一个*折扣*，让辅助损失帮忙而不喧宾"
            "夺主——它是超参数，不是推导出来的数（TF-slim 的 v3/v4 训练脚本用 0.4）。后来 v3 论文"
            "（§4）发现它们**并不能**加快训练早期的收敛；只在训练接近结束时有帮助，起**正则化**作用"
            "——带批归一化的辅助头使 top-1 提高 0.4%（其表 3）。"
        ),
        lectures=("04", "08", "12"),
        sources=("1409.4842 §5", "1512.00567 §4, Fig. 8, Table 3"),
    ),
    Card(
        key="global_average_pooling",
        title_en="Why global average pooling?",
        title_zh="为什么用全局平均池化？",
        question_en=(
            "Why does GoogLeNet end with global average pooling instead of fully connected layers?"
        ),
        question_zh="GoogLeNet 为什么用全局平均池化代替全连接层作为结尾？",
        answer_en=(
            "The fully connected layers of AlexNet/VGG hold most of their parameters and "
            "overfit; averaging each of the 1024 final maps to one number (NIN's idea) has **no "
            "parameters**, is more robust to translation, and lets the network run on any input "
            "size. GoogLeNet keeps a single linear layer after the pooling (for fine-tuning "
            "convenience) and reports +0.6% top-1 for average pooling over FC (§5)."
        ),
        answer_zh=(
            "AlexNet/VGG 的全连接层占了它们的大部分参数，而且容易过拟合；把最后 1024 个特征图各自"
            "平均成一个数（NIN 的思想）**没有参数**，对平移更鲁棒，还能让网络接受任意尺寸的输入。"
            "GoogLeNet 在池化之后保留了一个线性层（为了方便微调），并报告平均池化比全连接层的 "
            "top-1 高 0.6%（§5）。"
        ),
        lectures=("01", "04", "12"),
        sources=("1312.4400 §3.2", "1409.4842 §5"),
    ),
    Card(
        key="batch_norm_train_eval",
        title_en="Batch normalization at train vs test time",
        title_zh="批归一化：训练时与测试时",
        question_en="What does batch normalization do differently in training and at test time?",
        question_zh="批归一化在训练和测试时的行为有什么不同？",
        answer_en=(
            "In training BN normalizes each channel with the **current mini-batch's** mean and "
            "variance, then scales and shifts with the learned γ, β — so one image's output "
            "depends on its batch-mates — and it updates **running** estimates "
            "(`running = 0.9·running + 0.1·batch` in PyTorch). At test time (`model.eval()`) it "
            "uses the running statistics: a fixed per-channel affine map, deterministic per "
            "image, foldable into the preceding conv. Forgetting `eval()` is a classic bug (bug "
            "5 of lecture 12c)."
        ),
        answer_zh=(
            "训练时，BN 用**当前小批量**的均值和方差对每个通道做归一化，再用学到的 γ、β 缩放和平移"
            "——所以一张图像的输出取决于同一批里的其他图像——同时更新**滑动**统计量（PyTorch 中 "
            "`running = 0.9·running + 0.1·batch`）。测试时（`model.eval()`）使用滑动统计量：一个固"
            "定的逐通道仿射变换，对每张图像都是确定的，可以折叠进前面的卷积。忘记调用 `eval()` 是"
            "经典 bug（见第 12c 讲的 bug 5）。"
        ),
        lectures=("05", "12"),
        sources=("1502.03167 §3, §3.1",),
    ),
    Card(
        key="label_smoothing",
        title_en="Label smoothing",
        title_zh="标签平滑",
        question_en="What is label smoothing and why does Inception-v3 use it?",
        question_zh="什么是标签平滑？Inception-v3 为什么使用它？",
        answer_en=(
            "Replace the one-hot target by `q'(k) = (1 − ε)·δ(k, y) + ε/K` (ε = 0.1, §7): the "
            "true class gets 1 − ε + ε/K, every other class ε/K. With one-hot targets the "
            "cross-entropy is minimized only as the true logit's lead goes to infinity, which "
            "encourages over-confident, over-fitted logits; with smoothed targets the optimal "
            "lead is **finite**, log(1 + K(1 − ε)/ε). It is exactly "
            "`F.cross_entropy(..., label_smoothing=ε)`; in v3's Table 3 it was worth 0.3% top-1 "
            "(23.1 → 22.8% error)."
        ),
        answer_zh=(
            "把 one-hot 目标换成 `q'(k) = (1 − ε)·δ(k, y) + ε/K`（ε = 0.1，§7）：真实类别得到 "
            "1 − ε + ε/K，其余每个类别得到 ε/K。用 one-hot 目标时，只有当真实类别的 logit 领先量"
            "趋于无穷大时交叉熵才取最小，这会鼓励过度自信、过拟合的 logit；用平滑后的目标，最优"
            "领先量是**有限的**，即 log(1 + K(1 − ε)/ε)。它与 "
            "`F.cross_entropy(..., label_smoothing=ε)` 完全相同；在 v3 的表 3 中它带来 0.3% 的 "
            "top-1 提升（错误率 23.1 → 22.8%）。"
        ),
        lectures=("08", "12"),
        sources=("1512.00567 §7, Table 3",),
    ),
    Card(
        key="residual_scaling",
        title_en="Why scale the residuals?",
        title_zh="为什么要缩放残差？",
        question_en="Inception-ResNet multiplies each residual by 0.1–0.3 before adding it. Why?",
        question_zh="Inception-ResNet 在相加之前把残差乘以 0.1–0.3，为什么？",
        answer_en=(
            "The v4 paper (1602.07261 §3.3) found that with more than about 1000 filters the "
            'residual variants became unstable and the network "died" early in training — the '
            'last layer before the average pool "started to produce only zeros" — and that '
            "neither a lower learning rate nor an extra BN prevented it; scaling the residual "
            'branch down by a factor "between 0.1 and 0.3" before the addition "seemed to '
            "stabilize the training\". (He et al.'s remedy for very deep ResNets, a warm-up at a "
            "very low learning rate, was not enough for the very wide Inception-ResNets.)\n\n"
            "**What the scale controls.** Each block adds s·F(x) to the trunk x, and if the two "
            "are uncorrelated, variances add: Var(x + s·F) = Var(x) + s²·Var(F). Every "
            "Inception-ResNet branch starts with conv → BN, so in training F has about the same "
            "size in every block, whatever the trunk's size. Through n blocks the trunk "
            f"therefore grows **additively**:\n\n{_CARD_9_FORMULA}\n\n"
            "— unscaled, each block adds a whole Var(F); at s = 0.1, a hundredth of it. Without "
            "normalization the branch grows with the trunk instead, and the growth **compounds**."
        ),
        answer_zh=(
            "v4 论文（1602.07261 §3.3）发现，滤波器数超过约 1000 个时，残差变体变得不稳定，网络在"
            "训练早期就“死掉”——平均池化之前的最后一层“开始只输出零”——降低学习率或额外加一个 BN "
            "都无法避免；在相加之前把残差分支乘以“0.1 到 0.3 之间”的系数“似乎稳定了训练”。（He "
            "等人针对极深 ResNet 的办法——先用很低的学习率预热——对非常宽的 Inception-ResNet 不够"
            "用。）\n\n"
            "**缩放系数控制的是什么。** 每个块把 s·F(x) 加到主干 x 上；若两者不相关，方差相加："
            "Var(x + s·F) = Var(x) + s²·Var(F)。Inception-ResNet 的每个分支都以 conv → BN 开头，"
            "所以训练时无论主干多大，每个块的 F 大小都差不多。因此经过 n 个块，主干按**加法**增长："
            f"\n\n{_CARD_9_FORMULA}\n\n"
            "——不缩放时，每个块加上整整一个 Var(F)；s = 0.1 时，只加它的百分之一。没有归一化时，"
            "分支随主干一起变大，增长就会**复合累积**（逐块相乘）。"
        ),
        lectures=("10", "12"),
        sources=("1602.07261 §3.3",),
    ),
    Card(
        key="misconception_v4_pooling",
        title_en="Misconception 1 · Inception-v4's pooling",
        title_zh="常见误区 1 · Inception-v4 的池化",
        question_en='"Inception-v4 uses average pooling everywhere." Right or wrong?',
        question_zh="“Inception-v4 到处都用平均池化。”这句话对吗？",
        answer_en=(
            "**Refuted.** Inception-v4 has four max pools — two in the stem (Fig. 3) and one in "
            "each reduction block (Figs. 7, 8) — all with stride 2, where the grid shrinks. "
            "Average pooling appears once in each of the 14 Inception-A/B/C blocks (Figs. 4–6), "
            "in the branch that pools and then projects with a 1×1, plus the head's global "
            "average pool (Fig. 9)."
        ),
        answer_zh=(
            "**错。** Inception-v4 有 4 个最大池化：stem（茎干）中有 2 个（图 3），两个缩减模块中"
            "各 1 个（图 7、8），步长都是 2，正是网格缩小的地方。平均池化只在 14 个 "
            "Inception-A/B/C 模块（图 4–6）中各出现一次——在先池化、再用 1×1 卷积投影的那个分支"
            "里——另外就是分类头的全局平均池化（图 9）。"
        ),
        lectures=("09", "12"),
        sources=("1602.07261 Figs. 3–9",),
    ),
    Card(
        key="misconception_ir_v2",
        title_en="Misconception 2 · Inception-ResNet-v2 vs v1",
        title_zh="常见误区 2 · Inception-ResNet-v2 与 v1",
        question_en=(
            '"Inception-ResNet-v2 is Inception-ResNet-v1 with Inception-v4\'s stem." Right or '
            "wrong?"
        ),
        question_zh=(
            "“Inception-ResNet-v2 就是换上 Inception-v4 的 stem（茎干）的 Inception-ResNet-v1。”"
            "这句话对吗？"
        ),
        answer_en=(
            "**Half true.** v2 does use v4's stem, and it shares v1's overall schema and "
            "Reduction-A's layout — Fig. 15: \"This schema applies to both networks but the "
            "underlying components differ. […] Inception-ResNet-v2 uses the blocks as described "
            "in Figures 3, 16, 7, 17, 18 and 19\" (Fig. 3 is v4's stem, Fig. 7 the Reduction-A "
            "of all three networks); our builds of both have 5 / 10 / 5 residual blocks. But "
            "every other block is wider in v2: in the three Inception-ResNet blocks, Reduction-A "
            "(k, l, m, n) and Reduction-B every branch is at least as wide, and every block has a "
            "wider branch. In our build of v2 the trunk carries 384 / 1152 / 2144 channels "
            "instead of 256 / 896 / 1792, and the network has 43% more parameters. (The paper's "
            "figures print two residual widths for v2, 1154 and 2048, that cannot be added — read "
            "from transcriptions of the drawings, not from the paper's text; the library's "
            '`variant="paper"` uses 1152 and 2144 — lecture 10.)'
        ),
        answer_zh=(
            "**只对了一半。** v2 确实用了 v4 的 stem（茎干），并且与 v1 的总体结构和 Reduction-A "
            "的结构相同——图 15：“此结构适用于两个网络，但底层组件不同。[…] Inception-ResNet-v2 "
            "使用图 3、16、7、17、18 和 19 所示的模块”（图 3 是 v4 的 stem，图 7 是三个网络共用的 "
            "Reduction-A）；本库构建的两者都有 5 / 10 / 5 个残差模块。但其余每个模块在 v2 中都更"
            "宽：三种 Inception-ResNet 模块、Reduction-A（k、l、m、n）和 Reduction-B 的每个分支都"
            "至少一样宽，而且每个模块都有更宽的分支。在本库构建的 v2 中，主干的通道数是 384 / 1152 "
            "/ 2144 而不是 256 / 896 / 1792，参数多 43%。（论文的图中给 v2 印了两个无法相加的残差"
            '宽度 1154 和 2048——取自对图的转录，而非论文正文；本库的 `variant="paper"` 用 1152 '
            "和 2144——第 10 讲。）"
        ),
        lectures=("09", "10", "12"),
        sources=("1602.07261 Table 1, Figs. 3, 7, 10–19",),
    ),
    Card(
        key="misconception_v4_residual",
        title_en="Misconception 3 · Does Inception-v4 borrow from ResNet?",
        title_zh="常见误区 3 · Inception-v4 借鉴了 ResNet 吗？",
        question_en='"Inception-v4 borrows from ResNet." Right or wrong?',
        question_zh="“Inception-v4 借鉴了 ResNet（用了残差连接）。”这句话对吗？",
        answer_en=(
            "**Refuted.** Inception-v4 has no residual connection at all, and the paper says so "
            'twice: "Inception-v3 and Inception-v4 are deep convolutional networks not utilizing '
            'residual connections" (§5), and v4 is "a pure Inception variant without residual '
            'connections" (§6). The paper introduces it to study "whether Inception itself can '
            'be made more efficient by making it deeper and wider", then compares "the two pure '
            "Inception variants, Inception-v3 and v4, with similarly expensive hybrid "
            'Inception-ResNet versions" (§1). The residual networks are the Inception-ResNets.'
        ),
        answer_zh=(
            "**错。** Inception-v4 根本没有残差连接，论文两次明说：“Inception-v3 和 Inception-v4 "
            "是不使用残差连接的深度卷积网络”（§5），v4 是“不带残差连接的纯 Inception 变体”（§6）。"
            "论文提出它，是为了研究“Inception 本身能否通过加深、加宽而变得更高效”，随后“将两个纯 "
            "Inception 变体 Inception-v3 和 v4 与计算量相近的混合 Inception-ResNet 版本进行比较”"
            "（§1）。用残差连接的是 Inception-ResNet。"
        ),
        lectures=("09", "10", "12"),
        sources=("1602.07261 §1, §5, §6",),
    ),
    Card(
        key="misconception_error_ladder",
        title_en="Misconception 4 · The error ladder",
        title_zh="常见误区 4 · 错误率“阶梯”",
        question_en=(
            '"Inception cut the error 6.67% → 4.8% → 3.5% → 3.08%, version by version." Right '
            "or wrong?"
        ),
        question_zh="“Inception 一代代把错误率从 6.67% 降到 4.8%、3.5%、3.08%。”这句话对吗？",
        answer_en=(
            "**Refuted as a like-for-like ladder.** The popular numbers are top-5 errors of "
            "ensembles of 7, 6, 4 and 4 models, each with 144 crops per image; 4.82% "
            "and 3.08% are test-set numbers, 3.5% a validation number, and 6.67% was the same on "
            "both (the cheat sheet, lecture 12a, gives the other split where a paper does). "
            "One model and one "
            "crop on validation gives 10.07% → 7.82% → 5.6% → 5.0% top-5. Even that row is not "
            "perfectly comparable: the v3 and v4 papers leave out the blacklisted validation "
            "images, which makes their top-5 numbers optimistic by about 0.1% (v3, §10) and "
            "0.15% (v4, §5). In an interview, say the setting with the number: "
            '"5.0% top-5 — one Inception-v4, one crop, validation".'
        ),
        answer_zh=(
            "**作为同等条件下的阶梯，这是错的。** 流行的这几个数字是 7、6、4 和 4 个模型集成的 "
            "top-5 错误率，每张图像都用 144 次裁剪；4.82% 和 3.08% 是测试集上的数字，3.5% "
            "是验证集上的，6.67% 在两者上相同（论文给出另一个数据划分的数字时，第 12a 讲的速查表"
            "也列出了）。单个"
            "模型、单次裁剪、在验证集上，top-5 错误率是 10.07% → 7.82% → 5.6% → 5.0%。即便这一行"
            "也不完全可比：v3 和 v4 论文去掉了验证集中列入黑名单的图像，这使它们的 top-5 数字偏乐观"
            "约 0.1%（v3，§10）和 0.15%（v4，§5）。面试时，说数字就要说条件：“top-5 错误率 "
            "5.0%——一个 Inception-v4、单次裁剪、验证集”。"
        ),
        lectures=("04", "05", "08", "09", "12"),
        sources=(
            "1409.4842 §7, Table 3",
            "1502.03167 §4.2.3, Fig. 4",
            "1512.00567 abstract, §10, Table 3",
            "1602.07261 abstract, §5, Tables 2, 5",
        ),
    ),
    Card(
        key="costs_of_each_version",
        title_en="The costs of each version",
        title_zh="每一版的代价",
        question_en=(
            "Every Inception version has a price. What are the weaknesses of GoogLeNet, "
            "BN-Inception, Inception-v3 and Inception-v4?"
        ),
        question_zh=(
            "每一版 Inception 都有代价。GoogLeNet、BN-Inception、Inception-v3 和 Inception-v4 各有"
            "什么缺点？"
        ),
        answer_en=(
            "- **Hand-tuned, complex modules (v1–v3).** Each module's widths are set by hand — "
            "GoogLeNet's Table 1 sets 6 per module, 54 for its 9 modules — and the v3 paper (§1) "
            'says the complexity of the Inception architecture "makes it more difficult to make '
            'changes to the network" and that GoogLeNet\'s paper gives no "clear description '
            'about the contributing factors that lead to the various design decisions"; before '
            'v4, layer sizes were also tuned "to balance the computation between the various '
            'model sub-networks" of distributed training (1602.07261 §3.1).\n'
            "- **Fragmented, hardware-unfriendly.** One v4 Inception-A block runs 8 separate "
            "convolutions and pools, Inception-B and -C 11 each, then concatenates; ShuffleNet "
            "v2 (1807.11164 §2, guideline 3) counts 2 or 3 such operators in a ResNet block and cal"
            "ls "
            'many small parallel ones "unfriendly for devices with strong parallel computing '
            'powers like GPU".\n'
            "- **BN's batch dependence (v2 on).** In training an image's output depends on its "
            "batch-mates, the more so the smaller the batch (measured: new batch-mates move it "
            "more than twice as much at batch 2 as at batch 32).\n"
            '- **Aux heads that help little.** The v3 paper (§4) found they "did not result in '
            'improved convergence early in the training", and removing the lower one "did not '
            "have any adverse effect on the final quality of the network\" — yet GoogLeNet's "
            "two heads are 48% of its training-time parameters.\n"
            "- **v4 is expensive.** 12.25 G MACs at 299 px, 2.14× v3's 5.71 G, for 20.0 / 5.0% "
            "single-crop top-1 / top-5 error against v3's 21.2 / 5.6% (1602.07261 Table 2)."
        ),
        answer_zh=(
            "- **手工调参、结构复杂（v1–v3）。** 每个模块的宽度都是手工设定的——GoogLeNet 的表 1 每"
            "个模块设 6 个，9 个模块共 54 个——v3 论文（§1）说 Inception 架构的复杂性“使修改网络"
            "更加困难”，而且 GoogLeNet 的论文没有“清楚说明导致各种设计决策的因素”；在 v4 之前，各层"
            "的大小还要为分布式训练“平衡各个模型子网络之间的计算”而仔细调整（1602.07261 §3.1）。\n"
            "- **碎片化，对硬件不友好。** v4 的一个 Inception-A 模块要执行 8 个独立的卷积和池化，"
            "Inception-B 和 Inception-C 各 11 个，然后再拼接；ShuffleNet v2（1807.11164 §2，第 3 条"
            "准则）统计 ResNet 的一个模块只有 2 或 3 个这样的算子，并指出大量小的并行算子“对 GPU 这"
            "类并行计算能力强的设备不友好”。\n"
            "- **BN 依赖批次（v2 起）。** 训练时一张图像的输出取决于同批的其他图像，批越小越明显"
            "（测量结果：换掉同批图像，批大小为 2 时输出的变化是批大小为 32 时的两倍以上）。\n"
            "- **辅助头作用有限。** v3 论文（§4）发现它们“没有改善训练早期的收敛”，去掉较低的那个"
            "“对网络的最终质量没有任何不利影响”——而 GoogLeNet 的两个辅助头占训练时参数的 48%。\n"
            "- **v4 很贵。** 在 299 px 下 12.25 G 次乘加，是 v3（5.71 G）的 2.14 倍，换来的单次"
            "裁剪 top-1 / top-5 错误率是 20.0 / 5.0%，v3 为 21.2 / 5.6%（1602.07261 表 2）。"
        ),
        lectures=("03", "04", "05", "08", "09", "12"),
        sources=(
            "1409.4842 Table 1",
            "1512.00567 §1, §4",
            "1602.07261 §3.1, Table 2",
            "1807.11164 §2, guideline 3",
        ),
    ),
    Card(
        key="design_principles",
        title_en="Inception-v3's four design principles",
        title_zh="Inception-v3 的四条设计原则",
        question_en=(
            "The v3 paper opens with four general design principles. What are they, and where "
            "do you see them in the Inception family?"
        ),
        question_zh=(
            "v3 论文开头提出了四条通用设计原则。它们是什么？在 Inception 系列中体现在哪里？"
        ),
        answer_en=(
            'The paper (1512.00567 §2) draws them from "large-scale experimentation" and calls '
            'their utility "speculative" — to be used "judiciously in ambiguous situations '
            'only".\n\n'
            '1. **"Avoid representational bottlenecks, especially early in the network."** The '
            "representation should shrink gently from input to output. Lecture 07: pooling "
            "before the conv squeezes 35×35×320 through 92,480 values, half of the "
            "184,960-value output; v3's parallel stride-2 conv ‖ pool does not.\n"
            '2. **"Higher dimensional representations are easier to process locally within a '
            'network."** More activations per tile give more disentangled features and faster '
            'training. Lecture 08: v3\'s 8×8 modules (Fig. 7, "as suggested by principle 2") '
            "widen the output to 2048 channels.\n"
            '3. **"Spatial aggregation can be done over lower dimensional embeddings without '
            'much or any loss in representational power."** Reduce the channels before a 3×3 or '
            "5×5. Lecture 03: the 1×1 reduction cuts 3a's 5×5 branch from 120.4M to 12.4M MACs.\n"
            '4. **"Balance the width and depth of the network."** For a fixed compute budget, '
            'increase both "in parallel". No lecture measures this one; it stays the paper\'s '
            "guideline."
        ),
        answer_zh=(
            "论文（1512.00567 §2）说这些原则来自“大规模实验”，其效用是“推测性的”——只应“在模棱两可"
            "的情况下审慎使用”。\n\n"
            "1. **“避免表征瓶颈，尤其是在网络前部。”** 表征的大小应从输入到输出平缓地减小。第 07 讲"
            "：先池化再卷积，会让 35×35×320 的特征图挤过只有 92,480 个值的瓶颈，仅为 184,960 个值的"
            "输出的一半；v3 并行的步长 2 卷积 ‖ 池化则不会。\n"
            "2. **“高维表征更容易在网络中做局部处理。”** 每个位置的激活越多，特征越解耦，训练越快。"
            "第 08 讲：v3 的 8×8 模块（图 7，“如第 2 条原则所建议”）把输出扩展到 2048 个通道。\n"
            "3. **“空间聚合可以在低维嵌入上进行，而几乎不损失表征能力。”** 在 3×3 或 5×5 卷积之前先"
            "减少通道。第 03 讲：1×1 降维把 3a 的 5×5 分支从 120.4M 次乘加降到 12.4M 次。\n"
            "4. **“平衡网络的宽度和深度。”** 在固定的计算预算下，宽度和深度应“同时”增加。没有哪一讲"
            "测量过这一条；它仍只是论文的指导原则。"
        ),
        lectures=("03", "07", "08", "12"),
        sources=("1512.00567 §2, Fig. 7",),
    ),
    Card(
        key="depthwise_separable",
        title_en="The follow-up: depthwise-separable convolutions",
        title_zh="追问：深度可分离卷积",
        question_en=(
            "What is a depthwise-separable convolution, what does it save, and what does it have "
            "to do with Inception?"
        ),
        question_zh="什么是深度可分离卷积？它能省多少计算？它和 Inception 有什么关系？",
        answer_en=(
            "A **depthwise** k×k convolution filters each input channel with its own kernel "
            "(space only); a **pointwise** 1×1 convolution then mixes the channels. Against a "
            "full k×k convolution C_in → C_out, the MACs shrink to **1/C_out + 1/k²** of the "
            "cost (MobileNet, 1704.04861 §3.1): on MobileNet's example layer, 3×3 on 14×14×512 → "
            "512, from 462,422,016 to 52,283,392 MACs, 8.84× fewer (its Table 3 prints 462 and "
            "52.3 million).\n\n"
            'Xception (1610.02357) reads an Inception module as "an intermediate step '
            'in-between regular convolution and the depthwise separable convolution operation": '
            "a 1×1, then spatial convolutions on a few channel groups; with one group per channel "
            'it is an "extreme" Inception module, and Xception is built from them with about '
            "v3's number of parameters.\n\n"
            "**The link in this course:** BN-Inception's first layer is a separable 7×7 with "
            "depth multiplier 8 (1502.03167 Appendix). GoogLeNet's Table 1 conv1 row (2.7K, 34M) "
            "matches that layer to the digits printed — 2,712 weights, 34,019,328 MACs, 3.47× "
            "cheaper than the plain 7×7 — and with it the whole GoogLeNet costs 1,498,677,248 "
            'MACs, 0.999× the 1.5 G budget of its §1 (lecture 04). Xception (§2) says "a '
            "depthwise separable convolution was used as the first layer of Inception V1 and "
            'Inception V2".'
        ),
        answer_zh=(
            "**深度**（depthwise）k×k 卷积用各自的卷积核分别过滤每个输入通道（只在空间上）；随后"
            "**逐点**（pointwise）1×1 卷积把通道混合起来。与从 C_in 到 C_out 的完整 k×k 卷积相比，"
            "乘加次数降为原来的 **1/C_out + 1/k²**（MobileNet，1704.04861 §3.1）：在 MobileNet 的"
            "示例层（14×14×512 上的 3×3 卷积，输出 512 通道）上，从 462,422,016 次降到 52,283,392 "
            "次，少 8.84 倍（其表 3 印的是 462 百万和 52.3 百万）。\n\n"
            "Xception（1610.02357）把 Inception 模块看作“介于常规卷积和深度可分离卷积之间的中间"
            "步骤”：先做 1×1，再在少数几个通道组上做空间卷积；每个通道自成一组时，就是“极端”的 "
            "Inception 模块。Xception 用它搭成网络，参数量与 v3 大致相同。\n\n"
            "**与本课程的联系：** BN-Inception 的第一层是深度乘数为 8 的可分离 7×7 卷积"
            "（1502.03167 附录）。GoogLeNet 表 1 的 conv1 一行（2.7K、34M）与这一层在所印的位数上"
            "吻合——2,712 个权重、34,019,328 次乘加，比普通 7×7 便宜 3.47 倍——用上它，整个 "
            "GoogLeNet 的计算量是 1,498,677,248 次乘加，为其 §1 中 1.5 G 预算的 0.999 倍（第 04 "
            "讲）。Xception（§2）写道：“深度可分离卷积被用作 Inception V1 和 Inception V2 的"
            "第一层”。"
        ),
        lectures=("04", "05", "12"),
        sources=(
            "1704.04861 §3.1, Table 3",
            "1610.02357 abstract, §1.2, §2",
            "1502.03167 Appendix",
            "1409.4842 §1, Table 1",
        ),
    ),
)


class UnknownCardError(KeyError):
    """:func:`card` with a key (or number) that is not in the deck."""

    def __str__(self) -> str:  # KeyError would quote the sentence
        return str(self.args[0])


def card(key: str | int) -> Card:
    """The card with this key (``"small_kernels"``) or number (1 = the first card)."""
    if isinstance(key, int) and not isinstance(key, bool) and 1 <= key <= len(CARDS):
        return CARDS[key - 1]
    for c in CARDS:
        if c.key == key:
            return c
    raise UnknownCardError(
        f"unknown card {key!r}; choose a number 1–{len(CARDS)} or one of: "
        + ", ".join(c.key for c in CARDS)
    )


def deck_markdown(tags: bool = False) -> str:
    """The whole deck as Markdown (``tags=False``: without HTML, for a terminal)."""
    return "\n\n---\n\n".join(
        f"## Card {c.number} · {c.title_en} · {c.title_zh}\n\n{c.markdown(tags)}" for c in CARDS
    )


# --- Markdown subset → HTML (Anki fields) -------------------------------------------------------

_INLINE = (
    (re.compile(r"\*\*(.+?)\*\*"), r"<b>\1</b>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"<i>\1</i>"),
)


def _inline(text: str) -> str:
    parts = re.split(r"(`[^`]+`)", text)  # code spans are left as they are
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1], quote=False)}</code>")
            continue
        part = html.escape(part, quote=False)
        for pattern, repl in _INLINE:
            part = pattern.sub(repl, part)
        out.append(part)
    return "".join(out)


def to_html(text: str) -> str:
    """The Markdown subset of the answers as HTML: paragraphs, lists, bold, italics, code and
    display math (``$$…$$`` → MathJax's ``\\[…\\]``, which Anki renders)."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.split("\n")
        if block.startswith("$$") and block.endswith("$$"):
            blocks.append(f"<p>\\[{html.escape(block[2:-2].strip(), quote=False)}\\]</p>")
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif all(re.match(r"\d+\. ", line) for line in lines):
            items = "".join(f"<li>{_inline(line.split('. ', 1)[1])}</li>" for line in lines)
            blocks.append(f"<ol>{items}</ol>")
        else:
            blocks.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
    return "".join(blocks)


# --- Anki export -------------------------------------------------------------------------------
# Stable ids: Anki matches decks and note types by id, notes by GUID (made from the card key or
# the glossary term), so importing a newer export updates the notes instead of duplicating them.

DECK_ID = 1_874_205_961
GLOSSARY_DECK_ID = 1_874_205_962
CARD_MODEL_ID = 1_529_380_417
GLOSSARY_MODEL_ID = 1_529_380_418
DECK_NAME = "Inception interview deck · Inception 面试卡片"
GLOSSARY_DECK_NAME = f"{DECK_NAME}::Glossary · 术语表"
TAG = "inception-edu"

_CSS = """
.card { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 18px; text-align: left;
  line-height: 1.45; color: #222; background: #fff; }
.title { font-size: 14px; color: #666; margin-bottom: 8px; }
.zh { color: #2a4d8f; margin-top: 6px; }
.src { font-size: 13px; color: #777; margin-top: 12px; border-top: 1px solid #ddd;
  padding-top: 6px; }
code { font-size: 15px; background: #f3f3f3; }
"""

_ARXIV = re.compile(r"^(\d{4}\.\d{4,5})(.*)$")


def _sources_html(c: Card) -> str:
    links = []
    for source in c.sources:
        m = _ARXIV.match(source)
        text = html.escape(source, quote=False)
        if m:
            rest = html.escape(m[2], quote=False)
            text = f'<a href="https://arxiv.org/abs/{m[1]}">arXiv:{m[1]}</a>{rest}'
        links.append(text)
    lectures = ", ".join(c.lectures)
    return f"Lectures · 讲次 {lectures} — sources · 出处: {'; '.join(links)}"


def lecture_tags(lectures: tuple[str, ...] | list[str]) -> list[str]:
    """``("06", "12")`` → ``["lecture06", "lecture12"]``."""
    return [f"lecture{n}" for n in lectures]


class AnkiExportError(ValueError):
    """The package cannot be written where asked (the message says why, in one sentence)."""


def _check_path(path: str | Path) -> Path:
    target = Path(path).expanduser()
    if target.suffix.lower() != ".apkg":
        raise AnkiExportError(
            f"{path} is not an Anki package name: give a file name ending in .apkg"
        )
    if target.is_dir():
        raise AnkiExportError(f"{path} is a folder: give a file name ending in .apkg")
    folder = target.parent
    if not folder.is_dir():
        raise AnkiExportError(f"the folder {folder} does not exist: create it first")
    return target


def anki_package(include_glossary: bool = True):
    """The deck (and the glossary, as a sub-deck with its own note type) as a genanki Package."""
    try:
        import genanki
    except ImportError:  # a dependency of the package; say how to get it back
        raise AnkiExportError(
            "the Anki export needs genanki, which is not installed: pip install genanki"
        ) from None
    card_model = genanki.Model(
        CARD_MODEL_ID,
        "inception-edu interview card (EN + 中文)",
        fields=[
            {"name": name}
            for name in (
                "Key",
                "Title",
                "Title (中文)",
                "Question",
                "Question (中文)",
                "Answer",
                "Answer (中文)",
                "Sources",
            )
        ],
        templates=[
            {
                "name": "Question → answer",
                "qfmt": (
                    '<div class="title">{{Title}} · <span lang="zh-Hans">{{Title (中文)}}</span>'
                    '</div><div class="q">{{Question}}</div>'
                    '<div class="zh" lang="zh-Hans">{{Question (中文)}}</div>'
                ),
                "afmt": (
                    '{{FrontSide}}<hr id="answer"><div class="a">{{Answer}}</div>'
                    '<div class="zh" lang="zh-Hans">{{Answer (中文)}}</div>'
                    '<div class="src">{{Sources}}</div>'
                ),
            }
        ],
        css=_CSS,
    )
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for c in CARDS:
        deck.add_note(
            genanki.Note(
                model=card_model,
                fields=[
                    c.key,
                    html.escape(f"Card {c.number} · {c.title_en}", quote=False),
                    html.escape(c.title_zh, quote=False),
                    _inline(c.question_en),
                    _inline(c.question_zh),
                    to_html(c.answer_en),
                    to_html(c.answer_zh),
                    _sources_html(c),
                ],
                tags=[TAG, *lecture_tags(c.lectures)],
                guid=genanki.guid_for(TAG, "card", c.key),
            )
        )
    decks = [deck]
    if include_glossary:
        from .glossary import GLOSSARY

        term_model = genanki.Model(
            GLOSSARY_MODEL_ID,
            "inception-edu glossary term (EN → 中文)",
            fields=[{"name": n} for n in ("English", "中文", "Lecture", "Note")],
            templates=[
                {
                    "name": "English → 中文",
                    "qfmt": (
                        '<div class="title">Glossary · 术语表</div><div class="q">{{English}}</div>'
                    ),
                    "afmt": (
                        '{{FrontSide}}<hr id="answer"><div class="zh" lang="zh-Hans">{{中文}}</div>'
                        "{{#Note}}<div>{{Note}}</div>{{/Note}}"
                        '<div class="src">Lecture · 讲次 {{Lecture}}</div>'
                    ),
                }
            ],
            css=_CSS,
        )
        glossary_deck = genanki.Deck(GLOSSARY_DECK_ID, GLOSSARY_DECK_NAME)
        for term in GLOSSARY:
            glossary_deck.add_note(
                genanki.Note(
                    model=term_model,
                    fields=[
                        html.escape(term.en, quote=False),
                        html.escape(term.zh, quote=False),
                        term.lecture,
                        html.escape(term.note, quote=False),
                    ],
                    tags=[TAG, "glossary", *lecture_tags([term.lecture])],
                    guid=genanki.guid_for(TAG, "glossary", term.en),
                )
            )
        decks.append(glossary_deck)
    return genanki.Package(decks)


def write_anki(path: str | Path, include_glossary: bool = True) -> tuple[Path, int, int]:
    """Write the deck to ``path`` (an ``.apkg`` file): ``(path, cards, glossary terms)``."""
    target = _check_path(path)
    package = anki_package(include_glossary)
    try:
        package.write_to_file(str(target))
    except OSError as err:
        raise AnkiExportError(f"could not write {path}: {err.strerror or err}") from None
    terms = len(package.decks[1].notes) if include_glossary else 0
    return target, len(CARDS), terms


__all__ = [
    "CARDS",
    "CARD_MODEL_ID",
    "DECK_ID",
    "GLOSSARY_DECK_ID",
    "GLOSSARY_MODEL_ID",
    "AnkiExportError",
    "Card",
    "UnknownCardError",
    "anki_package",
    "card",
    "deck_markdown",
    "lecture_tags",
    "to_html",
    "write_anki",
]

"""Lecture 04 · GoogLeNet / Inception-v1 (1409.4842 Table 1, Fig. 3, §5, §7; 1512.00567 §4).

Two transfer questions (a 10-class head, a 160×160 input: answers printed nowhere in the
lecture), the training loss, and two "why" questions (multiple choice).
"""

import inspect

from ..count import count_params, profile
from ..losses import inception_loss
from ..models.googlenet import googlenet, googlenet_torchvision
from ..question import Question

_CLASSES = 10
_ft = googlenet(variant="paper", num_classes=_CLASSES)
_ft_params = count_params(_ft)
_ft_weights = sum(p.numel() for n, p in _ft.named_parameters() if n.endswith("weight"))
_ft_with_aux = count_params(googlenet(variant="paper", num_classes=_CLASSES, aux_logits=True))
_ft_tv = count_params(googlenet_torchvision(num_classes=_CLASSES))
_params_1000 = count_params(googlenet(variant="paper"))

_SIZE = 160
_macs_224 = profile(googlenet(variant="paper"), (3, 224, 224)).macs
_prof = profile(googlenet(variant="paper"), (3, _SIZE, _SIZE))
_macs = _prof.macs
_fc_macs = _prof.linear_macs
_tv_macs = profile(googlenet_torchvision(), (3, _SIZE, _SIZE)).macs

_W = inspect.signature(inception_loss).parameters["aux_weight"].default  # 0.3 (§5)
_MAIN, _AUX1, _AUX2 = 2.0, 2.5, 3.0

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="04.finetune_params",
        prompt=(
            f"You fine-tune the paper-literal GoogLeNet on a {_CLASSES}-class dataset such as "
            f"Imagenette: `googlenet(variant='paper', num_classes={_CLASSES})`, aux heads off. "
            "How many parameters (weights and biases) does it have? Give the exact count or "
            "4 significant figures."
        ),
        prompt_zh=(
            f"把论文版 GoogLeNet 微调到 {_CLASSES} 类数据集（如 Imagenette）："
            f"`googlenet(variant='paper', num_classes={_CLASSES})`，不带辅助分类器。"
            "它共有多少个参数（权重加偏置）？请给出精确值或 4 位有效数字。"
        ),
        answer=_ft_params,
        unit="params",
        sig_figs=4,
        hint=(
            f"Only the last layer changes: it maps 1024 features to {_CLASSES} classes instead of "
            "1000. Start from the 1000-class count printed in §4.1 and swap the linear layer's "
            "weights and biases — or ask `count_params`."
        ),
        mistakes=(
            (_params_1000, "that is the 1000-class network; the last linear layer shrinks."),
            (
                _ft_weights,
                "those are the weights only; the convs and the linear layer have biases.",
            ),
            (_ft_with_aux, "you counted the two aux heads, which are discarded at inference."),
            (_ft_tv, "that is torchvision's build (3×3 instead of 5×5 and BN), not the paper's."),
        ),
        solution=(
            f"{_params_1000:,} − (1024·1000 + 1000) + (1024·{_CLASSES} + {_CLASSES}) = "
            f"{_ft_params:,} = `count_params(googlenet(variant='paper', num_classes={_CLASSES}))`. "
            f"The linear layer drops from 1,025,000 to {1024 * _CLASSES + _CLASSES:,} parameters; "
            "nothing else depends on the number of classes."
        ),
    ),
    Question(
        qid="04.macs_160",
        prompt=(
            "A laptop-friendly setting: the paper-literal GoogLeNet "
            f"(`googlenet(variant='paper')`, 1000 classes) on {_SIZE}×{_SIZE} inputs instead of "
            "224×224. How many MACs (conv and linear layers) does one forward pass cost?"
        ),
        prompt_zh=(
            f"在笔记本上省算力：论文版 GoogLeNet（1000 类）输入改为 {_SIZE}×{_SIZE}"
            "（原为 224×224）。一次前向传播（卷积层加全连接层）需要多少次乘加？"
        ),
        answer=_macs,
        unit="MACs",
        hint=(
            f"`profile(googlenet(variant='paper'), (3, {_SIZE}, {_SIZE})).macs` — or by hand: "
            f"every grid shrinks by {_SIZE}/224 = 5/7 in each direction (112→80, …, 7→5), so each "
            "conv's MACs scale by the area ratio; the linear layer after global pooling does not."
        ),
        mistakes=(
            (_macs_224, "that is the 224×224 count; the grids shrink with the input."),
            (
                _macs - _fc_macs,
                f"those are the conv MACs only; add the linear layer's {_fc_macs:,}, which does "
                "not shrink.",
            ),
            (
                round(_macs_224 * _SIZE / 224),
                "MACs scale with the area H·W, not with the side: (160/224)², not 160/224.",
            ),
            (2 * _macs, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (_tv_macs, "that is torchvision's build (3×3 instead of 5×5), not the paper's."),
        ),
        solution=(
            f"Conv MACs scale with the output area: 1,581,647,872 × (5/7)² = "
            f"{_macs - _fc_macs:,}; the linear layer stays {_fc_macs:,}; total {_macs:,} "
            f"(`profile(googlenet(variant='paper'), (3, {_SIZE}, {_SIZE})).macs`), "
            f"{_macs / _macs_224:.1%} of the 224×224 cost."
        ),
    ),
    Question(
        qid="04.ensemble_why",
        prompt=(
            "GoogLeNet's famous 6.67% top-5 error and the 10.07% of Table 3's first row: why does "
            "the 6.67% not measure one GoogLeNet the way the 10.07% does? Answer with the "
            "option's number (or letter)."
        ),
        prompt_zh=(
            "GoogLeNet 著名的 6.67% top-5 错误率与表 3 第一行的 10.07%："
            "为什么 6.67% 不像 10.07% 那样衡量的是单个 GoogLeNet？请回答选项编号（或字母）。"
        ),
        options=(
            "6.67% is measured on the test set, 10.07% on the training set",
            "6.67% averages 7 models over 144 crops each — 1,008 forward passes per image, "
            "against one",
            "6.67% is a top-1 error, 10.07% a top-5 error",
            "6.67% keeps the two auxiliary classifiers at inference, 10.07% drops them",
        ),
        answer=2,
        unit="option",
        hint="Read Table 3's columns: number of models, number of crops, cost.",
        mistakes=(
            (
                1,
                "both are validation numbers: Table 3 is on the validation set, and §7 reports "
                "6.67% 'on both the validation and testing data'.",
            ),
            (3, "both are top-5 errors (Table 3's column is 'Top-5 error')."),
            (
                4,
                "the aux heads are discarded at inference in every setting (§5); the 6.67% comes "
                "from averaging models and crops.",
            ),
        ),
        solution=(
            "Table 3: 1 model × 1 crop (cost 1) gives 10.07%; 7 models × 144 crops (cost 1,008) "
            "give 6.67%, both on the validation set. The 144 crops are 4 scales × 3 squares × "
            "6 crops × 2 mirrors (§7), the softmax probabilities averaged over crops and models. "
            "One network on one crop is the 10.07% row."
        ),
    ),
    Question(
        qid="04.train_loss",
        prompt=(
            f"A GoogLeNet training step: the main classifier's cross-entropy is {_MAIN}, aux1's "
            f"is {_AUX1}, aux2's is {_AUX2}. What total loss does the paper back-propagate?"
        ),
        prompt_zh=(
            f"GoogLeNet 的一次训练：主分类器的交叉熵为 {_MAIN}，aux1 为 {_AUX1}，aux2 为 {_AUX2}。"
            "论文反向传播的总损失是多少？"
        ),
        answer=_MAIN + _W * _AUX1 + _W * _AUX2,
        rel_tol=0.001,
        hint="§5: the auxiliary losses are added with a discount weight of 0.3 each.",
        mistakes=(
            (_MAIN + _AUX1 + _AUX2, "the aux losses are weighted by 0.3, not added in full."),
            (
                _MAIN,
                "that is the main loss alone: aux heads are dropped at inference, but in "
                "training they are part of the loss.",
            ),
            (_W * (_MAIN + _AUX1 + _AUX2), "only the aux losses get the 0.3, not the main one."),
            (
                _MAIN + 0.4 * (_AUX1 + _AUX2),
                "0.4 is the weight TF-slim's trainer hard-codes for v3/v4's aux head; "
                "GoogLeNet's paper uses 0.3 (§5).",
            ),
        ),
        solution=(
            f"{_MAIN} + 0.3·{_AUX1} + 0.3·{_AUX2} = {_MAIN + _W * (_AUX1 + _AUX2):.2f}; "
            "`inception_loss` computes exactly this, and in eval mode (no aux outputs) just "
            "the main term."
        ),
    ),
    Question(
        qid="04.aux_why",
        prompt=(
            "GoogLeNet's §5 expected its auxiliary classifiers to 'increase the gradient signal "
            "that gets propagated back, and provide additional regularization'. What did the "
            "authors report about them a year later (Inception-v3 paper, arXiv:1512.00567 §4)? "
            "Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "GoogLeNet 论文 §5 期望辅助分类器能“增强反向传播的梯度信号，并提供额外的正则化”。"
            "一年后作者在 Inception-v3 论文（arXiv:1512.00567 §4）中对它们的结论是什么？"
            "请回答选项编号（或字母）。"
        ),
        options=(
            "they sped up convergence early in training",
            "removing the lower head hurt the final accuracy, so both heads are needed",
            "they act as a regularizer: the main classifier did better when the side branch was "
            "batch-normalized or had dropout",
            "they must be kept at inference time and averaged with the main classifier",
        ),
        answer=3,
        unit="option",
        hint="1512.00567 §4, 'Utility of Auxiliary Classifiers'.",
        mistakes=(
            (
                1,
                "§4 found the opposite: 'auxiliary classifiers did not result in improved "
                "convergence early in the training' — the curves with and without them look "
                "virtually identical until both reach high accuracy.",
            ),
            (
                2,
                "§4: 'The removal of the lower auxiliary branch did not have any adverse effect "
                "on the final quality of the network.'",
            ),
            (
                4,
                "the heads are training-only: 'At inference time, these auxiliary networks are "
                "discarded' (1409.4842 §5).",
            ),
        ),
        solution=(
            "1512.00567 §4: no faster convergence early on, a slightly higher plateau near the "
            "end of training, no loss from removing the lower head — 'Instead, we argue that the "
            "auxiliary classifiers act as regularizer', supported by the main classifier doing "
            "better when the side branch is batch-normalized or has a dropout layer."
        ),
    ),
)

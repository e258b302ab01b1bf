"""Lecture 04 · GoogLeNet / Inception-v1 (1409.4842 Table 1, Fig. 3, §5)."""

import inspect

from ..cost import conv_macs, conv_params
from ..count import count_params
from ..exercises import Question, register
from ..losses import inception_loss
from ..models.googlenet import TABLE_1, googlenet, googlenet_torchvision

_paper = googlenet(variant="paper")
_params = count_params(_paper)  # 6,998,552 with conv/FC biases
_weights = sum(p.numel() for n, p in _paper.named_parameters() if n.endswith("weight"))
_printed_sum = round(sum(float(r.paper_params[:-1]) for r in TABLE_1 if r.paper_params) * 1000)
_with_aux = count_params(googlenet(variant="paper", aux_logits=True))
_tv = count_params(googlenet_torchvision())

_conv1_macs = conv_macs(7, 3, 64, 112, 112)
_conv1_weights = conv_params(7, 3, 64)

_tv_default = count_params(googlenet_torchvision(aux_logits=True))
_aux = _tv_default - _tv

_W = inspect.signature(inception_loss).parameters["aux_weight"].default  # 0.3 (§5)
_MAIN, _AUX1, _AUX2 = 2.0, 2.5, 3.0

register(
    Question(
        qid="04.paper_params",
        prompt=(
            "How many parameters (weights and biases) does the paper-literal GoogLeNet of Table 1 "
            "and Fig. 3 have as used at inference (`googlenet(variant='paper')`)?"
        ),
        answer=_params,
        unit="params",
        hint=(
            "Recompute from the channel columns, not from the printed params column — or ask "
            "`count_params`. Conv layers have a bias per output channel; the aux heads are gone."
        ),
        mistakes=(
            (6_800_000, "6.8M is the sum of Table 1's printed params column, not a count."),
            (_printed_sum, "that is the sum of Table 1's printed params column (6,797.7K)."),
            (_weights, "those are the weights only; the paper build's convs and FC have biases."),
            (_with_aux, "you counted the two aux heads, which are discarded at inference."),
            (_tv, "that is torchvision's build (3×3 instead of 5×5 and BN), not the paper's."),
        ),
        solution=(
            f"`count_params(googlenet(variant='paper'))` = {_params:,}: {_weights:,} weights "
            f"plus {_params - _weights:,} biases. The printed column sums to {_printed_sum:,} "
            "(the quoted ≈6.8M) because several rows (e.g. conv1: 2.7K for a 9,408-weight conv) "
            "do not match their own channel numbers."
        ),
    ),
    Question(
        qid="04.conv1_macs",
        prompt=(
            "Table 1's first row: a 7×7/2 convolution from the 224×224×3 image to 112×112×64. "
            "How many MACs does it cost per image (the paper prints 34M)?"
        ),
        answer=_conv1_macs,
        unit="MACs",
        hint="K·K·C_in·C_out·H_out·W_out with K = 7, C_in = 3, C_out = 64 and a 112×112 output.",
        mistakes=(
            (34_000_000, "34M is what Table 1 prints; recompute it from the layer's shape."),
            (2 * _conv1_macs, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (conv_macs(7, 3, 64, 224, 224), "stride 2 halves the grid: the output is 112×112."),
            (_conv1_weights, "that is the number of weights (7·7·3·64), not the MACs."),
        ),
        solution=(
            f"7·7·3·64·112·112 = {_conv1_macs:,} MACs (≈118M) from {_conv1_weights:,} weights — "
            "neither matches the printed 34M / 2.7K, whatever the row was meant to count."
        ),
    ),
    Question(
        qid="04.aux_share",
        prompt=(
            "torchvision's `googlenet()` builds the two auxiliary classifiers by default "
            f"({_tv_default:,} params); without them it has {_tv:,}. What share of the default "
            "parameter count are the aux heads? (a fraction or a percentage)"
        ),
        answer=_aux / _tv_default,
        unit="%",
        rel_tol=0.01,
        hint="(with aux − without aux) ÷ with aux.",
        mistakes=(
            (_aux / _tv, "you divided by the model without aux heads; divide by the default."),
            (_tv / _tv_default, "that is the share of the main network, not of the aux heads."),
        ),
        solution=(
            f"({_tv_default:,} − {_tv:,}) / {_tv_default:,} = {_aux:,} / {_tv_default:,} ≈ "
            f"{_aux / _tv_default:.1%} — almost half, each head's FC 2048→1024 being 2.1M."
        ),
    ),
    Question(
        qid="04.train_loss",
        prompt=(
            f"A GoogLeNet training step: the main classifier's cross-entropy is {_MAIN}, aux1's "
            f"is {_AUX1}, aux2's is {_AUX2}. What total loss does the paper back-propagate?"
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
            (_MAIN + 0.4 * (_AUX1 + _AUX2), "0.4 is TF-slim's default; the paper uses 0.3."),
        ),
        solution=(
            f"{_MAIN} + 0.3·{_AUX1} + 0.3·{_AUX2} = {_MAIN + _W * (_AUX1 + _AUX2):.2f}; "
            "`inception_loss` computes exactly this, and in eval mode (no aux outputs) just "
            "the main term."
        ),
    ),
)

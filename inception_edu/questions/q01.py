"""Lecture 01 · Network in Network: the 1×1 convolution and global average pooling.

The lecture works VGG-16's head, a 192 → 16 reduction and NIN's first mlpconv; the exercises ask
the same questions about numbers it does not print.
"""

from ..cost import conv2d_cost, conv_params, linear_params
from ..exercises import Question, register
from ..models.nin import fc_head_params, gap_head_params

# A VGG-style head on a 7×7×2048 map (ResNet-50's last map), and what each slip gives.
_fc_head = fc_head_params(2048, 7, 7)
_fc_head_no_bias = _fc_head - (4096 + 4096 + 1000)
_fc_first = linear_params(2048 * 7 * 7, 4096)

# GAP on the same 7×7×2048 map, then one linear layer to 1000 classes (ResNet-50's real head).
_gap_head = gap_head_params(2048)
_gap_head_no_bias = linear_params(2048, 1000, bias=False)
_flat_head = fc_head_params(2048, 7, 7, hidden=())

# GoogLeNet inception(3a)'s 3×3 reduction: 1×1 conv 192 → 96 on a 28×28 map.
_reduce = conv2d_cost(192, 96, 1, 28, 28)
_reduce_bias = conv2d_cost(192, 96, 1, 28, 28, bias=True)

# NIN's second mlpconv layer on CIFAR-10: 5×5 conv 96 → 192, 1×1 192 → 192, 1×1 192 → 192.
_mlpconv2 = conv_params(5, 96, 192, bias=True) + 2 * conv_params(1, 192, 192, bias=True)
_mlpconv2_no_bias = conv_params(5, 96, 192) + 2 * conv_params(1, 192, 192)
_mlpconv2_all_5x5 = conv_params(5, 96, 192, bias=True) + 2 * conv_params(5, 192, 192, bias=True)

register(
    Question(
        qid="01.fc_head_params",
        prompt=(
            "A VGG-style head flattens a 7×7×2048 feature map and classifies it with FC 4096 → "
            "FC 4096 → FC 1000, every layer with a bias. How many parameters does that head have?"
        ),
        answer=_fc_head,
        unit="params",
        sig_figs=6,  # the no-bias slip is 0.002% off: 6 s.f. tell them apart
        hint="Flattened input: 7·7·2048 = 100,352 features. Each FC layer has in·out + out params.",
        mistakes=(
            (_fc_head_no_bias, "you left out the biases: +4,096 + 4,096 + 1,000."),
            (_fc_first, "that is only the first FC layer (100,352 → 4,096); add the other two."),
            (
                fc_head_params(2048, 1, 1),
                "you started from 2,048 features, as after GAP; the FC head flattens all "
                "7·7·2048 = 100,352.",
            ),
        ),
        solution=(
            f"100,352·4,096 + 4,096 = {_fc_first:,}; 4,096·4,096 + 4,096 = "
            f"{linear_params(4096, 4096):,}; 4,096·1,000 + 1,000 = {linear_params(4096, 1000):,}. "
            f"Total {_fc_head:,}: {_fc_head / _gap_head:.0f}× the GAP head of the next question."
        ),
    ),
    Question(
        qid="01.gap_head_params",
        prompt=(
            "ResNet-50 averages its last 7×7×2048 map to a 2048-vector (global average pooling) "
            "and feeds one linear layer with bias to 1000 classes. How many parameters does this "
            "head have?"
        ),
        answer=_gap_head,
        unit="params",
        sig_figs=4,  # the no-bias slip is 0.05% off
        hint="Pooling has no parameters; after GAP each of the 2048 maps is one number.",
        mistakes=(
            (_gap_head_no_bias, "you left out the bias: +1,000, one per class."),
            (
                _flat_head,
                "that is one FC layer on the flattened 7·7·2048 map (with bias); GAP first "
                "averages each 7×7 map to one number, so the linear layer sees 2,048 inputs.",
            ),
        ),
        solution=f"GAP: 0 params. Linear 2,048 → 1,000: 2,048·1,000 + 1,000 = {_gap_head:,}.",
    ),
    Question(
        qid="01.reduction_macs",
        prompt=(
            "GoogLeNet's inception(3a) reduces its 28×28×192 input to 96 channels with a 1×1 "
            "convolution before the 3×3 conv. How many MACs (weight multiply-accumulates) does "
            "that 1×1 conv cost for one image?"
        ),
        answer=_reduce.macs,
        unit="MACs",
        sig_figs=4,  # the bias slip is 0.5% off
        hint="A 1×1 conv is a 192 → 96 linear map applied at each of the 28·28 pixels.",
        mistakes=(
            (_reduce.flops, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                _reduce.params,
                "that is the weight count (parameters); every pixel reuses them, so multiply by "
                "28·28.",
            ),
            (
                _reduce.macs + _reduce_bias.bias_adds,
                "you counted the bias adds; our MACs count weight multiply-accumulates only.",
            ),
        ),
        solution=(
            f"1·1·192·96 = {_reduce.params:,} weights × 28·28 = 784 pixels = {_reduce.macs:,} MACs "
            f"({_reduce.flops:,} FLOPs)."
        ),
    ),
    Question(
        qid="01.mlpconv2_params",
        prompt=(
            "NIN's second mlpconv layer on CIFAR-10 is a 5×5 conv 96 → 192 followed by two 1×1 "
            "convs 192 → 192 → 192, all with biases. How many parameters does it have?"
        ),
        answer=_mlpconv2,
        unit="params",
        sig_figs=4,  # the no-bias slip is 0.1% off
        hint="Only the first conv is 5×5; a 1×1 conv has C_in·C_out weights + C_out biases.",
        mistakes=(
            (_mlpconv2_no_bias, "you left out the biases: +192 for each of the three convs."),
            (
                _mlpconv2_all_5x5,
                "the cccp layers are 1×1 convs, not 5×5: only the first conv looks at a window.",
            ),
        ),
        solution=(
            f"5·5·96·192 + 192 = {conv_params(5, 96, 192, bias=True):,}; 192·192 + 192 = "
            f"{conv_params(1, 192, 192, bias=True):,}, twice. Total {_mlpconv2:,}; the two 1×1 "
            f"layers hold only {2 * conv_params(1, 192, 192, bias=True) / _mlpconv2:.1%} of them."
        ),
    ),
)

"""Lecture 01 · Network in Network: the 1×1 convolution and global average pooling.

The lecture works AlexNet's, VGG-16's and GoogLeNet's heads and NIN's first mlpconv; the
numeric exercises ask the same questions about layers it does not print (transfer), the two
multiple-choice ones ask why GAP and the 1×1 convolution do what they do.
"""

from ..cost import conv2d_cost, conv_params, linear_params
from ..models.nin import fc_head_params, gap_head_params
from ..question import Question

# A VGG-style head on a 7×7×2048 map (ResNet-50's last map), and what each slip gives.
_fc_head = fc_head_params(2048, 7, 7)
_fc_head_no_bias = _fc_head - (4096 + 4096 + 1000)
_fc_first = linear_params(2048 * 7 * 7, 4096)

# GAP on the same 7×7×2048 map, then one linear layer to 1000 classes (ResNet-50's real head).
_gap_head = gap_head_params(2048)
_gap_head_no_bias = linear_params(2048, 1000, bias=False)
_flat_head = fc_head_params(2048, 7, 7, hidden=())

# A 1×1 conv (no bias) taking a 56×56×64 map to 256 channels: a setting the lecture never prints.
_expand = conv2d_cost(64, 256, 1, 56, 56)
_expand_3x3 = conv2d_cost(64, 256, 3, 56, 56, padding=1)

# NIN's second mlpconv layer on CIFAR-10: 5×5 conv 96 → 192, 1×1 192 → 192, 1×1 192 → 192.
_mlpconv2 = conv_params(5, 96, 192, bias=True) + 2 * conv_params(1, 192, 192, bias=True)
_mlpconv2_no_bias = conv_params(5, 96, 192) + 2 * conv_params(1, 192, 192)
_mlpconv2_all_5x5 = conv_params(5, 96, 192, bias=True) + 2 * conv_params(5, 192, 192, bias=True)

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="01.fc_head_params",
        prompt=(
            "A VGG-style head flattens a 7×7×2048 feature map and classifies it with FC 4096 → "
            "FC 4096 → FC 1000, every layer with a bias. How many parameters does that head "
            "have? (the exact count)"
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
            "and feeds one linear layer with bias to 1000 classes. How many parameters (the "
            "exact count) does this head have?"
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
        qid="01.why_gap",
        prompt=(
            "NIN (arXiv:1312.4400, §3.2) replaces the fully connected head by global average "
            "pooling and says overfitting is avoided at that layer. Which reason does the paper "
            "give? Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "NIN（arXiv:1312.4400，§3.2）用全局平均池化代替全连接分类头，并说这一层避免了过拟合。"
            "论文给出的理由是哪一个？请回答选项编号（或字母）。"
        ),
        options=(
            "GAP applies dropout to the class maps, so it regularizes like the FC head's dropout.",
            "GAP has no parameters to optimize, so that layer has nothing to overfit with.",
            "GAP keeps the full 8×8 resolution of each map, so no spatial detail is thrown away.",
            "GAP makes the network converge in fewer epochs, so it has less time to overfit.",
        ),
        answer=2,
        unit="option",
        hint="Count the parameters of an average: what is there to fit?",
        mistakes=(
            (
                1,
                "GAP is a plain average, with no dropout in it; in NIN §3.2 dropout is what the "
                "FC layers need against overfitting, not a part of GAP.",
            ),
            (
                3,
                "the opposite: GAP averages each map down to one number and throws the spatial "
                "layout away (the paper counts that as robustness to translations).",
            ),
            (
                4,
                "the paper makes no claim about training speed; its reason is that GAP has no "
                "parameter to optimize.",
            ),
        ),
        solution=(
            "NIN §3.2: 'there is no parameter to optimize in the global average pooling thus "
            "overfitting is avoided at this layer', while fully connected layers 'are prone to "
            "overfitting'. The lecture counts the difference: 123,642,856 parameters for VGG-16's "
            "FC head against 0 for the average itself (513,000 with GoogLeNet's extra linear "
            "layer)."
        ),
    ),
    Question(
        qid="01.expand_macs",
        prompt=(
            "A 1×1 convolution without bias takes a 56×56×64 map to 256 channels (stride 1). How "
            "many MACs (weight multiply-accumulates) does it cost for one image?"
        ),
        answer=_expand.macs,
        unit="MACs",
        hint="A 1×1 conv is a 64 → 256 linear map applied at each of the 56·56 pixels.",
        mistakes=(
            (_expand.flops, "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                _expand.params,
                "that is the weight count (parameters); every pixel reuses them, so multiply by "
                "56·56.",
            ),
            (
                _expand_3x3.macs,
                "that is a 3×3 conv (9 taps per channel pair); a 1×1 kernel has one.",
            ),
            (64 * 256 * 56, "you multiplied by 56 only; the map has 56·56 = 3,136 pixels."),
        ),
        solution=(
            f"64·256 = {_expand.params:,} weights × 56·56 = 3,136 pixels = {_expand.macs:,} MACs "
            f"({_expand.flops:,} FLOPs). The output is 56×56×256: the channels changed, the "
            "height and width did not."
        ),
    ),
    Question(
        qid="01.mlpconv2_params",
        prompt=(
            "NIN's second mlpconv layer on CIFAR-10 is a 5×5 conv 96 → 192 followed by two 1×1 "
            "convs 192 → 192 → 192, all with biases. How many parameters does it have? (the "
            "exact count)"
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
    Question(
        qid="01.why_1x1",
        prompt=(
            "A 1×1 convolution looks at one pixel at a time. Why is it still not a no-op? "
            "Answer with the option's number (or letter)."
        ),
        prompt_zh=(
            "1×1 卷积每次只看一个像素。为什么它仍然不是“什么都不做”？请回答选项编号（或字母）。"
        ),
        options=(
            "It multiplies each channel by its own constant, which rescales the map.",
            "It enlarges the receptive field by one pixel on each side.",
            "At every pixel it computes learned weighted sums over all input channels (a fully "
            "connected layer across channels), so it mixes channels, can change their number, "
            "and with the ReLU after it adds a non-linearity.",
            "It averages each pixel with its neighbours, which smooths out noise.",
        ),
        answer=3,
        unit="option",
        hint="Write out one output value of a 1×1 conv at pixel (i, j): which inputs does it use?",
        mistakes=(
            (
                1,
                "that would be a per-channel scale; a 1×1 conv's output channel is a weighted sum "
                "of ALL input channels (the grey-scale cell mixes R, G and B into one).",
            ),
            (
                2,
                "a 1×1 kernel covers only the pixel itself: it adds nothing to the receptive "
                "field.",
            ),
            (
                4,
                "a 1×1 kernel touches no neighbours; that describes a k×k average (k > 1).",
            ),
        ),
        solution=(
            "y[:, i, j] = W·x[:, i, j] + b with W of size C_out × C_in: the same Linear layer at "
            "every pixel (checked weight for weight in §1.1). It mixes channels (the grey-scale "
            "example), changes their number (NIN's 192 → 160 → 96), and with a ReLU it is a "
            "non-linear layer; without one, two 1×1 convs collapse into a single one (§1.4)."
        ),
    ),
)

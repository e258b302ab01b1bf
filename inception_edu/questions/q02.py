"""Lecture 02 · the naive Inception module (1409.4842 Fig. 2(a)) at inception(3a)'s position."""

from ..cost import conv_macs, conv_output_size
from ..exercises import Question, register
from ..explorers.naive_inception import module_total, naive_module_rows, snowball

_3a = module_total(naive_module_rows(192, 64, 128, 32, size=28))  # 416 channels, 303,464,448 MACs
_stack = snowball(192, ((64, 128, 32), (128, 192, 96)), depth=2, size=28)
_3b = _stack[1]  # naive 3b on naive 3a's 416 channels
_3b_on_192 = module_total(naive_module_rows(192, 128, 192, 96, size=28))
_3b_on_256 = module_total(naive_module_rows(256, 128, 192, 96, size=28))
# The same module without padding: the outputs are 28, 26 and 24 wide and cannot be concatenated.
_valid = sum(
    conv_macs(k, 192, c, conv_output_size(28, k), conv_output_size(28, k))
    for k, c in ((1, 64), (3, 128), (5, 32))
)
_k_not_k2 = sum(k * 192 * c * 28 * 28 for k, c in ((1, 64), (3, 128), (5, 32)))

register(
    Question(
        qid="02.naive3a_channels",
        prompt=(
            "A naive Inception module (1×1: 64, 3×3: 128, 5×5: 32 filters, plus a 3×3 max pool "
            "with stride 1) sits on GoogLeNet's 28×28×192 input of inception(3a). How many "
            "channels does its concatenated output have?"
        ),
        answer=_3a["channels"],
        unit="channels",
        hint="Concatenation adds up the channels of all four branches — the pool branch too.",
        mistakes=(
            (
                64 + 128 + 32,
                "you forgot the pool branch: max pooling keeps all 192 input channels.",
            ),
            (
                64 + 128 + 32 + 32,
                "that is the reduced 3a of Table 1 (its pool branch has a 32-map 1×1 projection); "
                "the naive pool branch passes all 192 channels through.",
            ),
            (64 + 128 + 32 + 3, "the pool branch outputs channels, not its 3×3 window size."),
            (192, "192 is the input; the output concatenates all four branches."),
        ),
        solution="64 + 128 + 32 from the convolutions + 192 passed through by the pool = 416.",
    ),
    Question(
        qid="02.naive3a_macs",
        prompt=(
            "How many MACs (weight multiply-accumulates) does that naive module cost for one "
            "image? (The max pool has no weights.)"
        ),
        answer=_3a["MACs"],
        unit="MACs",
        hint="Sum K·K·C_in·C_out·H·W over the three conv branches; every output map is 28×28.",
        mistakes=(
            (2 * _3a["MACs"], "that is FLOPs (2 × MACs); the question asks for MACs."),
            (
                _valid,
                "you shrank the maps to 26×26 and 24×24; the paddings 1 and 2 keep every branch "
                "at 28×28 (otherwise they could not be concatenated).",
            ),
            (_k_not_k2, "the cost grows with the kernel *area* K·K, not with K."),
            (
                _3a["MACs"] + 28 * 28 * (64 + 128 + 32),
                "you counted the bias adds; our MACs count weight multiply-accumulates only.",
            ),
            (
                conv_macs(1, 192, 64, 28, 28) + conv_macs(3, 192, 128, 28, 28),
                "you left out the 5×5 branch (120,422,400 MACs on its own).",
            ),
            (
                _3a["MACs"] + 9 * 192 * 28 * 28,
                "max pooling is a comparison, not a multiply-add: it adds no MACs.",
            ),
        ),
        solution=(
            "1×1: 1·192·64·28·28 = 9,633,792; 3×3: 9·192·128·28·28 = 173,408,256; "
            "5×5: 25·192·32·28·28 = 120,422,400; pool: 0. Total 303,464,448 MACs."
        ),
    ),
    Question(
        qid="02.naive3b_macs",
        prompt=(
            "Stack a second naive module on the first, with inception(3b)'s widths (1×1: 128, "
            "3×3: 192, 5×5: 96), still on a 28×28 grid. How many MACs does this second module "
            "cost?"
        ),
        answer=_3b["MACs"],
        unit="MACs",
        hint="Its input is the first module's output — how many channels was that?",
        mistakes=(
            (
                _3b_on_192["MACs"],
                "you used 192 input channels; the second module sees the first one's 416 "
                "(64 + 128 + 32 + 192 passed through by the pool).",
            ),
            (
                _3b_on_256["MACs"],
                "256 is the output of the *reduced* 3a (Table 1); the naive 3a outputs 416.",
            ),
            (2 * _3b["MACs"], "that is FLOPs (2 × MACs); the question asks for MACs."),
            (_3a["MACs"] + _3b["MACs"], "that is both modules together; ask for the second only."),
        ),
        solution=(
            "Input 416 channels. 1×1: 416·128·784 = 41,746,432; 3×3: 9·416·192·784 = 563,544,064; "
            "5×5: 25·416·96·784 = 782,778,368. Total 1,388,068,864 MACs — 4.6× the first module, "
            "and its output has 416 + 416 = 832 channels."
        ),
    ),
    Question(
        qid="02.pad_5x5",
        prompt=(
            "With stride 1, how much zero padding (per side) keeps a 5×5 convolution's output "
            "at the input's 28×28, so it can be concatenated with the 1×1 branch?"
        ),
        answer=2,
        unit="pixels",
        hint="H_out = H + 2p − K + 1 at stride 1; solve H_out = H.",
        mistakes=(
            (4, "4 is the total over both sides; padding is given per side: (K − 1)/2."),
            (1, "padding 1 is right for the 3×3 branch; a 5×5 needs (5 − 1)/2."),
            (5, "the padding is (K − 1)/2 per side, not K."),
            (2.5, "the padding is (K − 1)/2 = 2, not K/2."),
        ),
        checks=(lambda v: None if v.is_integer() else "padding is a whole number of pixels.",),
        solution="28 + 2p − 5 + 1 = 28 ⇒ p = 2. In general p = (K − 1)/2 for odd K at stride 1.",
    ),
)

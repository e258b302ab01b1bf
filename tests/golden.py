"""Golden integers that more than one test file asserts, each defined once with its source.

"Our count" = the library's own conv + linear weight MACs (or parameter count) of the build
named; "torchvision's" / "timm's" = that library's model measured with ``weights=None`` /
``pretrained=False``, 1000 classes. The section numbers point into REFERENCE.md, where each
integer was first measured. An integer only one test file uses stays in that file.
"""

from __future__ import annotations

# --- GoogLeNet, paper Table 1 (arXiv:1409.4842), recomputed from its channel spec ------------

# conv1, 7×7/2 3→64 on a 112×112 output: our count (Table 1 prints 34M; REFERENCE.md §3.3).
GOOGLENET_CONV1_MACS = 118_013_952
# inception (3a), Fig. 2b at 28×28, 192 → 256: our count of weights / MACs (Table 1 prints
# 159K / 128M; REFERENCE.md §3.2–3.3).
INCEPTION_3A_WEIGHTS = 163_328
INCEPTION_3A_MACS = 128_049_152
# 3a's 5×5 branch alone (192→32 on 28×28): direct vs with the 1×1 16 reduction first; our
# count of weights and MACs (REFERENCE.md §3.2 and §4, "9.68× fewer").
BRANCH_5X5_DIRECT_WEIGHTS = 153_600
BRANCH_5X5_REDUCED_WEIGHTS = 15_872
BRANCH_5X5_DIRECT_MACS = 120_422_400
BRANCH_5X5_REDUCED_MACS = 12_443_648
# The naive module (Fig. 2a) with 3a's widths on 28×28×192 (→ 416 channels), and the naive 3b
# stacked on it (416 → 832): our count of weights / MACs (REFERENCE.md §3.2).
NAIVE_3A_WEIGHTS = 387_072
NAIVE_3A_MACS = 303_464_448
NAIVE_3B_MACS = 1_388_068_864
# Sum over Table 1's rows: conv + FC MACs at 224, our count (the printed ops column sums to
# 1,502M; the text's budget is "1.5 billion"; REFERENCE.md §2, §3.3).
TABLE_1_MACS = 1_582_671_872
# googlenet(variant="paper"), no aux heads (biases, no BN, 2× LRN, 5×5): our count of params
# and conv MACs at 224 (REFERENCE.md §1.4).
GOOGLENET_PAPER_PARAMS = 6_998_552
GOOGLENET_PAPER_CONV_MACS = 1_581_647_872

# --- torchvision's GoogLeNet and Inception-v3 (REFERENCE.md §1.1, §1.2, §1.5) ---------------

# tv.googlenet(aux_logits=False): GoogLeNet_Weights.meta["num_params"]; with its two aux heads.
TV_GOOGLENET_PARAMS = 6_624_904
TV_GOOGLENET_AUX_PARAMS = 13_004_888
# tv.googlenet's inception3a (BN, 3×3-for-5×5 branch).
TV_GOOGLENET_3A_PARAMS = 155_872
# tv.googlenet at 224: conv + linear MACs (= fvcore's conv + linear; GoogLeNet_Weights _ops).
TV_GOOGLENET_MACS = 1_498_376_192
# tv.inception_v3 / timm inception_v3 without the aux head; torchvision's with it
# (Inception_V3_Weights.meta["num_params"]).
TV_V3_PARAMS = 23_834_568
TV_V3_AUX_PARAMS = 27_161_264
# tv.inception_v3 at 299: conv + linear MACs (= fvcore's conv + linear).
TV_V3_MACS = 5_713_216_096

# --- Inception-v4 and the Inception-ResNets (arXiv:1602.07261) -------------------------------

# timm's inception_v4 (no aux head; the paper gives no parameter count; REFERENCE.md §1.1).
TIMM_V4_PARAMS = 42_679_816
# timm's inception_v4.features[10], Reduction-A with Table 1's k, l, m, n (REFERENCE.md §1.5).
V4_REDUCTION_A_PARAMS = 2_306_112
# The three stem convs every 299-px network from v3 on starts with (3×3/2 32, 3×3 32, 3×3 64,
# each with BN): torchvision's v3 Conv2d_1a/2a/2b, timm's v4 features[0:3], the IR stems
# (REFERENCE.md §1.5).
STEM_CONV_PARAMS = (928, 9_280, 18_560)
# Our inception_resnet_v1() (paper widths, 1000-way); facenet-pytorch's blocks with a 1000-way
# linear head instead of its 512-d embedding (REFERENCE.md §1.4).
IR_V1_PARAMS = 22_756_328
FACENET_V1_1000WAY_PARAMS = 24_357_096

# --- the classifier heads: one linear layer to 1000 classes ----------------------------------

# 1024 → 1000 (GoogLeNet's fc, Table 1 "linear"; also BN-Inception's): weights = MACs, and
# params with the bias (torchvision's googlenet.fc; REFERENCE.md §1.5).
FC_1024_MACS = 1_024_000
FC_1024_PARAMS = 1_025_000
# 2048 → 1000 (Inception-v3's fc, ResNet-50's head): weights = MACs (REFERENCE.md §1.2).
FC_2048_MACS = 2_048_000
# 1536 → 1000 (timm's inception_v4.last_linear and inception_resnet_v2.classif): MACs and
# params with the bias (REFERENCE.md §1.2, §1.5).
FC_1536_MACS = 1_536_000
FC_1536_PARAMS = 1_537_000
# VGG-16's classifier on its 7×7×512 map: 7·7·512 → 4096 → 4096 → 1000 with biases
# (torchvision's vgg16().classifier; the head GAP replaces in lecture 01).
VGG16_FC_HEAD_PARAMS = 123_642_856

# --- budgets the small CPU variants are held to ----------------------------------------------

# MACs per image at the intended input size (inception_edu.budget.CPU_BUDGET_MACS).
SMALL_MACS_BUDGET = 60_000_000
# Parameters of inception_v3_small / inception_v4_small (both measure well under it).
SMALL_PARAMS_CEILING = 2_000_000

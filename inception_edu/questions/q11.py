"""Lecture 11 · Training the family on a subset: evaluation as the papers did it
(1409.4842 §7 and Table 3; 1502.03167 §4.2.3; 1602.07261 Table 5).

The first two questions transfer what the lecture prints (GoogLeNet's 144 crops, its 7 × 144
passes) to a scheme and an ensemble it does not print."""

from ..evaluation import GOOGLENET_TABLE3, PAPER_IMAGENET, PAPER_SCALES, googlenet_144, multi_crop
from ..question import Question

_CROPS = len(googlenet_144(375, 500))  # a 4:3 image: 144 different crops
_SCALES, _SQUARES, _PER_SQUARE, _MIRRORS = len(PAPER_SCALES), 3, 6, 2
assert _SCALES * _SQUARES * _PER_SQUARE * _MIRRORS == _CROPS

# A cheaper scheme of the same family: the smallest and largest scales, no resized square
_CHEAP_SIDES = (PAPER_SCALES[0], PAPER_SCALES[-1])  # 256 and 352
_CHEAP = len(multi_crop(375, 500, 224, shorter_sides=_CHEAP_SIDES, whole=False))
_CHEAP_PER_SQUARE = _PER_SQUARE - 1  # 4 corners + center
assert len(_CHEAP_SIDES) * _SQUARES * _CHEAP_PER_SQUARE * _MIRRORS == _CHEAP

_best = max(GOOGLENET_TABLE3, key=lambda r: r.passes)  # 7 models × 144 crops
_MODELS = _best.models
_PASSES = _best.passes
# BN-Inception's ensemble: "For our ensemble, we used 6 networks" (1502.03167 §4.2.3), each
# on 144 crops (Fig. 4's ensemble row)
_BN_MODELS = 6
_BN_PASSES = _BN_MODELS * _CROPS

_by_title = {r.title: r for r in PAPER_IMAGENET}
_G = _by_title["GoogLeNet"].macs  # our count of the paper's GoogLeNet at 224×224
_V4 = _by_title["Inception-v4"].macs
_IR2 = _by_title["Inception-ResNet-v2"].macs
_ENSEMBLE_MACS = _CROPS * (_V4 + 3 * _IR2)

QUESTIONS: tuple[Question, ...] = (
    Question(
        qid="11.crops_144",
        prompt=(
            "A cheaper member of GoogLeNet's crop family (1409.4842 §7): resize the image to 2 "
            f"scales (shorter side {_CHEAP_SIDES[0]} and {_CHEAP_SIDES[1]}), take the 3 squares "
            "of each, and from every square the 4 corner crops and the center crop — no resized "
            "square — and the mirrored versions of all of them. How many crops per image?"
        ),
        answer=_CHEAP,
        unit="crops",
        hint="Multiply, as for the 144: scales × squares per scale × crops per square × 2.",
        mistakes=(
            (
                len(_CHEAP_SIDES) * _SQUARES * _CHEAP_PER_SQUARE,
                "you forgot the mirrors: every crop is also taken flipped left-right, × 2.",
            ),
            (
                len(_CHEAP_SIDES) * _SQUARES * _PER_SQUARE * _MIRRORS,
                "you counted the whole square resized; this scheme leaves it out: "
                "4 corners + center = 5 crops per square.",
            ),
            (
                len(_CHEAP_SIDES) * _CHEAP_PER_SQUARE * _MIRRORS,
                "you took one square per scale; the scheme takes three "
                "(left, center, right — top, center, bottom for a portrait image).",
            ),
            (
                _SCALES * _SQUARES * _CHEAP_PER_SQUARE * _MIRRORS,
                "you used GoogLeNet's four scales; this scheme keeps two.",
            ),
            (
                _CROPS,
                "144 is GoogLeNet's full scheme; this one has 2 scales and 5 crops per square.",
            ),
            (
                10,
                "10 is the 10-crop scheme (4 corners + center of one image, mirrored); this "
                "scheme repeats it over scales and squares.",
            ),
        ),
        solution=(
            f"{len(_CHEAP_SIDES)} scales × {_SQUARES} squares × {_CHEAP_PER_SQUARE} crops (4 "
            f"corners, center) × {_MIRRORS} (mirrors) = {_CHEAP}, against GoogLeNet's "
            f"{_SCALES} × {_SQUARES} × {_PER_SQUARE} × {_MIRRORS} = {_CROPS}: "
            f"{_CHEAP / _CROPS:.0%} of the passes. The explorer in 11.5 builds it (scales 2, "
            "whole square off; it takes the two smallest scales, the same count). The paper "
            'notes that "the benefit of more crops becomes marginal after a reasonable number '
            'of crops are present".'
        ),
    ),
    Question(
        qid="11.ensemble_passes",
        prompt=(
            "BN-Inception's best result (1502.03167 §4.2.3 and Fig. 4) averages the predictions "
            f"of {_BN_MODELS} networks, each on GoogLeNet's {_CROPS} crops. How many forward "
            "passes does that cost per test image?"
        ),
        answer=_BN_PASSES,
        unit="passes",
        hint="Every network sees every crop once.",
        mistakes=(
            (_CROPS, f"that is one network; the ensemble runs all {_BN_MODELS} on every crop."),
            (
                _BN_MODELS + _CROPS,
                "networks and crops multiply, they do not add: each of the "
                f"{_BN_MODELS} networks sees each of the {_CROPS} crops.",
            ),
            (_BN_MODELS * 10, "that is 10 crops per network; the ensemble uses 144."),
            (
                _PASSES,
                f"that is GoogLeNet's ensemble ({_MODELS} models); BN-Inception's has "
                f"{_BN_MODELS}.",
            ),
        ),
        solution=(
            f"{_BN_MODELS} × {_CROPS} = {_BN_PASSES:,} forward passes per image, for 4.82% "
            "top-5 error on the test set (4.9% on validation), against one pass for a single "
            f"network on one crop — and GoogLeNet's {_MODELS} × {_CROPS} = {_PASSES:,} for its "
            f"{_best.top5_error}%. At our count of GoogLeNet's {_G:,} MACs per pass its "
            f"ensemble costs {_PASSES * _G / 1e12:.2f} T MACs per image."
        ),
    ),
    Question(
        qid="11.tencrop_macs",
        prompt=(
            f"Our count of the paper's GoogLeNet is {_G:,} MACs per 224×224 forward pass. How "
            "many MACs per image does 10-crop evaluation cost (4 corners + center, and their "
            "mirror images)?"
        ),
        answer=10 * _G,
        unit="MACs",
        hint="Each crop is a full 224×224 forward pass; count the crops.",
        mistakes=(
            (20 * _G, "that is FLOPs (2 per multiply-add); the question asks for MACs."),
            (5 * _G, "you forgot the mirrors: 5 crops × 2 = 10 passes."),
            (_G, "that is a single crop; 10-crop runs the network ten times."),
            (_CROPS * _G, "that is the 144-crop scheme; 10-crop is 10 passes."),
        ),
        solution=(
            f"10 × {_G:,} = {10 * _G:,} MACs (≈{10 * _G / 1e9:.1f} G) per image — ten times "
            "the single-crop cost, for Table 3's 10.07% → 9.15% top-5 error."
        ),
    ),
    Question(
        qid="11.v4_ensemble_macs",
        prompt=(
            "The v4 paper's best result (3.08% top-5 on the test set) ensembles 1 Inception-v4 "
            f"and 3 Inception-ResNet-v2, each on {_CROPS} crops. With our counts at 299×299 — "
            f"Inception-v4 {_V4:,} and Inception-ResNet-v2 {_IR2:,} MACs per pass — how many "
            "MACs per image is that? (Within 0.5%: an answer like 7.45e12 is fine.)"
        ),
        answer=_ENSEMBLE_MACS,
        unit="MACs",
        rel_tol=0.005,
        hint="Crops × (the sum of the four models' MACs per pass).",
        mistakes=(
            (_V4 + 3 * _IR2, f"that is one crop per model; each model sees all {_CROPS} crops."),
            (_CROPS * (_V4 + _IR2), "you counted one Inception-ResNet-v2; the ensemble has three."),
            (
                _CROPS * 4 * _V4,
                "you priced all four models as Inception-v4; three of them are "
                "Inception-ResNet-v2.",
            ),
            (2 * _ENSEMBLE_MACS, "that is FLOPs (2 per multiply-add); the question asks for MACs."),
        ),
        solution=(
            f"{_CROPS} × ({_V4:,} + 3 × {_IR2:,}) = {_CROPS} × {_V4 + 3 * _IR2:,} = "
            f"{_ENSEMBLE_MACS:,} MACs ≈ {_ENSEMBLE_MACS / 1e12:.2f} T per image: "
            f"{4 * _CROPS} forward passes, about {_ENSEMBLE_MACS / _V4:.0f}× a single "
            "Inception-v4 on one crop."
        ),
    ),
)

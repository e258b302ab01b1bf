"""Lecture 11 · Training the family on a subset: evaluation as the papers did it
(1409.4842 §7 and Table 3; 1602.07261 Table 5)."""

from ..evaluation import GOOGLENET_TABLE3, PAPER_IMAGENET, PAPER_SCALES, googlenet_144
from ..exercises import Question, register

_CROPS = len(googlenet_144(375, 500))  # a 4:3 image: 144 different crops
_SCALES, _SQUARES, _PER_SQUARE, _MIRRORS = len(PAPER_SCALES), 3, 6, 2
assert _SCALES * _SQUARES * _PER_SQUARE * _MIRRORS == _CROPS

_best = max(GOOGLENET_TABLE3, key=lambda r: r.passes)  # 7 models × 144 crops
_MODELS = _best.models
_PASSES = _best.passes

_by_title = {r.title: r for r in PAPER_IMAGENET}
_G = _by_title["GoogLeNet"].macs  # our count of the paper's GoogLeNet at 224×224
_V4 = _by_title["Inception-v4"].macs
_IR2 = _by_title["Inception-ResNet-v2"].macs
_ENSEMBLE_MACS = _CROPS * (_V4 + 3 * _IR2)

register(
    Question(
        qid="11.crops_144",
        prompt=(
            "GoogLeNet's test-time scheme (1409.4842 §7): resize the image to 4 scales, take 3 "
            "squares of each, and from every square the 4 corner crops, the center crop and the "
            "whole square resized to 224×224 — and the mirrored versions of all of them. How "
            "many crops per image?"
        ),
        answer=_CROPS,
        unit="crops",
        hint="Multiply: scales × squares per scale × crops per square × (1 + mirrored).",
        mistakes=(
            (
                _SCALES * _SQUARES * _PER_SQUARE,
                "you forgot the mirrors: every crop is also taken flipped left-right, × 2.",
            ),
            (
                _SCALES * _SQUARES * 5 * _MIRRORS,
                "you forgot the whole square resized to 224×224: "
                "a square gives 4 corners + center + the resized square = 6 crops.",
            ),
            (
                _SCALES * _SQUARES * 5,
                "you forgot both the resized square (6 crops per square, "
                "not 5) and the mirrors (× 2).",
            ),
            (
                _SCALES * _PER_SQUARE * _MIRRORS,
                "you took one square per scale; the paper takes "
                "three (left, center, right — top, center, bottom for a portrait image).",
            ),
            (
                _SQUARES * _PER_SQUARE * _MIRRORS,
                "you used one scale; the shorter side is resized to four: 256, 288, 320 and 352.",
            ),
            (
                10,
                "10 is the 10-crop scheme (4 corners + center of one image, mirrored); "
                "GoogLeNet's scheme repeats it over scales and squares and adds the resized "
                "square.",
            ),
        ),
        solution=(
            f"{_SCALES} scales × {_SQUARES} squares × {_PER_SQUARE} crops (4 corners, center, "
            f"whole square resized) × {_MIRRORS} (mirrors) = {_CROPS}. The paper itself notes "
            "that the benefit becomes marginal once a reasonable number of crops is present."
        ),
    ),
    Question(
        qid="11.ensemble_passes",
        prompt=(
            f"GoogLeNet's best ILSVRC 2014 result (Table 3: {_best.top5_error}% top-5 error) "
            f"averages {_MODELS} models, each on {_CROPS} crops. How many forward passes does "
            "that cost per test image?"
        ),
        answer=_PASSES,
        unit="passes",
        hint="Every model sees every crop once.",
        mistakes=(
            (_CROPS, f"that is one model; the ensemble runs all {_MODELS} on every crop."),
            (
                _MODELS + _CROPS,
                "models and crops multiply, they do not add: each of the "
                f"{_MODELS} models sees each of the {_CROPS} crops.",
            ),
            (
                _MODELS * 10,
                "that is the 7-model 10-crop row of Table 3 (7.62%); the best row uses 144 crops.",
            ),
        ),
        solution=(
            f"{_MODELS} × {_CROPS} = {_PASSES:,} forward passes per image, against 1 for the "
            f"single model at one crop (10.07% → {_best.top5_error}% top-5 error). At our count "
            f"of {_G:,} MACs per pass that is {_PASSES * _G / 1e12:.2f} T MACs per image."
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

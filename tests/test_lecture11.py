"""Lecture 11: its questions' specific mistakes and its explorer (GoogLeNet's crop scheme)."""

import pytest

from inception_edu.evaluation import PAPER_IMAGENET, distinct, googlenet_144, multi_crop
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.evaluation import (
    GOOGLENET_MACS,
    crop_scheme,
    crop_scheme_explorer,
    crop_scheme_html,
    crop_scheme_svg,
    plot_crops,
)

QIDS = ["11.crops_144", "11.ensemble_passes", "11.tencrop_macs", "11.v4_ensemble_macs"]
G = 1_582_671_872  # REFERENCE §2: GoogLeNet's channel spec, conv + FC MACs at 224
V4, IR2 = 12_253_974_624, 13_155_794_016  # REFERENCE §1.2: conv + linear at 299


def test_lecture_11_has_its_questions():
    assert [q.qid for q in questions_for("11")] == QIDS


def test_answers_are_the_worked_numbers():
    assert question("11.crops_144").answer == 4 * 3 * 6 * 2 == 144
    assert question("11.ensemble_passes").answer == 7 * 144 == 1008
    assert question("11.tencrop_macs").answer == 10 * G
    assert question("11.v4_ensemble_macs").answer == 144 * (V4 + 3 * IR2)
    assert PAPER_IMAGENET[0].macs == GOOGLENET_MACS == G


def test_specific_mistakes_named():
    assert "forgot the mirrors" in check("11.crops_144", 72).message
    assert "resized to 224×224" in check("11.crops_144", 120).message
    assert "both the resized square" in check("11.crops_144", 60).message
    assert "one square per scale" in check("11.crops_144", 48).message
    assert "one scale" in check("11.crops_144", 36).message
    assert "10-crop scheme" in check("11.crops_144", 10).message
    assert "one model" in check("11.ensemble_passes", 144).message
    assert "multiply" in check("11.ensemble_passes", 151).message
    assert "10-crop row" in check("11.ensemble_passes", 70).message
    assert "FLOPs" in check("11.tencrop_macs", 20 * G).message
    assert "forgot the mirrors" in check("11.tencrop_macs", 5 * G).message
    assert "single crop" in check("11.tencrop_macs", G).message
    assert "one crop per model" in check("11.v4_ensemble_macs", V4 + 3 * IR2).message
    assert "one Inception-ResNet-v2" in check("11.v4_ensemble_macs", 144 * (V4 + IR2)).message
    assert "as Inception-v4" in check("11.v4_ensemble_macs", 144 * 4 * V4).message


def test_rounded_answers_within_tolerance():
    assert check("11.v4_ensemble_macs", "7.45e12").correct
    assert not check("11.v4_ensemble_macs", "7.3e12").correct
    assert not check("11.crops_144", 143).correct  # exact counts stay exact


# --- the explorer's pure function -----------------------------------------------------------


def test_defaults_are_the_papers_144_crops_on_a_4_3_image():
    s = crop_scheme()
    assert (s["scales"], s["squares"], s["per square"], s["mirrors"]) == (4, 3, 6, 2)
    assert s["crops"] == s["distinct"] == 144 == len(googlenet_144(256, 341))
    assert s["formula"] == "4 × 3 × 6 × 2 = 144"
    assert s["passes"] == 144 and s["macs"] == 144 * G


@pytest.mark.parametrize(
    ("kw", "crops"),
    [
        (dict(mirror=0), 72),
        (dict(whole=0), 120),
        (dict(squares=1), 48),
        (dict(scales=1), 36),
        (dict(corners=0, whole=0), 24),
        (dict(scales=2, squares=2, corners=0, mirror=0), 8),
    ],
)
def test_crop_count_is_the_product_and_the_generated_list(kw, crops):
    s = crop_scheme(**kw)
    assert s["crops"] == crops == len(s["boxes"])
    assert s["crops"] == s["scales"] * s["squares"] * s["per square"] * s["mirrors"]


def test_models_multiply_passes_and_macs():
    s = crop_scheme(models=7)
    assert s["passes"] == 1008 and s["macs"] == 1008 * G
    assert crop_scheme(models=3, macs_per_pass=5)["macs"] == 144 * 3 * 5


def test_square_image_makes_the_squares_coincide():
    s = crop_scheme(width=256)
    assert s["crops"] == 144 and s["distinct"] == 48
    assert distinct(multi_crop(256, 256, 224)) == 48


@pytest.mark.parametrize(
    "bad",
    [dict(scales=0), dict(scales=5), dict(squares=4), dict(mirror=2), dict(models=0),
     dict(corners=True), dict(corners=0, center=0, whole=0)],
)  # fmt: skip
def test_bad_arguments_are_refused(bad):
    with pytest.raises(ValueError):
        crop_scheme(**bad)


def test_html_and_svg():
    text = crop_scheme_html(crop_scheme(models=7))
    assert "4 × 3 × 6 × 2 = 144" in text and "1,008" in text and f"{1008 * G:,}" in text
    assert text.count("<rect") == 1 + 18  # the image and 3 squares × 6 crops of one scale
    assert "differ" not in text
    square = crop_scheme_html(crop_scheme(width=256))
    assert "only 48 of them differ" in square
    svg = crop_scheme_svg(crop_scheme(scales=1, squares=1, corners=0, whole=0)["boxes"])
    assert svg.count("<rect") == 2 and "stroke-dasharray" not in svg
    assert crop_scheme_svg([]) == "<p>(no crops)</p>"


def test_plot_crops_draws_one_box_per_unmirrored_crop():
    import matplotlib

    matplotlib.use("Agg")
    import torch

    boxes = googlenet_144(40, 60, 32)
    ax = plot_crops(torch.rand(3, 40, 60), boxes)
    first_scale = [c for c in boxes if c.resize == boxes[0].resize and not c.mirror]
    assert len(ax.patches) == len(first_scale) == 18
    assert ax.images[0].get_array().shape[:2] == boxes[0].resize


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = crop_scheme_explorer()
    assert set(box.sliders) == {
        "scales", "squares", "corners", "center", "whole", "mirror", "models", "width",
    }  # fmt: skip
    assert "4 × 3 × 6 × 2 = 144" in box.output.value
    box.sliders["mirror"].value = 0
    assert "4 × 3 × 6 × 1 = 72" in box.output.value
    box.sliders["models"].value = 7
    assert "504" in box.output.value
    box.sliders["corners"].value = 0
    box.sliders["center"].value = 0
    box.sliders["whole"].value = 0
    assert "at least one crop" in box.output.value  # an impossible scheme is explained
    assert capsys.readouterr().out == ""

"""Lecture 11: its questions' specific mistakes, its explorer (GoogLeNet's crop scheme), the
GoogLeNet each branch of the training cell builds, and the shape of the lecture (main line,
Appendix)."""

import ast
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from torch import nn

from inception_edu import build_model
from inception_edu.evaluation import (
    GOOGLENET_MACS,
    PAPER_IMAGENET,
    crop_scheme,
    distinct,
    googlenet_144,
    multi_crop,
)
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.evaluation import (
    crop_scheme_explorer,
    crop_scheme_html,
    crop_scheme_svg,
    plot_crops,
)
from inception_edu.train import RECIPES

from .golden import TABLE_1_MACS

QIDS = ["11.crops_144", "11.ensemble_passes", "11.tencrop_macs", "11.v4_ensemble_macs"]
G = TABLE_1_MACS  # GoogLeNet's channel spec, conv + FC MACs at 224
V4, IR2 = 12_253_974_624, 13_155_794_016  # REFERENCE §1.2: conv + linear at 299
LECTURE = Path(__file__).resolve().parents[1] / "notebooks" / "11_training_the_family.ipynb"


def test_lecture_11_has_its_questions():
    assert [q.qid for q in questions_for("11")] == QIDS


def test_answers_are_the_worked_numbers():
    # transfers: a cheaper scheme (2 scales, no resized square) and BN-Inception's 6-net ensemble
    assert question("11.crops_144").answer == 2 * 3 * 5 * 2 == 60
    assert question("11.ensemble_passes").answer == 6 * 144 == 864
    assert question("11.tencrop_macs").answer == 10 * G
    assert question("11.v4_ensemble_macs").answer == 144 * (V4 + 3 * IR2)
    assert PAPER_IMAGENET[0].macs == GOOGLENET_MACS == G


def test_specific_mistakes_named():
    assert "forgot the mirrors" in check("11.crops_144", 30).message
    assert "leaves it out" in check("11.crops_144", 72).message
    assert "one square per scale" in check("11.crops_144", 20).message
    assert "four scales" in check("11.crops_144", 120).message
    assert "full scheme" in check("11.crops_144", 144).message
    assert "10-crop scheme" in check("11.crops_144", 10).message
    assert "one network" in check("11.ensemble_passes", 144).message
    assert "multiply" in check("11.ensemble_passes", 150).message
    assert "10 crops per network" in check("11.ensemble_passes", 60).message
    assert "GoogLeNet's ensemble" in check("11.ensemble_passes", 1008).message
    assert "FLOPs" in check("11.tencrop_macs", 20 * G).message
    assert "forgot the mirrors" in check("11.tencrop_macs", 5 * G).message
    assert "single crop" in check("11.tencrop_macs", G).message
    assert "one crop per model" in check("11.v4_ensemble_macs", V4 + 3 * IR2).message
    assert "one Inception-ResNet-v2" in check("11.v4_ensemble_macs", 144 * (V4 + IR2)).message
    assert "as Inception-v4" in check("11.v4_ensemble_macs", 144 * 4 * V4).message


def test_rounded_answers_within_tolerance():
    assert check("11.v4_ensemble_macs", "7.45e12").correct
    assert not check("11.v4_ensemble_macs", "7.3e12").correct
    assert not check("11.crops_144", 59).correct  # exact counts stay exact


# --- the explorer's pure function -----------------------------------------------------------


def test_defaults_are_the_papers_144_crops_on_a_4_3_image():
    s = crop_scheme()
    assert (s.scales, s.squares, s.per_square, s.mirrors) == (4, 3, 6, 2)
    assert s.crops == s.distinct == 144 == len(googlenet_144(256, 341))
    assert s.formula == "4 × 3 × 6 × 2 = 144"
    assert s.passes == 144 and s.macs == 144 * G


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
    assert s.crops == crops == len(s.boxes)
    assert s.crops == s.scales * s.squares * s.per_square * s.mirrors


def test_models_multiply_passes_and_macs():
    s = crop_scheme(models=7)
    assert s.passes == 1008 and s.macs == 1008 * G
    assert crop_scheme(models=3, macs_per_pass=5).macs == 144 * 3 * 5


def test_square_image_makes_the_squares_coincide():
    s = crop_scheme(width=256)
    assert s.crops == 144 and s.distinct == 48
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
    svg = crop_scheme_svg(crop_scheme(scales=1, squares=1, corners=0, whole=0).boxes)
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


def test_the_transfer_scheme_is_one_the_explorer_builds():
    """Exercise 1's scheme, built by the explorer as the solution says (its first two scales)."""
    s = crop_scheme(scales=2, whole=0)
    assert s.crops == s.distinct == question("11.crops_144").answer
    assert s.formula == "2 × 3 × 5 × 2 = 60"


# --- the lecture itself ----------------------------------------------------------------------


def cells(kind: str | None = None) -> list[str]:
    nb = json.loads(LECTURE.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if kind in (None, c["cell_type"])]


def settings(on_gpu: bool) -> dict:
    """The settings cell up to its data loading, for one branch, without touching torch's
    thread count; SMALL and SMALL_SIZE come from the cell that defines them."""
    (sizes,) = [c for c in cells("code") if "SMALL = {" in c]
    tree = ast.parse(sizes)
    small = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SMALL"
    )
    (cell,) = [c for c in cells("code") if "if on_gpu:" in c and "NETS = {" in c]
    head, _, _ = cell.partition("\ntry:")
    ns = {"on_gpu": on_gpu, "fast_mode": lambda: False, "RECIPES": RECIPES, "SMALL": small,
          "SMALL_SIZE": 64, "os": SimpleNamespace(cpu_count=lambda: 1),
          "torch": SimpleNamespace(set_num_threads=lambda n: None)}  # fmt: skip
    exec(head, ns)
    return ns


@pytest.mark.parametrize("on_gpu", [True, False], ids=["GPU branch", "CPU branch"])
def test_the_googlenet_each_branch_trains_keeps_table_1s_5x5(on_gpu):
    """Not torchvision's 3×3 'bug': nine 5×5 convolutions, one per Inception module, and BN."""
    ns = settings(on_gpu)
    name = ns["NETS"]["GoogLeNet"]
    (training,) = [c for c in cells("code") if "histories[title, seed] = fit(" in c]
    assert "| OPTIONS.get(name, {})" in training  # the options below are the ones it builds with
    options = ({"image_size": ns["SIZE"]} if name.endswith("_small") else {}) | ns["OPTIONS"].get(
        name, {}
    )
    net = build_model(name, num_classes=10, **options)
    kernels = [m.kernel_size for m in net.modules() if isinstance(m, nn.Conv2d)]
    assert kernels.count((5, 5)) == 9 and name != "googlenet_torchvision"
    assert any(isinstance(m, nn.BatchNorm2d) for m in net.modules())
    if on_gpu:  # the full-size network: Table 1's widths
        assert options.get("width") == 1.0 and ns["SIZE"] == 128


def main_line_words() -> int:
    words = 0
    for text in cells("markdown"):
        head, found, _ = text.partition("## Appendix")
        words += len(head.split())
        if found:
            return words
    raise AssertionError("lecture 11 has no '## Appendix' heading")


def test_main_line_is_at_most_about_2500_words_and_the_tooling_is_in_the_appendix():
    assert main_line_words() <= 2_500
    texts = cells()
    appendix = next(i for i, t in enumerate(texts) if t.startswith("## Appendix"))
    for tooling in ("register_forward_hook(hook)", "load_checkpoint(ckpt)", "dev_val.batch("):
        assert any(tooling in t for t in texts[appendix:]), tooling
        assert not any(tooling in t for t in texts[:appendix]), tooling
    assert any("Appendix" in t for t in texts[1:appendix])  # the main line points to it


def test_no_unmeasured_gpu_claims_and_no_real_architecture():
    text = "\n".join(cells("markdown")) + "\n".join(cells("code"))
    for phrase in ("real architecture", "H100", "not stored here", "an hour or more", "16 GB"):
        assert phrase not in text, phrase
    assert re.search(r"googlenet_torchvision.{0,40}has a 3×3", text)  # the deviation, named

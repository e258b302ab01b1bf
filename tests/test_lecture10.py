"""Lecture 10: its questions' specific mistakes and its explorer (residual scale × depth)."""

import pytest
import torch
from torch import nn

from inception_edu import count_params
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.inception_resnet import norm_growth_explorer, norm_growth_html
from inception_edu.models.inception_resnet import (
    IR_A_WIDTHS,
    InceptionResNetA,
    inception_resnet_v1,
    inception_resnet_v2,
)
from inception_edu.residual_scaling import residual_growth

from .golden import FACENET_V1_1000WAY_PARAMS, IR_V1_PARAMS

QIDS = [
    "10.expansion_params",
    "10.expansion_linear_why",
    "10.twins_same_seed",
    "10.blocks_per_unscaled",
]


def test_lecture_10_has_its_questions():
    assert [q.qid for q in questions_for("10")] == QIDS


def test_answers_are_the_worked_numbers_of_the_library():
    paper_b = inception_resnet_v2(variant="paper").inception_resnet_b[0]
    up = paper_b.up.conv
    assert (up.in_channels, up.out_channels) == (384, 1152)
    assert question("10.expansion_params").answer == count_params(paper_b.up) == 384 * 1152 + 1152
    assert question("10.blocks_per_unscaled").answer == 100
    for qid in ("10.expansion_linear_why", "10.twins_same_seed"):
        assert question(qid).answer == 1 and len(question(qid).options) == 4


def test_a_relu_on_the_expansion_could_only_raise_the_trunk():
    """10.expansion_linear_why, option 1, measured: with a ReLU on the expansion y ≥ x on a
    non-negative trunk; the paper's linear expansion lowers some activations."""
    torch.manual_seed(0)
    linear = InceptionResNetA(32, IR_A_WIDTHS["inception_resnet_v1"], 0.5).eval()
    relu = InceptionResNetA(32, IR_A_WIDTHS["inception_resnet_v1"], 0.5).eval()
    relu.load_state_dict(linear.state_dict())
    relu.up.act = nn.ReLU()
    x = torch.randn(2, 32, 5, 5).relu()
    with torch.no_grad():
        assert (relu(x) >= x).all() and not (linear(x) >= x).all()


def test_specific_mistakes_named():
    assert "forgot the 1,152 biases" in check("10.expansion_params", 442_368).message
    assert "no BN" in check("10.expansion_params", 384 * 1152 + 2 * 1152).message
    assert "bias yes, BN no" in check("10.expansion_params", 384 * 1152 + 3 * 1152).message
    assert "Fig. 17 prints" in check("10.expansion_params", 384 * 1154 + 1154).message
    assert "released network" in check("10.expansion_params", 418_880).message
    assert "concatenation" in check("10.expansion_params", 1152 * 1152 + 1152).message
    assert "sign" in check("10.expansion_linear_why", 2).message
    assert "after the sum" in check("10.expansion_linear_why", "D").message
    assert "shortcut as the only difference" in check("10.twins_same_seed", "B").message
    assert "standard deviations" in check("10.blocks_per_unscaled", 10).message
    assert "inverted" in check("10.blocks_per_unscaled", 0.01).message
    assert check("10.blocks_per_unscaled", "100").correct


# --- the explorer's pure function -----------------------------------------------------------


def test_norm_growth_equals_a_hand_built_stack():
    rows = residual_growth(0.3, blocks=3, width=32, size=4, batch=4, seed=7)
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(4, 32, 4, 4, generator=gen).relu()
    torch.manual_seed(7)
    stack = nn.Sequential(
        *(InceptionResNetA(32, IR_A_WIDTHS["inception_resnet_v1"], 0.3) for _ in range(3))
    ).train()
    with torch.no_grad():
        h, expected = x, [x.pow(2).mean().sqrt().item()]
        for block in stack:
            h = block(h)
            expected.append(h.pow(2).mean().sqrt().item())
    assert [r["rms"] for r in rows] == pytest.approx(expected, rel=1e-5)
    assert [r["block"] for r in rows] == [0, 1, 2, 3]
    assert rows[-1]["growth"] == pytest.approx(expected[-1] / expected[0], rel=1e-5)


def test_norm_growth_scale_zero_is_the_identity_and_larger_scales_grow_more():
    flat = residual_growth(0.0, blocks=6, width=64, size=4)
    assert all(r["rms"] == pytest.approx(flat[0]["rms"], rel=1e-6) for r in flat)
    assert all(r["ratio"] == 0.0 for r in flat)
    final = [residual_growth(s, blocks=6, width=64, size=4)[-1]["rms"] for s in (0.1, 0.5, 1.0)]
    assert final[0] < final[1] < final[2]
    # the branch RMS is proportional to the scale for the same weights (same seed)
    b1 = residual_growth(1.0, blocks=1, width=64, size=4)[1]["branch rms"]
    b2 = residual_growth(0.2, blocks=1, width=64, size=4)[1]["branch rms"]
    assert b2 == pytest.approx(0.2 * b1, rel=1e-5)


def test_norm_growth_leaves_the_global_rng_alone():
    torch.manual_seed(123)
    a = torch.rand(3)
    torch.manual_seed(123)
    residual_growth(0.5, blocks=2, width=16, size=3)
    assert torch.equal(torch.rand(3), a)


@pytest.mark.parametrize(
    "bad",
    [
        dict(blocks=0),
        dict(blocks=1.5),
        dict(width=0),
        dict(batch=1),
        dict(scale=-0.1),
        dict(scale=True),
        dict(scale="0.1"),
        dict(size=True),
    ],
)
def test_norm_growth_rejects_bad_arguments(bad):
    args = dict(scale=0.1, blocks=2, width=16, size=3) | bad
    with pytest.raises(ValueError):
        residual_growth(**args)


def test_html_has_a_bar_per_row_and_the_summary():
    rows = residual_growth(0.5, blocks=4, width=16, size=3)
    text = norm_growth_html(rows, 0.5)
    assert text.count("background:#4c72b0") == 5
    assert "scale 0.5: after 4 blocks" in text and f"{rows[-1]['rms']:.2f}" in text


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = norm_growth_explorer(scale_percent=50, blocks=3)
    assert set(box.sliders) == {"scale_percent", "blocks"}
    assert "scale 0.5: after 3 blocks" in box.output.value
    box.sliders["blocks"].value = 6
    assert "after 6 blocks" in box.output.value and box.output.value.count("#4c72b0") == 7
    box.sliders["scale_percent"].value = 0
    assert "scale 0: after 6 blocks" in box.output.value and "(×1.00 the input)" in box.output.value
    assert capsys.readouterr().out == ""


# --- the lecture's stated integers, recomputed ---------------------------------------------


def test_ir_v1_count_is_facenet_minus_one_block():
    v1 = inception_resnet_v1()
    assert count_params(v1) == IR_V1_PARAMS
    assert count_params(v1) + count_params(v1.inception_resnet_c[0]) == FACENET_V1_1000WAY_PARAMS

"""inception_edu.drills and .bugs: seeded cost drills (answers vs closed forms), spot-the-bug drills
(each bug is detected, each fix passes the same check)."""

import re
from fractions import Fraction

import pytest
import torch
from torch import nn

from inception_edu.bugs import (
    BUGS,
    WIDTHS_3A,
    bug,
    check_5x5_weights,
    check_batch_independence,
    check_branch_fields,
    check_macs_counter,
    inception_3a,
    keras_blog_inception_3a,
    macs_from_flop_counter,
    predict_with_eval,
    residual_with_expansion,
    residual_without_expansion,
    table1_macs,
    table1_params,
    torchvision_googlenet,
    torchvision_googlenet_fixed,
    unpadded_inception_3a,
    v3_aux_trace,
)
from inception_edu.cost import (
    conv2d_cost,
    conv_macs,
    conv_output_size,
    conv_params,
    factorization_saving,
)
from inception_edu.count import count_macs, count_params
from inception_edu.drills import DRILL_KINDS, draw
from inception_edu.layers import conv
from inception_edu.models.googlenet import Inception, googlenet
from inception_edu.models.inception_v3 import AuxHead

from .golden import INCEPTION_3A_MACS, INCEPTION_3A_WEIGHTS, TV_GOOGLENET_PARAMS

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SEEDS = range(24)


# --- cost drills -------------------------------------------------------------------------------


def _closed_form(kind: str, n: dict) -> int | Fraction:
    """The answer recomputed from the drawn numbers with the closed forms of cost.py only."""
    if kind == "conv_macs":
        pad = n["k"] // 2 if n["same"] else 0
        return conv2d_cost(n["c_in"], n["c_out"], n["k"], n["h"], n["h"], padding=pad).macs
    if kind == "conv_params":
        return conv_params(n["k"], n["c_in"], n["c_out"], bias=True)
    if kind == "inception_params":
        c = n["c_in"]
        return (
            conv_params(1, c, n["ch1x1"], bias=True)
            + conv_params(1, c, n["ch3x3red"], bias=True)
            + conv_params(3, n["ch3x3red"], n["ch3x3"], bias=True)
            + conv_params(1, c, n["ch5x5red"], bias=True)
            + conv_params(5, n["ch5x5red"], n["ch5x5"], bias=True)
            + conv_params(1, c, n["pool_proj"], bias=True)
        )
    if kind == "output_size":
        return conv_output_size(n["h"], n["k"], stride=2, padding=0)
    if kind == "factorization":
        return None  # checked separately below (the replacement is not a number)
    if kind == "reduction":
        h = n["h"]
        return conv_macs(1, n["c_in"], n["r"], h, h) + conv_macs(n["k"], n["r"], n["c_out"], h, h)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", list(DRILL_KINDS))
@pytest.mark.parametrize("seed", SEEDS)
def test_answer_is_the_closed_form_of_the_drawn_numbers(kind, seed):
    drill = draw(seed, kind)
    expected = _closed_form(kind, drill.numbers)
    if expected is not None:
        assert drill.answer == expected
    else:
        saving = drill.answer
        n, layers = drill.numbers["n"], drill.numbers["layers"]
        # the remaining kernel area: 2·9, 3·9, or 2n for 1×n + n×1, or 2·4 for two 2×2
        assert (1 - saving) * n * n in {18, 27, 2 * n, 8}
        assert layers in (2, 3) and f"{n}×{n}" in drill.prompt


def test_factorization_answers_are_the_papers_savings():
    savings = {
        draw(s, "factorization").prompt.split(" is replaced by ")[1].split(" (")[0]: draw(
            s, "factorization"
        ).answer
        for s in range(60)
    }
    expected = {
        "two 3×3": factorization_saving(5, [3, 3]),
        "three 3×3": factorization_saving(7, [3, 3, 3]),
        "1×3 then 3×1": Fraction(1, 3),
        "1×7 then 7×1": Fraction(5, 7),
        "two 2×2": Fraction(1, 9),
    }
    for name, value in expected.items():
        assert savings[name] == value, name
    assert savings["two 3×3"] == Fraction(7, 25) and savings["three 3×3"] == Fraction(22, 49)


@pytest.mark.parametrize("seed", SEEDS)
def test_same_seed_same_drill_and_answer_passes_in_every_form(seed):
    drill = draw(seed)
    assert drill == draw(seed) and drill.kind in DRILL_KINDS
    value = float(drill.answer)
    forms = [drill.answer, value]
    if drill.question.unit == "%":
        forms += [f"{value * 100:.1f}%", round(value, 3)]
    else:
        forms += [f"{int(value):,}", str(int(value)), int(value)]
    for form in forms:
        assert drill.check(form).correct, form
    assert drill.question.qid == f"12.drill_{drill.kind}_{seed}"


@pytest.mark.parametrize("kind", list(DRILL_KINDS))
@pytest.mark.parametrize("seed", SEEDS)
def test_every_mistake_gets_its_own_message(kind, seed):
    drill = draw(seed, kind)
    q = drill.question
    assert len(q.mistakes) >= 2
    messages = []
    for wrong, why in q.mistakes:
        feedback = drill.check(wrong)
        assert not feedback.correct and why in feedback.message
        messages.append(feedback.message)
    assert len(set(messages)) == len(messages)
    unknown = drill.check(float(drill.answer) * 7.77)
    assert not unknown.correct and "reveal" in unknown.message
    assert CHINESE.search(q.prompt_zh) and not CHINESE.search(q.prompt)
    assert "**Answer:**" in drill.reveal() and q.prompt_zh in drill.reveal()


def test_the_typical_slips_are_named():
    drill = draw(3, "conv_macs")
    n, macs = drill.numbers, drill.answer
    out = n["h"] if n["same"] else n["h"] - n["k"] + 1
    assert "FLOPs" in drill.check(2 * macs).message
    assert "bias" in drill.check(macs + n["c_out"] * out * out).message
    assert "C_in" in drill.check(macs // n["c_in"]).message
    wrong_size = n["h"] - n["k"] + 1 if n["same"] else n["h"]
    wrong = conv_macs(n["k"], n["c_in"], n["c_out"], wrong_size, wrong_size)
    assert "output size" in drill.check(wrong).message
    red = draw(5, "reduction")
    m = red.numbers
    direct = conv_macs(m["k"], m["c_in"], m["c_out"], m["h"], m["h"])
    assert "direct" in red.check(direct).message
    size = draw(3, "output_size")
    assert "'same' padding" in size.check(-(-size.numbers["h"] // 2)).message


def test_new_seeds_give_new_drills_and_every_kind_appears():
    drills = [draw(s) for s in range(60)]
    assert len({d.prompt for d in drills}) >= 55
    assert {d.kind for d in drills} == set(DRILL_KINDS)
    assert draw(0, "conv_macs") != draw(1, "conv_macs")


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, None])
def test_draw_rejects_bad_seeds(bad):
    with pytest.raises(ValueError, match="seed"):
        draw(bad)


def test_draw_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="conv_macs"):
        draw(0, "flops")


# --- spot the bug ------------------------------------------------------------------------------


@pytest.mark.parametrize("b", BUGS, ids=lambda b: b.slug)
def test_each_bug_is_detected_and_each_fix_passes(b):
    found, fixed = b.run()
    assert not found.ok and fixed.ok
    assert found.evidence != fixed.evidence
    assert "def " in b.snippet() and b.title and CHINESE.search(b.title_zh) and b.fix
    assert bug(b.slug) is b


def test_bug_lookup_names_the_known_ones():
    with pytest.raises(KeyError, match="keras_5x5_is_1x1"):
        bug("nope")
    assert len({b.slug for b in BUGS}) == len(BUGS) == 7


def test_keras_bug_is_silent_but_the_counters_see_it():
    module = keras_blog_inception_3a()
    with torch.no_grad():  # it runs: a 1×1 keeps the grid, so nothing crashes
        assert module(torch.zeros(1, 192, 28, 28)).shape == (1, 256, 28, 28)
    assert count_params(inception_3a()) - count_params(module) == (25 - 1) * 16 * 32
    assert table1_params() == count_params(inception_3a()) == INCEPTION_3A_WEIGHTS + 368
    # the same check also catches torchvision's 3×3 version of the module
    tv_3a = Inception(192, *WIDTHS_3A, kernel5x5=3)
    finding = check_branch_fields(tv_3a)
    assert not finding.ok and "3: 3×3" in finding.evidence
    # … and the circulating family that writes the "3×3" as (1, 1) too
    both = keras_blog_inception_3a()
    both.branch2[1] = conv(96, 128, 1, bn=False)
    finding = check_branch_fields(both)
    assert not finding.ok and "2: 1×1, 3: 1×1" in finding.evidence


def test_torchvision_fix_matches_the_reference_count():
    # REFERENCE §1.4: tv.googlenet with branch3 fixed to 5×5 (BN kept), no aux = 7,005,832
    assert count_params(torchvision_googlenet()) == TV_GOOGLENET_PARAMS
    assert count_params(torchvision_googlenet_fixed()) == 7_005_832
    assert check_5x5_weights(googlenet()).ok  # the paper build has 5×5s too


def test_missing_padding_really_breaks_the_concat():
    with pytest.raises(RuntimeError), torch.no_grad():
        unpadded_inception_3a()(torch.zeros(1, 192, 28, 28))


def test_v3_aux_trace_matches_the_real_aux_head():
    assert dict(v3_aux_trace(299))["Mixed_6a.branch3x3.conv"] == 17
    assert v3_aux_trace(224)[-1] == ("AuxLogits.conv1.conv", None)
    head = AuxHead(768, 10).eval()
    with torch.no_grad():
        assert head(torch.zeros(1, 768, 17, 17)).shape == (1, 10)
        with pytest.raises(RuntimeError):
            head(torch.zeros(1, 768, 12, 12))  # the 224-px grid: pool → 3×3, the 5×5 conv fails


def test_predict_puts_the_model_in_eval_mode():
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4)).train()
    predict_with_eval(model, torch.randn(2, 3, 8, 8))
    assert not model.training
    assert check_batch_independence(predict_with_eval).ok


def test_residual_without_expansion_cannot_add():
    with pytest.raises(RuntimeError), torch.no_grad():
        residual_without_expansion()(torch.zeros(1, 320, 35, 35))
    with torch.no_grad():
        assert residual_with_expansion()(torch.zeros(1, 320, 35, 35)).shape == (1, 320, 35, 35)


def test_flop_counter_is_twice_the_macs():
    layer = nn.Conv2d(16, 8, 3, padding=1)
    assert macs_from_flop_counter(layer, (16, 10, 10)) == 2 * count_macs(layer, (16, 10, 10))
    assert table1_macs() == INCEPTION_3A_MACS
    assert check_macs_counter(count_macs).ok
    assert not check_macs_counter(lambda m, s: count_macs(m, s) + 1).ok


# --- checking drills: rounded answers, odd answers, the widget ---------------------------------


def _three_figures(value) -> str:
    from decimal import Decimal

    d = Decimal(value.numerator) / Decimal(value.denominator)
    return format(d.quantize(Decimal(1).scaleb(d.adjusted() - 2)), "f")


@pytest.mark.parametrize("kind", list(DRILL_KINDS))
@pytest.mark.parametrize("seed", SEEDS)
def test_a_drill_rounded_to_3_figures_is_right_unless_a_mistake_fits_too(kind, seed):
    """'256000' for 256,160 params reads as the exact no-bias count, a named mistake."""
    drill = draw(seed, kind)
    exact = Fraction(drill.answer)
    rounded = _three_figures(exact)
    feedback = drill.check(rounded)
    is_a_mistake = any(Fraction(rounded) == wrong for wrong, _ in drill.question.mistakes)
    assert feedback.correct or "more digits" in feedback.message or is_a_mistake, feedback
    for off in (exact * Fraction(105, 100), exact * Fraction(95, 100)):
        assert not drill.check(off).correct and not drill.check(_three_figures(off)).correct


@pytest.mark.parametrize("answer", [0, "0", "0%", -0.0, 10**400, float("inf"), "", ..., None, [1]])
def test_a_drill_gives_any_answer_a_verdict(answer):
    for seed in range(6):
        feedback = draw(seed).check(answer)
        assert feedback.message and not feedback.correct
        assert feedback.pending == (answer in ("", None) or answer is ...)


def test_the_drill_widget_answers_zero_and_an_empty_box():
    from inception_edu.explorers.drills import drill_explorer

    box = drill_explorer(seed=3, kind="conv_macs")
    box.answer.value = "0"
    box.check_button.click()
    assert "too small" in box.output.value and "✗" in box.output.value
    box.answer.value = ""
    box.check_button.click()
    assert "Type your answer" in box.output.value and "✗" not in box.output.value
    box.answer.value = f"约{box.current().answer / 1e6:.3g}M"
    box.check_button.click()
    assert "Correct to 3 s.f." in box.output.value or "more digits" in box.output.value

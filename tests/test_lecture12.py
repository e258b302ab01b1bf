"""Lecture 12: its question cards (answers recomputed independently, specific mistakes), the
additive exercises features it uses (Chinese wording, multiple choice, unregistered questions),
the drill explorer and the glossary."""

import math
import re
from fractions import Fraction

import pytest
import torch
from torch import nn

from inception_edu import count_params, profile
from inception_edu.bugs import inception_3a, keras_blog_inception_3a
from inception_edu.drills import draw
from inception_edu.exercises import (
    Question,
    check,
    check_question,
    question,
    questions_for,
    render_prompt,
    reveal,
    reveal_question,
)
from inception_edu.explorers.drills import drill_explorer, drill_html
from inception_edu.glossary import GLOSSARY, glossary, glossary_table
from inception_edu.losses import inception_loss, smoothed_targets
from inception_edu.models.base import AuxOutputs
from inception_edu.models.googlenet import googlenet
from inception_edu.models.inception_resnet import IR_A_WIDTHS, InceptionResNetA

from .golden import BRANCH_5X5_DIRECT_MACS, BRANCH_5X5_REDUCED_MACS, FC_1024_PARAMS

QIDS = [
    "12.ensemble_macs",
    "12.quote_the_setting",
    "12.why_v4",
    "12.stack_7x7_saving",
    "12.kernel_5x5_vs_3x3",
    "12.reduction_3a_macs",
    "12.versions_not_v3",
    "12.aux_loss",
    "12.gap_head_params",
    "12.bn_eval_value",
    "12.label_smoothing_target",
    "12.residual_variance",
    "12.v4_vs_v3_macs",
    "12.principle_reduction",
    "12.separable_fraction",
    "12.keras_5x5_params",
    "12.keras_3b_params",
    "12.bn_after_relu_why",
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_lecture_12_has_its_questions_in_both_languages():
    qs = questions_for("12")
    assert [q.qid for q in qs] == QIDS
    for q in qs:
        assert CHINESE.search(q.prompt_zh) and not CHINESE.search(q.prompt)
        assert q.prompt_zh in reveal(q.qid)


def test_answers_are_the_worked_numbers():
    assert question("12.stack_7x7_saving").answer == 1 - Fraction(3 * 9, 49)
    assert question("12.kernel_5x5_vs_3x3").answer == Fraction(25, 9)
    branch = nn.Sequential(nn.Conv2d(192, 16, 1), nn.ReLU(), nn.Conv2d(16, 32, 5, padding=2))
    assert question("12.reduction_3a_macs").answer == profile(branch, (192, 28, 28)).macs
    assert question("12.reduction_3a_macs").answer == BRANCH_5X5_REDUCED_MACS
    assert question("12.gap_head_params").answer == count_params(googlenet().fc) == FC_1024_PARAMS
    keras_gap = count_params(inception_3a()) - count_params(keras_blog_inception_3a())
    assert question("12.keras_5x5_params").answer == keras_gap == 12_288
    assert math.isclose(question("12.residual_variance").answer, 1.9)


def _snippet_3b(nb: int = 120, k5: int = 1, bias: bool = True) -> nn.Module:
    # the lecture's Keras listing, inception(x, 120) on 3a's 256 output channels, convs only
    def unit(a: int, b: int, k: int) -> nn.Conv2d:
        return nn.Conv2d(a, b, k, padding=k // 2, bias=bias)

    return nn.ModuleList(
        [
            unit(256, nb, 1),
            nn.Sequential(unit(256, nb, 1), unit(nb, nb, 3)),
            nn.Sequential(unit(256, nb, 1), unit(nb, nb, k5)),
            unit(256, nb, 1),
        ]
    )


def test_keras_3b_answer_is_counted_on_the_module_and_mistakes_named():
    q = question("12.keras_3b_params")
    answer = count_params(_snippet_3b())
    assert q.answer == answer and "inception(x, 120)" in q.prompt
    # 4 × 120 is Table 1's 480 output channels for 3b: the total width hides the bug
    table1_3b = googlenet().inception3b
    with torch.no_grad():
        width = table1_3b(torch.zeros(1, 256, 28, 28)).shape[1]
    assert width == 4 * 120 and "exactly Table 1's 480" in reveal("12.keras_3b_params")
    assert f"{count_params(table1_3b):,}" in q.prompt and count_params(table1_3b) == 388_736
    assert check("12.keras_3b_params", answer).correct
    assert "Table 1's 3b" in check("12.keras_3b_params", count_params(table1_3b)).message
    assert "(1, 1)" in check("12.keras_3b_params", count_params(_snippet_3b(k5=5))).message
    assert "biases" in check("12.keras_3b_params", count_params(_snippet_3b(bias=False))).message
    assert not check("12.keras_3b_params", count_params(_snippet_3b(nb=128))).correct


def test_bn_after_relu_why_explains_every_wrong_option():
    assert check("12.bn_after_relu_why", 2).correct and check("12.bn_after_relu_why", "b").correct
    assert "variance is positive" in check("12.bn_after_relu_why", 1).message
    assert "do not commute" in check("12.bn_after_relu_why", "C").message
    assert "cancels it" in check("12.bn_after_relu_why", 4).message
    assert "immediately before the nonlinearity" in reveal("12.bn_after_relu_why")
    assert "has no BN at all" in reveal("12.bn_after_relu_why")
    # the 5×5 question says the other widths are Table 1's, in both languages
    q = question("12.keras_5x5_params")
    assert "other widths as in Table 1" in q.prompt and "其余宽度按表 1" in q.prompt_zh


def test_aux_loss_answer_is_what_inception_loss_computes():
    # two-class logits whose cross-entropies are exactly 2.0, 2.5 and 2.2
    def logits_with_loss(value: float) -> torch.Tensor:
        # two classes: CE = log(1 + e^{-m}) for margin m; solve for m
        margin = -math.log(math.exp(value) - 1)
        return torch.tensor([[margin, 0.0]], dtype=torch.float64)

    target = torch.tensor([0])
    outputs = AuxOutputs(
        logits_with_loss(2.0), {"aux1": logits_with_loss(2.5), "aux2": logits_with_loss(2.2)}
    )
    loss = inception_loss(outputs, target).item()
    assert math.isclose(loss, question("12.aux_loss").answer, rel_tol=1e-9)
    assert check("12.aux_loss", round(loss, 2)).correct


def test_bn_and_label_smoothing_answers_match_torch():
    bn = nn.BatchNorm2d(1).eval()
    with torch.no_grad():
        bn.running_mean.fill_(2.0)
        bn.running_var.fill_(4.0)
        out = bn(torch.full((1, 1, 1, 1), 6.0)).item()
    assert math.isclose(out, question("12.bn_eval_value").answer, rel_tol=1e-5)
    target = smoothed_targets(torch.tensor([4]), 10, 0.1)[0]
    assert math.isclose(
        target[4].item(), question("12.label_smoothing_target").answer, rel_tol=1e-6
    )
    assert math.isclose(target.sum().item(), 1.0, rel_tol=1e-6)


def test_specific_mistakes_named():
    assert "what remains" in check("12.stack_7x7_saving", "27/49").message
    assert "5×5 → two 3×3" in check("12.stack_7x7_saving", "28%").message
    assert "asymmetric" in check("12.stack_7x7_saving", 5 / 7).message
    assert "sides" in check("12.kernel_5x5_vs_3x3", 5 / 3).message
    assert "without reduction" in check("12.reduction_3a_macs", BRANCH_5X5_DIRECT_MACS).message
    assert "FLOPs" in check("12.reduction_3a_macs", 24_887_296).message
    assert "0.4 is TF-slim" in check("12.aux_loss", 3.88).message
    assert "discounted" in check("12.aux_loss", 6.7).message
    assert "flattens" in check("12.gap_head_params", 50_177_000).message
    assert "variance (4)" in check("12.bn_eval_value", 1).message
    assert "ε/K" in check("12.label_smoothing_target", 0.9).message
    assert "s = 1" in check("12.residual_variance", 11).message
    assert "s²" in check("12.residual_variance", 4).message
    assert "without BN" in check("12.residual_variance", 1.09**10).message
    assert "(25 − 1)" in check("12.keras_5x5_params", 12_800).message


def test_multiple_choice_reads_numbers_and_letters():
    assert check("12.versions_not_v3", 3).correct and check("12.versions_not_v3", "c").correct
    assert check("12.versions_not_v3", " C ").message.startswith("Correct: option 3 (C)")
    assert "§7" in check("12.versions_not_v3", "A").message
    assert "Table 3" in check("12.versions_not_v3", 4).message
    out_of_range = check("12.versions_not_v3", 5).message
    assert "options 1–4" in out_of_range and "reveal" in out_of_range
    unknown_letter = check("12.versions_not_v3", "E")
    assert not unknown_letter.correct and "option number" in unknown_letter.message
    text = reveal("12.versions_not_v3")
    assert "3. (C) batch normalization" in text and "**Answer:** option 3 (C)" in text


def test_questions_outside_the_bank_are_checked_the_same_way():
    q = Question("12.not_registered", "2 + 2?", 4, "4", mistakes=((5, "one too many."),))
    assert check_question(q, 4).correct and "one too many" in check_question(q, 5).message
    assert "**Answer:** 4" in reveal_question(q) and render_prompt(q) == "2 + 2?"
    with pytest.raises(KeyError):
        question("12.not_registered")  # checking did not register it
    zh = Question("12.zh", "Q?", 1, "1", prompt_zh="问？", options=("a", "b"))
    assert render_prompt(zh) == "Q?\n\n中文：问？\n\n1. (A) a\n2. (B) b"


def test_residual_scaling_claim_of_card_9():
    # He-initialized Inception-ResNet-A stack, no batch statistics: scale 1 grows, 0.1 does not
    def growth(scale: float, blocks: int = 8) -> float:
        torch.manual_seed(0)
        stack = nn.Sequential(
            *[
                InceptionResNetA(256, IR_A_WIDTHS["inception_resnet_v1"], scale)
                for _ in range(blocks)
            ]
        )
        for m in stack.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        stack.eval()
        x = torch.randn(2, 256, 9, 9)
        with torch.no_grad():
            first = stack[0](x)
            last = stack[1:](first)
        return (last.std() / first.std()).item()

    assert growth(1.0) > 10 * growth(0.1) and growth(0.1) < 2


# --- the drill explorer ------------------------------------------------------------------------


def test_drill_html_shows_both_languages_and_the_solution():
    drill = draw(3, "conv_macs")
    text = drill_html(drill)
    assert "seed 3" in text and "conv_macs" in text and "lang='zh'" in text
    assert "Answer:" not in text
    solved = drill_html(drill, feedback=drill.check(drill.answer), solution=True)
    assert "Correct" in solved and f"{drill.answer:,}" in solved and "Answer:" in solved


def test_drill_explorer_draws_checks_and_reveals_without_printing(capsys):
    box = drill_explorer(seed=40)
    assert box.current() == draw(40) and "seed 40" in box.output.value
    box.draw_button.click()
    box.draw_button.click()
    drill = box.current()
    assert drill == draw(42) and "seed 42" in box.output.value
    box.answer.value = str(drill.answer)
    box.check_button.click()
    assert "Correct" in box.output.value
    box.answer.value = "lots"
    box.check_button.click()
    assert "number" in box.output.value and "Correct" not in box.output.value
    box.reveal_button.click()
    assert "Answer:" in box.output.value
    kind_box = drill_explorer(seed=0, kind="output_size")
    kind_box.draw_button.click()
    assert kind_box.current().kind == "output_size"
    assert capsys.readouterr().out == ""


# --- the glossary --------------------------------------------------------------------------------


def test_glossary_has_the_course_terms_in_both_languages():
    assert len(GLOSSARY) >= 30
    assert len({t.en for t in GLOSSARY}) == len(GLOSSARY)
    zh = {t.en: t.zh for t in GLOSSARY}
    for en, word in {
        "1×1 convolution": "1×1 卷积",
        "receptive field": "感受野",
        "auxiliary classifier": "辅助分类器",
        "label smoothing": "标签平滑",
        "residual scaling": "残差缩放",
        "global average pooling (GAP)": "全局平均池化",
        "grid reduction": "网格缩减",
        "factorization (of convolutions)": "分解",
        "batch normalization (BN)": "批归一化",
        "multiply-accumulate (MAC), multiply-add": "乘加",
    }.items():
        assert word in zh[en], en
    for t in GLOSSARY:
        assert CHINESE.search(t.zh) and re.fullmatch(r"\d\d", t.lecture) and "|" not in t.en + t.zh
    table = glossary_table()
    assert table.count("\n") == len(GLOSSARY) + 1 and glossary()._repr_markdown_() == table

import pytest
import torch

from inception_edu.cost import conv_macs
from inception_edu.exercises import check, questions_for
from inception_edu.explorers.bn_inception import fig5_explorer
from inception_edu.paper_tables import Fig5Branch, fig5_rows
from inception_edu.questions import q05

QUESTIONS = questions_for("05")


def test_bank():
    assert [q.qid for q in QUESTIONS] == [  # the notebook's order
        "05.bn_params",
        "05.bn_batch_of_one",
        "05.double3x3_macs",
        "05.why_higher_lr",
    ]


def test_answers_are_the_closed_forms():
    expected = (
        conv_macs(1, 576, 96, 14, 14)
        + conv_macs(3, 96, 128, 14, 14)
        + conv_macs(3, 128, 128, 14, 14)
    )
    assert check("05.double3x3_macs", expected).correct and expected == 61_415_424
    # inception (4a)'s double-3×3 branch, as the explorer shows it
    assert fig5_rows(3)[2] == Fig5Branch(
        "branch3x3dbl", channels=128, params=314_048, macs=expected
    )
    assert "FLOPs" in check("05.double3x3_macs", 2 * expected).message
    assert "28×28" in check("05.double3x3_macs", 4 * expected).message
    assert "5×5" in check("05.double3x3_macs", conv_macs(1, 576, 96, 14, 14)
                          + conv_macs(5, 96, 128, 14, 14)).message  # fmt: skip
    assert "buffers" in check("05.bn_params", 256).message


def test_batch_of_one_outputs_beta():
    out = q05.batch_of_one_output()
    assert torch.allclose(out, torch.tensor([0.5, -1.0, 3.0], dtype=torch.float64))
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        torch.nn.BatchNorm2d(3).train()(torch.ones(1, 3, 1, 1))  # why the question runs two copies
    assert check("05.bn_batch_of_one", "B").correct and check("05.bn_batch_of_one", 2).correct
    for option, words in ((1, "x − μ_B = 0"), (3, "skips the normalization"), (4, "ε > 0")):
        feedback = check("05.bn_batch_of_one", option)
        assert not feedback.correct and words in feedback.message


def test_why_higher_lr_names_each_wrong_option():
    assert check("05.why_higher_lr", "C").correct
    for option, words in ((1, "2 numbers per channel"), (2, "eval mode"), (4, "6 times")):
        feedback = check("05.why_higher_lr", option)
        assert not feedback.correct and words in feedback.message


def test_fig5_rows_sum_and_match_the_branch_columns():
    rows = fig5_rows(0)  # inception (3a): 64 | 64→64 | 64→96→96 | avg + 32
    assert [r.channels for r in rows] == [64, 64, 96, 32, 256]
    assert rows[-1].macs == sum(r.macs for r in rows[:-1])
    assert fig5_rows(5)[-1].channels == 608 and fig5_rows(5, "tf_slim")[-1].channels == 576
    with pytest.raises(ValueError, match="index must be an int from 0 to 9"):
        fig5_rows(10)


def test_explorer_updates_without_printing(capsys):
    box = fig5_explorer()
    box.sliders["index"].value = 7
    assert f"{fig5_rows(7)[-1].macs:,}" in box.output.value
    assert capsys.readouterr().out == ""

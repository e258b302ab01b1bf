import pytest

from inception_edu.cost import conv_macs
from inception_edu.exercises import check, questions_for
from inception_edu.explorers.bn_inception import fig5_explorer, fig5_rows
from inception_edu.questions import q05  # noqa: F401

QUESTIONS = questions_for("05")


def test_bank():
    assert {q.qid for q in QUESTIONS} == {
        "05.bn_params",
        "05.double3x3_macs",
        "05.inception4c_channels",
    }


def test_answers_are_the_closed_forms():
    expected = (
        conv_macs(1, 192, 64, 28, 28) + conv_macs(3, 64, 96, 28, 28) + conv_macs(3, 96, 96, 28, 28)
    )
    assert check("05.double3x3_macs", expected).correct and expected == 118_013_952
    assert "printed" in check("05.inception4c_channels", 576).message


def test_fig5_rows_sum_and_match_the_branch_columns():
    rows = fig5_rows(0)  # inception (3a): 64 | 64→64 | 64→96→96 | avg + 32
    assert [r["channels"] for r in rows] == [64, 64, 96, 32, 256]
    assert rows[-1]["MACs"] == sum(r["MACs"] for r in rows[:-1])
    assert fig5_rows(5)[-1]["channels"] == 608 and fig5_rows(5, "tf_slim")[-1]["channels"] == 576
    with pytest.raises(ValueError, match="index must be 0..9"):
        fig5_rows(10)


def test_explorer_updates_without_printing(capsys):
    box = fig5_explorer()
    box.sliders["index"].value = 7
    assert f"{fig5_rows(7)[-1]['MACs']:,}" in box.output.value
    assert capsys.readouterr().out == ""

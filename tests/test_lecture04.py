"""Lecture 04: its questions (right answers, every known mistake, malformed input) and explorer."""

from pathlib import Path

import pytest

from inception_edu.count import count_params, profile
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.googlenet import table1_row_explorer, table1_row_html
from inception_edu.models.googlenet import googlenet
from inception_edu.paper_tables import COLUMNS, table1_comparison, table1_row, table1_size

from .golden import (
    FC_1024_MACS,
    FC_1024_PARAMS,
    GOOGLENET_CONV1_MACS,
    GOOGLENET_PAPER_CONV_MACS,
    GOOGLENET_PAPER_PARAMS,
    INCEPTION_3A_MACS,
    INCEPTION_3A_WEIGHTS,
    TABLE_1_MACS,
)

QIDS = [
    "04.finetune_params",
    "04.macs_160",
    "04.ensemble_why",
    "04.train_loss",
    "04.aux_why",
]


def test_lecture_04_has_its_questions():
    assert [q.qid for q in questions_for("04")] == QIDS


def test_answers_are_the_worked_numbers():
    ten = googlenet(num_classes=10)
    assert question("04.finetune_params").answer == 5_983_802 == count_params(ten)
    # only the linear layer changes: 1024·1000 + 1000 out, 1024·10 + 10 in
    assert 5_983_802 == count_params(googlenet()) - FC_1024_PARAMS + 10_250
    macs = profile(googlenet(), (3, 160, 160))
    assert question("04.macs_160").answer == 807_987_200 == macs.macs
    # every grid is 5/7 of the 224-px one, so the conv MACs scale by exactly 25/49
    assert macs.conv_macs * 49 == GOOGLENET_PAPER_CONV_MACS * 25
    assert macs.linear_macs == FC_1024_MACS
    assert question("04.train_loss").answer == pytest.approx(3.65)
    assert question("04.ensemble_why").answer == 2 and question("04.aux_why").answer == 3


def test_transfer_answers_are_printed_nowhere_in_the_lecture():
    text = Path(__file__).parents[1].joinpath("notebooks", "04_googlenet.ipynb").read_text()
    for q in (question("04.finetune_params"), question("04.macs_160")):
        assert f"{q.answer:,}" not in text and str(q.answer) not in text, q.qid


def test_specific_mistakes_named():
    assert "1000-class network" in check("04.finetune_params", GOOGLENET_PAPER_PARAMS).message
    assert "weights only" in check("04.finetune_params", 5_976_512).message
    assert "discarded at inference" in check("04.finetune_params", 10_334_030).message
    assert "torchvision" in check("04.finetune_params", 5_610_154).message
    assert "224×224 count" in check("04.macs_160", TABLE_1_MACS).message
    assert "conv MACs only" in check("04.macs_160", 806_963_200).message
    assert "not with the side" in check("04.macs_160", 1_130_479_909).message
    assert "FLOPs" in check("04.macs_160", 1_615_974_400).message
    assert "torchvision" in check("04.macs_160", 764_979_200).message
    assert "dropped at inference" in check("04.train_loss", 2.0).message
    assert "weighted by 0.3" in check("04.train_loss", 7.5).message
    assert "TF-slim" in check("04.train_loss", 4.2).message


@pytest.mark.parametrize(
    ("qid", "right", "wrong"),
    [
        (
            "04.ensemble_why",
            "B",
            {
                "A": "both are validation numbers",
                "C": "both are top-5 errors",
                "D": "discarded at inference in every setting",
            },
        ),
        (
            "04.aux_why",
            "C",
            {
                "A": "did not result in improved convergence early",
                "B": "did not have any adverse effect",
                "D": "auxiliary networks are discarded",
            },
        ),
    ],
)
def test_why_questions_explain_every_wrong_option(qid, right, wrong):
    q = question(qid)
    assert len(q.options) == 4 and 3 <= len(q.options) <= 4
    assert check(qid, right).correct and check(qid, right.lower()).correct
    assert check(qid, f"选{right}").message.startswith(f"Correct: option {q.answer} ({right})")
    for letter, why in wrong.items():
        feedback = check(qid, letter)
        assert not feedback.correct and why in feedback.message, (letter, feedback.message)


# --- the explorer's pure function -----------------------------------------------------------


def test_table1_rows_are_the_reference_numbers():
    assert table1_size() == 12
    conv1 = table1_row(0)
    assert (conv1.weights, conv1.macs) == (9_408, GOOGLENET_CONV1_MACS)
    assert (conv1.row.paper_params, conv1.row.paper_ops) == ("2.7K", "34M")
    assert not conv1.params_agree and not conv1.ops_agree
    assert all(dict(conv1.items())[c] is None for c in COLUMNS)
    r3a = table1_row(2)
    assert r3a.row.name == "inception (3a)"
    assert [dict(r3a.items())[c] for c in COLUMNS] == [64, 96, 128, 16, 32, 32]
    assert (r3a.weights, r3a.macs) == (INCEPTION_3A_WEIGHTS, INCEPTION_3A_MACS)
    assert dict(r3a.items())["weights/1024"] == 159.5
    r4c = table1_row(6)
    assert (r4c.row.name, r4c.weights, r4c.params_agree, r4c.ops_agree) == (
        "inception (4c)",
        509_440,
        False,
        True,
    )


def test_table1_rows_match_table1_comparison():
    checks = table1_comparison(googlenet())
    rows = [table1_row(i) for i in range(table1_size())]
    assert [(r.weights, r.macs) for r in rows] == [(c.weights, c.macs) for c in checks]
    assert sum(r.weights for r in rows) == 6_990_272
    assert sum(r.macs for r in rows) == TABLE_1_MACS


@pytest.mark.parametrize("bad", [-1, 12, 1.5, True, "3"])
def test_table1_row_rejects_bad_indices(bad):
    with pytest.raises(ValueError):
        table1_row(bad)


def test_table1_row_html_has_numbers_and_bars():
    text = table1_row_html(table1_row(0))
    assert "9,408" in text and f"{GOOGLENET_CONV1_MACS:,}" in text
    assert "2.7K" in text and "34M" in text
    assert "DISAGREES" in text and "width:240px" in text
    assert "params: agrees; ops: agrees" in table1_row_html(table1_row(2))


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = table1_row_explorer()
    assert set(box.sliders) == {"index"}
    assert box.sliders["index"].max == 11
    assert f"{GOOGLENET_CONV1_MACS:,}" in box.output.value
    box.sliders["index"].value = 9
    assert "inception (5a)" in box.output.value and "1,042,432" in box.output.value
    assert f"{GOOGLENET_CONV1_MACS:,}" not in box.output.value
    assert capsys.readouterr().out == ""

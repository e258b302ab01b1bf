"""Lecture 04: its questions (right answers, every known mistake, malformed input) and explorer."""

import pytest

from inception_edu.cost import conv_macs
from inception_edu.count import count_params
from inception_edu.exercises import check, question, questions_for
from inception_edu.explorers.googlenet import (
    COLUMNS,
    table1_row,
    table1_row_explorer,
    table1_row_html,
    table1_size,
)
from inception_edu.models.googlenet import googlenet, googlenet_torchvision, table1_comparison

QIDS = ["04.paper_params", "04.conv1_macs", "04.aux_share", "04.train_loss"]


def test_lecture_04_has_its_questions():
    assert [q.qid for q in questions_for("04")] == QIDS


def test_answers_are_the_worked_numbers():
    assert question("04.paper_params").answer == 6_998_552 == count_params(googlenet())
    assert question("04.conv1_macs").answer == 118_013_952 == conv_macs(7, 3, 64, 112, 112)
    with_aux = count_params(googlenet_torchvision(aux_logits=True))
    without = count_params(googlenet_torchvision())
    assert (with_aux, without) == (13_004_888, 6_624_904)
    assert question("04.aux_share").answer == pytest.approx((with_aux - without) / with_aux)
    assert question("04.train_loss").answer == pytest.approx(3.65)


def test_aux_share_accepts_percent_forms():
    answer = question("04.aux_share").answer
    for form in (f"{answer:.1%}", "49%"):
        assert check("04.aux_share", form).correct, form


def test_specific_mistakes_named():
    assert "sum of Table 1's printed params column" in check("04.paper_params", 6_800_000).message
    assert "sum of Table 1's printed params column" in check("04.paper_params", 6_797_700).message
    assert "weights only" in check("04.paper_params", 6_990_272).message
    assert "discarded at inference" in check("04.paper_params", 13_378_280).message
    assert "torchvision" in check("04.paper_params", 6_624_904).message
    assert "FLOPs" in check("04.conv1_macs", 236_027_904).message
    assert "Table 1 prints" in check("04.conv1_macs", 34_000_000).message
    assert "stride 2" in check("04.conv1_macs", 472_055_808).message
    assert "without aux" in check("04.aux_share", 0.963).message
    assert "dropped at inference" in check("04.train_loss", 2.0).message
    assert "weighted by 0.3" in check("04.train_loss", 7.5).message
    assert "TF-slim" in check("04.train_loss", 4.2).message


# --- the explorer's pure function -----------------------------------------------------------


def test_table1_rows_are_the_reference_numbers():
    assert table1_size() == 12
    conv1 = table1_row(0)
    assert (conv1["weights"], conv1["MACs"]) == (9_408, 118_013_952)
    assert (conv1["printed params"], conv1["printed ops"]) == ("2.7K", "34M")
    assert not conv1["params agree"] and not conv1["ops agree"]
    assert all(conv1[c] is None for c in COLUMNS)
    r3a = table1_row(2)
    assert r3a["name"] == "inception (3a)"
    assert [r3a[c] for c in COLUMNS] == [64, 96, 128, 16, 32, 32]
    assert (r3a["weights"], r3a["MACs"], r3a["weights/1024"]) == (163_328, 128_049_152, 159.5)
    r4c = table1_row(6)
    assert (r4c["name"], r4c["weights"], r4c["params agree"], r4c["ops agree"]) == (
        "inception (4c)",
        509_440,
        False,
        True,
    )


def test_table1_rows_match_table1_comparison():
    checks = table1_comparison(googlenet())
    rows = [table1_row(i) for i in range(table1_size())]
    assert [(r["weights"], r["MACs"]) for r in rows] == [(c.weights, c.macs) for c in checks]
    assert sum(r["weights"] for r in rows) == 6_990_272
    assert sum(r["MACs"] for r in rows) == 1_582_671_872


@pytest.mark.parametrize("bad", [-1, 12, 1.5, True, "3"])
def test_table1_row_rejects_bad_indices(bad):
    with pytest.raises(ValueError):
        table1_row(bad)


def test_table1_row_html_has_numbers_and_bars():
    text = table1_row_html(table1_row(0))
    assert "9,408" in text and "118,013,952" in text and "2.7K" in text and "34M" in text
    assert "DISAGREES" in text and "width:240px" in text
    assert "params: agrees; ops: agrees" in table1_row_html(table1_row(2))


# --- the widget ----------------------------------------------------------------------------


def test_explorer_updates_without_printing(capsys):
    box = table1_row_explorer()
    assert set(box.sliders) == {"index"}
    assert box.sliders["index"].max == 11
    assert "118,013,952" in box.output.value
    box.sliders["index"].value = 9
    assert "inception (5a)" in box.output.value and "1,042,432" in box.output.value
    assert "118,013,952" not in box.output.value
    assert capsys.readouterr().out == ""

"""The lectures' one displayable table."""

import pytest

from inception_edu.tables import Table, cell_text, html_table

from .golden import INCEPTION_3A_MACS


def test_text_form_aligns_and_separates_thousands():
    t = Table(("module", "MACs", "ratio"), [("3a", INCEPTION_3A_MACS, 1.5), ("5×5", 1, 12.25)])
    lines = str(t).splitlines()
    assert lines[0].split() == ["module", "MACs", "ratio"]
    assert lines[2].split() == ["3a", f"{INCEPTION_3A_MACS:,}", "1.5"]
    assert len(lines[2]) == len(lines[3].rstrip()) or lines[3].endswith("12.2")
    assert all(len(line) <= len(lines[1]) for line in lines)


def test_html_escapes_and_marks_bold_rows():
    t = Table(("a<b", "n"), [("x&y", 3)], caption="c", note="n", bold_rows=frozenset({0}))
    h = t._repr_html_()
    assert "a&lt;b" in h and "x&amp;y" in h and "font-weight:bold" in h and "<caption>c" in h


def test_wrong_row_width_is_a_sentence():
    with pytest.raises(ValueError, match="row 1 has 1 cells but the table has 2 columns"):
        Table(("a", "b"), [(1, 2), (3,)])


def test_cell_text():
    assert cell_text(1234567) == "1,234,567"
    assert cell_text(0.123456) == "0.123"
    assert cell_text(None) == "" and cell_text(True) == "True"


def test_markdown_right_aligns_number_columns_and_escapes_pipes():
    t = Table(("idea", "MACs"), [("a|b", 1_234), ("c", 5)], caption="Cap", note="N")
    lines = t.markdown().splitlines()
    assert lines[:4] == ["### Cap", "", "| idea | MACs |", "| --- | ---: |"]
    assert lines[4] == "| a\\|b | 1,234 |" and lines[-1] == "*N*"


def test_html_table_keeps_trusted_html_columns_and_escapes_the_rest():
    h = html_table(("x", "bar"), [("<i>", "<div>b</div>")], html_columns={1})
    assert "&lt;i&gt;" in h and "<div>b</div>" in h

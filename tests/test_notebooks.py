"""Hygiene of the stored lectures (the nbval run itself re-executes them)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .golden import TV_GOOGLENET_MACS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_lectures():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lecture_is_stored_executed_and_checked(path):
    assert re.fullmatch(r"\d\d[a-c]?_[a-z0-9_]+\.ipynb", path.name)
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown"
    assert "".join(cells[0]["source"]).startswith(f"# {path.name.split('_')[0]} · ")
    code = [c for c in cells if c["cell_type"] == "code"]
    checked = [c for c in code if "".join(c["source"]).startswith("# NBVAL_CHECK_OUTPUT")]
    assert checked, "a lecture needs cells whose numbers nbval compares"
    for cell in checked:
        assert cell["execution_count"] is not None and cell["outputs"], "checked cell not stored"
    for cell in code:
        assert not any(o["output_type"] == "error" for o in cell["outputs"])
        assert "import *" not in "".join(cell["source"])
    sources = "".join("".join(c["source"]) for c in cells)
    assert "## Recap" in sources and "## Exercises" in sources and "check(" in sources
    assert any(
        o.get("data", {}).get("image/png") or o.get("data", {}).get("image/jpeg")
        for c in code
        for o in c["outputs"]
    ), "a lecture needs at least one figure"
    assert path.stat().st_size < 2_000_000, "keep stored outputs small"


def test_readme_python_example_runs():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks
    result = subprocess.run(
        [sys.executable, "-c", blocks[0]], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert f"{TV_GOOGLENET_MACS:,}" in result.stdout and "≠" not in result.stdout


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)


def _texts(output: dict) -> list[str]:
    """Every text an output shows: stream text, plain text, HTML, widget state values."""
    texts = ["".join(output.get("text", ""))]
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime.endswith("json"):
            texts.append(value if isinstance(value, str) else json.dumps(value))
    return texts


# what an error box looks like stored: a traceback, an exception line, the checker's red ✗ for an
# exercise left unanswered, a widget that failed to render
ERROR_BOX = re.compile(
    r"Traceback \(most recent call last\)|^\w+(Error|Exception): |got ellipsis|"
    r"Error displaying widget",
    re.M,
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_error_box_or_traceback(path):
    nb = json.loads(path.read_text())
    found = []
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error" or (
                output["output_type"] == "stream" and output.get("name") == "stderr"
                and "Traceback" in "".join(output["text"])
            ):  # fmt: skip
                found.append(f"cell {i}: {output['output_type']}")
            found += [f"cell {i}: {m.group(0)!r}" for t in _texts(output)
                      for m in ERROR_BOX.finditer(t)]  # fmt: skip
    widgets = json.dumps(nb.get("metadata", {}).get("widgets", {}))
    found += [f"widget state: {m.group(0)!r}" for m in ERROR_BOX.finditer(widgets)]
    assert not found, f"{path.name} stores error output: {found[:5]}"


LECTURES = sorted({p.name[:2] for p in NOTEBOOKS})


@pytest.mark.parametrize("lecture", LECTURES)
def test_every_question_of_the_bank_is_asked_in_bank_order(lecture):
    # a lecture in parts (12a, 12b, 12c) asks its bank across its notebooks, in file order
    from inception_edu.exercises import questions_for

    asked: list[str] = []
    for path in (p for p in NOTEBOOKS if p.name[:2] == lecture):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                for qid in re.findall(r'check\("(\d\d\.[a-z0-9_]+)"', "".join(cell["source"])):
                    if qid not in asked:
                        asked.append(qid)
    assert asked == [q.qid for q in questions_for(lecture)]


MAIN_LINE_WORDS = 2_500  # issue 18: a lecture's main line reads in one sitting


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_main_line_prose_is_at_most_2500_words(path):
    # the main line: markdown before "## Appendix", words as whitespace-separated tokens
    words = 0
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            head, found, _ = "".join(cell["source"]).partition("## Appendix")
            words += len(head.split())
            if found:
                break
    assert words <= MAIN_LINE_WORDS, f"{path.name}: {words} words before its appendix"

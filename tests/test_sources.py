"""Sources a learner can open: docs/sources.md, and nothing that points past it.

Learner-facing text — notebook cells and their stored outputs, strings and comments in the
library, README and docs — must not cite the team's internal fact sheet (learners cannot open
it), and every deviation or pitfall code it uses (G1, V3, F7, P5, …) must be defined, in words, in
docs/sources.md. The models' ``DEVIATIONS`` tuples and docs/sources.md must list the same codes.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import tokenize
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "docs" / "sources.md"

# The internal fact sheet: "REFERENCE" in capitals (REFERENCE.md, REFERENCE §3.5, REFERENCE P5)
# or its folder. Lower-case "reference" (load_reference_weights, reference=, "reference
# implementation") is ordinary English and does not match.
FACT_SHEET = re.compile(r"\bREFERENCE\b|\.\./shared\b|shared/REFERENCE")
# Deviation codes (G GoogLeNet, B BN-Inception, V Inception-v3, F Inception-v4, I IR-v2, R IR-v1)
# and pitfall codes (P). No leading zero, at most two digits: CSS colours (#F00) and V100 do not
# match.
CODE = re.compile(r"\b[BFGIPRV][1-9][0-9]?\b")
DEFINITION = re.compile(r"^- \*\*([BFGIPRV][1-9][0-9]?)\*\* — (\S.*)$", re.MULTILINE)
DOC_ONLY = "*(not in `DEVIATIONS`)*"
ARXIV_ID = re.compile(r"\b1[2-9](?:0[1-9]|1[0-2])\.\d{4,5}\b")
# Python 3.12+ splits f-strings into FSTRING_* tokens; their text parts are FSTRING_MIDDLE.
TEXT_TOKENS = {tokenize.STRING, tokenize.COMMENT, getattr(tokenize, "FSTRING_MIDDLE", -1)}


def _notebook_texts(path: Path) -> Iterator[tuple[str, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    name = path.relative_to(ROOT)
    for i, cell in enumerate(nb["cells"]):
        yield f"{name} cell {i} ({cell['cell_type']})", "".join(cell["source"])
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")]
            texts += [v for k, v in output.get("data", {}).items() if k.startswith("text/")]
            for text in texts:
                yield f"{name} cell {i} (output)", "".join(text) if isinstance(text, list) else text


def _python_texts(path: Path) -> Iterator[tuple[str, str]]:
    name = path.relative_to(ROOT)
    with path.open("rb") as f:
        for tok in tokenize.tokenize(f.readline):
            if tok.type in TEXT_TOKENS:
                yield f"{name}:{tok.start[0]}", tok.string


@cache
def learner_texts() -> tuple[tuple[str, str], ...]:
    """(location, text) for every piece of learner-facing text."""
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        found += _notebook_texts(path)
    for path in sorted((ROOT / "inception_edu").rglob("*.py")):
        found += _python_texts(path)
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    docs += [p for p in (ROOT / "data" / "README.md", ROOT / "results" / "README.md") if p.exists()]
    for path in docs:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found.append((f"{path.relative_to(ROOT)}:{n}", line))
    return tuple(found)


@cache
def defined_codes() -> dict[str, str]:
    """code → its line in docs/sources.md."""
    return {m[1]: m[2] for m in DEFINITION.finditer(SOURCES.read_text(encoding="utf-8"))}


def deviations_in_models() -> dict[str, str]:
    """code → the model module whose ``DEVIATIONS`` tuple holds it."""
    import inception_edu.models as models

    found: dict[str, str] = {}
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        for dev in getattr(module, "DEVIATIONS", ()):
            assert dev.id not in found or found[dev.id] == info.name, f"{dev.id} defined twice"
            found[dev.id] = info.name
    return found


def _at(where: str, text: str, pos: int) -> str:
    """The location of text[pos]: a multi-line string's line, not the line it starts on."""
    path, sep, line = where.rpartition(":")
    if sep and line.isdigit():
        return f"{path}:{int(line) + text.count(chr(10), 0, pos)}"
    return where


def test_sources_page_defines_codes_in_words():
    codes = defined_codes()
    assert len(codes) >= 40, "docs/sources.md lost its code lists"
    text = SOURCES.read_text(encoding="utf-8")
    assert len(DEFINITION.findall(text)) == len(codes), "a code is defined twice in docs/sources.md"
    short = [code for code, words in codes.items() if len(words.replace(DOC_ONLY, "").split()) < 3]
    assert not short, f"codes without a name in words: {short}"


def test_no_citation_of_the_internal_fact_sheet():
    hits = [
        f"{_at(where, text, m.start())}: …{text[max(0, m.start() - 40) : m.end() + 40]}…"
        for where, text in learner_texts()
        for m in FACT_SHEET.finditer(text)
    ]
    assert not hits, (
        "learner-facing text cites the internal fact sheet; cite the paper (e.g. '1409.4842 "
        "Table 1') or docs/sources.md instead:\n" + "\n".join(hits)
    )


def test_every_code_used_is_defined_in_sources():
    defined = defined_codes()
    undefined: dict[str, str] = {}
    for where, text in learner_texts():
        for m in CODE.finditer(text):
            if m[0] not in defined:
                undefined.setdefault(m[0], _at(where, text, m.start()))
    assert not undefined, "codes used but not defined in docs/sources.md:\n" + "\n".join(
        f"{code} (first at {where})" for code, where in sorted(undefined.items())
    )


def test_deviations_tuples_and_sources_agree():
    in_models = deviations_in_models()
    defined = defined_codes()
    listed = {c for c, words in defined.items() if not c.startswith("P") and DOC_ONLY not in words}
    doc_only = {c for c, words in defined.items() if DOC_ONLY in words}
    missing = sorted(set(in_models) - listed)
    assert not missing, f"in DEVIATIONS but not (or only as doc-only) in docs/sources.md: {missing}"
    extra = sorted(listed - set(in_models))
    assert not extra, f"in docs/sources.md but in no model's DEVIATIONS (mark {DOC_ONLY}?): {extra}"
    assert not doc_only & set(in_models), "a code marked 'not in DEVIATIONS' is in DEVIATIONS"


def test_every_cited_arxiv_paper_is_listed():
    listed = set(ARXIV_ID.findall(SOURCES.read_text(encoding="utf-8")))
    cited: dict[str, str] = {}
    for where, text in learner_texts():
        if "(output)" in where:  # stored outputs hold measured floats, not citations
            continue
        for paper in ARXIV_ID.findall(text):
            cited.setdefault(paper, where)
    missing = {p: w for p, w in cited.items() if p not in listed}
    assert not missing, f"arXiv ids cited but not in docs/sources.md: {missing}"

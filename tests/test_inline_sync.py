"""Cells that retype a library block (first line ``# mirrors: dotted.Name(args) input=(shape)``)
must stay equal to it: same state-dict shapes, identical outputs after copying the weights.

The test runs only the notebook's import cells and the marked cell, never the whole notebook
(STYLE.md §4.5), so it is fast and catches a drifted copy on its own.
"""

import ast
import importlib
import json
import re
from pathlib import Path

import pytest
import torch

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
MARKER = re.compile(
    r"^# mirrors: (?P<path>[\w.]+)\((?P<args>.*)\) input=\((?P<shape>[\d, ]+)\)\s*$"
)


def mirrored_cells():
    for path in NOTEBOOKS:
        cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        imports = []
        for cell in cells:
            source = "".join(cell["source"])
            first = source.splitlines()[0] if source else ""
            if first.startswith("# mirrors:"):
                match = MARKER.match(first)
                assert match, f"{path.name}: malformed marker {first!r}"
                yield pytest.param(path.name, imports[:], source, match, id=f"{path.name}")
            else:
                tree = ast.parse(source) if source.strip() else ast.Module([], [])
                imports += [
                    ast.unparse(node)
                    for node in tree.body
                    if isinstance(node, (ast.Import, ast.ImportFrom))
                ]


CASES = list(mirrored_cells())


def test_marker_cells_exist_once_lectures_retype_blocks():
    retyping = {"01", "02", "03", "06"}
    present = {p.name[:2] for p in NOTEBOOKS} & retyping
    assert {c.values[0][:2] for c in CASES} >= present


@pytest.mark.parametrize(("notebook", "imports", "source", "match"), CASES)
def test_inline_copy_equals_library(notebook, imports, source, match):
    namespace: dict = {}
    exec("\n".join(imports), namespace)
    exec(compile(source, notebook, "exec"), namespace)
    module_path, name = match["path"].rsplit(".", 1)
    library_cls = getattr(importlib.import_module(module_path), name)
    inline_cls = namespace[name]
    assert inline_cls is not library_cls, f"{notebook} imports {name} instead of typing it"
    call = ast.parse(f"f({match['args']})", mode="eval").body
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    shape = tuple(int(v) for v in match["shape"].split(","))
    torch.manual_seed(0)
    lib, inline = library_cls(*args, **kwargs), inline_cls(*args, **kwargs)
    lib_state, inline_state = lib.state_dict(), inline.state_dict()
    assert [v.shape for v in lib_state.values()] == [v.shape for v in inline_state.values()]
    inline.load_state_dict(dict(zip(inline_state, lib_state.values(), strict=True)))
    x = torch.randn(shape)
    lib.eval(), inline.eval()
    with torch.no_grad():
        assert torch.equal(lib(x), inline(x)), f"{notebook}: the inline {name} drifted"

"""The JupyterLab walkthrough in a real browser: `make lab` lands on lecture 00, and every lecture
runs top to bottom in JupyterLab with live widgets: each explorer renders, and moving one of its
controls updates both the control's readout and the explorer's view. Lecture 12's Chinese is
drawn with a real CJK font, not as missing-glyph boxes.

A new lecture is one more line in LECTURES: the notebook, the label of one explorer control and,
for a text box, what to type and which button to press. One module, so pytest-xdist
(--dist loadscope) gives the whole walkthrough to one worker, one JupyterLab server and one
browser. Screenshots land in tests/browser/artifacts/ (git-ignored); the README's
docs/lecture00.png is tests/browser/artifacts/00_start_here.png, reduced to 128 colours.
"""

from __future__ import annotations

import json
import posixpath
import re
import time
from typing import NamedTuple

import pytest

from .conftest import ARTIFACTS, ROOT


class Lecture(NamedTuple):
    notebook: str  # stem under notebooks/
    control: str  # the label of the explorer control the test moves; "": no explorer
    presses: int = 3  # a slider: arrow keys pressed on its handle, as a keyboard user would
    typed: str = ""  # a text box: what the test types into it …
    button: str = ""  # … and the button it then clicks


# Each lecture now has one explorer (an ipywidgets view); the control moved is one its view uses.
LECTURES = [
    Lecture("00_start_here", "C_in"),  # conv cost per kernel size
    Lecture("01_nin_and_1x1_conv", "C"),  # FC vs GAP head
    Lecture("02_naive_inception", "#3×3"),  # naive module and the snowball
    Lecture("03_dimension_reduction", "#5×5 red"),  # eight sliders, table and bars
    Lecture("04_googlenet", "Table 1 row"),
    Lecture("05_bn_inception", "module"),  # Figure 5's rows
    Lecture("06_factorization", "n"),  # n×n vs 1×n + n×1 vs 3×3 stacks
    Lecture("07_grid_reduction", "d (grid)"),
    Lecture("08_inception_v3", "ε (%)"),  # label smoothing
    Lecture("09_inception_v4", "k (1×1)"),  # Reduction-A's k, l, m, n
    Lecture("10_inception_resnet", "blocks"),  # activation growth vs residual scale
    Lecture("11_training_the_family", "models"),  # the 144-crop scheme
    Lecture("12a_cheat_sheet", ""),  # tables and a figure, no explorer
    Lecture("12b_interview_cards", ""),  # the cards, no explorer
    Lecture("12c_drills_and_bugs", "answer", typed="1244万", button="check · 检查"),  # a drill
]

START_PAGE = "00_start_here"
RUN_TIMEOUT_S = 150  # one lecture, INCEPTION_EDU_FAST=1, beside another pytest worker
WIDGET_ERRORS = re.compile(r"Error displaying widget|model not found|Failed to load model", re.I)
CURRENT_TAB = "#jp-main-dock-panel .lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current"
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"  # the open notebook's cells
CODE_PROMPTS = f"{NOTEBOOK} .jp-CodeCell .jp-InputArea-prompt"
STDERR = f'{NOTEBOOK} .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# An exception's name at the start of a line: "ValueError: …", "KeyboardInterrupt", …
EXCEPTION = re.compile(r"^\s*\w*(Error|Exception|Interrupt)\b", re.M)
# Lecture 12's Chinese: Han characters, a sample word, and as many characters that no font has.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_SAMPLE = "卷积神经网络"  # "convolutional neural network"
NO_GLYPH = "\ue000" * len(CJK_SAMPLE)  # Private Use Area: drawn as missing-glyph boxes (tofu)
CJK_FONT = re.compile(r"CJK|Han Sans|Han Serif|WenQuanYi|Hei|Song|Ming|Kai|Fallback", re.I)


# --- JupyterLab, as a user drives it ---------------------------------------------------------


def exactly(text: str) -> re.Pattern:
    return re.compile(f"^{re.escape(text)}$")


def menu(page, top: str, item: str) -> None:
    """Click a main-menu entry, e.g. Run → Run All Cells."""
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=exactly(top)).click()
    entry = page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=exactly(item))
    entry.first.click()


def stored(lab, notebook: str) -> dict:
    """The lecture as the server has it on disk (nbformat JSON)."""
    return json.loads(lab.lecture(notebook).read_text())


def open_notebook(page, lab, notebook: str) -> None:
    """Open the lecture in a reset workspace; wait until every cell is in the page."""
    page.goto(f"{lab.url}{lab.tree_url(notebook)}?reset&token={lab.token}")
    wait_for_notebook(page, notebook)
    cells = len(stored(lab, notebook)["cells"])  # JupyterLab attaches long notebooks in chunks
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n",
        arg=[f"{NOTEBOOK} .jp-Cell", cells],
    )


def wait_for_notebook(page, notebook: str) -> None:
    """The notebook's tab is the current one, its cells are shown and its kernel is idle."""
    page.locator(CURRENT_TAB, has_text=f"{notebook}.ipynb").wait_for(timeout=60_000)
    page.locator(f"{NOTEBOOK} .jp-CodeCell").first.wait_for()
    kernel_idle(page, notebook).wait_for(timeout=60_000)


def kernel_idle(page, notebook: str):
    """The status bar's kernel item for this notebook, once it says Idle."""
    title = f"Change kernel for {notebook}.ipynb"
    return page.locator(f'.jp-StatusBar-TextItem[title="{title}"]', has_text="| Idle")


def prompts(page) -> list[str]:
    return [p.strip() for p in page.locator(CODE_PROMPTS).all_text_contents()]


def run_all_fresh(page, notebook: str) -> list[str]:
    """Clear the stored outputs, run all cells, wait until the run ends; the prompts after."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        "sel => document.querySelectorAll(sel).length === 0",
        arg=f"{NOTEBOOK} .jp-OutputArea-output",
    )
    assert all(p in ("[ ]:", "") for p in prompts(page)), "outputs were not cleared"
    menu(page, "Run", "Run All Cells")
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while "[*]:" in (now := prompts(page)) or not any(re.fullmatch(r"\[\d+\]:", p) for p in now):
        assert time.monotonic() < deadline, f"cells still running after {RUN_TIMEOUT_S} s"
        page.wait_for_timeout(250)
    kernel_idle(page, notebook).wait_for()
    return prompts(page)


def cell_errors(page) -> list[str]:
    """Tracebacks and exceptions shown in any output (an error output renders as stderr)."""
    stderr = page.locator(STDERR).all_text_contents()
    return [text for text in stderr if "Traceback" in text or EXCEPTION.search(text)]


def explorer_of(page, control: str):
    """The output that holds the explorer whose control (slider, text box) is labelled so."""
    label = page.locator(".jupyter-widgets .widget-label", has_text=exactly(control))
    return page.locator(f"{NOTEBOOK} .jp-OutputArea-output").filter(has=label)


def view_of(explorer) -> str:
    """The text the explorer shows besides its controls: HTML tables, bars, Output widgets."""
    return explorer.locator(".widget-html-content, .widget-output").evaluate_all(
        "els => els.map(e => e.textContent).join('\\n')"
    )


# --- the checks ------------------------------------------------------------------------------


def test_make_lab_serves_lecture_00_at_the_root(lab):
    """`make lab` sets the start page; the server root redirects there (no browser needed)."""
    start = lab.tree_url(START_PAGE)
    assert lab.option("LabApp.default_url") == f"/{start}"
    with lab.request("/") as response:  # redirects followed
        assert (response.status, response.url) == (200, lab.url + start)
    assert lab.open_url().startswith(f"{lab.url}{start}?token=")


def served_copy(lab, path) -> bytes:
    """What the server should show for a lecture: notebooks/ itself, or `make lab`'s copy,
    whose links to ../docs/ and ../results/ point into the workspace (the server shows nothing
    above its root)."""
    committed = path.read_bytes()
    if lab.lecture(path.stem).parent == path.parent:
        return committed
    return committed.replace(b"../docs/", b"docs/").replace(b"../results/", b"results/")


def test_lab_opens_a_copy_of_every_lecture(lab):
    """The server shows the lectures as committed: `make lab`'s copies, or notebooks/ itself."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert lab.lecture(path.stem).read_bytes() == served_copy(lab, path), path.name


def test_every_link_to_a_file_opens(lab):
    """A lecture's relative links (docs/sources.md, results/README.md) open under `make lab`."""
    links = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(lab.lecture(path.stem).read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
                    if "://" not in target and not target.endswith(".ipynb"):
                        folder = lab.lecture(path.stem).parent.relative_to(lab.root_dir)
                        links.add(posixpath.normpath((folder / target).as_posix()))
    assert {"docs/sources.md", "results/README.md"} <= links
    for link in sorted(links):
        with lab.request(f"files/{link}") as response:
            assert response.status == 200, link


def test_the_throwaway_settings_hold(lab):
    """No news popup over the notebook, and no autosave writing the lecture back to disk."""
    with lab.request("/lab") as response:
        page = response.read().decode()
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)[1])
    assert config["news"] == {"disabled": True}
    assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]
    with lab.request("/lab/api/settings/@jupyterlab/docmanager-extension:plugin") as response:
        assert json.loads(response.read())["settings"]["autosave"] is False


def test_make_lab_opens_lecture_00_in_the_browser(lab, page):
    """The page `make lab` opens in the user's browser shows lecture 00 in the active tab."""
    page.goto(lab.open_url())  # what jpserver-<pid>-open.html sends the browser to
    wait_for_notebook(page, START_PAGE)
    assert page.locator(CURRENT_TAB).inner_text().strip() == f"{START_PAGE}.ipynb"
    assert page.locator(f"{CURRENT_TAB}.jp-mod-active").count() == 1
    assert page.locator(NOTEBOOK).inner_text().startswith("00 · Start here")
    assert not page.errors, page.errors


def test_every_lecture_is_walked_through():
    """LECTURES names each notebook once: a new lecture gets its line there."""
    on_disk = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(lecture.notebook for lecture in LECTURES) == on_disk


@pytest.mark.parametrize("lecture", LECTURES, ids=lambda lecture: lecture.notebook)
def test_lecture_runs_in_jupyterlab(lab, page, lecture):
    """Run all cells afresh; no cell raises, every explorer renders, a control updates its view."""
    path = lab.lecture(lecture.notebook)
    before = path.read_bytes()
    nb = json.loads(before)
    try:
        open_notebook(page, lab, lecture.notebook)
        after = run_all_fresh(page, lecture.notebook)
        errors = cell_errors(page)
        assert not errors, f"{lecture.notebook}: a cell raised:\n" + "\n\n".join(errors)
        ran = [int(p[1:-2]) for p in after if re.fullmatch(r"\[\d+\]:", p)]
        code_cells = sum(cell["cell_type"] == "code" for cell in nb["cells"])
        assert ran == list(range(1, code_cells + 1)), f"not every cell ran, in order: {after}"
        text = page.locator(NOTEBOOK).text_content()
        bad = WIDGET_ERRORS.search(text)
        assert not bad, f"a widget failed: …{text[max(bad.start() - 80, 0) : bad.end() + 80]}…"
        # Every explorer the lecture shows (a widget view in its stored outputs) is back, live.
        views = sum(
            WIDGET_VIEW in out.get("data", {})
            for cell in nb["cells"]
            for out in cell.get("outputs", [])
        )
        live = page.locator(f"{NOTEBOOK} .jp-OutputArea-output > .jupyter-widgets")
        assert live.count() == views, f"{views} explorer(s) stored, {live.count()} rendered"
        assert bool(views) == bool(lecture.control), "LECTURES: name a control of the explorer"
        if lecture.control:
            explorer = move_control(page, lecture)
            explorer.evaluate("e => e.scrollIntoView({block: 'nearest'})")  # as it is now, in full
        ARTIFACTS.mkdir(exist_ok=True)
        page.mouse.move(0, 0)  # no hover highlight in the screenshot
        page.screenshot(path=str(ARTIFACTS / f"{lecture.notebook}.png"), full_page=True)
        assert not page.errors, page.errors
    finally:
        written = path.read_bytes() != before
    # Autosave is off and the test never saves: the lecture on disk must be the one it opened.
    assert not written, f"{path.name} changed on disk while JupyterLab had it open"


def move_control(page, lecture: Lecture):
    """Move one control of the explorer; its readout and the explorer's view must change."""
    explorer = explorer_of(page, lecture.control)
    assert explorer.count() == 1, f"one explorer with a control labelled {lecture.control!r}"
    explorer.scroll_into_view_if_needed()
    controls = explorer.locator(".widget-slider, .widget-text, .widget-dropdown, .jupyter-button")
    assert controls.count() and all(c.is_visible() for c in controls.all()), "controls not shown"
    label = page.locator(".widget-label", has_text=exactly(lecture.control))
    control = explorer.locator(".widget-slider, .widget-text, .widget-dropdown").filter(has=label)
    view = view_of(explorer)
    assert view.strip(), "the explorer shows nothing"
    if lecture.typed:  # a text box, then a button
        box = control.locator("input")
        value = box.input_value()
        box.fill(lecture.typed)
        explorer.locator(".jupyter-button", has_text=exactly(lecture.button)).click()

        def readout() -> str:
            return box.input_value()

    else:  # a slider: arrow keys on its handle, towards the end it is not at
        handle = control.locator(".noUi-handle")
        value = control.locator(".widget-readout").inner_text()
        at_max = float(handle.get_attribute("aria-valuenow")) >= float(
            handle.get_attribute("aria-valuemax")
        )
        handle.focus()
        for _ in range(lecture.presses):
            handle.press("ArrowLeft" if at_max else "ArrowRight")

        def readout() -> str:
            return control.locator(".widget-readout").inner_text()

    deadline = time.monotonic() + 15
    while readout() == value or view_of(explorer) == view:
        changed = "changed" if view_of(explorer) != view else "unchanged"
        assert time.monotonic() < deadline, (
            f"moving {lecture.control!r} from {value!r} did not update the explorer "
            f"(readout now {readout()!r}, view {changed})"
        )
        page.wait_for_timeout(100)
    # Each key press is a message to the kernel: let the view catch up with the last one.
    shown = None
    while (now := view_of(explorer)) != shown or not kernel_idle(page, lecture.notebook).count():
        assert time.monotonic() < deadline, "the explorer's view does not settle"
        shown = now
        page.wait_for_timeout(250)
    return explorer


# --- Chinese in a real CJK font --------------------------------------------------------------


def test_lecture_12_chinese_renders_in_a_cjk_font(lab, page):
    """Every Han character of lecture 12's text is drawn by a CJK font, full-width, not as tofu.

    Chromium tells which fonts draw a node (CDP ``CSS.getPlatformFontsForNode``); a character
    no font has is counted against the font that draws the missing-glyph box. So the check also
    runs on the Private Use Area, where it must fail: that is what it says with no CJK font.
    """
    open_notebook(page, lab, "12b_interview_cards")
    # Lay out every cell, not only those near the viewport (JupyterLab's content-visibility).
    page.add_style_tag(content=".jp-Notebook .jp-Cell { content-visibility: visible !important }")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    texts = han_texts(cdp)
    shown = [(text, fonts) for text, fonts, rendered in texts if rendered]
    assert sum(len(HAN.findall(text)) for text, _ in shown) >= 500, "lecture 12's Chinese is gone"
    for text, fonts, rendered in texts:
        assert fonts or not rendered, f"Chinese in the lecture not drawn at all: {text[:200]!r}"
        assert cjk_glyphs(fonts) >= len(HAN.findall(text)) or not fonts, (
            f"Chinese drawn without a CJK font ({fonts}): {text[:200]!r}"
            " — install one, e.g. Debian's fonts-noto-cjk"
        )
    # The same word beside the same number of missing glyphs, in the lecture's own paragraph.
    where = page.locator(f"{NOTEBOOK} .jp-RenderedMarkdown p", has_text=HAN).first
    where.scroll_into_view_if_needed()
    word, tofu = probe(cdp, where, CJK_SAMPLE), probe(cdp, where, NO_GLYPH)
    assert cjk_glyphs(word["fonts"]) == len(CJK_SAMPLE), f"{CJK_SAMPLE} drawn with {word}"
    assert abs(word["em"] - len(CJK_SAMPLE)) < 0.1 * len(CJK_SAMPLE), f"not full-width: {word}"
    assert abs(word["em"] - tofu["em"]) > 0.1 * len(CJK_SAMPLE), f"as wide as tofu: {word} {tofu}"
    # The check can fail: characters no installed font has are not counted as drawn.
    assert cjk_glyphs(tofu["fonts"]) == 0, f"U+E000 drawn by a CJK font? {tofu}"
    assert not page.errors, page.errors


def han_texts(cdp) -> list[tuple[str, list[dict], bool]]:
    """Each text node of the open notebook that has Han characters: the fonts Chromium draws it
    with (none: not drawn, e.g. a rendered markdown cell's hidden source), and whether it is in
    rendered markdown or an output. Asked per text node: for an element, Chromium's counts do
    not add up its descendants'."""
    found = []

    def walk(node: dict, in_notebook: bool, rendered: bool) -> None:
        attributes = dict(zip(*[iter(node.get("attributes", []))] * 2, strict=True))
        classes = attributes.get("class", "").split()
        in_notebook = in_notebook or "jp-Notebook" in classes
        rendered = rendered or bool({"jp-RenderedMarkdown", "jp-OutputArea-output"} & set(classes))
        if in_notebook and node["nodeType"] == 3 and HAN.search(node["nodeValue"]):
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            found.append((node["nodeValue"], fonts["fonts"], rendered))
        for child in node.get("children", []):
            walk(child, in_notebook, rendered)

    walk(cdp.send("DOM.getDocument", {"depth": -1})["root"], False, False)
    return found


def platform_fonts(cdp, element) -> list[dict]:
    """The fonts Chromium draws ``element``'s text with: familyName and glyphCount each."""
    marker = f"cjk-{id(element)}"
    element.evaluate("(e, marker) => e.setAttribute('data-test-fonts', marker)", marker)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        selector = f'[data-test-fonts="{marker}"]'
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        element.evaluate("e => e.removeAttribute('data-test-fonts')")


def cjk_glyphs(fonts: list[dict]) -> int:
    return sum(f["glyphCount"] for f in fonts if CJK_FONT.search(f["familyName"]))


def probe(cdp, element, text: str) -> dict:
    """``text`` appended to ``element`` in a span: its width in em and the fonts that draw it."""
    span = element.evaluate_handle(
        "(e, text) => { const s = document.createElement('span');"
        " s.textContent = text; e.append(s); return s; }",
        text,
    ).as_element()
    try:
        em = span.evaluate(
            "s => s.getBoundingClientRect().width / parseFloat(getComputedStyle(s).fontSize)"
        )
        return {"em": round(em, 2), "fonts": platform_fonts(cdp, span)}
    finally:
        span.evaluate("s => s.remove()")

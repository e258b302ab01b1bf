"""The JupyterLab walkthrough in a real browser: `make lab` lands on lecture 00, and each lecture
below runs top to bottom in JupyterLab with live widgets whose sliders update their views.

To check another lecture, add one line to LECTURES: the notebook and the label of one slider of
its explorer. One module, so pytest-xdist (--dist loadscope) gives the whole suite to one worker
and one JupyterLab server. Screenshots land in tests/browser/artifacts/ (git-ignored); the
README's docs/lecture00.png is tests/browser/artifacts/00_start_here.png, reduced to 128 colours.
"""

from __future__ import annotations

import json
import re
import time
from typing import NamedTuple

import pytest

from .conftest import ARTIFACTS, ROOT


class Lecture(NamedTuple):
    notebook: str  # stem under notebooks/
    slider: str  # the label of the explorer slider that the test moves
    key: str = "ArrowRight"  # pressed on the slider's handle, as a keyboard user would
    presses: int = 3


LECTURES = [
    Lecture("00_start_here", "C_in"),
    Lecture("03_dimension_reduction", "#5×5 red"),  # eight sliders, table and bars
]

START_PAGE = "lab/tree/notebooks/00_start_here.ipynb"
RUN_TIMEOUT_S = 150  # one lecture, INCEPTION_EDU_FAST=1, beside another pytest worker
WIDGET_ERRORS = re.compile(r"Error displaying widget|model not found|Failed to load model", re.I)
CURRENT_TAB = "#jp-main-dock-panel .lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current"
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"  # the open notebook's cells
CODE_PROMPTS = f"{NOTEBOOK} .jp-CodeCell .jp-InputArea-prompt"


# --- JupyterLab, as a user drives it ---------------------------------------------------------


def exactly(text: str) -> re.Pattern:
    return re.compile(f"^{re.escape(text)}$")


def menu(page, top: str, item: str) -> None:
    """Click a main-menu entry, e.g. Run → Run All Cells."""
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=exactly(top)).click()
    entry = page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=exactly(item))
    entry.first.click()


def open_notebook(page, lab, notebook: str) -> None:
    page.goto(f"{lab.url}lab/tree/notebooks/{notebook}.ipynb?reset&token={lab.token}")
    wait_for_notebook(page, notebook)


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
        page.wait_for_timeout(500)
    kernel_idle(page, notebook).wait_for()
    return prompts(page)


def cell_errors(page) -> list[str]:
    """Tracebacks shown in any output (an error output renders as stderr)."""
    stderr = page.locator(
        f'{NOTEBOOK} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_text_contents()
    return [text for text in stderr if "Traceback" in text or re.search(r"^\w+Error\b", text)]


def explorer_of(page, slider: str):
    """The output that holds the explorer whose slider is labelled ``slider``."""
    label = page.locator(".widget-slider .widget-label", has_text=exactly(slider))
    return page.locator(f"{NOTEBOOK} .jp-OutputArea-output").filter(has=label)


def view_of(explorer) -> str:
    """What the explorer shows besides its sliders: HTML tables, Output widgets, figures."""
    return explorer.locator(".widget-html-content, .widget-output").evaluate_all(
        "els => els.map(e => e.innerHTML).join('\\n')"
    )


# --- the checks ------------------------------------------------------------------------------


def test_make_lab_serves_lecture_00_at_the_root(lab):
    """`make lab` sets the start page; the server root redirects there (no browser needed)."""
    assert f"--LabApp.default_url=/{START_PAGE}" in lab.argv
    with lab.request("/") as response:  # redirects followed
        assert (response.status, response.url) == (200, lab.url + START_PAGE)
    assert lab.open_url().startswith(f"{lab.url}{START_PAGE}?token=")


def test_the_throwaway_settings_hold(lab):
    """No news popup over the notebook, and no autosave writing the lecture back to the repo."""
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
    wait_for_notebook(page, "00_start_here")
    assert page.locator(CURRENT_TAB).inner_text().strip() == "00_start_here.ipynb"
    assert page.locator(f"{CURRENT_TAB}.jp-mod-active").count() == 1
    assert page.locator(NOTEBOOK).inner_text().startswith("00 · Start here")
    assert not page.errors, page.errors


@pytest.mark.parametrize("lecture", LECTURES, ids=lambda lecture: lecture.notebook)
def test_lecture_runs_in_jupyterlab(lab, page, lecture):
    """Run all cells afresh; no cell raises, widgets render, a slider move updates the view."""
    path = ROOT / "notebooks" / f"{lecture.notebook}.ipynb"
    stored = path.read_bytes()
    try:
        open_notebook(page, lab, lecture.notebook)
        after = run_all_fresh(page, lecture.notebook)
        errors = cell_errors(page)
        assert not errors, f"{lecture.notebook}: a cell raised:\n" + "\n\n".join(errors)
        ran = [int(p[1:-2]) for p in after if re.fullmatch(r"\[\d+\]:", p)]
        assert ran == list(range(1, len(after) + 1)), f"not every cell ran, in order: {after}"
        text = page.locator(NOTEBOOK).text_content()
        bad = WIDGET_ERRORS.search(text)
        assert not bad, f"a widget failed: …{text[bad.start() - 80 : bad.end() + 80]}…"
        assert page.locator(f"{NOTEBOOK} .jupyter-widgets").count() > 0, "no widget rendered"
        move_slider(page, lecture)
        ARTIFACTS.mkdir(exist_ok=True)
        page.mouse.move(0, 0)  # no hover highlight in the screenshot
        page.screenshot(path=str(ARTIFACTS / f"{lecture.notebook}.png"), full_page=True)
        assert not page.errors, page.errors
    finally:
        written = path.read_bytes() != stored
    # Autosave is off and the test never saves: the lecture on disk must be the committed one.
    assert not written, f"{path.name} changed on disk while JupyterLab had it open"


def move_slider(page, lecture: Lecture) -> None:
    """Press keys on one slider of the explorer; its readout and its view must change."""
    explorer = explorer_of(page, lecture.slider)
    assert explorer.count() == 1, f"one explorer with a slider labelled {lecture.slider!r}"
    explorer.scroll_into_view_if_needed()
    sliders = explorer.locator(".widget-slider")
    assert sliders.count() and all(s.is_visible() for s in sliders.all()), "sliders not shown"
    slider = sliders.filter(has=page.locator(".widget-label", has_text=exactly(lecture.slider)))
    readout = slider.locator(".widget-readout")
    value, view = int(readout.inner_text()), view_of(explorer)
    assert view.strip(), "the explorer shows nothing"
    handle = slider.locator(".noUi-handle")
    handle.focus()
    for _ in range(lecture.presses):
        handle.press(lecture.key)
    deadline = time.monotonic() + 15
    while int(readout.inner_text()) == value or view_of(explorer) == view:
        assert time.monotonic() < deadline, (
            f"moving {lecture.slider!r} from {value} did not update the explorer "
            f"(readout now {readout.inner_text()})"
        )
        page.wait_for_timeout(100)

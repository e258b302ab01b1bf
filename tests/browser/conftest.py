"""Fixtures for the browser walkthrough: JupyterLab started the way `make lab` starts it, and
Debian's Chromium driven by Playwright.

``lab`` does what ``make -n lab`` prints (so a change to the Makefile's root_dir or default_url
reaches the tests): the recipes before JupyterLab (copying the lectures into a throw-away
workspace, given as ``WORKSPACE``), then JupyterLab itself from this environment, on a free
loopback port, with a random token and a throw-away Jupyter config: no news or update popups, no
autosave, the user's own settings and workspace/ untouched. ``page`` is a fresh tab of a headless
Chromium with a fresh profile; ``browser_context`` is shared by all tests, as is ``lab``.

No Chromium or no Playwright: the tests skip, and the reason is printed in pytest's summary
(``-ra``). Under CI (``CI`` set) with Chromium present, a missing Playwright fails instead.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # git-ignored screenshots
CHROMIUM = (
    os.environ.get("INCEPTION_EDU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
# What works on a closed network (see the machine notes): no sync, updates or background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Throw-away JupyterLab settings: nothing pops up over the notebook, nothing is written back.
SERVER_CONFIG = {
    "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}
}
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def browser_unavailable() -> str | None:
    """Why no browser test can run here, or None."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return (
            f"Chromium not found at {CHROMIUM}: install Debian's package (`apt-get install "
            "chromium`; .ci/run does it when it can) or set INCEPTION_EDU_CHROMIUM"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the Python package playwright is missing: pip install -e '.[dev]'"
        if os.environ.get("CI"):
            pytest.fail(f"CI has Chromium, so the browser tests must run: {reason}")
        return reason
    return None


def skip_without_browser() -> None:
    reason = browser_unavailable()
    if reason:  # shown in pytest's summary (-ra), so in the CI log
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def make_lab_command(bin_dir: Path, workspace: Path) -> list[str]:
    """The README's `make lab` command as the Makefile spells it, with this environment's bin/.

    What the recipe needs first (the lectures copied into ``workspace``) is done here, with the
    commands that `make -n lab` prints before JupyterLab's.
    """
    stamp = ROOT / ".venv" / ".installed"  # treated as up to date: no pip install
    make = ["make", "-s", "-n", "--no-print-directory", "-o", str(stamp), "lab"]
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    out = subprocess.run(
        [*make, f"BIN={bin_dir}", f"STAMP={stamp}", f"WORKSPACE={workspace}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in out.replace("\\\n", " ").splitlines() if line.strip()]
    jupyter = [line for line in lines if shlex.split(line)[:2] == [str(bin_dir / "jupyter"), "lab"]]
    assert len(jupyter) == 1, f"`make -n lab` should start JupyterLab once, got: {out}"
    assert lines[-1] == jupyter[0], f"`make -n lab` should end by starting JupyterLab: {out}"
    if lines[:-1]:  # the prerequisites' recipes, e.g. copying the lectures into the workspace
        prep = "\n".join(lines[:-1])
        subprocess.run(["sh", "-ec", prep], cwd=ROOT, env=env, capture_output=True, check=True)
    return shlex.split(jupyter[0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server."""

    url: str  # http://127.0.0.1:PORT/
    token: str
    argv: list[str]
    root_dir: Path  # what the file browser shows: `make lab`'s --ServerApp.root_dir
    runtime_dir: Path
    log: Path
    proc: subprocess.Popen = field(repr=False)
    stopping: list[threading.Thread] = field(default_factory=list, repr=False)

    def request(self, path: str, method: str = "GET"):
        req = urllib.request.Request(
            self.url + path.lstrip("/"),
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        return urllib.request.urlopen(req, timeout=10)

    def api(self, path: str, method: str = "GET"):
        with self.request(f"api/{path}", method) as r:
            body = r.read()
        return json.loads(body) if body else None

    def open_url(self) -> str:
        """The URL `make lab` would open in a browser (written to jpserver-<pid>-open.html)."""
        page = (self.runtime_dir / f"jpserver-{self.proc.pid}-open.html").read_text()
        return html.unescape(re.search(r'http-equiv="refresh" content="\d+;url=([^"]+)"', page)[1])

    def shutdown_kernels(self, wait: bool = True) -> None:
        """Shut down the kernels running now; ``wait=False``: in the background (the server
        takes a few seconds per kernel), while the next test starts its own."""
        paths = [f"sessions/{s['id']}" for s in self.api("sessions")]
        paths += [f"kernels/{k['id']}" for k in self.api("kernels")]
        stopping = threading.Thread(target=self._delete, args=(paths,), daemon=True)
        stopping.start()
        self.stopping.append(stopping)
        if wait:
            for thread in self.stopping:
                thread.join()
            self.stopping.clear()

    def _delete(self, paths: list[str]) -> None:
        for path in paths:  # a session's kernel goes with it: its own DELETE then finds none
            try:
                self.api(path, "DELETE")
            except OSError:
                pass

    def option(self, name: str) -> str:
        """The value of ``--name=value`` in the command line (the last one given)."""
        values = [a.split("=", 1)[1] for a in self.argv if a.startswith(f"--{name}=")]
        assert values, f"--{name} not in {self.argv}"
        return values[-1]

    def lecture(self, notebook: str) -> Path:
        """Where the lecture ``notebook`` (a stem, e.g. 00_start_here) is that the server opens."""
        for folder in (self.root_dir, self.root_dir / "notebooks"):  # workspace/, or the repo
            if (folder / f"{notebook}.ipynb").is_file():
                return folder / f"{notebook}.ipynb"
        raise AssertionError(f"{notebook}.ipynb is not in {self.root_dir} (nor in notebooks/)")

    def tree_url(self, notebook: str) -> str:
        """lab/tree/<path>: the URL path that opens the lecture in JupyterLab."""
        return "lab/tree/" + self.lecture(notebook).relative_to(self.root_dir).as_posix()

    def log_tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:]


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Lab:
    home = tmp_path_factory.mktemp("jupyter")
    config, data, runtime = home / "config", home / "data", home / "runtime"
    for rel, value in {
        "jupyter_server_config.json": SERVER_CONFIG,
        "labconfig/page_config.json": PAGE_CONFIG,
        **{f"lab/user-settings/{k}.jupyterlab-settings": v for k, v in USER_SETTINGS.items()},
    }.items():
        (config / rel).parent.mkdir(parents=True, exist_ok=True)
        (config / rel).write_text(json.dumps(value))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTERLAB_SETTINGS_DIR"}
        and k not in {"JUPYTERLAB_WORKSPACES_DIR", "JUPYTERLAB_DIR", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_DATA_DIR=str(data),
        JUPYTER_RUNTIME_DIR=str(runtime),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "matplotlib"),
        # The kernel inherits these: lectures run as under `make test`.
        INCEPTION_EDU_FAST="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
    )
    token, port = secrets.token_hex(16), free_port()
    argv = make_lab_command(Path(sys.executable).parent, home / "workspace")
    roots = [a.split("=", 1)[1] for a in argv if a.startswith("--ServerApp.root_dir=")]
    root_dir = (ROOT / (roots[-1] if roots else ".")).resolve()
    argv += [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--LabApp.user_settings_dir={config / 'lab' / 'user-settings'}",
        f"--LabApp.workspaces_dir={config / 'lab' / 'workspaces'}",
        # JupyterLab writes a checkpoint of every notebook it opens: keep them out of the repo.
        f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
    ]
    log = home / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Lab(f"http://127.0.0.1:{port}/", token, argv, root_dir, runtime, log, proc)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited ({proc.returncode}):\n{server.log_tail()}")
            try:
                server.api("status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab not ready after 90 s:\n{server.log_tail()}")
                time.sleep(0.25)
        yield server
    finally:
        try:
            if proc.poll() is None:
                server.shutdown_kernels()  # kernels run in sessions of their own
        except OSError:
            pass
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """A headless Chromium with a fresh profile (Playwright never downloads a browser here)."""
    skip_without_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 860},
        )
        context.set_default_timeout(30_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context, lab):
    """A new tab; closed (discarding unsaved changes) and its kernels shut down afterwards."""
    tab = browser_context.new_page()
    tab.errors = []  # uncaught JavaScript errors, asserted empty by the tests
    tab.on("pageerror", lambda err: tab.errors.append(str(err)))
    yield tab
    tab.close()
    lab.shutdown_kernels(wait=False)

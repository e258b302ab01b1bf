"""The two install routes install the same thing, and `pip install .` installs all of it.

environment.yml (conda) and pyproject.toml (pip) must list the same packages with the same lower
bounds, dev extra included; the wheel must hold every module of the source tree.
scripts/check_wheel.sh (run by .ci/run) goes further: it installs the wheel and uses it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PYPI = {"pytorch": "torch"}  # conda-forge names that differ from PyPI's
NOT_DEPENDENCIES = {"python", "pip"}  # the interpreter and the installer, not packages


def floor(spec: SpecifierSet) -> Version | None:
    """The lower bound a specifier set states (``>=``), or None."""
    bounds = [Version(s.version) for s in spec if s.operator == ">="]
    return max(bounds) if bounds else None


def pyproject_dependencies() -> dict[str, SpecifierSet]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return {canonicalize_name(r.name): r.specifier for r in map(Requirement, reqs)}


def conda_environment() -> tuple[dict[str, SpecifierSet], list[str]]:
    """environment.yml's packages (conda and pip, PyPI names) and its pip option lines."""
    deps: dict[str, SpecifierSet] = {}
    options: list[str] = []
    for entry in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]:
        if isinstance(entry, dict):  # the pip: section holds PyPI requirements
            for line in entry["pip"]:
                if line.startswith("-"):
                    options.append(line)
                else:
                    r = Requirement(line)
                    deps[canonicalize_name(r.name)] = r.specifier
            continue
        # a conda match spec: "name", "name>=1.2" or "name>=1.2,<2"
        name, spec = re.fullmatch(r"([\w.-]+)\s*(.*)", entry).groups()
        deps[canonicalize_name(CONDA_TO_PYPI.get(name, name))] = SpecifierSet(spec)
    return deps, options


def test_environment_yml_and_pyproject_list_the_same_packages():
    pip_deps = pyproject_dependencies()
    conda_deps, options = conda_environment()
    python = conda_deps.pop("python")
    for name in NOT_DEPENDENCIES - {"python"}:
        conda_deps.pop(name, None)
    assert set(conda_deps) == set(pip_deps), (
        f"only in pyproject.toml: {sorted(set(pip_deps) - set(conda_deps))}; "
        f"only in environment.yml: {sorted(set(conda_deps) - set(pip_deps))}"
    )
    differ = {
        name: (str(pip_deps[name]), str(conda_deps[name]))
        for name in pip_deps
        if floor(pip_deps[name]) != floor(conda_deps[name])
    }
    assert not differ, f"lower bounds differ (pyproject, environment.yml): {differ}"
    requires = SpecifierSet(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    )
    assert floor(python) == floor(requires), (str(python), str(requires))
    assert '-e ".[dev]"' in options or "-e .[dev]" in options, options


def test_floor_reads_the_lower_bound():
    assert floor(SpecifierSet(">=3.10,<3.13")) == Version("3.10")
    assert floor(SpecifierSet(">=8")) == floor(SpecifierSet(">=8.0"))
    assert floor(SpecifierSet("")) is None


def test_the_wheel_holds_every_module(tmp_path):
    """`pip install .` gets the subpackages too (models/, explorers/, questions/, …)."""
    # A clean copy: an in-tree build would leave build/ in the repository.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "inception_edu", src / "inception_edu", ignore=shutil.ignore_patterns("__pycache__")
    )
    # Offline: the build uses this environment's setuptools (pip's isolation would download it).
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
    result = subprocess.run(
        [*cmd, "--wheel-dir", str(tmp_path / "dist"), str(src)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("inception_edu-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    sources = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "inception_edu").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert {"inception_edu/models/__init__.py", "inception_edu/explorers/__init__.py"} <= sources
    assert not sources - names, f"missing from the wheel: {sorted(sources - names)}"
    (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "inception-edu = inception_edu.__main__:main" in archive.read(entry_points).decode()

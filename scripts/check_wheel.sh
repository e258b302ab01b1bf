#!/usr/bin/env bash
# Does `pip install .` (not -e) give a working package? Build the wheel, install it into a
# throw-away venv that borrows .venv's dependencies, then, from a folder outside the repository,
# import every module and run one model forward. About 20 s; .ci/run calls it, and so can you:
#
#   bash scripts/check_wheel.sh [PYTHON]     # PYTHON: the interpreter of .venv by default
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${1:-.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Build from a clean copy: an in-tree build leaves build/ in the repository, and its build/lib
# would still package modules deleted since the last build.
mkdir "$tmp/src"
cp pyproject.toml README.md "$tmp/src/"
cp -r inception_edu "$tmp/src/"
find "$tmp/src" -name __pycache__ -prune -exec rm -rf {} +
"$python" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$tmp/dist" "$tmp/src"
wheel=$(ls "$tmp"/dist/*.whl)

# The venv sees .venv's site-packages through a plain path in a .pth file: torch and the rest are
# found, while .venv's editable inception_edu (installed by a .pth of its own, which a path line
# does not run) is not. The wheel goes in with pip's --python, so this venv needs no pip.
"$python" -m venv --without-pip "$tmp/venv"
deps=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
site=$("$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$deps" >"$site/_borrowed_dependencies.pth"
"$python" -m pip --python "$tmp/venv/bin/python" install --quiet --no-deps --no-index "$wheel"

cd "$tmp" # nothing of the source tree on sys.path
OMP_NUM_THREADS=1 "$tmp/venv/bin/python" - "$repo" "$site" <<'EOF'
import importlib
import pkgutil
import sys
from pathlib import Path

repo, site = Path(sys.argv[1]), Path(sys.argv[2])
import inception_edu

where = Path(inception_edu.__file__).resolve()
assert where.is_relative_to(site.resolve()), f"imported from {where}, not from the wheel"
names = [m.name for m in pkgutil.walk_packages(inception_edu.__path__, "inception_edu.")]
for name in names:
    importlib.import_module(name)
expected = {
    ".".join(p.relative_to(repo).with_suffix("").parts).removesuffix(".__init__")
    for p in (repo / "inception_edu").rglob("*.py")
}
missing = sorted(expected - {"inception_edu", *names})
assert not missing, f"in the source tree but not in the installed wheel: {missing}"

import torch

model = inception_edu.build_model("googlenet").eval()
with torch.no_grad():
    logits = model(torch.zeros(1, 3, 224, 224))
assert tuple(logits.shape) == (1, 1000), logits.shape
print(f"check_wheel: {len(names) + 1} modules import from the installed wheel; googlenet -> {tuple(logits.shape)}")
EOF
"$tmp/venv/bin/inception-edu" --help >/dev/null
echo "check_wheel: OK ($(basename "$wheel"); the inception-edu command runs)"

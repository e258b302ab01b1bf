"""The benchmark scripts run end to end at tiny sizes and print the tables results/ quotes.

Their numbers are measurements, not assertions (speed targets live in the scripts, never in
tests); what is checked here is that they still run and print a well-formed row per net.
"""

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` leaves this module out

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> str:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT), "CI": "1"}
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def quotient_of(ratio: str, num: str, den: str) -> bool:
    """The printed ratio is num/den, up to the rounding of the three printed numbers (rates to
    0.1 img/s, the ratio to 0.001)."""
    n, d = float(num), float(den)
    slack = 1.2 * (0.05 / n + 0.05 / d) * n / d + 5e-4
    return abs(float(ratio) - n / d) <= slack


def test_train_throughput_prints_both_ratios_for_every_net():
    out = run("benchmarks/train_throughput.py", "--size", "75", "--batch", "2", "--steps", "1",
              "--augment", "--peak-tflops", "1")  # fmt: skip
    rows = {
        line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:9] == "inception"
    }
    assert set(rows) == {"inception_v3", "inception_v4", "inception_resnet_v2"}
    for cells in rows.values():
        ours, theirs, ratio_a, engine, ratio_b, mfu = cells
        assert quotient_of(ratio_a, ours, theirs) and quotient_of(ratio_b, engine, theirs)
        assert mfu.endswith("%")


def test_imagenette_accuracy_prints_a_markdown_row_per_model(require_data):
    require_data("imagenette")
    out = run("benchmarks/imagenette_accuracy.py", "--size", "32", "--per-class", "2",
              "--val-per-class", "1", "--epochs", "1", "--batch", "10",
              "--models", "googlenet_small", "inception_resnet_v2_small")  # fmt: skip
    assert "20 train / 10 val images" in out and "recipe subset_adamw" in out
    rows = re.findall(r"^\| (\w+) \| ([\d,]+) \| ([\d,]+) \| ([\d.]+)% \| \d+ s \|$", out, re.M)
    assert [r[0] for r in rows] == ["googlenet_small", "inception_resnet_v2_small"]
    assert all(0 <= float(r[3]) <= 100 for r in rows)


def test_data_path_prints_both_rates_and_the_break_even(require_data):
    require_data("imagenette")
    out = run("benchmarks/data_path.py", "--size", "32", "--per-class", "2", "--batch", "8",
              "--workers", "0")  # fmt: skip
    streaming = float(re.search(r"PIL pipeline, DataLoader: +([\d.]+) images/s", out)[1])
    match = re.search(r"DeviceImages batches: +([\d.]+) images/s +\(([\d.]+)×\)", out)
    assert match and math.isclose(float(match[2]), float(match[1]) / streaming, rel_tol=0.1)
    assert re.search(r"one-off decode: +[\d.]+ s +\(repaid after [\d.]+ epochs\)", out)
    assert "20 images" in out

"""The CLI and the engine on bad input and faults: a sentence and a non-zero exit, never a
traceback; a resumed run is the same run or it is refused before any work.

Every CLI run here trains ``googlenet_small`` at 32 px on a ten-class Imagenette of 20 tiny
JPEGs made on the spot (``tiny_imagenette``), so no test needs the real data.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from torch import nn

from inception_edu import data
from inception_edu.__main__ import main
from inception_edu.train import CheckpointError, check_checkpoint_path, fit, load_checkpoint

from .helpers import toy_data, toy_net

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` leaves this module out

ROOT = Path(__file__).resolve().parent.parent
BASE = [
    "train", "--model", "googlenet_small", "--data", "imagenette", "--image-size", "32",
    "--per-class", "2", "--val-per-class", "1", "--epochs", "1", "--batch-size", "8",
    "--device", "cpu",
]  # fmt: skip


@pytest.fixture
def tiny_imagenette(tmp_path, monkeypatch):
    """A data root holding Imagenette's layout: 10 classes × (3 train + 1 val) 40-px JPEGs."""
    from PIL import Image

    root = tmp_path / "data"
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 3), ("val", 1)):
        for c, wnid in enumerate(data.IMAGENETTE_WNIDS):
            folder = root / "imagenette2-160" / split / wnid
            folder.mkdir(parents=True)
            for i in range(n):
                pixels = (torch.rand(40, 40, 3, generator=g) * 60 + 20 * c).clamp(0, 255)
                Image.fromarray(pixels.byte().numpy()).save(folder / f"{i}.JPEG")
    monkeypatch.setenv(data.DATA_ENV, str(root))
    return root


def with_option(args: list[str], flag: str, value: str) -> list[str]:
    """``args`` with ``flag`` set to ``value`` (replaced where present, appended otherwise)."""
    args = list(args)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    return args


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- resume is the same run, or it refuses ------------------------------------------------------

CHANGED = {
    "batch_size": (["--batch-size", "4"], "batch_size 8 → 4"),
    "recipe": (["--recipe", "subset"], "recipe.name 'subset_adamw' → 'subset'"),
    "lr": (["--lr", "0.01"], "recipe.lr 0.002 → 0.01"),
    "per_class": (["--per-class", "1"], "dataset.per_class 2 → 1"),
    "val_per_class": (["--val-per-class", "2"], "dataset.val_per_class 1 → 2"),
    "image_size": (["--image-size", "36"], "dataset.image_size 32 → 36"),
    "data": (["--data", "cifar10"], "dataset.name 'imagenette' → 'cifar10'"),
    "seed": (["--seed", "1"], "seed 0 → 1"),
}


@pytest.fixture
def finished_run(tiny_imagenette, tmp_path, capsys):
    ckpt = tmp_path / "runs" / "g.ckpt"  # the parent folder is created
    code, out, _ = cli(capsys, *BASE, "--checkpoint", str(ckpt))
    assert code == 0 and "epoch   1  train loss" in out
    return ckpt


@pytest.mark.parametrize("field", list(CHANGED))
def test_resume_with_a_changed_setting_is_refused_before_any_work(finished_run, capsys, field):
    (flag, value), difference = CHANGED[field]
    before = finished_run.read_bytes()
    args = with_option(BASE, flag, value)
    code, out, err = cli(capsys, *args, "--checkpoint", str(finished_run))
    assert code == 2 and out == "", (out, err)
    assert difference in err and "belongs to a different run" in err
    assert "new checkpoint path" in err and "Traceback" not in err
    assert finished_run.read_bytes() == before  # nothing was trained or written


def test_another_model_on_the_checkpoint_is_refused(finished_run, capsys):
    args = [*BASE, "--checkpoint", str(finished_run)]
    args[args.index("googlenet_small")] = "bn_inception_small"
    code, _, err = cli(capsys, *args)
    assert code == 2 and "was written for GoogLeNet" in err and "Traceback" not in err


def test_more_epochs_continue_a_finished_run(finished_run, capsys):
    code, out, _ = cli(
        capsys, *with_option(BASE, "--epochs", "2"), "--checkpoint", str(finished_run)
    )
    assert code == 0 and "epoch   1" in out and "epoch   2" in out
    assert load_checkpoint(finished_run)["epoch"] == 2


def test_fit_refuses_a_changed_run_too(tmp_path):
    ckpt = tmp_path / "a.ckpt"
    fit(toy_net(), toy_data(), epochs=1, batch_size=16, checkpoint=ckpt, progress=False)
    for change, words in (
        ({"batch_size": 8}, "batch_size 16 → 8"),
        ({"lr": 0.5}, "recipe.lr 0.1 → 0.5"),
        ({"recipe": "subset_adamw"}, "recipe.name 'subset' → 'subset_adamw'"),
        ({"seed": 4}, "seed 0 → 4"),
    ):
        kwargs = {"epochs": 1, "batch_size": 16, "checkpoint": ckpt, "progress": False, **change}
        with pytest.raises(CheckpointError, match=words):
            fit(toy_net(), toy_data(), **kwargs)
    with pytest.raises(CheckpointError, match=r"data.images 64 → 48"):
        fit(toy_net(), toy_data(48), epochs=1, batch_size=16, checkpoint=ckpt, progress=False)


# --- checkpoint paths and files -----------------------------------------------------------------


class Counting(nn.Module):
    """toy_net that counts its forward passes."""

    def __init__(self) -> None:
        super().__init__()
        self.net, self.calls = toy_net(), 0

    def forward(self, x):
        self.calls += 1
        return self.net(x)


def unwritable_paths(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    a_dir = tmp_path / "folder"
    a_dir.mkdir()
    return {
        "a folder": a_dir,
        "under a file": a_file / "run.ckpt",
        "under a file, deeper": a_file / "sub" / "run.ckpt",
    }


@pytest.mark.parametrize("kind", ["a folder", "under a file", "under a file, deeper"])
def test_unwritable_checkpoint_path_is_refused_before_a_step(tmp_path, kind):
    path = unwritable_paths(tmp_path)[kind]
    model = Counting()
    with pytest.raises(CheckpointError, match="checkpoint path .* (is a folder|cannot be written)"):
        fit(model, toy_data(), epochs=1, batch_size=16, checkpoint=path, progress=False)
    assert model.calls == 0  # no training step ran


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(CheckpointError, match="cannot be written"):
        check_checkpoint_path(folder / "x.ckpt")


def test_cli_refuses_an_unwritable_path_before_decoding(tiny_imagenette, tmp_path, capsys):
    code, out, err = cli(capsys, *BASE, "--checkpoint", str(tmp_path))
    assert code == 2 and "is a folder" in err and "epoch" not in out


class Unsafe:
    def __reduce__(self):
        return (print, ("this would run",))


def damaged_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = tmp_path / "empty.ckpt"
    files["empty"].write_bytes(b"")
    files["text"] = tmp_path / "text.ckpt"
    files["text"].write_text("hello")
    good = tmp_path / "good.ckpt"
    fit(toy_net(), toy_data(), epochs=1, batch_size=16, checkpoint=good, progress=False)
    files["truncated"] = tmp_path / "truncated.ckpt"
    files["truncated"].write_bytes(good.read_bytes()[:2000])
    files["refused pickle"] = tmp_path / "unsafe.ckpt"
    torch.save({"model": Unsafe(), "signature": {}}, files["refused pickle"])
    files["raw pickle"] = tmp_path / "raw.ckpt"
    files["raw pickle"].write_bytes(pickle.dumps(Unsafe(), protocol=2))
    return files


@pytest.mark.parametrize("kind", ["empty", "text", "truncated", "refused pickle", "raw pickle"])
def test_damaged_or_unsafe_checkpoints_get_one_sentence(tmp_path, kind, capsys):
    path = damaged_files(tmp_path)[kind]
    with pytest.raises(CheckpointError) as info:
        load_checkpoint(path)
    message = str(info.value)
    assert message.startswith(f"{path} is not a readable checkpoint: ")
    assert "\n" not in message and "weights_only" not in message and "Traceback" not in message
    assert info.value.__cause__ is None  # no chained torch error printed under it
    assert "this would run" not in capsys.readouterr().out  # the pickle was never executed


def test_cli_damaged_checkpoint(tiny_imagenette, tmp_path, capsys):
    path = damaged_files(tmp_path)["refused pickle"]
    code, _, err = cli(capsys, *BASE, "--checkpoint", str(path))
    assert code == 2 and "safe load refuses" in err and "weights_only" not in err


# --- every option validated where it enters -----------------------------------------------------

BAD_OPTIONS = [
    ("--epochs", "0", "must be at least 1"),
    ("--epochs", "-3", "must be at least 1"),
    ("--epochs", "two", "expected a whole number"),
    ("--batch-size", "0", "must be at least 1"),
    ("--per-class", "0", "must be at least 1"),
    ("--val-per-class", "-1", "must be at least 1"),
    ("--image-size", "0", "must be at least 1"),
    ("--workers", "-1", "must be at least 0"),
    ("--seed", "-5", "must be at least 0"),
    ("--lr", "0", "finite number above 0"),
    ("--lr", "-0.1", "finite number above 0"),
    ("--lr", "nan", "finite number above 0"),
    ("--lr", "inf", "finite number above 0"),
    ("--lr", "fast", "expected a number"),
    ("--recipe", "adam", "invalid choice"),
    ("--device", "gpu", "unknown device 'gpu'"),
    ("--device", "cuda:x", "unknown device"),
]


@pytest.mark.parametrize(("flag", "value", "words"), BAD_OPTIONS)
def test_bad_train_options_are_refused_by_argparse(flag, value, words, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(with_option(BASE, flag, value))
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and words in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["count", "--model", "googlenet", "--image-size", "0"],
        ["count", "--model", "googlenet", "--num-classes", "0"],
        ["data", "shrink", "out", "--size", "0"],
        ["data", "shrink", "out", "--quality", "101"],
    ],
)
def test_zero_never_means_the_default(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2 and "must be" in capsys.readouterr().err


def test_sizes_below_a_models_minimum_are_refused_with_the_minimum(tiny_imagenette, capsys):
    # the small variants build their stem for the size: 16 px gets the compact stem and runs
    code, _, err = cli(capsys, *with_option(BASE, "--image-size", "3"))
    assert code == 2 and "too small for googlenet_small: it needs at least 4×4" in err
    code, _, err = cli(capsys, "count", "--model", "inception_v3", "--input-size", "50")
    assert code == 2 and "needs at least 75×75" in err


def test_fit_validates_its_numbers():
    for kwargs, words in (
        ({"epochs": 0}, "epochs must be a positive whole number"),
        ({"batch_size": 0}, "batch_size must be a positive whole number"),
        ({"batch_size": 2.5}, "batch_size must be a positive whole number"),
        ({"lr": float("nan")}, "lr must be a finite positive number"),
        ({"recipe": "adam"}, "unknown recipe 'adam'"),
    ):
        with pytest.raises(ValueError, match=words):
            fit(toy_net(), toy_data(), **kwargs)


# --- batches of one, damaged images mid-run -----------------------------------------------------


def test_a_last_batch_of_one_is_merged_not_handed_to_batchnorm():
    seen = []

    class Recording(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = nn.Sequential(nn.BatchNorm2d(3), toy_net())

        def forward(self, x):
            seen.append(len(x))
            return self.net(x)

    history = fit(Recording(), toy_data(33), epochs=1, batch_size=16, progress=False)
    assert seen == [16, 17] and history.final["epoch"] == 1 and history.stopped is None


def test_v3_with_aux_heads_finishes_an_epoch_ending_in_one_image():
    from inception_edu import build_model

    model = build_model("inception_v3_small", num_classes=2, aux_logits=True)
    x = torch.randn(5, 3, 96, 96)
    dataset = torch.utils.data.TensorDataset(x, torch.tensor([0, 1, 0, 1, 0]))
    history = fit(model, dataset, epochs=1, batch_size=4, recipe="inception_v3", progress=False)
    assert history.stopped is None and history.final["epoch"] == 1


def test_a_damaged_image_mid_run_names_the_file(tiny_imagenette, capsys):
    victim = sorted((tiny_imagenette / "imagenette2-160" / "train").rglob("*.JPEG"))[7]
    victim.write_bytes(b"not a jpeg")
    for workers in ("0", "1"):
        code, _, err = cli(capsys, *BASE, "--no-preload", "--workers", workers)
        assert code == 1, err
        assert f"Image {victim} is damaged" in err and "Traceback" not in err, err


# --- a seeded CLI run reproduces; an interrupt saves and says how to resume ---------------------


def run_cli(*args: str, data_root: Path, python: list[str] | None = None, **kw) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT), "CI": "1"}
    env[data.DATA_ENV] = str(data_root)
    return subprocess.Popen(
        [sys.executable, *(python or ["-m", "inception_edu"]), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,
    )


# `python -m inception_edu` with Ctrl-C's handler set: a runner started in the background
# (`cmd &` in a script) passes SIGINT on ignored, and a Python started so would never see it
WITH_CTRL_C = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('inception_edu', run_name='__main__', alter_sys=True)"
)


def test_two_identical_cli_runs_print_identical_losses(tiny_imagenette):
    runs = []
    for _ in range(2):
        args = with_option(with_option(BASE, "--seed", "3"), "--epochs", "2")
        proc = run_cli(*args, data_root=tiny_imagenette)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        runs.append([line.split(" val acc")[0].split(" img/s")[0] for line in out.splitlines()])
    # losses and accuracies agree to the printed digit; only the timings differ
    losses = [[line.rsplit(" ", 4)[0] for line in run] for run in runs]
    assert losses[0] == losses[1] and len(losses[0]) == 2


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_saves_and_exits_nonzero_saying_how_to_resume(tiny_imagenette, tmp_path, sig):
    ckpt = tmp_path / "i.ckpt"
    proc = run_cli(
        *with_option(BASE, "--epochs", "500"), "--checkpoint", str(ckpt),
        data_root=tiny_imagenette, python=["-c", WITH_CTRL_C],
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while not ckpt.exists() and time.monotonic() < deadline:  # the first epoch's checkpoint
        time.sleep(0.2)
    assert ckpt.exists(), proc.communicate(timeout=5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted at step" in err and "run the same command again to resume" in err
    assert "Traceback" not in err
    assert load_checkpoint(ckpt)["step"] >= 3

import os
from pathlib import Path

import pytest
import torch

from inception_edu import data
from inception_edu.__main__ import main
from inception_edu.data import (
    DATA_ENV,
    DatasetNotFoundError,
    balanced_indices,
    data_root,
    load_dataset,
    make_loaders,
)

from .golden import TV_GOOGLENET_MACS


def test_data_root_is_one_setting(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert data_root() == tmp_path
    monkeypatch.delenv(DATA_ENV)
    assert data_root() == Path(data.__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("name", ["imagenette", "fashion_mnist", "cifar10"])
def test_missing_data_names_the_fix(monkeypatch, tmp_path, name):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with pytest.raises(DatasetNotFoundError) as err:
        load_dataset(name)
    message = str(err.value)
    assert f"python -m inception_edu data download {name}" in message
    assert DATA_ENV in message and str(tmp_path) in message


def test_incomplete_imagenette_is_reported(tmp_path):
    for split in ("train", "val"):
        (tmp_path / "imagenette2-160" / split / "n01440764").mkdir(parents=True)
    with pytest.raises(DatasetNotFoundError, match="found 1 of the 10 class folders"):
        load_dataset("imagenette", root=tmp_path)


def test_damaged_image_is_named(tmp_path):
    for split in ("train", "val"):
        for wnid in data.IMAGENETTE_WNIDS:
            (tmp_path / "imagenette2-160" / split / wnid).mkdir(parents=True)
            (tmp_path / "imagenette2-160" / split / wnid / "x.JPEG").write_bytes(b"not a jpeg")
    ds = load_dataset("imagenette", root=tmp_path)
    with pytest.raises(
        DatasetNotFoundError, match=r"(?s)x\.JPEG is damaged.*data download imagenette"
    ):
        ds[0]


def test_damaged_fashion_mnist_and_cifar_name_the_fix(tmp_path):
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for f in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"):
        (raw / f).write_bytes(b"\0" * 16)
    with pytest.raises(DatasetNotFoundError, match="incomplete.*t10k-labels"):
        load_dataset("fashion_mnist", root=tmp_path)
    (raw / "t10k-labels-idx1-ubyte").write_bytes(b"\0" * 16)
    with pytest.raises(DatasetNotFoundError, match="(?s)could not be read.*download fashion_mnist"):
        load_dataset("fashion_mnist", root=tmp_path)
    (tmp_path / "cifar-10-batches-py").mkdir()
    (tmp_path / "cifar-10-batches-py" / "data_batch_1").write_bytes(b"junk")
    with pytest.raises(DatasetNotFoundError, match="(?s)could not be read.*download cifar10"):
        load_dataset("cifar10", root=tmp_path)


def test_balanced_indices_are_balanced_and_deterministic():
    targets = [i % 3 for i in range(30)] + [0] * 10
    a = balanced_indices(targets, 4, seed=1)
    assert a == balanced_indices(targets, 4, seed=1)
    assert a != balanced_indices(targets, 4, seed=2)
    assert sorted(targets[i] for i in a) == [0] * 4 + [1] * 4 + [2] * 4
    with pytest.raises(ValueError, match="smallest class has only 10"):
        balanced_indices(targets, 11)
    with pytest.raises(ValueError, match="positive int"):
        balanced_indices(targets, 0)


def test_unknown_dataset_and_split():
    with pytest.raises(ValueError, match="unknown dataset 'mnist'"):
        load_dataset("mnist")
    with pytest.raises(ValueError, match="split must be"):
        load_dataset("cifar10", split="test")


def test_imagenette_subset_from_the_real_data(require_data):
    folder = require_data("imagenette")
    ds = load_dataset("imagenette", "train", image_size=64, per_class=3, seed=0)
    assert len(ds) == 30 and ds.classes[0] == "tench"
    assert sorted(ds.targets) == [c for c in range(10) for _ in range(3)]
    x, y = ds[0]
    assert x.shape == (3, 64, 64) and x.dtype == torch.float32 and y == 0
    # greyscale JPEGs (1.8% of Imagenette) come out as 3-channel tensors
    from PIL import Image

    grey = next(
        p for p in sorted((folder / "train" / "n03000684").iterdir()) if Image.open(p).mode != "RGB"
    )
    base = ds.dataset
    index = base.samples.index((str(grey), 3))
    assert base[index][0].shape == (3, 64, 64)
    val = load_dataset("imagenette", "val", image_size=64)
    assert len(val) == 3925


def test_fashion_mnist_subset_from_the_real_data(require_data):
    require_data("fashion_mnist")
    train, val = make_loaders("fashion_mnist", per_class=5, val_per_class=2, batch_size=50)
    x, y = next(iter(train))
    assert x.shape == (50, 1, 28, 28) and sorted(y.tolist()) == sorted(list(range(10)) * 5)
    assert len(val.dataset) == 20
    rgb = load_dataset("fashion_mnist", "val", image_size=32, per_class=1, rgb=True)
    assert rgb[0][0].shape == (3, 32, 32)


def test_download_uses_torchvision_downloaders(monkeypatch, tmp_path):
    calls = []

    def fake(kind):
        def make(root, **kwargs):
            calls.append((kind, Path(root), kwargs))

        return make

    from torchvision import datasets

    monkeypatch.setattr(datasets, "FashionMNIST", fake("fmnist"))
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for f in ("train-images", "train-labels", "t10k-images", "t10k-labels"):
        (raw / f"{f}-idx{3 if 'images' in f else 1}-ubyte").write_bytes(b"")
    assert data.download("fashion_mnist", tmp_path) == tmp_path / "FashionMNIST"
    assert [c[2] for c in calls] == [
        {"train": True, "download": True},
        {"train": False, "download": True},
    ]


# --- downloads that fail: torchvision's own download code runs; only urlopen is replaced ----------


class _CutTransfer:
    """A response that delivers a few bytes, then loses the connection."""

    url = length = None

    def __init__(self, request):
        self.url, self.sent = request.full_url, False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, size=-1):
        if self.sent:
            raise ConnectionResetError(104, "Connection reset by peer")
        self.sent = True
        return b"partial"


def _offline(request, *args, **kwargs):
    import urllib.error

    raise urllib.error.URLError(OSError(-2, "Name or service not known"))


def _download_cli(monkeypatch, capsys, root, name, urlopen):
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    monkeypatch.setenv(DATA_ENV, str(root))
    code = main(["data", "download", name])
    return code, capsys.readouterr().err


# (the folder the loader reads, the layout the message must spell out)
LAYOUTS = {
    "imagenette": ("imagenette2-160", "imagenette2-160/train/<wnid>/"),
    "fashion_mnist": ("FashionMNIST", "FashionMNIST/raw/"),
    "cifar10": ("cifar-10-batches-py", "cifar-10-batches-py/"),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
@pytest.mark.parametrize(
    "failure, says",
    [
        (_offline, "the server could not be reached ([Errno -2] Name or service not known)."),
        (_CutTransfer, "the connection to the server broke off (ConnectionResetError: "),
    ],
    ids=["offline", "cut_transfer"],
)
def test_failed_download_says_what_to_do_and_leaves_nothing(
    monkeypatch, capsys, tmp_path, name, failure, says
):
    root = tmp_path / "new" / "data"  # neither folder exists: the download creates both
    code, err = _download_cli(monkeypatch, capsys, root, name, failure)
    assert code == 1
    assert "Traceback" not in err
    # torchvision's progress bar may come first
    first, by_hand, elsewhere = err[err.index("Could not download") :].strip().splitlines()
    assert first.startswith(f"Could not download {data.DATASETS[name].title}: {says}")
    assert data.DATASETS[name].download.url in by_hand
    assert f"{root}/{LAYOUTS[name][1]}" in by_hand
    assert f"set {DATA_ENV} to the folder that holds {LAYOUTS[name][0]}/" in elsewhere
    assert list(tmp_path.iterdir()) == [], "the download left files or folders behind"


def test_failed_download_keeps_what_was_there(monkeypatch, capsys, tmp_path):
    """Only what this download wrote goes: the root, other datasets and earlier files stay."""
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / "train-images-idx3-ubyte").write_bytes(b"unpacked earlier")
    (tmp_path / "cifar-10-batches-py").mkdir()
    (tmp_path / "notes.txt").write_text("mine")
    before = sorted(tmp_path.rglob("*"))
    code, err = _download_cli(monkeypatch, capsys, tmp_path, "fashion_mnist", _CutTransfer)
    assert code == 1 and "Could not download Fashion-MNIST" in err
    assert sorted(tmp_path.rglob("*")) == before  # the partial .gz in raw/ is gone, nothing else
    assert (raw / "train-images-idx3-ubyte").read_bytes() == b"unpacked earlier"


def test_download_errors_that_are_not_the_network(monkeypatch, capsys, tmp_path):
    import errno

    def unreachable(request, *args, **kwargs):
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    code, err = _download_cli(monkeypatch, capsys, tmp_path / "d", "cifar10", unreachable)
    assert code == 1 and "could not be reached ([Errno 101] Network is unreachable)" in err

    def no_permission(request, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "cifar-10-python.tar.gz")

    code, err = _download_cli(monkeypatch, capsys, tmp_path / "d", "cifar10", no_permission)
    assert code == 1 and "failed:" in err and "Permission denied" in err
    assert "could not be reached" not in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_download_sources_are_torchvisions():
    from torchvision import datasets

    assert data.DATASETS["imagenette"].download.url == datasets.Imagenette._ARCHIVES["160px"][0]
    assert data.DATASETS["fashion_mnist"].download.url in datasets.FashionMNIST.mirrors
    assert data.DATASETS["cifar10"].download.url == datasets.CIFAR10.url


def test_cli_status(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert main(["data", "status"]) == 0
    out = capsys.readouterr().out
    assert "python -m inception_edu data download cifar10" in out and str(tmp_path) in out
    with pytest.raises(SystemExit):
        main(["data", "download", "mnist"])
    assert os.environ[DATA_ENV] == str(tmp_path)


def test_cli_count_and_train(capsys, require_data):
    assert main(["count", "--model", "googlenet_torchvision", "--blocks"]) == 0
    out = capsys.readouterr().out
    assert "inception3a  " in out and "256×28×28" in out and f"{TV_GOOGLENET_MACS:,}" in out
    assert main(["count", "--model", "nope"]) == 2
    require_data("fashion_mnist")
    args = "train --model googlenet_small --image-size 32 --data fashion_mnist --per-class 4"
    args += " --val-per-class 2 --epochs 1 --batch-size 20 --device cpu"
    assert main(args.split()) == 0
    assert "epoch   1  train loss" in capsys.readouterr().out
    assert main([*args.split(), "--no-preload"]) == 0  # the streaming path
    assert "epoch   1  train loss" in capsys.readouterr().out


def test_shrink_writes_a_small_copy_that_is_a_data_root(tmp_path, capsys, require_data):
    require_data("imagenette")
    folder, nbytes = data.shrink(tmp_path / "a", size=40, per_class=2, val_per_class=1)
    files = sorted(folder.rglob("*.webp"))
    assert len(files) == 30 and nbytes == sum(f.stat().st_size for f in files)
    from PIL import Image

    assert {Image.open(f).size for f in files} == {(40, 40)}  # the shared copy is square
    copy = load_dataset("imagenette", "train", 32, root=folder)
    original = load_dataset("imagenette", "train", 32, per_class=2)
    assert copy.targets == original.targets  # the same balanced draw, class by class
    assert [Path(p).stem for p, _ in copy.dataset.samples] == [
        Path(original.dataset.samples[i][0]).stem for i in original.indices
    ]
    assert main(["data", "shrink", str(tmp_path / "b"), "--size", "24", "--format", "jpeg",
                 "--per-class", "1", "--val-per-class", "1"]) == 0  # fmt: skip
    assert "INCEPTION_EDU_DATA=" in capsys.readouterr().out
    assert len(list((tmp_path / "b").rglob("*.JPEG"))) == 20
    with pytest.raises(ValueError, match="quality"):
        data.shrink(tmp_path / "c", quality=0)


def test_data_root_outside_a_checkout_is_in_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert data.data_root() == Path(data.__file__).resolve().parent.parent / "data"
    monkeypatch.setattr(data, "_REPO", tmp_path)  # a wheel: site-packages has no pyproject.toml
    assert data.data_root() == Path.home() / "inception-edu-data"


def test_decode_transform_crops_a_fixed_size_dataset_when_asked():
    # the stored side equals CIFAR-10's native 32 px: no resize, but a 28-pixel centre crop
    from PIL import Image

    image = Image.fromarray(torch.arange(32 * 32 * 3, dtype=torch.uint8).reshape(32, 32, 3).numpy())
    full = data.decode_transform("cifar10", 32)(image)
    cropped = data.decode_transform("cifar10", 32, 28)(image)
    assert full.shape == (3, 32, 32) and cropped.shape == (3, 28, 28)
    assert torch.equal(cropped, full[:, 2:30, 2:30])

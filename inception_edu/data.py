"""Real datasets from one data root: Imagenette, Fashion-MNIST and CIFAR-10.

One setting decides where data lives: the environment variable ``INCEPTION_EDU_DATA``; unset, it
is ``data/`` at the top of the repository. Downloads go through torchvision
(``python -m inception_edu data download NAME``, or ``make data``); when a dataset is missing or
damaged, the error names the exact command that fixes it.

* **Imagenette** — ten ImageNet classes (fast.ai, Apache-2.0; ImageNet terms for the images):
  the course's "ImageNet subset" for training real Inception nets at reduced resolution. The
  official download is the 160-px release; any folder with ``train/<wnid>/`` and ``val/<wnid>/``
  (e.g. ``imagenette2-224``) works too. Greyscale images are converted to RGB.
* **Fashion-MNIST** — 28×28 grey clothing images (Zalando, MIT): small and quick, for CPU runs.
* **CIFAR-10** — 32×32 colour images (Krizhevsky 2009): NIN's dataset.

Everything that differs between them is a field of :class:`DatasetInfo` (how it is stored, read,
viewed and downloaded); adding a dataset means adding one entry to :data:`DATASETS`.

Subsets are class-balanced and deterministic: ``per_class`` images of every class, drawn with a
seeded generator, so a lecture sees the same images on every machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

import torch
from torch.utils.data import DataLoader, Dataset, Subset

from .settings import show_progress

DATA_ENV = "INCEPTION_EDU_DATA"
Split = Literal["train", "val"]

_REPO = Path(__file__).resolve().parent.parent


class DatasetNotFoundError(FileNotFoundError):
    """A dataset is missing or damaged; the message names the command that fixes it."""


@dataclass(frozen=True)
class Download:
    """Where a dataset comes from: the server torchvision downloads it from (tests check these
    against torchvision), the torchvision class and its arguments (one call per split), what
    it writes under the data root, and how to put the files there by hand."""

    url: str
    torchvision: str  # a class of torchvision.datasets
    calls: tuple[dict[str, object], ...] = field(hash=False)
    writes: tuple[str, ...]  # first = the folder the dataset is read from
    by_hand: str  # formatted with {url} and {root}


Reader = Callable[["DatasetInfo", Path, Split, Callable | None], Dataset]


@dataclass(frozen=True)
class DatasetInfo:
    """What the course knows about one dataset: every way datasets differ is a field here.

    Sizes: ``native_size`` is the side of the released images (Imagenette: the shorter side;
    its photos vary, ``fixed_size=False``); the side a model sees is ``image_size``, chosen per
    run. ``eval_resize``: the validation view resizes the shorter side to
    ``round(eval_resize · image_size)`` and cuts the centre square (8/7 = 256/224, the ImageNet
    convention); ``train_crop``: "resized" is ``RandomResizedCrop`` of the whole photo,
    "shift" pads by ``image_size // 8`` and shifts (``RandomCrop``); both with a flip.
    """

    name: str
    title: str
    num_classes: int
    channels: int  # 3: converted to RGB; 1: to greyscale ("L")
    native_size: int
    fixed_size: bool  # every image is native_size × native_size
    mean: tuple[float, ...]
    std: tuple[float, ...]
    classes: tuple[str, ...]
    # how it is stored and read
    folders: tuple[str, ...]  # where it may sit under the data root, first = the download target
    files: tuple[str, ...]  # what such a folder must hold ("x/" is a subfolder)
    class_folders: tuple[str, ...]  # image folders: the class folders of every split; else ()
    reader: Reader  # one split, from the folder found
    # how its images are viewed
    train_crop: Literal["resized", "shift"]
    eval_resize: float
    download: Download


IMAGENETTE_WNIDS = (
    "n01440764",
    "n02102040",
    "n02979186",
    "n03000684",
    "n03028079",
    "n03394916",
    "n03417042",
    "n03425413",
    "n03445777",
    "n03888257",
)


def _read_image_folder(
    info: DatasetInfo, folder: Path, split: Split, transform: Callable | None
) -> Dataset:
    """``folder/<split>/<class>/<image>``, every file opened with :func:`load_image`."""
    from torchvision import datasets

    loader = partial(load_image, dataset=info.name)
    return datasets.ImageFolder(folder / split, transform=transform, loader=loader)


def _read_torchvision(
    info: DatasetInfo, folder: Path, split: Split, transform: Callable | None
) -> Dataset:
    """A split read by the torchvision class that downloads it (its files lie in ``folder``)."""
    from torchvision import datasets

    cls = getattr(datasets, info.download.torchvision)
    return cls(folder.parent, train=split == "train", transform=transform, download=False)


DATASETS: dict[str, DatasetInfo] = {
    "imagenette": DatasetInfo(
        name="imagenette",
        title="Imagenette (10 ImageNet classes)",
        num_classes=10,
        channels=3,
        native_size=160,
        fixed_size=False,
        mean=(0.485, 0.456, 0.406),  # ImageNet statistics
        std=(0.229, 0.224, 0.225),
        classes=(
            "tench",
            "English springer",
            "cassette player",
            "chain saw",
            "church",
            "French horn",
            "garbage truck",
            "gas pump",
            "golf ball",
            "parachute",
        ),
        # also the data root itself when it holds train/ and val/ (a copy made by `shrink`)
        folders=("imagenette2-160", "imagenette2-224", "imagenette2-320", "imagenette2"),
        files=("train/", "val/"),
        class_folders=IMAGENETTE_WNIDS,
        reader=_read_image_folder,
        train_crop="resized",
        eval_resize=8 / 7,
        download=Download(
            url="https://s3.amazonaws.com/fast-ai-imageclas/imagenette2-160.tgz",
            torchvision="Imagenette",
            calls=({"split": "train", "size": "160px"}, {"split": "val", "size": "160px"}),
            writes=("imagenette2-160", "imagenette2-160.tgz"),
            by_hand="download {url} and unpack it in {root}, so that "
            "{root}/imagenette2-160/train/<wnid>/*.JPEG and …/val/<wnid>/*.JPEG exist "
            "(10 class folders each, n01440764 … n03888257)",
        ),
    ),
    "fashion_mnist": DatasetInfo(
        name="fashion_mnist",
        title="Fashion-MNIST",
        num_classes=10,
        channels=1,
        native_size=28,
        fixed_size=True,
        mean=(0.2860,),
        std=(0.3530,),
        classes=(
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ),
        folders=("FashionMNIST",),
        files=(
            "raw/train-images-idx3-ubyte",
            "raw/train-labels-idx1-ubyte",
            "raw/t10k-images-idx3-ubyte",
            "raw/t10k-labels-idx1-ubyte",
        ),
        class_folders=(),
        reader=_read_torchvision,
        train_crop="shift",
        eval_resize=1.0,
        download=Download(
            url="http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            torchvision="FashionMNIST",
            calls=({"train": True}, {"train": False}),
            writes=("FashionMNIST",),
            by_hand="download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from {url} and gunzip "
            "them into {root}/FashionMNIST/raw/ (four files without .gz)",
        ),
    ),
    "cifar10": DatasetInfo(
        name="cifar10",
        title="CIFAR-10",
        num_classes=10,
        channels=3,
        native_size=32,
        fixed_size=True,
        mean=(0.4914, 0.4822, 0.4465),
        std=(0.2470, 0.2435, 0.2616),
        classes=(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
        ),
        folders=("cifar-10-batches-py",),
        files=(),
        class_folders=(),
        reader=_read_torchvision,
        train_crop="shift",
        eval_resize=1.0,
        download=Download(
            url="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
            torchvision="CIFAR10",
            calls=({"train": True}, {"train": False}),
            writes=("cifar-10-batches-py", "cifar-10-python.tar.gz"),
            by_hand="download {url} and unpack it in {root}, so that {root}/cifar-10-batches-py/ "
            "holds data_batch_1 … data_batch_5, test_batch and batches.meta",
        ),
    ),
}


def data_root() -> Path:
    """The data root: ``$INCEPTION_EDU_DATA`` if set, else ``data/`` at the top of the repo —
    or, for a package installed from a wheel (no repo around it), ``~/inception-edu-data``."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    if (_REPO / "pyproject.toml").is_file():
        return _REPO / "data"
    return Path.home() / "inception-edu-data"


def dataset_info(name: str) -> DatasetInfo:
    """The :class:`DatasetInfo` of ``name`` (case and ``-``/``_`` ignored); a ValueError lists
    the choices when there is none."""
    key = name.lower().replace("-", "_")
    if key not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    return DATASETS[key]


def fix_command(name: str) -> str:
    """The shell command that downloads ``name`` into the data root."""
    return f"python -m inception_edu data download {dataset_info(name).name}"


def _missing(name: str, root: Path, detail: str) -> DatasetNotFoundError:
    info = dataset_info(name)
    return DatasetNotFoundError(
        f"{info.title} {detail} under {root}.\n"
        f"Fix: run `{fix_command(info.name)}` (or `make data`), "
        f"or set {DATA_ENV} to a folder that already holds it "
        f"(looked for: {', '.join(f + '/' for f in info.folders)})."
    )


def dataset_path(name: str, root: str | Path | None = None) -> Path:
    """Folder of a dataset under the data root; raises :class:`DatasetNotFoundError` if absent."""
    info = dataset_info(name)
    root = Path(root) if root is not None else data_root()
    candidates = [root / f for f in info.folders]
    if info.class_folders:  # image folders may be the data root itself (a copy `shrink` made)
        candidates.append(root)
    incomplete: list[str] = []
    for folder in candidates:
        missing = [f for f in info.files if not _holds(folder, f)]
        if folder.is_dir() and not missing:
            _check_class_folders(info, folder, root)
            return folder
        if not incomplete and folder != root and len(missing) < len(info.files):
            incomplete = [Path(f).name for f in missing]
    detail = f"is incomplete ({', '.join(incomplete)})" if incomplete else "was not found"
    raise _missing(info.name, root, detail)


def _holds(folder: Path, path: str) -> bool:
    """Whether ``folder`` holds the file ``path`` (the subfolder, if it ends with "/")."""
    return (folder / path).is_dir() if path.endswith("/") else (folder / path).is_file()


def _check_class_folders(info: DatasetInfo, folder: Path, root: Path) -> None:
    """Every split of an image-folder dataset holds exactly its class folders."""
    if not info.class_folders:
        return
    for split in ("train", "val"):
        classes = sorted(p.name for p in (folder / split).iterdir() if p.is_dir())
        if classes != sorted(info.class_folders):
            raise _missing(
                info.name,
                root,
                f"is incomplete or damaged in {folder / split} (found {len(classes)} of the "
                f"{len(info.class_folders)} class folders)",
            )


def available() -> dict[str, str]:
    """For each dataset: its folder if present, else the command that gets it."""
    status = {}
    for name in DATASETS:
        try:
            status[name] = str(dataset_path(name))
        except DatasetNotFoundError:
            status[name] = f"missing — run `{fix_command(name)}`"
    return status


# --- transforms ----------------------------------------------------------------------------------


def build_transform(name: str, image_size: int, train: bool, rgb: bool | None = None):
    """Standard transforms: the dataset's training crop and a flip for training, its validation
    view (resize, centre crop) else — see :class:`DatasetInfo`.

    Images are converted to the dataset's channels (1.8% of Imagenette is greyscale);
    ``rgb=True`` repeats a grey dataset's channel three times so ImageNet-style models can
    take it.
    """
    from torchvision import transforms as T

    info = dataset_info(name)
    if image_size < 8:
        raise ValueError(f"image_size must be at least 8 pixels, got {image_size}")
    rgb = info.channels == 3 if rgb is None else rgb
    steps: list = [T.Lambda(_to_rgb if rgb else _to_grey)]
    if train and info.train_crop == "resized":
        steps += [T.RandomResizedCrop(image_size, scale=(0.35, 1.0)), T.RandomHorizontalFlip()]
    elif train:
        steps += _resize_and_crop(info, image_size, image_size)
        steps += [T.RandomCrop(image_size, padding=image_size // 8), T.RandomHorizontalFlip()]
    else:
        steps += _resize_and_crop(info, round(image_size * info.eval_resize), image_size)
    mean, std = info.mean, info.std
    if rgb and len(mean) == 1:
        mean, std = mean * 3, std * 3
    steps += [T.ToTensor(), T.Normalize(mean, std)]
    return T.Compose(steps)


def decode_transform(name: str, stored_size: int, crop_size: int | None = None):
    """Decode to a uint8 tensor once: the deterministic half of :func:`build_transform`.

    The image in the dataset's channels, shorter side resized to ``stored_size``, the centre
    square of ``crop_size`` (default ``stored_size``) — with ``stored_size = round(image_size ·
    eval_resize)`` and ``crop_size = image_size`` it is exactly the validation transform before
    ``ToTensor``. ``stored_size`` is the side kept in memory, which may exceed ``image_size`` so
    that random crops have room. Used by :class:`~inception_edu.device_data.DeviceImages`,
    which augments on the device.
    """
    from torchvision import transforms as T

    info = dataset_info(name)
    if stored_size < 8:
        raise ValueError(f"stored_size must be at least 8 pixels, got {stored_size}")
    steps: list = [T.Lambda(_to_rgb if info.channels == 3 else _to_grey)]
    steps += _resize_and_crop(info, stored_size, crop_size or stored_size)
    return T.Compose([*steps, T.PILToTensor()])


def _resize_and_crop(info: DatasetInfo, side: int, crop: int) -> list:
    """Shorter side resized to ``side``, then the centre ``crop``×``crop`` square; a step that
    cannot change a fixed-size dataset's images is left out."""
    from torchvision import transforms as T

    steps: list = []
    if not info.fixed_size or side != info.native_size:
        steps.append(T.Resize(side))
    if not info.fixed_size or crop != side:
        steps.append(T.CenterCrop(crop))
    return steps


def load_image(path: str | Path, mode: str | None = None, dataset: str = "imagenette"):
    """Open one image file of an image-folder dataset as a PIL image, converted to ``mode``
    ("RGB", "L") if given. A damaged file raises :class:`DatasetNotFoundError` naming it and
    the command that downloads ``dataset`` again."""
    from PIL import Image, UnidentifiedImageError

    try:
        with open(path, "rb") as f:
            image = Image.open(f)
            image.load()
    except (OSError, UnidentifiedImageError) as err:
        raise DatasetNotFoundError(
            f"Image {path} is damaged ({err}).\nFix: delete the dataset folder and run "
            f"`{fix_command(dataset)}` again."
        ) from err
    return image.convert(mode) if mode is not None and image.mode != mode else image


def _to_rgb(image):
    return image.convert("RGB") if image.mode != "RGB" else image


def _to_grey(image):
    return image.convert("L") if image.mode != "L" else image


# --- datasets ------------------------------------------------------------------------------------


def _targets(dataset: Dataset) -> list[int]:
    targets = getattr(dataset, "targets", None)
    if targets is None:
        raise TypeError(f"{type(dataset).__name__} has no .targets to balance classes with")
    return [int(t) for t in targets]


def balanced_indices(targets: Sequence[int], per_class: int, seed: int = 0) -> list[int]:
    """``per_class`` indices of every class, drawn with a seeded generator (sorted)."""
    if not isinstance(per_class, int) or isinstance(per_class, bool) or per_class < 1:
        raise ValueError(f"per_class must be a positive int, got {per_class!r}")
    by_class: dict[int, list[int]] = {}
    for i, t in enumerate(targets):
        by_class.setdefault(int(t), []).append(i)
    smallest = min(len(v) for v in by_class.values())
    if per_class > smallest:
        raise ValueError(
            f"per_class={per_class} but the smallest class has only {smallest} images; "
            f"use per_class ≤ {smallest} or None for everything"
        )
    generator = torch.Generator().manual_seed(seed)
    chosen: list[int] = []
    for cls in sorted(by_class):
        idx = by_class[cls]
        order = torch.randperm(len(idx), generator=generator)[:per_class]
        chosen += [idx[i] for i in order.tolist()]
    return sorted(chosen)


class ClassSubset(Subset):
    """A :class:`~torch.utils.data.Subset` that keeps ``classes`` and its own ``targets``."""

    def __init__(self, dataset: Dataset, indices: Sequence[int], classes: Sequence[str]) -> None:
        super().__init__(dataset, list(indices))
        all_targets = _targets(dataset)
        self.targets = [all_targets[i] for i in self.indices]
        self.classes = list(classes)


def load_dataset(
    name: str,
    split: Split = "train",
    image_size: int | None = None,
    per_class: int | None = None,
    seed: int = 0,
    augment: bool | None = None,
    rgb: bool | None = None,
    root: str | Path | None = None,
    transform: Callable | None = None,
) -> ClassSubset:
    """A real dataset split, optionally a class-balanced subset, with standard transforms.

    ``split`` is "train" or "val" (the official test set for Fashion-MNIST and CIFAR-10);
    ``augment`` defaults to True for "train"; ``transform`` replaces the standard transforms
    (e.g. :func:`decode_transform`). Raises :class:`DatasetNotFoundError` naming the fix when
    the files are missing or damaged.
    """
    info = dataset_info(name)
    if split not in ("train", "val"):
        raise ValueError(f"split must be 'train' or 'val', got {split!r}")
    root = Path(root) if root is not None else data_root()
    folder = dataset_path(info.name, root)
    image_size = image_size or info.native_size
    if transform is None:
        transform = build_transform(
            info.name, image_size, train=split == "train" if augment is None else augment, rgb=rgb
        )
    try:
        base = info.reader(info, folder, split, transform)
    except (RuntimeError, OSError, ValueError, AssertionError) as err:
        reason = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        raise _missing(
            info.name, root, f"could not be read ({reason}); the files are damaged"
        ) from err
    indices = (
        balanced_indices(_targets(base), per_class, seed)
        if per_class is not None
        else range(len(base))
    )
    return ClassSubset(base, indices, info.classes)


def default_num_workers() -> int:
    """Loader workers for this machine: one core stays free for the main process, at most 8."""
    return max(0, min(8, (os.cpu_count() or 1) - 1))


def make_loader(
    dataset: Dataset,
    batch_size: int = 64,
    shuffle: bool = False,
    num_workers: int | None = None,
    seed: int = 0,
) -> DataLoader:
    """A DataLoader with sensible defaults: pinned memory only with CUDA, seeded shuffling."""
    workers = default_num_workers() if num_workers is None else num_workers
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        num_workers=workers,
        pin_memory=torch.cuda.is_available(),
        persistent_workers=workers > 0,
        generator=torch.Generator().manual_seed(seed) if shuffle else None,
    )


def make_loaders(
    name: str,
    image_size: int | None = None,
    per_class: int | None = None,
    val_per_class: int | None = None,
    batch_size: int = 64,
    seed: int = 0,
    num_workers: int | None = None,
    rgb: bool | None = None,
) -> tuple[DataLoader, DataLoader]:
    """Train and validation loaders over class-balanced subsets of a dataset."""
    train = load_dataset(name, "train", image_size, per_class, seed, rgb=rgb)
    val = load_dataset(name, "val", image_size, val_per_class, seed, rgb=rgb)
    return (
        make_loader(train, batch_size, shuffle=True, num_workers=num_workers, seed=seed),
        make_loader(val, batch_size, shuffle=False, num_workers=num_workers),
    )


def preload(
    dataset: Dataset,
    batch_size: int = 256,
    num_workers: int | None = None,
    progress: bool | None = False,
    desc: str = "decoding",
):
    """Decode a dataset once into tensors (a TensorDataset): epochs then cost no JPEG decoding.

    Use it with deterministic (``augment=False``) transforms; the tensors can then be moved to
    the GPU and kept there for the fastest small-subset training (see
    :class:`~inception_edu.device_data.DeviceImages`). ``progress=None`` shows a bar unless
    ``CI`` is set.
    """
    from torch.utils.data import TensorDataset
    from tqdm.auto import tqdm

    loader = make_loader(dataset, batch_size=batch_size, num_workers=num_workers)
    batches = tqdm(loader, desc=desc, disable=not show_progress(progress), leave=False)
    xs, ys = zip(*batches, strict=True)
    return TensorDataset(torch.cat(xs), torch.cat(ys))


def shrink(
    out: str | Path,
    size: int = 146,
    quality: int = 75,
    image_format: Literal["webp", "jpeg"] = "webp",
    per_class: int | None = None,
    val_per_class: int | None = None,
    seed: int = 0,
    root: str | Path | None = None,
    progress: bool | None = None,
) -> tuple[Path, int]:
    """A resized copy of Imagenette at ``out``: shorter side ``size`` (146 = 8/7 of 128 px).

    Made to be carried to a GPU machine whose upload limit is tens of MB: all 13,394 images at
    the defaults (WebP quality 75) take 50.7 MB; JPEG at the same quality, about 74 MB. The copy
    is a data root of its own (point ``INCEPTION_EDU_DATA`` at ``out``). ``per_class`` /
    ``val_per_class`` copy a class-balanced subset — the images :func:`load_dataset` draws.
    Returns the folder and the bytes written.
    """
    from PIL import Image
    from tqdm.auto import tqdm

    if size < 8 or not 1 <= quality <= 100 or image_format not in ("webp", "jpeg"):
        raise ValueError(
            f"size must be ≥ 8, quality 1–100 and image_format 'webp' or 'jpeg'; got {size}, "
            f"{quality}, {image_format!r}"
        )
    target = Path(out)
    quiet = not show_progress(progress)
    suffix = {"webp": ".webp", "jpeg": ".JPEG"}[image_format]
    written = 0
    for split, count in (("train", per_class), ("val", val_per_class)):
        subset = load_dataset("imagenette", split, per_class=count, seed=seed, root=root)
        files = [subset.dataset.samples[i][0] for i in subset.indices]
        for path in tqdm(files, desc=f"shrinking {split}", disable=quiet, leave=False):
            image = load_image(path, "RGB")
            scale = size / min(image.size)
            if scale < 1:
                new = (round(image.width * scale), round(image.height * scale))
                image = image.resize(new, Image.Resampling.BICUBIC, reducing_gap=3.0)
            dest = target / split / Path(path).parent.name / (Path(path).stem + suffix)
            dest.parent.mkdir(parents=True, exist_ok=True)
            image.save(dest, image_format.upper(), quality=quality)
            written += dest.stat().st_size
    return target, written


def download(name: str, root: str | Path | None = None) -> Path:
    """Download a dataset into the data root with torchvision's own downloaders.

    If the download fails, whatever it had written (a partial archive, a half-unpacked folder,
    the data root itself if it created it) is removed again; files and folders that were there
    before are left alone. When the server cannot be reached, raises :class:`ConnectionError`
    whose message says how to put the files in place by hand or where to point
    ``INCEPTION_EDU_DATA`` instead.
    """
    from torchvision import datasets

    info = dataset_info(name)
    root = Path(root) if root is not None else data_root()
    spec = info.download
    writes = [root / w for w in spec.writes]
    created_dirs = [d for d in (root, *root.parents) if not d.exists()]  # mkdir makes these
    before = _download_files(writes)
    try:
        root.mkdir(parents=True, exist_ok=True)
        for kwargs in spec.calls:
            try:
                getattr(datasets, spec.torchvision)(root, **kwargs, download=True)
            except RuntimeError as err:
                if "already exists" not in str(err):  # Imagenette refuses to re-extract
                    raise
    except BaseException as err:  # Ctrl-C included: never leave a partial download behind
        _remove_new(_download_files(writes) - before, created_dirs)
        reason = _unreachable(err)
        if reason is None:
            raise
        raise ConnectionError(
            f"Could not download {info.title}: {reason}.\n"
            f"By hand: {spec.by_hand.format(url=spec.url, root=root)}.\n"
            f"Or, if you have a copy elsewhere: set {DATA_ENV} to the folder that holds "
            f"{spec.writes[0]}/ (export {DATA_ENV}=/path/to/that/folder)."
        ) from err
    return dataset_path(info.name, root)


def _download_files(paths: list[Path]) -> set[Path]:
    """Every file and folder at or under ``paths`` (what a download may have written)."""
    found = set()
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found.update([path, *path.rglob("*")])
        elif path.exists() or path.is_symlink():
            found.add(path)
    return found


def _remove_new(new: set[Path], created_dirs: list[Path]) -> None:
    """Remove what a failed download wrote, then the folders it created if they are empty."""
    import shutil

    for path in sorted(new):  # parents sort first; a removed folder takes its contents along
        if any(parent in new for parent in path.parents):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    for folder in created_dirs:  # deepest first
        try:
            folder.rmdir()
        except OSError:  # not empty (or not ours to remove): stop there
            break


def _unreachable(err: BaseException) -> str | None:
    """Why the server could not be reached, if that is what ``err`` says; else None."""
    import errno
    import http.client
    import socket
    import urllib.error

    if isinstance(err, urllib.error.HTTPError):
        return f"the server answered HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        return f"the server could not be reached ({err.reason})"
    if isinstance(err, (ConnectionResetError, ConnectionAbortedError, http.client.HTTPException)):
        return f"the connection to the server broke off ({type(err).__name__}: {err})"
    network_errnos = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}
    if isinstance(err, (ConnectionError, TimeoutError, socket.gaierror)) or (
        isinstance(err, OSError) and err.errno in network_errnos
    ):
        return f"the server could not be reached ({err})"
    # torchvision's MNIST-style datasets try each mirror and raise one RuntimeError for all
    if isinstance(err, RuntimeError) and str(err).startswith("Error downloading"):
        last = str(err).strip().splitlines()[-1]  # the last mirror's error
        last = last.removeprefix("<urlopen error ").removesuffix(">")
        return f"the server could not be reached ({last})"
    if isinstance(err, RuntimeError) and "corrupted" in str(err):  # checksum of a cut transfer
        return "the download arrived incomplete or damaged"
    return None


__all__ = [
    "DATASETS",
    "DATA_ENV",
    "ClassSubset",
    "DatasetInfo",
    "DatasetNotFoundError",
    "Download",
    "IMAGENETTE_WNIDS",
    "available",
    "balanced_indices",
    "build_transform",
    "data_root",
    "dataset_info",
    "dataset_path",
    "decode_transform",
    "default_num_workers",
    "download",
    "fix_command",
    "load_dataset",
    "load_image",
    "make_loader",
    "make_loaders",
    "preload",
    "shrink",
]

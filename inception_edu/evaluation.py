"""Evaluation as the papers did it: crop schemes, multi-crop averaging, ensembles and their cost.

* **Crop schemes** are pure functions of the image's height and width and the crop size, and
  return :class:`Crop` boxes (resize the whole image, cut a box, resize the box, mirror it), so
  the geometry is testable without any image (``size`` is always a crop's side: the
  ``image_size`` the network sees):

  - :func:`center_crop` — one crop: the shorter side resized to 256/224 of the crop, the center
    cut (the single-crop numbers of every paper);
  - :func:`ten_crop` — the four corners and the center of that image, and their mirror images
    (Krizhevsky et al. 2012; the v4 paper's Table 3 uses 10/12 crops);
  - :func:`googlenet_144` — GoogLeNet's scheme (arXiv:1409.4842 §7): the shorter side resized
    to 256, 288, 320 and 352; the left, center and right squares (top, center and bottom for a
    portrait image); from each square the four corners and the center crop plus the whole
    square resized to the crop size; and their mirror images: 4 × 3 × 6 × 2 = 144 crops.
    At a working crop size other than 224 the four scales are scaled in proportion
    (:func:`working_scales`), so the crops cover the same fractions of the image.

* **Averaging** (:func:`predict`, :func:`ensemble`): "the softmax probabilities are averaged
  over multiple crops and over all the individual classifiers to obtain the final prediction"
  (1409.4842 §7) — probabilities, not logits. Crops that coincide (on a square image the three
  squares are the same square) run once and count as often as they occur, so the average is
  exactly the average over all the scheme's crops.

* **Cost**: every :class:`Prediction` carries its forward passes per image (crops × models) and
  its conv + linear MACs per image (passes × the model's MACs at the crop size, counted with
  :func:`inception_edu.count_macs`).

The papers' own numbers are read from :mod:`~inception_edu.published`, their one home, as the
lecture's views: :data:`GOOGLENET_TABLE3` (1409.4842 Table 3) and :data:`PAPER_IMAGENET`
(single-crop ImageNet results beside params and MACs measured from our full-size builds).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .checks import check_int
from .count import count_macs, count_params
from .losses import main_logits
from .published import PUBLISHED, Reported, reported
from .settings import show_progress
from .train import bf16_native, gpu_defaults, select_device

PAPER_SCALES = (256, 288, 320, 352)  # shorter side, 1409.4842 §7
PAPER_CROP = 224


# --- crop geometry -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Crop:
    """One test crop: resize the image to ``resize`` (height, width), cut ``box`` (top, left,
    height, width) from it, resize the box to ``size``×``size`` (a no-op when it already is
    that size) and, if ``mirror``, flip it left-right."""

    resize: tuple[int, int]
    box: tuple[int, int, int, int]
    size: int
    mirror: bool = False

    def mirrored(self) -> Crop:
        return replace(self, mirror=not self.mirror)


CropScheme = Callable[[int, int, int], list[Crop]]


def scaled_shape(height: int, width: int, shorter: int) -> tuple[int, int]:
    """(height, width) after resizing so the shorter side is ``shorter``, keeping the aspect
    ratio (the longer side rounded to the nearest pixel)."""
    for name, value in (("height", height), ("width", width), ("shorter", shorter)):
        check_int(name, value)
    if height <= width:
        return shorter, max(shorter, round(width * shorter / height))
    return max(shorter, round(height * shorter / width)), shorter


def working_scales(
    size: int, scales: Sequence[int] = PAPER_SCALES, base: int = PAPER_CROP
) -> tuple[int, ...]:
    """The paper's shorter sides scaled to a crop of ``size`` (size 224 gives 256…352)."""
    check_int("size", size)
    return tuple(round(s * size / base) for s in scales)


def window_offsets(length: int, window: int, count: int) -> list[int]:
    """Offsets of ``count`` windows spread evenly over ``length`` (first at 0, last at the end;
    one window is centered): 3 gives the paper's left, center and right squares."""
    check_int("count", count)
    if window > length:
        raise ValueError(f"a window of {window} does not fit in {length}")
    if count == 1:
        return [(length - window) // 2]
    return [i * (length - window) // (count - 1) for i in range(count)]


def _corner_and_center_boxes(
    top: int, left: int, side_h: int, side_w: int, size: int, corners: bool, center: bool
) -> list[tuple[int, int, int, int]]:
    boxes = []
    if corners:
        for dt, dl in (
            (0, 0),
            (0, side_w - size),
            (side_h - size, 0),
            (side_h - size, side_w - size),
        ):
            boxes.append((top + dt, left + dl, size, size))
    if center:
        boxes.append((top + (side_h - size) // 2, left + (side_w - size) // 2, size, size))
    return boxes


def _check_fits(shape: tuple[int, int], size: int) -> None:
    if min(shape) < size:
        raise ValueError(f"a {size}×{size} crop does not fit in a {shape[0]}×{shape[1]} image")


def _with_mirrors(crops: list[Crop], mirror: bool) -> list[Crop]:
    return crops + [c.mirrored() for c in crops] if mirror else crops


def center_crop(height: int, width: int, size: int, resize: int | None = None) -> list[Crop]:
    """The single center crop: shorter side resized to ``resize`` (default 256/224 of ``size``,
    as in the course's validation transform), the central ``size``×``size`` box."""
    check_int("size", size)
    shape = scaled_shape(height, width, resize or working_scales(size)[0])
    _check_fits(shape, size)
    (box,) = _corner_and_center_boxes(0, 0, *shape, size, corners=False, center=True)
    return [Crop(shape, box, size)]


def ten_crop(
    height: int, width: int, size: int, resize: int | None = None, mirror: bool = True
) -> list[Crop]:
    """The 10-crop scheme: the four corners (top-left, top-right, bottom-left, bottom-right)
    and the center of the image resized to ``resize`` (default 256/224 of ``size``), then the
    same five mirrored (torchvision's ``TenCrop`` order)."""
    check_int("size", size)
    shape = scaled_shape(height, width, resize or working_scales(size)[0])
    _check_fits(shape, size)
    boxes = _corner_and_center_boxes(0, 0, *shape, size, corners=True, center=True)
    return _with_mirrors([Crop(shape, b, size) for b in boxes], mirror)


def multi_crop(
    height: int,
    width: int,
    size: int,
    shorter_sides: Sequence[int] | None = None,
    squares: int = 3,
    corners: bool = True,
    center: bool = True,
    whole: bool = True,
    mirror: bool = True,
) -> list[Crop]:
    """GoogLeNet's multi-crop family (1409.4842 §7) with every choice a parameter.

    For each shorter side in ``shorter_sides`` (default :func:`working_scales` of ``size``):
    ``squares`` squares spread over the longer side; in each square the four corner crops
    (``corners``), the center crop (``center``) and the whole square resized to ``size``
    (``whole``); then all of them mirrored (``mirror``). Order: unmirrored crops scale by
    scale, square by square, then the same list mirrored.
    """
    check_int("size", size)
    sides = tuple(shorter_sides) if shorter_sides is not None else working_scales(size)
    crops: list[Crop] = []
    for shorter in sides:
        shape = scaled_shape(height, width, shorter)
        _check_fits(shape, size)
        h, w = shape
        side = min(h, w)
        if w >= h:  # landscape (or square): left, center, right
            origins = [(0, left) for left in window_offsets(w, side, squares)]
        else:  # portrait: top, center, bottom
            origins = [(top, 0) for top in window_offsets(h, side, squares)]
        for top, left in origins:
            boxes = _corner_and_center_boxes(top, left, side, side, size, corners, center)
            crops += [Crop(shape, b, size) for b in boxes]
            if whole:
                crops.append(Crop(shape, (top, left, side, side), size))
    return _with_mirrors(crops, mirror)


def googlenet_144(height: int, width: int, size: int = PAPER_CROP) -> list[Crop]:
    """GoogLeNet's 144 crops (1409.4842 §7): 4 scales × 3 squares × 6 crops × 2 mirrors."""
    return multi_crop(height, width, size)


def as_stored(height: int, width: int, size: int) -> list[Crop]:
    """The image as it is stored, no resizing: its central ``size``×``size`` box — the 1-crop
    view of validation images that were already resized and center-cropped once (e.g. a
    :class:`~inception_edu.device_data.DeviceImages` store); the whole image when it is that
    size. Not one of the papers' schemes."""
    if size > min(height, width):
        raise ValueError(f"a {size}×{size} crop does not fit a {height}×{width} image")
    return [Crop((height, width), ((height - size) // 2, (width - size) // 2, size, size), size)]


SCHEMES: dict[str, CropScheme] = {
    "1 crop": center_crop,
    "10 crops": ten_crop,
    "144 crops": googlenet_144,
}


def distinct(crops: Sequence[Crop]) -> int:
    """How many different crops a list holds (coinciding squares of a square image repeat)."""
    return len(set(crops))


# --- cutting crops out of images -----------------------------------------------------------


def _resize(x: Tensor, shape: tuple[int, int]) -> Tensor:
    if tuple(x.shape[-2:]) == tuple(shape):
        return x
    return F.interpolate(x, size=shape, mode="bilinear", align_corners=False, antialias=True)


def extract_crops(images: Tensor, crops: Sequence[Crop]) -> Tensor:
    """Cut ``crops`` out of a batch of same-sized images: (N, C, H, W) → (N, len(crops), C, s, s).

    Each distinct ``resize`` is computed once for the batch (bilinear, antialiased).
    """
    if images.ndim != 4:
        raise ValueError(f"expected images of shape (N, C, H, W), got {tuple(images.shape)}")
    if not crops:
        raise ValueError("no crops given")
    sizes = {c.size for c in crops}
    if len(sizes) != 1:
        raise ValueError(f"all crops must have one output size, got {sorted(sizes)}")
    resized: dict[tuple[int, int], Tensor] = {}
    out = []
    for c in crops:
        if c.resize not in resized:
            resized[c.resize] = _resize(images, c.resize)
        top, left, h, w = c.box
        scaled = resized[c.resize]
        if top < 0 or left < 0 or top + h > scaled.shape[-2] or left + w > scaled.shape[-1]:
            raise ValueError(f"{c} does not lie inside the resized image {c.resize}")
        patch = _resize(scaled[..., top : top + h, left : left + w], (c.size, c.size))
        out.append(patch.flip(-1) if c.mirror else patch)
    return torch.stack(out, dim=1)


def source_images(
    per_class: int | None = None, split: str = "val", seed: int = 0, name: str = "imagenette"
) -> tuple[Tensor | list[Tensor], Tensor]:
    """The images of a class-balanced subset at their stored resolution, normalized with the
    dataset's statistics: what a crop scheme resizes and cuts. The subset is the one
    ``load_dataset(name, split, size, per_class, seed)`` draws, so it matches the validation
    set of a training run. One tensor (N, C, H, W) when all images have one size, else a list.
    """
    from torchvision.transforms import functional as TF

    from .data import dataset_info, load_dataset, load_image

    subset = load_dataset(name, split, per_class=per_class, seed=seed)
    base = subset.dataset
    if not hasattr(base, "samples"):
        raise ValueError(f"{name} is not an image-folder dataset; crop schemes need its files")
    info = dataset_info(name)
    images, labels = [], []
    for i in subset.indices:
        path, label = base.samples[i]
        x = TF.to_tensor(load_image(path, "RGB", dataset=info.name))
        images.append(TF.normalize(x, list(info.mean), list(info.std)))
        labels.append(label)
    same = len({tuple(x.shape) for x in images}) == 1
    return (torch.stack(images) if same else images), torch.tensor(labels)


# --- predictions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    """Averaged class probabilities on a set of images and what they cost per image.

    ``passes``: forward passes per image (crops × models); ``macs``: conv + linear MACs per
    image; ``distinct_passes``: passes actually run per image (identical crops run once).
    """

    probs: Tensor
    passes: int
    macs: int
    distinct_passes: float

    def top1(self, labels: Tensor) -> float:
        """Fraction of images whose most probable class is the label."""
        return (self.probs.argmax(1) == labels.to(self.probs.device)).float().mean().item()

    def nll(self, labels: Tensor) -> float:
        """Mean negative log-probability of the true class (lower is better)."""
        p = self.probs.gather(1, labels.to(self.probs.device)[:, None]).clamp_min(1e-12)
        return -p.log().mean().item()


ImageBatch = Tensor | Sequence[Tensor]


def _groups(images: ImageBatch) -> list[tuple[list[int], Tensor]]:
    """Images grouped by (H, W): a 4-D tensor is one group; a list may mix sizes."""
    if isinstance(images, Tensor):
        if images.ndim != 4:
            raise ValueError(f"expected (N, C, H, W) images, got {tuple(images.shape)}")
        return [(list(range(len(images))), images)]
    by_shape: dict[tuple[int, ...], list[int]] = {}
    for i, img in enumerate(images):
        by_shape.setdefault(tuple(img.shape), []).append(i)
    return [(idx, torch.stack([images[i] for i in idx])) for idx in by_shape.values()]


@torch.no_grad()
def predict(
    model: nn.Module,
    images: ImageBatch,
    scheme: str | CropScheme = "1 crop",
    size: int | None = None,
    batch_size: int = 256,
    device: str | torch.device = "auto",
    macs: int | None = None,
    progress: bool | None = None,
    amp: bool | None = None,
) -> Prediction:
    """Softmax probabilities of ``model`` averaged over the crops of ``scheme`` for every image.

    ``scheme`` names one of :data:`SCHEMES` or is a function (height, width, size) → crops;
    ``size`` is the crop size (default: the images' shorter side). ``macs`` (per forward pass)
    defaults to ``count_macs(model, (C, size, size))``. Runs in eval mode, restores the mode.
    A progress bar counts images (``progress=None``: on unless quiet, see
    :func:`~inception_edu.settings.show_progress`). On CUDA the forward passes run in bf16
    autocast on channels_last batches, as :func:`~inception_edu.train.evaluate` does
    (``amp=False``: fp32); probabilities are computed in fp32.
    """
    from tqdm.auto import tqdm

    fn = SCHEMES[scheme] if isinstance(scheme, str) else scheme
    groups = _groups(images)
    n = sum(len(idx) for idx, _ in groups)
    channels = groups[0][1].shape[1]
    size = size or min(groups[0][1].shape[-2:])
    dev = select_device(device)
    gpu = gpu_defaults(dev)
    use_amp = gpu and bf16_native(dev) if amp is None else amp
    was_training = model.training
    model.eval()
    probs: Tensor | None = None
    passes, distinct_total = None, 0
    label = scheme if isinstance(scheme, str) else getattr(scheme, "__name__", "crops")
    bar = tqdm(total=n, desc=f"predict ({label})", unit="img", leave=False,
               disable=not show_progress(progress))  # fmt: skip
    for idx, batch in groups:
        crops = fn(batch.shape[-2], batch.shape[-1], size)
        if passes is None:
            passes = len(crops)
        elif len(crops) != passes:
            raise ValueError("the scheme gave different crop counts for different image sizes")
        counts = Counter(crops)
        unique = list(counts)
        weights = torch.tensor([counts[c] for c in unique], dtype=torch.float32)
        weights = (weights / weights.sum()).to(dev)
        distinct_total += len(unique) * len(idx)
        per_chunk = max(1, batch_size // len(unique))
        for start in range(0, len(idx), per_chunk):
            chunk = extract_crops(batch[start : start + per_chunk], unique)  # (n, U, C, s, s)
            flat = chunk.flatten(0, 1)
            outs = []
            for b in range(0, len(flat), batch_size):
                x = flat[b : b + batch_size].to(dev)
                if gpu:
                    x = x.contiguous(memory_format=torch.channels_last)
                with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=use_amp):
                    logits = main_logits(model(x))
                outs.append(logits.float().softmax(1))
            p = torch.cat(outs).view(chunk.shape[0], len(unique), -1)
            averaged = (p * weights[None, :, None]).sum(1)
            if probs is None:
                probs = torch.zeros(n, averaged.shape[1], device=dev)
            probs[idx[start : start + per_chunk]] = averaged
            bar.update(chunk.shape[0])
    bar.close()
    model.train(was_training)
    assert probs is not None and passes is not None
    per_pass = macs if macs is not None else count_macs(model, (channels, size, size))
    return Prediction(probs.cpu(), passes, passes * per_pass, distinct_total / n)


def ensemble(predictions: Sequence[Prediction]) -> Prediction:
    """Average several models' predictions (1409.4842 §7: softmax averaged over crops and
    models); the costs add up. With the same crops for every model this is the plain mean over
    all (model, crop) pairs."""
    if not predictions:
        raise ValueError("an ensemble needs at least one prediction")
    probs = torch.stack([p.probs for p in predictions]).mean(0)
    return Prediction(
        probs,
        sum(p.passes for p in predictions),
        sum(p.macs for p in predictions),
        sum(p.distinct_passes for p in predictions),
    )


def evaluation_cost(crops: int, macs_per_model: Sequence[int]) -> dict[str, int]:
    """Forward passes and MACs per image of ``crops`` crops through every model listed."""
    check_int("crops", crops)
    return {"passes": crops * len(macs_per_model), "macs": crops * sum(macs_per_model)}


# --- tables for the bubble chart -----------------------------------------------------------


def measured_row(
    name: str, model: nn.Module, image_size: int, top1: float, in_channels: int = 3
) -> dict[str, float | int | str]:
    """One row of our own bubble chart: params counted, MACs counted at ``image_size``."""
    return {
        "model": name,
        "params": count_params(model),
        "macs": count_macs(model, (in_channels, image_size, image_size)),
        "top1": top1,
    }


@dataclass(frozen=True)
class PaperResult:
    """A single-crop ImageNet result from a paper, beside our count of that network."""

    title: str
    model: str  # registry name of the full-size build we count
    image_size: int  # the side of the images the paper fed the network
    params: int  # count_params(build_model(model)), 1000 classes, no aux head
    macs: int  # count_macs at image_size (conv + linear weights)
    published: Reported  # the paper's numbers, from :mod:`~inception_edu.published`
    source: str

    @property
    def top1_error(self) -> float:
        """% (single crop, validation)."""
        if self.published.top1 is None:
            raise ValueError(f"{self.title}: {self.published.source} gives no top-1 error")
        return self.published.top1

    @property
    def top5_error(self) -> float:
        return self.published.top5


PAPER_IMAGENET: tuple[PaperResult, ...] = (
    PaperResult(
        "GoogLeNet", "googlenet", 224, 6_998_552, 1_582_671_872,
        reported("GoogLeNet", paper="1512.00567"),
        "1512.00567 Table 3 (GoogLeNet re-measured, single crop)",
    ),
    PaperResult(
        "Inception-v3", "inception_v3", 299, 23_834_568, 5_713_216_096,
        reported("Inception-v3"), "1512.00567 Table 3 (single crop)",
    ),
    PaperResult(
        "Inception-v4", "inception_v4", 299, 42_679_816, 12_253_974_624,
        reported("Inception-v4"), "1602.07261 Table 2 (single crop)",
    ),
    PaperResult(
        "Inception-ResNet-v2", "inception_resnet_v2", 299, 55_843_464, 13_155_794_016,
        reported("Inception-ResNet-v2"), "1602.07261 Table 2 (single crop)",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Table3Row:
    """A row of GoogLeNet's Table 3 (1409.4842, ILSVRC 2014 validation, top-5 error %)."""

    models: int
    crops: int
    top5_error: float

    @property
    def passes(self) -> int:
        return self.models * self.crops


GOOGLENET_TABLE3: tuple[Table3Row, ...] = tuple(
    Table3Row(r.models, int(r.crops), r.top5)
    for r in PUBLISHED
    if r.network == "GoogLeNet" and r.paper == "1409.4842"
)

_V4_ENSEMBLE = reported("Inception-v4 + 3 × Inception-ResNet-v2", 4, "144")
V4_BEST_ENSEMBLE = {
    "members": "1 × Inception-v4 + 3 × Inception-ResNet-v2",
    "crops": int(_V4_ENSEMBLE.crops),
    "top5_error_test": _V4_ENSEMBLE.top5,
    "source": "1602.07261 abstract (ILSVRC test set)",
}


# --- a crop scheme, piece by piece (lecture 11's explorer) ----------------------------------

GOOGLENET_MACS = PAPER_IMAGENET[0].macs  # our count of the paper's GoogLeNet at 224×224


@dataclass(frozen=True)
class CropCount:
    """The crops of a GoogLeNet-style scheme on one image and their cost (:func:`crop_scheme`)."""

    scales: int
    squares: int
    per_square: int  # 4 corners + center + the whole square, as chosen
    mirrors: int  # 1 or 2
    crops: int  # len(boxes): counted from the generated list, not from the formula
    distinct: int  # crops that differ (on a square image the squares coincide)
    models: int
    passes: int  # crops × models
    macs: int  # passes × the MACs of one pass
    formula: str  # e.g. "4 × 3 × 6 × 2 = 144"
    boxes: list[Crop]


def crop_scheme(
    scales: int = 4,
    squares: int = 3,
    corners: int = 1,
    center: int = 1,
    whole: int = 1,
    mirror: int = 1,
    models: int = 1,
    height: int = 256,
    width: int = 341,
    size: int = PAPER_CROP,
    macs_per_pass: int = GOOGLENET_MACS,
) -> CropCount:
    """GoogLeNet's multi-crop scheme (1409.4842 §7) with its pieces switched on or off.

    ``scales``: how many of the paper's shorter sides 256, 288, 320, 352 (scaled to ``size``);
    ``squares``: 1–3 squares along the longer side; ``corners``/``center``/``whole``/``mirror``:
    0 or 1. The defaults are the paper's 144 crops on a 4:3 image through one GoogLeNet.
    """

    check_int("scales", scales, 1, len(PAPER_SCALES))
    check_int("squares", squares, 1, 3)
    for name, flag in (("corners", corners), ("center", center), ("whole", whole)):
        check_int(name, flag, 0, 1)
    check_int("mirror", mirror, 0, 1)
    check_int("models", models, 1, 1000)
    if not (corners or center or whole):
        raise ValueError("a square needs at least one crop: corners, center or whole")
    shorter = working_scales(size)[:scales]
    boxes = multi_crop(
        height, width, size, shorter, squares, bool(corners), bool(center), bool(whole),
        bool(mirror),
    )  # fmt: skip
    per_square = 4 * corners + center + whole
    mirrors = 2 if mirror else 1
    return CropCount(
        scales=scales,
        squares=squares,
        per_square=per_square,
        mirrors=mirrors,
        crops=len(boxes),
        distinct=distinct(boxes),
        models=models,
        passes=len(boxes) * models,
        macs=len(boxes) * models * macs_per_pass,
        formula=f"{scales} × {squares} × {per_square} × {mirrors} = {len(boxes)}",
        boxes=boxes,
    )


__all__ = [
    "CropCount",
    "GOOGLENET_MACS",
    "GOOGLENET_TABLE3",
    "crop_scheme",
    "PAPER_CROP",
    "PAPER_IMAGENET",
    "as_stored",
    "PAPER_SCALES",
    "SCHEMES",
    "V4_BEST_ENSEMBLE",
    "Crop",
    "PaperResult",
    "Prediction",
    "Table3Row",
    "center_crop",
    "distinct",
    "ensemble",
    "evaluation_cost",
    "extract_crops",
    "googlenet_144",
    "measured_row",
    "multi_crop",
    "predict",
    "scaled_shape",
    "source_images",
    "ten_crop",
    "window_offsets",
    "working_scales",
]

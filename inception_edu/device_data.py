"""Decode once, keep the images on the device, augment there: :class:`DeviceImages`.

A PIL pipeline decodes, crops and flips every JPEG again in every epoch, on the host's CPU
cores. ``DeviceImages`` decodes a split once into one uint8 tensor ``(N, C, S, S)`` — all of
Imagenette's 9,469 training images at S = 146 take 605 MB — keeps it on the device, and builds
every batch there. Measured on the course's 2-core CPU machine only (``benchmarks/data_path.py``,
results/README.md): 2.6× the PIL pipeline's images/s with one loader worker, at 128 px. What it
gains on a GPU is not measured (no GPU run is recorded). The batches:

* **random-resized crop + horizontal flip** (Imagenette; torchvision's ``RandomResizedCrop``
  with ``scale=(0.35, 1)``, ratio 3/4–4/3) as one ``affine_grid`` + ``grid_sample`` call for
  the whole batch, bilinear; each image gets its own box and flip;
* **pad-and-shift + flip** (Fashion-MNIST, CIFAR-10;
  ``RandomCrop(image_size, padding=image_size // 8)``), nearest-neighbour, so it moves whole
  pixels exactly as the PIL pipeline does;
* no augmentation: the stored image is already the validation view (resize to 8/7 of the side,
  centre crop), and ``batch(..., augment=False)`` equals ``build_transform``'s output bit for bit.

The random draws of a batch come from a CPU generator seeded by the caller (``fit`` passes
seed and step), so the boxes and flips drawn do not depend on the device and a resumed run
replays the exact crops.
Differences from the PIL pipeline, by design: crops are taken from the stored image (146 px
for 128-px training) rather than the full-resolution file, and a box that would not fit is
clamped to the image instead of being redrawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import torch
from torch import Tensor
from torch.nn import functional as F
from torch.utils.data import Dataset

from .data import Split, dataset_info, decode_transform, load_dataset, preload

Crop = Literal["resized", "shift", "none"]


class DeviceImages(Dataset):
    """Uint8 images and labels held on one device; batches are augmented and normalised there.

    ``images`` is ``(N, C, S, S)`` uint8 with S ≥ ``image_size``; batches are ``image_size``
    square, float32, normalised with ``mean``/``std``; ``rgb=True`` repeats a grey channel three
    times at batch time (the store keeps one). ``crop`` picks the augmentation (module
    docstring); ``scale``/``ratio`` are the random-resized crop's ranges, ``padding`` the shift's.
    """

    def __init__(
        self,
        images: Tensor,
        labels: Tensor | Sequence[int],
        *,
        image_size: int,
        mean: Sequence[float],
        std: Sequence[float],
        crop: Crop = "resized",
        scale: tuple[float, float] = (0.35, 1.0),
        ratio: tuple[float, float] = (3 / 4, 4 / 3),
        padding: int | None = None,
        flip: bool = True,
        rgb: bool = False,
        classes: Sequence[str] = (),
        name: str = "images",
    ) -> None:
        if images.dtype != torch.uint8 or images.ndim != 4 or images.shape[-1] != images.shape[-2]:
            raise ValueError(
                "images must be a uint8 tensor (N, C, S, S) of square images, got "
                f"{images.dtype} {tuple(images.shape)}"
            )
        labels = torch.as_tensor(labels, dtype=torch.long)
        if labels.shape != (images.shape[0],):
            raise ValueError(f"{images.shape[0]} images but labels of shape {tuple(labels.shape)}")
        if not 8 <= image_size <= images.shape[-1]:
            raise ValueError(
                f"image_size must be between 8 and the stored side {images.shape[-1]}, "
                f"got {image_size}"
            )
        if crop not in ("resized", "shift", "none"):
            raise ValueError(f"crop must be 'resized', 'shift' or 'none', got {crop!r}")
        if not 0 < scale[0] <= scale[1] <= 1 or not 0 < ratio[0] <= ratio[1]:
            raise ValueError(f"bad scale {scale} or ratio {ratio}")
        channels = images.shape[1] * (3 if rgb and images.shape[1] == 1 else 1)
        if len(mean) == 1 and channels == 3:
            mean, std = tuple(mean) * 3, tuple(std) * 3
        if len(mean) != channels or len(std) != channels:
            raise ValueError(f"mean/std have {len(mean)}/{len(std)} values for {channels} channels")
        self.images, self.labels = images, labels.to(images.device)
        self.image_size, self.crop, self.scale, self.ratio = image_size, crop, scale, ratio
        self.padding = image_size // 8 if padding is None else padding
        self.flip, self.rgb, self.name = flip, rgb, name
        self.classes = list(classes)
        self.mean = torch.tensor(mean, dtype=torch.float32, device=images.device).view(-1, 1, 1)
        self.std = torch.tensor(std, dtype=torch.float32, device=images.device).view(-1, 1, 1)

    # --- building -------------------------------------------------------------------------------

    @classmethod
    def from_dataset(
        cls,
        name: str,
        split: Split = "train",
        image_size: int | None = None,
        per_class: int | None = None,
        seed: int = 0,
        augment: bool | None = None,
        rgb: bool | None = None,
        device: str | torch.device = "cpu",
        stored_size: int | None = None,
        root: str | Path | None = None,
        num_workers: int | None = None,
        progress: bool | None = None,
    ) -> DeviceImages:
        """Decode a split of a course dataset once (a progress bar shows it) and keep it.

        Same arguments and subset as :func:`~inception_edu.data.load_dataset`. An augmented
        split is stored at ``stored_size``, by default the side of the validation view
        (``round(image_size · eval_resize)``: 8/7 of it for Imagenette) so random crops can see
        the whole view the validation crop comes from; a validation split is stored as that
        crop, ``image_size`` square.
        """
        info = dataset_info(name)
        image_size = image_size or info.native_size
        augment = split == "train" if augment is None else augment
        rgb = info.channels == 3 if rgb is None else rgb
        view = round(image_size * info.eval_resize)  # the validation view's side before its crop
        if augment:  # random crops may take the whole view (or a larger store)
            crop: Crop = info.train_crop
            transform = decode_transform(name, stored_size or view)
        else:  # the validation view itself: resize, centre crop
            crop = "none"
            transform = decode_transform(name, view, crop_size=image_size)
        subset = load_dataset(
            name, split, image_size, per_class, seed, root=root, transform=transform
        )
        decoded = preload(subset, num_workers=num_workers, progress=progress,
                          desc=f"decoding {info.name} {split}")  # fmt: skip
        images, labels = decoded.tensors
        return cls(
            images.to(device),
            labels,
            image_size=image_size,
            mean=info.mean,
            std=info.std,
            crop=crop,
            rgb=rgb,
            classes=info.classes,
            name=f"{info.name} {split}",
        )

    def to(self, device: str | torch.device) -> DeviceImages:
        """The same images on ``device`` (``self`` if they are already there)."""
        device = torch.device(device)
        if self.images.device == device or (
            device.index is None and self.images.device.type == device.type
        ):
            return self
        moved = object.__new__(DeviceImages)
        moved.__dict__.update(self.__dict__)
        for key in ("images", "labels", "mean", "std"):
            setattr(moved, key, getattr(self, key).to(device))
        return moved

    # --- the dataset ------------------------------------------------------------------------------

    @property
    def device(self) -> torch.device:
        return self.images.device

    @property
    def targets(self) -> list[int]:
        return self.labels.tolist()

    @property
    def nbytes(self) -> int:
        return self.images.numel() * self.images.element_size()

    @property
    def augment(self) -> bool:
        return self.crop != "none"

    def __len__(self) -> int:
        return self.images.shape[0]

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        """One image (random augmentation from torch's global RNG), for plain DataLoaders."""
        seed = int(torch.randint(0, 2**62, ())) if self.augment else None
        x, y = self.batch([index], seed=seed)
        return x[0], y[0]

    def __repr__(self) -> str:
        n, c, s, _ = self.images.shape
        views = {"resized": "random-resized crop", "shift": "pad-and-shift", "none": "centre"}
        flip = " + flip" if self.flip and self.augment else ""
        return (
            f"DeviceImages({self.name}: {n:,} images {c}×{s}×{s} uint8 on {self.device}, "
            f"{_size(self.nbytes)}; batches {self.image_size} px, "
            f"{views[self.crop]}{flip})"
        )

    # --- batches ----------------------------------------------------------------------------------

    def batch(
        self, indices: Sequence[int] | Tensor, seed: int | None = None, augment: bool | None = None
    ) -> tuple[Tensor, Tensor]:
        """Images ``indices`` as a normalised float batch on the device, and their labels.

        With augmentation on (the default for a training store), ``seed`` fixes every random
        draw of this batch; ``augment=False`` gives the deterministic centre view.
        """
        idx = _upload(torch.as_tensor(indices, dtype=torch.long), self.device)
        x = self.images.index_select(0, idx).float()
        augment = self.augment if augment is None else augment
        if augment and self.crop != "none":
            g = torch.Generator().manual_seed(0 if seed is None else seed)
            x = self._augment(x, g)
        else:
            x = _centre(x, self.image_size)
        if self.rgb and x.shape[1] == 1:
            x = x.expand(-1, 3, -1, -1)
        x = x.div(255).sub(self.mean).div(self.std)  # = ToTensor() then Normalize(), bit for bit
        return x, self.labels.index_select(0, idx)

    def _augment(self, x: Tensor, g: torch.Generator) -> Tensor:
        n, s, out = x.shape[0], x.shape[-1], self.image_size
        theta = torch.zeros(n, 2, 3)
        sign = torch.ones(n)
        if self.flip:
            sign = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)
        if self.crop == "resized":
            # box side as a fraction of the stored side; normalised coordinates span [-1, 1]
            area = torch.empty(n).uniform_(*self.scale, generator=g)
            log_r = torch.empty(n).uniform_(math.log(self.ratio[0]), math.log(self.ratio[1]),
                                            generator=g)  # fmt: skip
            w = (area * log_r.exp()).sqrt().clamp(max=1.0)
            h = (area / log_r.exp()).sqrt().clamp(max=1.0)
            cx = (torch.rand(n, generator=g) * 2 - 1) * (1 - w)
            cy = (torch.rand(n, generator=g) * 2 - 1) * (1 - h)
            theta[:, 0, 0], theta[:, 0, 2] = w * sign, cx
            theta[:, 1, 1], theta[:, 1, 2] = h, cy
            mode, pad_mode = "bilinear", "border"
        else:
            # shift by whole pixels in [-padding, padding], zeros outside (RandomCrop's padding)
            if s != out:
                x, s = _centre(x, out), out
            shift = torch.randint(-self.padding, self.padding + 1, (n, 2), generator=g).float()
            theta[:, 0, 0], theta[:, 1, 1] = sign, 1.0
            theta[:, :, 2] = shift * 2 / s
            mode, pad_mode = "nearest", "zeros"
        grid = F.affine_grid(_upload(theta, x.device), [n, x.shape[1], out, out],
                             align_corners=False)  # fmt: skip
        return F.grid_sample(x, grid, mode=mode, padding_mode=pad_mode, align_corners=False)


def _upload(t: Tensor, device: torch.device) -> Tensor:
    """Host → device without stalling: a plain copy from pageable memory makes the host wait
    for the GPU's queue to drain every step; from pinned memory it is queued like a kernel."""
    if t.device == device:
        return t
    if device.type == "cuda":
        return t.pin_memory().to(device, non_blocking=True)
    return t.to(device)


def _size(nbytes: int) -> str:
    return f"{nbytes / 1e6:.0f} MB" if nbytes >= 10e6 else f"{nbytes / 1e3:.0f} kB"


def _centre(x: Tensor, size: int) -> Tensor:
    top = int(round((x.shape[-1] - size) / 2.0))  # as torchvision's CenterCrop rounds
    return x[..., top : top + size, top : top + size]


__all__ = ["DeviceImages"]

"""DeviceImages: decoded once, augmented on the device — and equal to the PIL pipeline where it
claims to be."""

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from inception_edu.data import load_dataset
from inception_edu.device_data import DeviceImages
from inception_edu.train import evaluate, fit

from .helpers import toy_net

GREY = {"mean": (0.5,), "std": (0.25,)}


def stack(dataset) -> tuple[torch.Tensor, torch.Tensor]:
    xs, ys = zip(*(dataset[i] for i in range(len(dataset))), strict=True)
    return torch.stack(xs), torch.tensor(ys)


@pytest.mark.parametrize(
    ("name", "size", "rgb"), [("imagenette", 64, None), ("fashion_mnist", 32, True)]
)
def test_validation_batches_equal_the_pil_pipeline_bit_for_bit(name, size, rgb, require_data):
    require_data(name)
    store = DeviceImages.from_dataset(name, "val", size, per_class=2, rgb=rgb, progress=False)
    x, y = store.batch(range(len(store)))
    ref_x, ref_y = stack(load_dataset(name, "val", size, per_class=2, rgb=rgb))
    assert x.shape == ref_x.shape == (20, 3, size, size)
    assert torch.equal(x, ref_x) and torch.equal(y, ref_y)
    assert store.targets == ref_y.tolist()


def test_augmented_imagenette_is_stored_at_eight_sevenths_and_batches_at_size(require_data):
    require_data("imagenette")
    store = DeviceImages.from_dataset("imagenette", "train", 64, per_class=1, progress=False)
    assert store.images.shape == (10, 3, 73, 73) and store.crop == "resized"
    x, _ = store.batch(range(10), seed=0)
    assert x.shape == (10, 3, 64, 64) and torch.isfinite(x).all()
    centre, _ = store.batch(range(10), augment=False)
    assert centre.shape == (10, 3, 64, 64) and not torch.equal(x, centre)
    assert "10 images 3×73×73 uint8 on cpu" in repr(store) and "random-resized crop" in repr(store)


def columns(n: int, side: int) -> torch.Tensor:
    """Images whose value is the column index: a crop's slope says its width and direction."""
    row = torch.arange(side, dtype=torch.uint8)
    return row.expand(n, 1, side, side).clone()


def test_random_resized_crop_boxes_have_the_stated_widths_and_flips():
    side, out = 200, 100
    store = DeviceImages(columns(256, side), torch.zeros(256), image_size=out, **GREY)
    x, _ = store.batch(range(256), seed=7)
    pixels = x * 0.25 + 0.5  # undo the normalisation: back to value/255
    slope = (pixels[:, 0, 50, -1] - pixels[:, 0, 50, 0]) * 255 / (out - 1)  # stored px per px
    width = slope.abs() * out / side  # the box side as a fraction of the stored side
    lo = (0.35 * 3 / 4) ** 0.5  # smallest area at the narrowest aspect ratio
    assert width.min() >= lo - 0.01 and width.max() <= 1.0 + 1e-4
    assert width.min() < 0.6 and width.max() > 0.95  # the range is used, not one fixed box
    flipped = (slope < 0).float().mean()
    assert 0.35 < flipped < 0.65
    assert pixels.min() >= -1e-6 and pixels.max() <= (side - 1) / 255 + 1e-6  # inside the image


def test_full_box_without_flip_is_the_identity():
    images = torch.randint(0, 256, (4, 3, 32, 32), dtype=torch.uint8)
    store = DeviceImages(images, torch.arange(4), image_size=32, mean=(0,) * 3, std=(1,) * 3,
                         scale=(1.0, 1.0), ratio=(1.0, 1.0), flip=False)  # fmt: skip
    x, y = store.batch(range(4), seed=3)
    assert torch.allclose(x * 255, images.float(), atol=1e-3) and y.tolist() == [0, 1, 2, 3]


def test_shift_augmentation_moves_whole_pixels_with_zero_fill():
    images = torch.randint(1, 256, (64, 1, 16, 16), dtype=torch.uint8)  # no zeros inside
    store = DeviceImages(images, torch.zeros(64), image_size=16, crop="shift", padding=2,
                         mean=(0.0,), std=(1 / 255,))  # fmt: skip
    x, _ = store.batch(range(64), seed=11)
    padded = nn.functional.pad(images.float(), (2, 2, 2, 2))
    seen = set()
    for i in range(64):
        matches = [
            (dy, dx, flip)
            for dy in range(5)
            for dx in range(5)
            for flip in (False, True)
            if torch.equal(
                x[i, 0].round(),  # /255 then ×255 (the std) leaves float rounding to remove
                (padded[i, 0].flip(-1) if flip else padded[i, 0])[dy : dy + 16, dx : dx + 16],
            )
        ]
        assert len(matches) == 1, f"image {i} is not one whole-pixel shift of its original"
        seen.add(matches[0])
    assert len(seen) > 20  # shifts and flips both vary


def test_batches_are_a_function_of_the_seed():
    store = DeviceImages(columns(8, 40), torch.arange(8) % 2, image_size=32, **GREY)
    a, ya = store.batch([3, 1, 4], seed=5)
    b, _ = store.batch([3, 1, 4], seed=5)
    c, _ = store.batch([3, 1, 4], seed=6)
    assert torch.equal(a, b) and not torch.equal(a, c) and ya.tolist() == [1, 1, 0]
    assert store.to("cpu") is store


def test_bad_inputs_are_refused_with_the_reason():
    good = torch.zeros(2, 3, 32, 32, dtype=torch.uint8)
    rgb = {"mean": (0,) * 3, "std": (1,) * 3}
    with pytest.raises(ValueError, match="uint8"):
        DeviceImages(good.float(), [0, 1], image_size=32, **rgb)
    with pytest.raises(ValueError, match="labels"):
        DeviceImages(good, [0, 1, 2], image_size=32, **rgb)
    with pytest.raises(ValueError, match="stored side 32"):
        DeviceImages(good, [0, 1], image_size=40, **rgb)
    with pytest.raises(ValueError, match="crop must be"):
        DeviceImages(good, [0, 1], image_size=32, crop="random", **rgb)
    with pytest.raises(ValueError, match="3 channels"):
        DeviceImages(good, [0, 1], image_size=32, mean=(0, 0), std=(1, 1))


def bright_or_dark(n: int, seed: int) -> DeviceImages:
    """A learnable toy task: class 1 images are brighter."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, 2, (n,), generator=g)
    base = torch.randint(0, 128, (n, 3, 20, 20), generator=g) + 100 * labels.view(-1, 1, 1, 1)
    return DeviceImages(base.clamp(0, 255).to(torch.uint8), labels, image_size=16,
                        mean=(0.5,) * 3, std=(0.25,) * 3)  # fmt: skip


def test_fit_trains_on_device_images_and_evaluates_their_centre_view():
    train, val = bright_or_dark(256, 0), bright_or_dark(64, 1)
    model = toy_net()
    history = fit(model, train, val, epochs=4, batch_size=32, lr=0.05, progress=False)
    assert history.final["val_acc"] > 0.8
    x, y = val.batch(range(len(val)), augment=False)
    assert evaluate(model, val, batch_size=16) == evaluate(model, TensorDataset(x, y), 16)


def test_device_images_resume_replays_the_same_crops(tmp_path):
    train = bright_or_dark(96, 0)
    whole = toy_net()
    fit(whole, train, epochs=2, batch_size=16, seed=4, progress=False)
    parted, ckpt = toy_net(), tmp_path / "run.pt"
    first = fit(parted, train, epochs=2, batch_size=16, seed=4, progress=False, checkpoint=ckpt,
                max_steps=8)  # fmt: skip
    assert first.stopped and "max_steps" in first.stopped  # stopped in epoch 2 (6 steps/epoch)
    resumed = toy_net()
    fit(resumed, train, epochs=2, batch_size=16, seed=4, progress=False, checkpoint=ckpt)
    assert all(torch.equal(v, resumed.state_dict()[k]) for k, v in whole.state_dict().items())


def test_getitem_serves_plain_dataloaders():
    store = bright_or_dark(10, 2)
    x, y = next(iter(DataLoader(store, batch_size=4)))
    assert x.shape == (4, 3, 16, 16) and y.shape == (4,)

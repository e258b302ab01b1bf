"""The data path alone: decoding JPEGs every epoch vs decoding once into DeviceImages.

    python benchmarks/data_path.py [--device cuda] [--size 128] [--per-class 100] [--workers 8]

Times one epoch of training batches (random-resized crop, flip, normalise) without a model:
(1) the PIL pipeline through DataLoader workers, moved to the device, and (2) ``DeviceImages``
batches built on the device, after a one-off decode whose cost is printed too. The ratio says
how much faster the data path is; the break-even says after how many epochs the one-off decode
has paid for itself. A GPU at 128 px trains an Inception net at thousands of images/s, so the
data path must be well above that not to be the bottleneck.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import torch

from inception_edu.data import default_num_workers, load_dataset, make_loader
from inception_edu.device_data import DeviceImages
from inception_edu.timing import synchronize
from inception_edu.train import EpochSampler, select_device


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--per-class", type=int, default=50, help="0: all 9,469 images")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--workers", type=int, default=default_num_workers())
    args = parser.parse_args()
    device = select_device(args.device)
    per_class = args.per_class or None

    subset = load_dataset("imagenette", "train", args.size, per_class, augment=True)
    loader = make_loader(subset, args.batch, shuffle=True, num_workers=args.workers)
    start = time.perf_counter()
    for x, _ in loader:
        x.to(device, non_blocking=True)
    synchronize(device)
    streaming = len(subset) / (time.perf_counter() - start)

    start = time.perf_counter()
    store = DeviceImages.from_dataset("imagenette", "train", args.size, per_class, device=device,
                                      num_workers=args.workers, progress=False)  # fmt: skip
    decode = time.perf_counter() - start
    order = list(EpochSampler(len(store), seed=0))
    synchronize(device)
    start = time.perf_counter()
    for step, i in enumerate(range(0, len(order), args.batch)):
        store.batch(order[i : i + args.batch], seed=step)
    synchronize(device)
    on_device = len(store) / (time.perf_counter() - start)

    epoch_streaming = len(subset) / streaming
    epoch_device = len(store) / on_device
    break_even = decode / max(epoch_streaming - epoch_device, 1e-9)
    print(f"{date.today()} · {device} · torch {torch.__version__} · Imagenette {args.size} px, "
          f"{len(subset)} images, batch {args.batch}, {args.workers} loader workers\n")  # fmt: skip
    print(f"PIL pipeline, DataLoader:   {streaming:10.0f} images/s")
    print(f"DeviceImages batches:       {on_device:10.0f} images/s  ({on_device / streaming:.1f}×)")
    print(f"one-off decode:             {decode:10.1f} s  (repaid after {break_even:.1f} epochs)")


if __name__ == "__main__":
    main()

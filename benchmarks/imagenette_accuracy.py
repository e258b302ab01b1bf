"""Accuracy the family reaches on Imagenette for a stated budget, trained from scratch.

    python benchmarks/imagenette_accuracy.py --device cuda --size 128 --epochs 20 \\
        --models googlenet_small inception_v3_small ... [--per-class N]

Prints one markdown row per model (device, budget, params, MACs, top-1, wall time) for
``results/`` — the images are decoded once (``data.preload``) so epochs cost no JPEG decoding.
Without a GPU, run a CPU-sized budget (the defaults) and say so next to the numbers.
"""

from __future__ import annotations

import argparse
import inspect
import platform
import time
from datetime import date

import torch

from inception_edu import MODELS, build_model, count_macs, count_params
from inception_edu.data import load_dataset, preload
from inception_edu.train import fit, select_device


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument(
        "--per-class", type=int, default=60, help="train images per class (0: all of them)"
    )
    parser.add_argument("--val-per-class", type=int, default=30, help="0: the whole val split")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument(
        "--models",
        nargs="*",
        default=["googlenet_small", "inception_v3_small"],
    )
    args = parser.parse_args()
    device = select_device(args.device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor()
    train = load_dataset("imagenette", "train", args.size, args.per_class or None, augment=True)
    val = preload(load_dataset("imagenette", "val", args.size, args.val_per_class or None))
    print(f"{date.today()} · {device.type} ({name or 'CPU'}) · torch {torch.__version__} · "
          f"Imagenette {args.size} px, {len(train)} train / {len(val)} val images, "
          f"{args.epochs} epochs, batch {args.batch}, SGD+cosine lr {args.lr}\n")  # fmt: skip
    print("| model | params | MACs/image | top-1 (val) | wall time |")
    print("|---|---:|---:|---:|---:|")
    for model_name in args.models:
        sized = "image_size" in inspect.signature(MODELS[model_name].builder).parameters
        options = {"image_size": args.size} if sized else {}
        model = build_model(model_name, num_classes=10, **options)
        params, macs = count_params(model), count_macs(model, (3, args.size, args.size))
        start = time.perf_counter()
        history = fit(model, train, val, epochs=args.epochs, batch_size=args.batch, lr=args.lr,
                      device=str(device), progress=False)  # fmt: skip
        wall = time.perf_counter() - start
        print(f"| {model_name} | {params:,} | {macs:,} | {history.final['val_acc']:.1%} | "
              f"{wall:.0f} s |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

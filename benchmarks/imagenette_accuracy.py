"""Accuracy the family reaches on Imagenette for a stated budget, trained from scratch.

    python benchmarks/imagenette_accuracy.py --device cuda --size 128 --per-class 0 \\
        --val-per-class 0 --epochs 20 --batch 128 --compile max-autotune \\
        --models googlenet_small inception_v3_small inception_v4_small inception_resnet_v2_small

Prints one markdown row per model (params, MACs, top-1, wall time) under a header naming the
device, budget and recipe, for ``results/``. The images are decoded once into
``DeviceImages`` and kept on the training device; crops and flips happen there, so epochs cost
no JPEG decoding (the decoding time is printed separately). Without a GPU the defaults are the
CPU budget of ``results/README.md``: Inception-ResNet-v2's small variant at 96 px on all 9,469
training images, 5 epochs, AdamW, channels_last (add ``--lr 4e-3``, the rate recorded there) —
about five minutes on 2 cores. To
carry Imagenette to a GPU machine, ``python -m inception_edu data shrink DIR`` writes a ≈51 MB
copy at 146 px (8/7 of 128).
"""

from __future__ import annotations

import argparse
import inspect
import platform
import time
from datetime import date

import torch

from inception_edu import MODELS, build_model, count_macs, count_params
from inception_edu.device_data import DeviceImages
from inception_edu.train import RECIPES, fit, select_device


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--size", type=int, default=96)
    parser.add_argument(
        "--per-class", type=int, default=0, help="train images per class (0: all of them)"
    )
    parser.add_argument("--val-per-class", type=int, default=50, help="0: the whole val split")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--channels-last",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="channels_last memory format (default on: 1.3× on the CPU here, and CUDA's default)",
    )
    parser.add_argument("--recipe", default="subset_adamw", choices=list(RECIPES))
    parser.add_argument("--lr", type=float, help="override the recipe's learning rate")
    parser.add_argument("--compile", nargs="?", const=True, default=False, metavar="MODE")
    parser.add_argument(
        "--models",
        nargs="*",
        default=["inception_resnet_v2_small"],
    )
    args = parser.parse_args()
    device = select_device(args.device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor()
    start = time.perf_counter()
    train = DeviceImages.from_dataset("imagenette", "train", args.size, args.per_class or None,
                                      device=device)  # fmt: skip
    val = DeviceImages.from_dataset("imagenette", "val", args.size, args.val_per_class or None,
                                    device=device)  # fmt: skip
    decode = time.perf_counter() - start
    recipe = RECIPES[args.recipe]
    lr = args.lr or recipe.lr
    print(f"{date.today()} · {device.type} ({name or 'CPU'}) · torch {torch.__version__} · "
          f"Imagenette {args.size} px, {len(train)} train / {len(val)} val images (decoded once "
          f"in {decode:.0f} s, kept on the device), {args.epochs} epochs, batch {args.batch}, "
          f"recipe {args.recipe} ({recipe.optimizer}, lr {lr:g}, {recipe.schedule}), seed "
          f"{args.seed}{', channels_last' if args.channels_last else ''}"
          f"{', torch.compile' if args.compile else ''}, "
          f"{torch.get_num_threads()} threads\n")  # fmt: skip
    print("| model | params | MACs/image | top-1 (val) | wall time |")
    print("|---|---:|---:|---:|---:|")
    for model_name in args.models:
        sized = "image_size" in inspect.signature(MODELS[model_name].builder).parameters
        options = {"image_size": args.size} if sized else {}
        torch.manual_seed(args.seed)
        model = build_model(model_name, num_classes=10, **options)
        params, macs = count_params(model), count_macs(model, (3, args.size, args.size))
        start = time.perf_counter()
        history = fit(model, train, val, epochs=args.epochs, batch_size=args.batch,
                      recipe=recipe, lr=lr, device=device, compile=args.compile,
                      channels_last=args.channels_last, seed=args.seed,
                      progress=False)  # fmt: skip
        wall = time.perf_counter() - start
        print(f"| {model_name} | {params:,} | {macs:,} | {history.final['val_acc']:.1%} | "
              f"{wall:.0f} s |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

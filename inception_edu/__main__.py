"""Command line: ``python -m inception_edu {data,count,train} ...`` (``--help`` on each)."""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial

from . import data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m inception_edu",
        description="inception-edu: the Inception course's command line.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    data_cmd = commands.add_parser("data", help="find or download the course's datasets")
    data_sub = data_cmd.add_subparsers(dest="action", required=True)
    data_sub.add_parser("status", help="where each dataset is, or the command that gets it")
    dl = data_sub.add_parser(
        "download",
        help="download datasets with torchvision into the data root "
        f"(${data.DATA_ENV}, default data/)",
    )
    dl.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"one or more of: {', '.join(data.DATASETS)} (default: all)",
    )
    dl.add_argument("--root", help="download here instead of the data root")
    shrink = data_sub.add_parser(
        "shrink",
        help="write a resized copy of Imagenette (e.g. to carry to a GPU machine)",
        description="Copy Imagenette from the data root with its shorter side resized; the copy "
        f"is a data root of its own (set {data.DATA_ENV} to it).",
    )
    shrink.add_argument("out", help="folder to write (train/ and val/ inside)")
    shrink.add_argument(
        "--size", type=int, default=146, help="shorter side in pixels (146 = 8/7 of 128)"
    )
    shrink.add_argument("--quality", type=int, default=75, help="1–100 (default 75)")
    shrink.add_argument("--format", default="webp", choices=["webp", "jpeg"])
    shrink.add_argument("--per-class", type=int, help="train images per class (default all)")
    shrink.add_argument("--val-per-class", type=int, help="val images per class (default all)")

    count = commands.add_parser(
        "count",
        help="per-layer params and MACs of a model (our counter)",
        description="Print the per-layer profile of a registered model: params, MACs "
        "(conv + linear weight multiply-accumulates per image), bias, norm, pool and activation "
        "ops.",
    )
    count.add_argument("--model", required=True, help="a name from `list_models()`")
    count.add_argument("--input-size", type=int, help="square input side (default: native)")
    count.add_argument("--num-classes", type=int, default=1000)
    count.add_argument("--mode", choices=["eval", "train"], default="eval")
    count.add_argument("--blocks", action="store_true", help="one row per top-level block")

    train = commands.add_parser(
        "train",
        help="train a model on a dataset subset",
        description="Train a registered model on a class-balanced subset with the course's "
        "engine (checkpoints resume; CUDA, MPS or CPU chosen automatically).",
    )
    train.add_argument("--model", required=True)
    train.add_argument("--data", default="imagenette", choices=list(data.DATASETS))
    train.add_argument("--image-size", type=int, help="input side (default: the model's)")
    train.add_argument("--per-class", type=int, help="training images per class (default: all)")
    train.add_argument("--val-per-class", type=int, help="validation images per class")
    train.add_argument("--epochs", type=int, default=5)
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument(
        "--recipe",
        default="subset_adamw",
        help="a preset of inception_edu.train.RECIPES: googlenet, inception_v3, inception_v4, "
        "subset or subset_adamw (the default: it trains every small variant at short budgets)",
    )
    train.add_argument("--lr", type=float)
    train.add_argument("--device", default="auto")
    train.add_argument(
        "--compile",
        nargs="?",
        const=True,
        default=False,
        choices=["default", "reduce-overhead", "max-autotune"],
        metavar="MODE",
        help="torch.compile the model; MODE is default, reduce-overhead or max-autotune (the "
        "last two add CUDA graphs)",
    )
    train.add_argument(
        "--preload",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="decode the images once and keep them on the training device, augmenting there "
        "(default; full Imagenette at 128 px takes 0.6 GB); --no-preload streams the files "
        "through DataLoader workers",
    )
    train.add_argument("--workers", type=int, default=None)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--checkpoint", help="checkpoint file (resumed if it exists)")

    args = parser.parse_args(argv)
    if args.command == "count":
        return _count(args)
    if args.command == "train":
        return _train(args)
    if args.command == "data" and args.action == "status":
        print(f"data root: {data.data_root()}  (set {data.DATA_ENV} to change it)")
        for name, where in data.available().items():
            print(f"  {name:<14} {where}")
        return 0
    if args.command == "data" and args.action == "shrink":
        try:
            folder, nbytes = data.shrink(
                args.out, args.size, args.quality, args.format, args.per_class, args.val_per_class
            )
        except (data.DatasetNotFoundError, ValueError) as err:
            print(err, file=sys.stderr)
            return 1
        print(f"wrote {folder} ({nbytes / 1e6:.1f} MB); use it with {data.DATA_ENV}={args.out}")
        return 0
    if args.command == "data" and args.action == "download":
        unknown = [n for n in args.names if n not in data.DATASETS]
        if unknown:
            parser.error(
                f"unknown dataset(s) {', '.join(unknown)}; choose from {', '.join(data.DATASETS)}"
            )
        for name in args.names or list(data.DATASETS):
            print(f"downloading {name} …", flush=True)
            try:
                path = data.download(name, args.root)
            except Exception as err:  # network errors come in many types; say what failed
                print(f"  failed: {err}", file=sys.stderr)
                return 1
            print(f"  ready at {path}")
        return 0
    parser.error("unknown command")
    return 2


def _count(args: argparse.Namespace) -> int:
    from .count import profile
    from .models import MODELS, build_model

    if args.model not in MODELS:
        print(f"unknown model {args.model!r}; choose one of: {', '.join(MODELS)}", file=sys.stderr)
        return 2
    model = build_model(args.model, num_classes=args.num_classes)
    size = args.input_size or MODELS[args.model].input_size
    prof = profile(model, (model.in_channels, size, size), mode=args.mode, name=args.model)
    print(prof.table(prof.group(1)) if args.blocks else prof.table())
    return 0


def _train(args: argparse.Namespace) -> int:
    from .models import MODELS, build_model
    from .train import fit

    if args.model not in MODELS:
        print(f"unknown model {args.model!r}; choose one of: {', '.join(MODELS)}", file=sys.stderr)
        return 2
    info = data.DATASETS[args.data]
    size = args.image_size or MODELS[args.model].input_size
    try:
        if args.preload:  # decode once, keep on the training device, augment there
            from .device_data import DeviceImages
            from .train import select_device

            load = partial(DeviceImages.from_dataset, device=select_device(args.device))
        else:
            load = data.load_dataset
        train_set = load(args.data, "train", size, args.per_class, args.seed, rgb=True)
        val_set = load(args.data, "val", size, args.val_per_class, args.seed, rgb=True)
    except data.DatasetNotFoundError as err:
        print(err, file=sys.stderr)
        return 1
    model = build_model(args.model, num_classes=info.num_classes)
    history = fit(
        model,
        train_set,
        val_set,
        epochs=args.epochs,
        recipe=args.recipe,
        lr=args.lr,
        batch_size=args.batch_size,
        device=args.device,
        compile=args.compile,
        seed=args.seed,
        checkpoint=args.checkpoint,
        num_workers=args.workers or 0,
    )
    if int(os.environ.get("RANK", 0)) != 0:  # under torchrun, rank 0 reports
        return 0
    for e in history.epochs:
        val_loss, val_acc = e.get("val_loss", float("nan")), e.get("val_acc", float("nan"))
        print(
            f"epoch {e['epoch']:>3}  train loss {e['train_loss']:.4f} acc {e['train_acc']:.3f}  "
            f"val loss {val_loss:.4f} acc {val_acc:.3f}  "
            f"{e['images_per_s']:.0f} img/s  {e['wall_s']:.1f} s"
        )
    if history.stopped:
        print(f"stopped: {history.stopped}")
    return 0 if history.stopped is None or history.stopped.startswith("interrupted") else 1


if __name__ == "__main__":
    sys.exit(main())

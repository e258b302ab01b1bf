"""Command line: ``python -m inception_edu COMMAND ...`` — data, models, count, train, deck,
cheatsheet (``--help`` on each)."""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from . import data
from .train import RECIPES

# --- argument types: every number is checked where it enters, in a sentence ---------------------


def _whole(text: str, least: int) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"must be at least {least}, got {value}")
    return value


def positive_int(text: str) -> int:
    """A whole number ≥ 1 (sizes, counts, epochs, batch size)."""
    return _whole(text, 1)


def natural_int(text: str) -> int:
    """A whole number ≥ 0 (seeds, worker counts: 0 means none, never "the default")."""
    return _whole(text, 0)


def positive_float(text: str) -> float:
    """A finite number > 0 (learning rates)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, got {text}")
    return value


def quality(text: str) -> int:
    value = _whole(text, 1)
    if value > 100:
        raise argparse.ArgumentTypeError(f"must be between 1 and 100, got {value}")
    return value


DEVICES = ("auto", "cpu", "cuda", "mps")


def device_name(text: str) -> str:
    """auto, cpu, cuda, cuda:N or mps."""
    base, _, index = text.partition(":")
    if base not in DEVICES or (index and (base != "cuda" or not index.isdigit())):
        raise argparse.ArgumentTypeError(
            f"unknown device {text!r}; choose one of: auto, cpu, cuda, cuda:N, mps"
        )
    return text


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
        "--size", type=positive_int, default=146, help="shorter side in pixels (146 = 8/7 of 128)"
    )
    shrink.add_argument("--quality", type=quality, default=75, help="1–100 (default 75)")
    shrink.add_argument("--format", default="webp", choices=["webp", "jpeg"])
    shrink.add_argument(
        "--per-class", type=positive_int, help="train images per class (default all)"
    )
    shrink.add_argument(
        "--val-per-class", type=positive_int, help="val images per class (default all)"
    )

    commands.add_parser(
        "models",
        help="the zoo's networks, and the small variants' params and MACs (CPU budget)",
        description="List every registered model with its source, then count each small "
        "variant at its intended size (96 px) and at 32 px: params, MACs per image, and "
        "whether it keeps the course's CPU budget of 60 M MACs.",
    )

    count = commands.add_parser(
        "count",
        help="per-layer params and MACs of a model (our counter)",
        description="Print the per-layer profile of a registered model: params, MACs "
        "(conv + linear weight multiply-accumulates per image), bias, norm, pool and activation "
        "ops.",
    )
    count.add_argument("--model", required=True, help="a name from `list_models()`")
    count.add_argument(
        "--image-size",
        "--input-size",  # the old name, still accepted
        dest="image_size",
        type=positive_int,
        help="square image side (default: the model's native size)",
    )
    count.add_argument("--num-classes", type=positive_int, default=1000)
    count.add_argument("--mode", choices=["eval", "train"], default="eval")
    count.add_argument("--blocks", action="store_true", help="one row per top-level block")

    train = commands.add_parser(
        "train",
        help="train a model on a dataset subset",
        description="Train a registered model on a class-balanced subset with the course's "
        "engine (checkpoints resume; CUDA, MPS or CPU chosen automatically).",
    )
    train.add_argument("--model", required=True, help="a name from `list_models()`")
    train.add_argument("--data", default="imagenette", choices=list(data.DATASETS))
    train.add_argument("--image-size", type=positive_int, help="input side (default: the model's)")
    train.add_argument(
        "--per-class", type=positive_int, help="training images per class (default: all)"
    )
    train.add_argument(
        "--val-per-class", type=positive_int, help="validation images per class (default: all)"
    )
    train.add_argument(
        "--epochs",
        type=positive_int,
        default=5,
        help="epochs in all (default 5); with an existing --checkpoint, a larger number than it "
        "was started with continues that run (its learning-rate schedule stretched to the new "
        "length); any other changed setting is refused",
    )
    train.add_argument("--batch-size", type=positive_int, default=64)
    train.add_argument(
        "--recipe",
        default="subset_adamw",
        choices=list(RECIPES),
        help="a preset of inception_edu.train.RECIPES (default subset_adamw: it trains every "
        "small variant at short budgets)",
    )
    train.add_argument("--lr", type=positive_float, help="learning rate (default: the recipe's)")
    train.add_argument(
        "--device",
        default="auto",
        type=device_name,
        help="auto (CUDA, then MPS, then CPU), cpu, cuda, cuda:N or mps",
    )
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
    train.add_argument(
        "--workers", type=natural_int, default=0, help="DataLoader workers with --no-preload"
    )
    train.add_argument(
        "--seed",
        type=natural_int,
        default=0,
        help="seeds the subset, the initial weights and the batch order (same seed, same run)",
    )
    train.add_argument(
        "--checkpoint",
        help="checkpoint file: written every epoch, resumed if it exists (the same settings "
        "only); Ctrl-C saves it",
    )

    deck = commands.add_parser(
        "deck",
        help="the interview deck (lecture 12): print it, or export it to Anki",
        description="Print lecture 12's interview cards (English and 中文) as Markdown, or with "
        "--anki write them to an Anki package: one note per card (front: the question, back: "
        "the answer and its sources), tagged by lecture, plus one note per glossary term. "
        "Re-importing a newer file updates the notes instead of duplicating them.",
    )
    deck.add_argument(
        "--anki",
        metavar="FILE.apkg",
        help="write the deck and the glossary to this Anki package (its folder must exist)",
    )
    deck.add_argument(
        "--no-glossary", action="store_true", help="with --anki: the cards only, no glossary"
    )

    commands.add_parser(
        "cheatsheet",
        help="print the one-page cheat sheet (lecture 12a) as Markdown",
        description="Print the cheat sheet of lecture 12a — the family counted, the savings "
        "computed, the papers' errors with models × crops × split, the recipes — as Markdown "
        "(docs/cheat_sheet.md is this output). Counting the five networks takes a few seconds.",
    )

    args = parser.parse_args(argv)
    if args.command == "deck":
        return _deck(args)
    if args.command == "cheatsheet":
        from .cheat_sheet import cheat_sheet

        try:
            print(cheat_sheet(), end="")
        except BrokenPipeError:  # `… cheatsheet | head`: the reader stopped early
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (Python flushes stdout at exit)
        return 0
    if args.command == "models":
        return _models()
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
            except KeyboardInterrupt:
                print("  interrupted; the partial download was removed", file=sys.stderr)
                return 130
            except ConnectionError as err:  # no server: the message says what to do instead
                print(err, file=sys.stderr)
                return 1
            except Exception as err:  # anything else (disk full, no permission): say what failed
                print(f"  failed: {err}", file=sys.stderr)
                return 1
            print(f"  ready at {path}")
        return 0
    parser.error("unknown command")
    return 2


def _deck(args: argparse.Namespace) -> int:
    from .deck import AnkiExportError, deck_markdown, write_anki

    if args.anki is None:
        if args.no_glossary:
            print("--no-glossary goes with --anki FILE.apkg", file=sys.stderr)
            return 2
        try:
            print(deck_markdown())
        except BrokenPipeError:  # `… deck | head`: the reader stopped early, nothing is wrong
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (Python flushes stdout at exit)
        return 0
    try:
        path, cards, terms = write_anki(args.anki, include_glossary=not args.no_glossary)
    except AnkiExportError as err:
        print(err, file=sys.stderr)
        return 2
    glossary = f" and {terms} glossary terms" if terms else ""
    print(f"wrote {path}: {cards + terms} notes ({cards} interview cards{glossary})")
    return 0


def _models() -> int:
    from .budget import budget_table, small_variants
    from .models import MODELS

    for name, card in MODELS.items():
        print(f"{name:<28}{card.image_size:>4} px  {card.paper}")
    print()
    print(budget_table(small_variants()))
    return 0


def _sized(name: str, size: int) -> dict[str, int]:
    """``image_size=size`` for a builder that takes it (the small variants), else nothing."""
    from .models import MODELS

    return {"image_size": size} if "image_size" in MODELS[name].options else {}


def _count(args: argparse.Namespace) -> int:
    from .count import profile
    from .models import MODELS, build_model

    if args.model not in MODELS:
        print(f"unknown model {args.model!r}; choose one of: {', '.join(MODELS)}", file=sys.stderr)
        return 2
    size = args.image_size if args.image_size is not None else MODELS[args.model].image_size
    model = build_model(args.model, num_classes=args.num_classes, **_sized(args.model, size))
    if size < model.min_image_size:
        print(
            f"--image-size {size} is too small for {args.model}: it needs at least "
            f"{model.min_image_size}×{model.min_image_size}",
            file=sys.stderr,
        )
        return 2
    prof = profile(model, (model.in_channels, size, size), mode=args.mode, name=args.model)
    print(prof.table(prof.group(1)) if args.blocks else prof.table())
    return 0


def _worker_message(err: Exception) -> str:
    """An error re-raised from a DataLoader worker carries the worker's traceback in its text:
    keep the sentence that was raised."""
    text = str(err)
    marker = f"{type(err).__name__}: "
    if "Original Traceback" in text and marker in text:
        text = text.rsplit(marker, 1)[1]
    return text.strip()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a scheduler's or ``kill``'s stop) ends the run like Ctrl-C: save, then exit."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _train(args: argparse.Namespace) -> int:
    import torch

    from .models import MODELS, build_model

    if args.model not in MODELS:
        print(f"unknown model {args.model!r}; choose one of: {', '.join(MODELS)}", file=sys.stderr)
        return 2
    info = data.DATASETS[args.data]
    size = args.image_size or MODELS[args.model].image_size
    torch.manual_seed(args.seed)  # the initial weights belong to the seeded run
    # a small variant builds the stem for the size (the compact stem below 64 / 75 px)
    model = build_model(args.model, num_classes=info.num_classes, **_sized(args.model, size))
    if size < model.min_image_size:
        print(
            f"--image-size {size} is too small for {args.model}: it needs at least "
            f"{model.min_image_size}×{model.min_image_size}",
            file=sys.stderr,
        )
        return 2
    run = {
        "model_name": args.model,
        "dataset": {
            "name": args.data,
            "image_size": size,
            "per_class": args.per_class,
            "val_per_class": args.val_per_class,
        },
    }
    with _sigterm_as_interrupt():
        return _run_training(args, model, size, run)


def _run_training(args: argparse.Namespace, model, size: int, run: dict) -> int:
    from pathlib import Path

    from .train import (
        CheckpointError,
        check_checkpoint_path,
        compare_runs,
        fit,
        load_checkpoint,
        run_record,
    )

    try:
        if args.checkpoint:  # refuse a path or a run that cannot be resumed before any work
            check_checkpoint_path(args.checkpoint)
            if Path(args.checkpoint).exists():
                state = load_checkpoint(args.checkpoint, model)
                mine = run_record(model, None, recipe=args.recipe, lr=args.lr,
                                  batch_size=args.batch_size, seed=args.seed,
                                  epochs=args.epochs, extra=run)  # fmt: skip
                compare_runs(args.checkpoint, state.get("run", {}), mine)
        if args.preload:  # decode once, keep on the training device, augment there
            from .device_data import DeviceImages
            from .train import select_device

            load = partial(DeviceImages.from_dataset, device=select_device(args.device))
        else:
            load = data.load_dataset
        train_set = load(args.data, "train", size, args.per_class, args.seed, rgb=True)
        val_set = load(args.data, "val", size, args.val_per_class, args.seed, rgb=True)
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
            num_workers=args.workers,
            run=run,
        )
    except CheckpointError as err:
        print(err, file=sys.stderr)
        return 2
    except data.DatasetNotFoundError as err:
        print(_worker_message(err), file=sys.stderr)
        return 1
    except ValueError as err:  # e.g. a subset larger than a class, a device that is not there
        print(_worker_message(err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted before training started; nothing was saved", file=sys.stderr)
        return 130
    if int(os.environ.get("RANK", 0)) != 0:  # under torchrun, rank 0 reports
        return 0
    for e in history.epochs:
        val_loss, val_acc = e.get("val_loss", float("nan")), e.get("val_acc", float("nan"))
        print(
            f"epoch {e['epoch']:>3}  train loss {e['train_loss']:.4f} acc {e['train_acc']:.3f}  "
            f"val loss {val_loss:.4f} acc {val_acc:.3f}  "
            f"{e['images_per_s']:.0f} img/s  {e['wall_s']:.1f} s"
        )
    if history.stopped is None:
        return 0
    if history.stopped.startswith("interrupted"):
        how = (
            "run the same command again to resume"
            if args.checkpoint
            else "no --checkpoint was given, so this run cannot be resumed"
        )
        print(f"stopped: {history.stopped}; {how}", file=sys.stderr)
        return 130
    print(f"stopped: {history.stopped}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``python -m inception_edu data {status,download} ...``."""

from __future__ import annotations

import argparse
import sys

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

    args = parser.parse_args(argv)
    if args.command == "data" and args.action == "status":
        print(f"data root: {data.data_root()}  (set {data.DATA_ENV} to change it)")
        for name, where in data.available().items():
            print(f"  {name:<14} {where}")
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


if __name__ == "__main__":
    sys.exit(main())

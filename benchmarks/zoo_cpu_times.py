"""CPU cost of the model zoo: build time and one forward pass at each model's native size.

    python benchmarks/zoo_cpu_times.py [--threads N]

Lectures build and run these models live, so these times bound how fast a lecture can be.
Prints params, MACs (our counter), build seconds and forward seconds (median of 3, batch 1).
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from inception_edu import MODELS, build_model, count_params, profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} CPU thread(s)")
    print(f"{'model':<28}{'input':>6}{'params':>13}{'MACs':>16}{'build s':>9}{'forward s':>11}")
    for name, card in MODELS.items():
        start = time.perf_counter()
        model = build_model(name).eval()
        built = time.perf_counter() - start
        size = card.image_size
        x = torch.randn(1, model.in_channels, size, size)
        times = []
        with torch.no_grad():
            for _ in range(3):
                start = time.perf_counter()
                model(x)
                times.append(time.perf_counter() - start)
        macs = profile(model, (model.in_channels, size, size)).macs
        print(
            f"{name:<28}{size:>6}{count_params(model):>13,}{macs:>16,}"
            f"{built:>9.2f}{statistics.median(times):>11.3f}"
        )


if __name__ == "__main__":
    main()

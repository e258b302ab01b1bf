"""Run by test_train.py in a subprocess (plain or under torchrun): a tiny, deterministic fit.

python tests/train_script.py OUT.pt [--checkpoint CKPT] [--kill-at N] [--batch B]
"""

from __future__ import annotations

import argparse
import os
import signal

import torch
from torch import nn
from torch.utils.data import Dataset

from inception_edu.data import load_dataset
from inception_edu.train import fit


class KillAt(Dataset):
    """Fetching item number ``n`` (counting every fetch) SIGKILLs this process."""

    def __init__(self, base: Dataset, n: int | None) -> None:
        self.base, self.n, self.fetched = base, n, 0

    def __len__(self) -> int:
        return len(self.base)

    def __getitem__(self, i):
        self.fetched += 1
        if self.n is not None and self.fetched == self.n:
            os.kill(os.getpid(), signal.SIGKILL)
        return self.base[i]


def tiny_net() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Conv2d(8, 16, 3, stride=2, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(16, 10),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--checkpoint")
    parser.add_argument("--kill-at", type=int)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(1)
    train = load_dataset("fashion_mnist", "train", per_class=8, seed=0)  # 80 images, augmented
    val = load_dataset("fashion_mnist", "val", per_class=4, seed=0)
    model = tiny_net()
    history = fit(
        model,
        KillAt(train, args.kill_at),
        val,
        epochs=args.epochs,
        batch_size=args.batch,
        lr=0.05,
        device="cpu",
        checkpoint=args.checkpoint,
        checkpoint_every=2,
        progress=False,
    )
    if int(os.environ.get("RANK", 0)) == 0:
        torch.save({"model": model.state_dict(), "history": history.to_dict()}, args.out)


if __name__ == "__main__":
    main()

"""One training engine for every model in the zoo: :func:`fit`.

* Device auto-detection (CUDA, then Apple MPS, then CPU); bf16 autocast and channels_last on
  CUDA by default, fp32 on CPU unless asked; optional ``torch.compile`` (any mode); fused
  SGD/AdamW on CUDA; data decoded once and kept on the device with
  :class:`~inception_edu.device_data.DeviceImages`.
* The papers' recipes as named presets (:data:`RECIPES`): GoogLeNet's SGD with momentum 0.9 and
  4% decay every 8 epochs; v3/v4's RMSProp (decay 0.9, ε 1.0) with ×0.94 every 2 epochs,
  gradient clipping 2.0 and label smoothing 0.1; aux losses weighted as each paper says.
* Nothing lost: checkpoints are written atomically (temporary file, then rename) every
  ``checkpoint_every`` steps and at every epoch end, with model, optimizer, scheduler, RNG states,
  epoch and step; ``fit(..., checkpoint=path)`` resumes the same run exactly (batch order is a
  function of seed and epoch, so a run killed mid-epoch continues with the next batch).
  Interrupting (Ctrl-C, or the kernel's stop button) saves a checkpoint and returns the partial
  history; an interrupt that arrives while a step's updates land waits for them
  (:class:`InterruptGate`), so a checkpoint never holds half a step.
* Divergence: a NaN/inf loss stops the run with a diagnosis — step, learning rate and the first
  layer whose activations are no longer finite.
* Scale-out: under ``torchrun`` the same call trains with DistributedDataParallel; each rank
  sees its shard of every epoch's permutation, rank 0 logs and writes checkpoints.
* The parts :func:`fit` reads through: :class:`Compute` (device, bf16, channels_last) and its
  batch loop, which :func:`evaluate` shares; :class:`EpochBatches` (the data order);
  :class:`Metrics` and :class:`StepSums` (what an epoch sums); :class:`TrainState` (what a
  checkpoint holds).
"""

from __future__ import annotations

import math
import os
import random
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, NoReturn

import torch
import torch.distributed as dist
from torch import Tensor, nn
from torch.utils.data import BatchSampler, DataLoader, Dataset, Sampler

from .device_data import DeviceImages
from .losses import inception_loss, main_logits
from .settings import show_progress

DeviceArg = Literal["auto", "cuda", "mps", "cpu"] | str | torch.device
# True = torch.compile's default mode; a string is its mode ("reduce-overhead" and
# "max-autotune" capture CUDA graphs on a GPU)
CompileArg = bool | Literal["default", "reduce-overhead", "max-autotune"]


# --- recipes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipe:
    """An optimizer + schedule + loss setting, as a paper describes it."""

    optimizer: Literal["sgd", "rmsprop", "adamw"]
    lr: float
    momentum: float = 0.9
    nesterov: bool = False  # SGD only; the papers say plain "momentum"
    weight_decay: float = 0.0
    rmsprop_decay: float = 0.9  # TF's RMSProp "decay" = PyTorch's alpha
    rmsprop_eps: float = 1.0
    # True: TF's RMSProp (TF-slim's trainer builds tf.train.RMSPropOptimizer: ε inside the square
    # root, mean square starting at 1, lr inside the momentum) via timm's RMSpropTF; the papers
    # (v3 §8, v4 §4) name TensorFlow and RMSProp, not the update rule. False: torch.optim.RMSprop
    # (lecture 08)
    rmsprop_tf: bool = False
    schedule: Literal["step", "cosine", "constant"] = "step"
    step_epochs: float = 1.0  # for "step": multiply lr by gamma every step_epochs
    gamma: float = 1.0
    warmup_epochs: float = 0.0
    label_smoothing: float = 0.0
    aux_weight: float = 0.3
    grad_clip: float | None = None
    source: str = ""


_INCEPTION_V3 = Recipe(
    "rmsprop",
    lr=0.045,
    rmsprop_decay=0.9,
    rmsprop_eps=1.0,
    weight_decay=4e-5,
    schedule="step",
    step_epochs=2,
    gamma=0.94,
    label_smoothing=0.1,
    aux_weight=0.4,
    grad_clip=2.0,
    rmsprop_tf=True,
    source="1512.00567 §8: RMSProp decay 0.9, ε 1.0, lr 0.045 ×0.94 every 2 epochs, gradient "
    "clipping 2.0; §7: label smoothing 0.1. Not in the paper, from TF-slim's "
    "train_image_classifier.py: RMSProp momentum 0.9, weight decay 4e-5, aux weight 0.4, and TF's "
    "RMSProp update rule (the trainer builds tf.train.RMSPropOptimizer; here timm's RMSpropTF)",
)

RECIPES: dict[str, Recipe] = {
    "googlenet": Recipe(
        "sgd",
        lr=0.01,
        momentum=0.9,
        weight_decay=2e-4,
        schedule="step",
        step_epochs=8,
        gamma=0.96,
        aux_weight=0.3,
        source="1409.4842 §6: momentum 0.9, lr −4% every 8 epochs; §5: aux losses × 0.3; lr 0.01 "
        "and weight decay 2e-4 from BVLC's bvlc_googlenet solver.prototxt (the paper gives "
        "neither)",
    ),
    "inception_v3": _INCEPTION_V3,
    # v4 is trained as v3 (§4 states the same RMSProp and schedule); v4 has no aux head (the
    # default aux weight), and what §4 does not mention is carried over from v3
    "inception_v4": replace(
        _INCEPTION_V3,
        aux_weight=Recipe.aux_weight,
        source="1602.07261 §4: RMSProp decay 0.9, ε 1.0, lr 0.045 ×0.94 every 2 epochs. Carried "
        "over from the v3 recipe (§4 does not mention them): label smoothing 0.1 and gradient "
        "clipping 2.0 (1512.00567 §7, §8); RMSProp momentum 0.9, weight decay 4e-5 and TF's "
        "RMSProp update rule (TF-slim's train_image_classifier.py, tf.train.RMSPropOptimizer)",
    ),
    "subset": Recipe(
        "sgd",
        lr=0.1,
        momentum=0.9,
        weight_decay=5e-4,
        schedule="cosine",
        warmup_epochs=1,
        label_smoothing=0.1,
        aux_weight=0.3,
        nesterov=True,
        source="a short-budget recipe for small subsets: SGD + warmup + cosine (not a paper's)",
    ),
}
# The subset recipe with AdamW lr 2e-3. results/README.md ("Accuracy on Imagenette": the small
# variants at 96 px, 60 images per class, 8 epochs, one run each) records it above SGD at lr 0.1
# for all six variants there, e.g. v3's 16.3% → 19.3% and v4's 17.3% → 31.0% (chance: 10%).
RECIPES["subset_adamw"] = replace(
    RECIPES["subset"],
    optimizer="adamw",
    lr=2e-3,
    weight_decay=0.05,
    source="AdamW lr 2e-3, weight decay 0.05, 1 warm-up epoch, cosine, label smoothing 0.1",
)


# --- devices -------------------------------------------------------------------------------


def select_device(device: DeviceArg = "auto") -> torch.device:
    """CUDA if present, else Apple MPS, else CPU — or exactly what was asked for.

    A CUDA device without an index is this process's GPU: ``cuda:$LOCAL_RANK`` under
    ``torchrun`` (each rank its own GPU), ``cuda:0`` otherwise.
    """
    if device != "auto":
        chosen = torch.device(device)
        if chosen.type == "cuda" and not torch.cuda.is_available():
            raise ValueError("device='cuda' was asked for but torch sees no CUDA GPU")
        if chosen.type == "cuda" and chosen.index is None:
            return torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        if chosen.type == "mps" and not torch.backends.mps.is_available():
            raise ValueError("device='mps' was asked for but this torch has no MPS support")
        return chosen
    if torch.cuda.is_available():
        return torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


# --- history ---------------------------------------------------------------------------------


@dataclass
class History:
    """Per-epoch metrics of a run; ``stopped`` says why it ended early, if it did."""

    epochs: list[dict[str, float]] = field(default_factory=list)
    stopped: str | None = None
    device: str = ""
    checkpoint: str | None = None

    def column(self, key: str) -> list[float]:
        return [e[key] for e in self.epochs if key in e]

    @property
    def final(self) -> dict[str, float]:
        return self.epochs[-1] if self.epochs else {}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> History:
        return cls(**data)


def _cuda_defaults(dev: torch.device) -> bool:
    """Whether ``dev`` gets the GPU settings: bf16 autocast and channels_last (unless asked
    otherwise), fused SGD/AdamW, and metrics read back every :data:`GPU_SYNC_EVERY` steps
    instead of every step. One switch, so tests can give a CPU the same code path."""
    return dev.type == "cuda"


def bf16_native(dev: torch.device) -> bool:
    """Whether ``dev`` computes bf16 natively: every non-CUDA device here (autocast is opt-in
    there) and NVIDIA GPUs from Ampere on (compute capability 8.0: A100, RTX 30xx, H100). Older
    GPUs (V100, T4 — Colab's free tier) emulate it slowly, so ``amp=None`` stays fp32 there."""
    return dev.type != "cuda" or torch.cuda.get_device_capability(dev) >= (8, 0)


def gpu_defaults(dev: torch.device) -> bool:
    """Whether ``dev`` gets the GPU settings (bf16 autocast, channels_last …) by default: the
    public face of the one switch, for evaluation code outside the engine."""
    return _cuda_defaults(dev)


# on a GPU, reading the loss back every step would stall the queue of kernels
GPU_SYNC_EVERY = 25


class TrainingDiverged(RuntimeError):
    """Raised internally when the loss stops being finite; fit() turns it into a diagnosis."""


# --- metrics ---------------------------------------------------------------------------------


@dataclass
class Metrics:
    """Summed loss and top-1 hits over the images ``seen`` so far; :meth:`result` averages."""

    seen: int = 0
    loss_sum: float = 0.0
    correct: int = 0

    def update(self, loss_sum: float, correct: int, n: int) -> None:
        self.seen += n
        self.loss_sum += loss_sum
        self.correct += correct

    @property
    def loss(self) -> float:
        return self.loss_sum / max(self.seen, 1)

    def result(self, split: str) -> dict[str, float]:
        """``{split}_loss`` and ``{split}_acc``, e.g. ``val_loss`` and ``val_acc``."""
        return {f"{split}_loss": self.loss, f"{split}_acc": self.correct / max(self.seen, 1)}


class StepSums:
    """The latest training steps' summed loss and top-1 hits, kept on the device until
    :meth:`read_back` adds them to the running epoch's :class:`Metrics`: after every step on a
    CPU, every :data:`GPU_SYNC_EVERY` steps on a GPU (a read there stalls the queue of kernels).
    """

    def __init__(self, dev: torch.device, first_step: int) -> None:
        self.every = GPU_SYNC_EVERY if _cuda_defaults(dev) else 1
        self.loss = torch.zeros((), device=dev)
        self.n, self.first = 0, first_step
        self.correct = torch.zeros((), device=dev, dtype=torch.long)
        self.x: Tensor | None = None  # the latest batch's images: a divergence is diagnosed on it

    def add(self, loss: Tensor, out: Any, y: Tensor) -> None:
        self.loss += loss.detach().float() * y.numel()
        self.correct += (main_logits(out).argmax(1) == y).sum()
        self.n += y.numel()

    def read_back(self, state: TrainState) -> None:
        """One sync: add the sums to ``state.metrics``; a loss that is no longer finite stops the
        run (:meth:`TrainState.diverged`)."""
        if not self.n:
            return
        loss_sum = self.loss.item()
        if not math.isfinite(loss_sum):
            state.diverged(f"a step in {self.first}–{state.step - 1}", loss_sum, self.x)
        state.metrics.update(loss_sum, int(self.correct.item()), self.n)
        self.loss.zero_()
        self.correct.zero_()
        self.n, self.first = 0, state.step


# --- data order ------------------------------------------------------------------------------


class EpochSampler(Sampler[int]):
    """A permutation that depends only on (seed, epoch), sharded by rank, resumable mid-epoch.

    Because the order is a pure function of the epoch, a resumed run skips exactly the
    samples the interrupted run had already consumed and sees the rest in the same order.
    """

    def __init__(
        self, n: int, seed: int = 0, shuffle: bool = True, rank: int = 0, world: int = 1
    ) -> None:
        self.n, self.seed, self.shuffle, self.rank, self.world = n, seed, shuffle, rank, world
        self.epoch, self.skip = 0, 0

    def set_epoch(self, epoch: int, skip: int = 0) -> None:
        self.epoch, self.skip = epoch, skip

    def _order(self) -> list[int]:
        if not self.shuffle:
            order = list(range(self.n))
        else:
            g = torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch)
            order = torch.randperm(self.n, generator=g).tolist()
        per_rank = math.ceil(self.n / self.world)
        order += order[: per_rank * self.world - self.n]  # pad so every rank gets as many
        return order[self.rank :: self.world]

    def __iter__(self) -> Iterator[int]:
        return iter(self._order()[self.skip :])

    def __len__(self) -> int:
        return max(0, math.ceil(self.n / self.world) - self.skip)


class Batches(BatchSampler):
    """Batches of ``batch_size`` that never end in a batch of one image: a last batch of one is
    merged into the one before it (BatchNorm cannot normalise a single image in train mode)."""

    def __init__(self, sampler: Sampler[int], batch_size: int) -> None:
        super().__init__(sampler, batch_size, drop_last=False)

    def __iter__(self) -> Iterator[list[int]]:
        batches = [list(b) for b in super().__iter__()]
        if len(batches) > 1 and len(batches[-1]) == 1:
            last = batches.pop()
            batches[-1] = batches[-1] + last
        return iter(batches)

    def __len__(self) -> int:
        n = len(self.sampler)
        full = math.ceil(n / self.batch_size)
        return full - 1 if full > 1 and n % self.batch_size == 1 else full


# --- the batch loop (fit's epochs and evaluate) ----------------------------------------------


def _holds_device_tensors(dataset: Dataset) -> bool:
    """A TensorDataset already on a GPU must not be pinned (pinning is for CPU tensors)."""
    tensors = getattr(dataset, "tensors", ())
    return any(isinstance(t, Tensor) and t.device.type != "cpu" for t in tensors)


def _as_dataset(data: Dataset | DataLoader) -> tuple[Dataset, int | None]:
    if isinstance(data, DataLoader):
        return data.dataset, data.batch_size
    return data, None


@dataclass(frozen=True)
class Compute:
    """Where and in what form a batch is computed: the device, bf16 autocast, channels_last."""

    dev: torch.device
    amp: bool
    channels_last: bool

    @classmethod
    def on(cls, dev: torch.device, amp: bool | None, channels_last: bool | None) -> Compute:
        """``None`` takes the device's default: bf16 autocast on CUDA GPUs with native bf16
        (:func:`bf16_native`), channels_last on CUDA; fp32 and contiguous elsewhere."""
        gpu = _cuda_defaults(dev)
        return cls(
            dev,
            gpu and bf16_native(dev) if amp is None else amp,
            gpu if channels_last is None else channels_last,
        )

    def place(self, model: nn.Module) -> None:
        model.to(self.dev)
        if self.channels_last:
            model.to(memory_format=torch.channels_last)

    def batches(self, loader: Iterable[tuple[Tensor, Tensor]]) -> Iterator[tuple[Tensor, Tensor]]:
        """The batch loop of fit's epochs and of :func:`evaluate`: each batch on the device,
        its images in channels_last if asked."""
        for x, y in loader:
            x, y = x.to(self.dev, non_blocking=True), y.to(self.dev, non_blocking=True)
            if self.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            yield x, y

    def autocast(self) -> torch.autocast:
        return torch.autocast(self.dev.type, dtype=torch.bfloat16, enabled=self.amp)


class EpochBatches:
    """fit's training batches: :class:`EpochSampler`'s order cut into :class:`Batches`, loaded
    by a DataLoader — or, for :class:`~inception_edu.device_data.DeviceImages`, indexed,
    augmented and normalised on the device."""

    def __init__(
        self,
        dataset: Dataset,
        batch_size: int,
        seed: int,
        rank: int,
        world: int,
        dev: torch.device,
        num_workers: int,
    ) -> None:
        self.sampler = EpochSampler(len(dataset), seed, shuffle=True, rank=rank, world=world)
        self.batches = Batches(self.sampler, batch_size)
        self.batch_size, self.seed = batch_size, seed
        on_device = isinstance(dataset, DeviceImages)  # indexed and augmented on the device
        self.dataset = dataset.to(dev) if on_device else dataset
        self.loader: DataLoader | None = None
        if not on_device:
            self.loader = DataLoader(
                dataset,
                batch_sampler=self.batches,
                num_workers=num_workers,
                pin_memory=dev.type == "cuda" and not _holds_device_tensors(dataset),
                generator=torch.Generator(),  # keeps the loader from drawing on the global RNG
            )
        self.steps_per_epoch = len(self.batches)

    def epoch(self, epoch: int, step: int) -> Iterable[tuple[Tensor, Tensor]]:
        """The batches of ``epoch`` from the global ``step`` on: past the ones a resumed run
        had already trained on."""
        done_in_epoch = step - epoch * self.steps_per_epoch
        self.sampler.set_epoch(epoch, skip=done_in_epoch * self.batch_size)
        if self.loader is not None:
            return self.loader
        # the crops of a batch are a function of (seed, step): a resumed run replays them
        return (self.dataset.batch(idx, seed=self.seed * 1_000_003 + step + k)
                for k, idx in enumerate(self.batches))  # fmt: skip


# --- checkpoints -----------------------------------------------------------------------------


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be used for this run; the message says why."""


def _rng_state() -> dict[str, Any]:
    state = {
        "torch": torch.get_rng_state(),
        "python": list(random.getstate()[1]),
        "python_pos": random.getstate()[2] if random.getstate()[2] is not None else -1,
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    pos = state["python_pos"]
    random.setstate((3, tuple(state["python"]), None if pos == -1 else pos))
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _signature(model: nn.Module) -> dict[str, Any]:
    return {
        "class": type(model).__name__,
        "params": sum(p.numel() for p in model.parameters()),
        "tensors": len(model.state_dict()),
    }


def save_checkpoint(path: str | Path, state: dict[str, Any]) -> Path:
    """Write atomically: a temporary file in the same folder, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    torch.save(state, tmp)
    os.replace(tmp, path)
    return path


def _why_unreadable(err: Exception) -> str:
    """One phrase for why ``torch.load`` failed, without torch's advice to unpickle unsafely."""
    import pickle
    import zipfile

    text = str(err)
    if isinstance(err, EOFError) or "Ran out of input" in text:
        return "it is empty or cut short"
    if isinstance(err, pickle.UnpicklingError) and "weights_only" in text.lower():
        return (
            "it holds Python objects that a safe load refuses to run (a file from an untrusted "
            "source, or not a training checkpoint)"
        )
    if isinstance(err, IsADirectoryError):
        return "it is a folder"
    if isinstance(err, PermissionError):
        return "it cannot be read (permission denied)"
    if isinstance(err, (zipfile.BadZipFile, RuntimeError, pickle.UnpicklingError)):
        return "it is damaged or is not a PyTorch file"
    return f"it could not be read ({type(err).__name__})"


def load_checkpoint(path: str | Path, model: nn.Module | None = None) -> dict[str, Any]:
    """Load with ``weights_only=True``; a checkpoint of another model or a damaged, empty or
    unsafe file raises :class:`CheckpointError` with one sentence saying so."""
    path = Path(path)
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise
    except Exception as err:
        raise CheckpointError(
            f"{path} is not a readable checkpoint: {_why_unreadable(err)}"
        ) from None
    if not isinstance(state, dict) or "model" not in state or "signature" not in state:
        raise CheckpointError(f"{path} is not an inception-edu training checkpoint")
    if model is not None and state["signature"] != _signature(model):
        theirs, ours = state["signature"], _signature(model)
        raise CheckpointError(
            f"{path} was written for {theirs['class']} ({theirs['params']:,} params), "
            f"not this {ours['class']} ({ours['params']:,} params)"
        )
    return state


def check_checkpoint_path(path: str | Path) -> Path:
    """Refuse, before any work, a checkpoint path that cannot be written: a folder, a parent
    that is not a folder or cannot be created, a folder without write permission. Missing
    parent folders are created (``runs/g.ckpt`` just works)."""
    path = Path(path)
    if path.is_dir():
        raise CheckpointError(f"checkpoint path {path} is a folder; give a file name inside it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.with_name(f".{path.name}.probe-{os.getpid()}")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise CheckpointError(
            f"checkpoint path {path} cannot be written ({reason.lower()}); choose another path"
        ) from None
    return path


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def compare_runs(path: str | Path, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Refuse to resume ``old`` (a checkpoint's run record) as ``new`` if they differ in any
    field both record; more epochs than before is the one change allowed (it continues)."""
    old_f, new_f = _flat(old), _flat(new)
    changed = []
    for key in old_f.keys() & new_f.keys():
        a, b = old_f[key], new_f[key]
        if key == "epochs" and isinstance(a, int) and isinstance(b, int) and b >= a:
            continue
        if a != b:
            changed.append(f"{key} {a!r} → {b!r}")
    if changed:
        raise CheckpointError(
            f"checkpoint {path} belongs to a different run ({'; '.join(sorted(changed))}). "
            "Resume it with the settings it was started with, or pass a new checkpoint path "
            "to start a new run"
            + (
                " (fewer epochs than a checkpoint records is not a resume)"
                if any(c.startswith("epochs ") for c in changed)
                else ""
            )
            + "."
        )


def _class_counts(dataset: Dataset) -> list[int] | None:
    labels = getattr(dataset, "labels", None)
    if labels is None:
        labels = getattr(dataset, "targets", None)
    if labels is None and hasattr(dataset, "tensors") and len(dataset.tensors) >= 2:
        labels = dataset.tensors[1]
    if labels is None:
        return None
    labels = torch.as_tensor(labels).reshape(-1).cpu()
    if labels.dtype.is_floating_point or labels.numel() == 0 or labels.min() < 0:
        return None
    return torch.bincount(labels.long()).tolist()


def run_record(
    model: nn.Module,
    dataset: Dataset | None,
    *,
    recipe: str | Recipe,
    lr: float | None,
    batch_size: int,
    seed: int,
    epochs: int,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What makes a run this run: model, data, batch size, recipe and its hyper-parameters,
    seed and epochs — stored in every checkpoint and compared on resume. ``lr=None`` is the
    recipe's; ``dataset=None`` leaves the data out (the CLI checks a resume before decoding)."""
    preset = recipe if isinstance(recipe, str) else "custom"
    hyper = asdict(RECIPES[recipe] if isinstance(recipe, str) else recipe)
    hyper.pop("source", None)
    if lr is not None:
        hyper["lr"] = lr
    data = {} if dataset is None else {
        "data": {
            "images": len(dataset),
            "per_class_counts": _class_counts(dataset),
            "on_device": isinstance(dataset, DeviceImages),
        }
    }  # fmt: skip
    return {
        "model": _signature(model),
        **data,
        "batch_size": batch_size,
        "recipe": {"name": preset, **hyper},
        "seed": seed,
        "epochs": epochs,
        **(extra or {}),
    }


class InterruptGate:
    """Ctrl-C (SIGINT) and SIGTERM during one :func:`fit`: held back while a step's updates
    land (:meth:`held`), passed on at once otherwise.

    An interrupt raised between ``optimizer.step()`` and the step count, or inside a checkpoint
    write, would save a step that is half applied (some weights updated, the count not), and the
    resumed run would train on that batch twice. :meth:`install` puts one handler in place for
    the whole run (its system calls once per run); :meth:`held` only flips a flag, so
    a step pays nothing for it. Outside :meth:`held` a signal goes straight to the handler that
    was in force before; inside, it is noted and delivered on leaving, so Ctrl-C lands once the
    step (and any checkpoint write) is complete. If the block ends in an error, the error goes on
    (a divergence keeps its diagnosis) and only a signal whose default action ends the process
    is delivered. Ignored signals, handlers set outside Python, and threads other than the main
    one (where Python delivers no signals) are left alone.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.previous: dict[int, Any] = {}  # signal → the handler to pass it on to, and put back
        self.holding = False
        self.noted: list[int] = []

    @classmethod
    def install(cls) -> InterruptGate:
        gate = cls()
        if threading.current_thread() is threading.main_thread():
            with suppress(ValueError):  # a sub-interpreter may not set handlers
                for s in cls.SIGNALS:
                    if signal.getsignal(s) not in (None, signal.SIG_IGN):
                        gate.previous[s] = signal.signal(s, gate._handle)
        return gate

    def remove(self) -> None:
        """Put back the handlers :meth:`install` replaced."""
        while self.previous:
            s, handler = self.previous.popitem()
            signal.signal(s, handler)

    def _handle(self, signum: int, frame: object) -> None:
        if self.holding:
            self.noted.append(signum)
        else:
            self._pass_on(signum, frame)

    def _pass_on(self, signum: int, frame: object) -> None:
        handler = self.previous[signum]
        if callable(handler):
            handler(signum, frame)
        else:  # SIG_DFL: the default action, which ends the process
            signal.signal(signum, handler)
            signal.raise_signal(signum)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Note signals instead of delivering them, until the block ends; then deliver each
        once. A handler's exception (Ctrl-C's ``KeyboardInterrupt``) is raised after every noted
        signal has been delivered."""
        self.holding, completed = True, False
        try:
            yield
            completed = True
        finally:
            self.holding = False
            noted, self.noted = list(dict.fromkeys(self.noted)), []
            first: BaseException | None = None
            for signum in noted:
                if not completed and self.previous[signum] is not signal.SIG_DFL:
                    continue
                try:
                    self._pass_on(signum, None)
                except BaseException as err:
                    first = first or err
            if first is not None:
                raise first


@dataclass
class TrainState:
    """What a checkpoint keeps, with the RNG states: model, optimizer, scheduler, epoch, global
    step, the running epoch's :class:`Metrics` and seconds, the history and the run record.
    :meth:`save` writes it (on rank 0 only); :meth:`resume` reads it back."""

    model: nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    run: dict[str, Any]
    history: History
    checkpoint: str | Path | None = None
    rank: int = 0
    epoch: int = 0
    step: int = 0
    metrics: Metrics = field(default_factory=Metrics)
    elapsed: float = 0.0

    def state_dict(self) -> dict[str, Any]:
        return {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "rng": _rng_state(),
            "epoch": self.epoch,
            "step": self.step,
            "running_epoch": {**asdict(self.metrics), "elapsed": self.elapsed},
            "history": self.history.to_dict(),
            "signature": _signature(self.model),
            "run": self.run,
        }

    def save(self) -> None:
        if self.checkpoint and self.rank == 0:
            save_checkpoint(self.checkpoint, self.state_dict())

    def resume(self, path: str | Path) -> None:
        """Continue the run saved at ``path``; a checkpoint of another run raises
        :class:`CheckpointError` (:func:`compare_runs`)."""
        state = load_checkpoint(path, self.model)
        compare_runs(path, state.get("run", {}), self.run)
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        _set_rng_state(state["rng"])
        self.epoch, self.step = state["epoch"], state["step"]
        running = state["running_epoch"]
        self.metrics = Metrics(running["seen"], running["loss_sum"], running["correct"])
        self.elapsed = running["elapsed"]
        self.history = History.from_dict(state["history"])
        self.history.stopped = None

    def end_epoch(self, record: dict[str, float]) -> None:
        self.epoch += 1
        self.metrics, self.elapsed = Metrics(), 0.0
        self.history.epochs.append(record)

    def diverged(self, where: str, loss_value: float, x: Tensor) -> NoReturn:
        """Stop the run with a diagnosis in ``history.stopped``: step, learning rate and the
        first layer whose activations on ``x`` are no longer finite."""
        layer = _first_nonfinite_layer(self.model, x)
        self.history.stopped = (
            f"diverged at {where} (epoch {self.epoch + 1}): loss {loss_value}, "
            f"lr {self.scheduler.get_last_lr()[0]:.4g}; first non-finite activation: {layer}"
        )
        raise TrainingDiverged(self.history.stopped)


# --- the engine ------------------------------------------------------------------------------


def _optimizer(
    model: nn.Module, recipe: Recipe, lr: float, fused: bool | None = None
) -> torch.optim.Optimizer:
    """The recipe's optimizer; SGD and AdamW ``fused`` (one kernel for all parameters) when
    asked, by default on CUDA."""
    decay, no_decay = [], []
    for p in model.parameters():
        if p.requires_grad:
            (no_decay if p.ndim <= 1 else decay).append(p)  # no weight decay on BN and biases
    groups = [
        {"params": decay, "weight_decay": recipe.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    if fused is None:
        fused = next(model.parameters()).is_cuda
    one_kernel = {"fused": True} if fused else {}
    if recipe.optimizer == "sgd":
        return torch.optim.SGD(
            groups, lr=lr, momentum=recipe.momentum, nesterov=recipe.nesterov, **one_kernel
        )
    if recipe.optimizer == "rmsprop" and recipe.rmsprop_tf:
        from timm.optim import RMSpropTF

        return RMSpropTF(
            groups,
            lr=lr,
            alpha=recipe.rmsprop_decay,
            eps=recipe.rmsprop_eps,
            momentum=recipe.momentum,
        )
    if recipe.optimizer == "rmsprop":
        return torch.optim.RMSprop(
            groups,
            lr=lr,
            alpha=recipe.rmsprop_decay,
            eps=recipe.rmsprop_eps,
            momentum=recipe.momentum,
        )
    return torch.optim.AdamW(groups, lr=lr, **one_kernel)


def _lr_lambda(recipe: Recipe, steps_per_epoch: int, total_steps: int):
    warmup = recipe.warmup_epochs * steps_per_epoch

    def factor(step: int) -> float:
        if warmup and step < warmup:
            return (step + 1) / warmup
        if recipe.schedule == "cosine":
            t = (step - warmup) / max(1, total_steps - warmup)
            return 0.5 * (1 + math.cos(math.pi * min(1.0, t)))
        if recipe.schedule == "step":
            return recipe.gamma ** math.floor(step / (recipe.step_epochs * steps_per_epoch))
        return 1.0

    return factor


def _first_nonfinite_layer(model: nn.Module, x: Tensor) -> str:
    """Re-run the batch and name the first module whose output is not finite."""
    found: list[str] = []
    handles = []
    for name, module in model.named_modules():
        if next(module.children(), None) is None:

            def hook(mod, inputs, output, name=name):
                out = output if isinstance(output, Tensor) else None
                if not found and out is not None and not torch.isfinite(out).all():
                    found.append(f"{name} ({type(mod).__name__})")

            handles.append(module.register_forward_hook(hook))
    try:
        with torch.no_grad():
            model(x)
    except Exception:  # diagnosis must not mask the divergence itself
        pass
    finally:
        for h in handles:
            h.remove()
    return found[0] if found else "no layer output is non-finite (the loss itself overflowed)"


def _distributed(dev: torch.device) -> tuple[int, int]:
    """(rank, world size); under ``torchrun``, joins the process group first: NCCL for a CUDA
    device (each rank bound to its own GPU), gloo otherwise — NCCL moves only CUDA tensors,
    so a CPU run stays on gloo on a machine with GPUs too."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    if "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1:
        if dev.type == "cuda":
            torch.cuda.set_device(dev)
        dist.init_process_group("nccl" if dev.type == "cuda" else "gloo")
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


@torch.no_grad()
def evaluate(
    model: nn.Module,
    data: Dataset | DataLoader,
    batch_size: int = 128,
    device: DeviceArg = "auto",
    amp: bool | None = None,
    channels_last: bool | None = None,
    progress: bool | None = False,
) -> dict[str, float]:
    """Loss and top-1 accuracy of a model on a dataset (eval mode, single crop); ``progress``
    (``None``: on unless quiet) shows a bar over the batches."""
    from tqdm.auto import tqdm

    dev = select_device(device) if isinstance(device, str) else device
    dataset, loader_batch = _as_dataset(data)
    batch_size = loader_batch or batch_size
    if isinstance(dataset, DeviceImages):  # centre views, built on the device
        dataset = dataset.to(dev)
        starts = range(0, len(dataset), batch_size)
        loader = (dataset.batch(range(i, min(i + batch_size, len(dataset))), augment=False)
                  for i in starts)  # fmt: skip
    else:
        loader = DataLoader(dataset, batch_size=batch_size, shuffle=False)
    compute = Compute.on(dev, amp, channels_last)
    was_training = model.training
    model.eval()
    metrics = Metrics()
    n_batches = -(-len(dataset) // batch_size)
    bar = tqdm(loader, desc="evaluate", total=n_batches, leave=False,
               disable=not show_progress(progress))  # fmt: skip
    for x, y in compute.batches(bar):
        with compute.autocast():
            logits = main_logits(model(x))
        loss_sum = nn.functional.cross_entropy(logits.float(), y, reduction="sum").item()
        metrics.update(loss_sum, (logits.argmax(1) == y).sum().item(), y.numel())
    model.train(was_training)
    return metrics.result("val")


def _check_fit_args(
    recipe: str | Recipe,
    epochs: int,
    batch_size: int,
    lr: float | None,
    dataset: Dataset,
    checkpoint: str | Path | None,
) -> Recipe:
    """fit's refusals, all before any work; returns the recipe (a preset's, if named)."""
    if isinstance(recipe, str) and recipe not in RECIPES:
        raise ValueError(f"unknown recipe {recipe!r}; choose one of: {', '.join(RECIPES)}")
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    if lr is not None and not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a finite positive number, got {lr!r}")
    if len(dataset) < 2:
        raise ValueError("the training set needs at least 2 images (BatchNorm in train mode)")
    if checkpoint:
        check_checkpoint_path(checkpoint)  # a run that cannot be saved is lost
    return RECIPES[recipe] if isinstance(recipe, str) else recipe


def _wrap(model: nn.Module, dev: torch.device, world: int, compile: CompileArg) -> nn.Module:
    """What the steps run: ``model`` in DistributedDataParallel under ``torchrun``, compiled if
    asked."""
    net = model
    if world > 1:
        net = nn.parallel.DistributedDataParallel(
            model, device_ids=[dev.index] if dev.type == "cuda" else None
        )
    if compile:
        net = torch.compile(net, mode=None if compile is True else compile)
    return net


def _train_epoch(
    net: nn.Module,
    state: TrainState,
    data: EpochBatches,
    compute: Compute,
    recipe: Recipe,
    sums: StepSums,
    interrupts: InterruptGate,
    *,
    epochs: int,
    max_steps: int | None,
    checkpoint_every: int | None,
    show: bool,
) -> float:
    """The steps left in ``state.epoch`` (all of them, unless resumed mid-epoch or stopped by
    ``max_steps``); returns when the epoch started, on ``time.perf_counter``'s clock (earlier
    by the seconds a resumed run had already spent in it)."""
    from tqdm.auto import tqdm

    batches = data.epoch(state.epoch, state.step)
    net.train()
    start = time.perf_counter() - state.elapsed
    left = (state.epoch + 1) * data.steps_per_epoch - state.step
    desc = f"epoch {state.epoch + 1}/{epochs}"
    bar = tqdm(batches, total=left, desc=desc, disable=not show, leave=False)
    for x, y in compute.batches(bar):
        sums.x = x
        with compute.autocast():
            out = net(x)
            loss = inception_loss(out, y, recipe.aux_weight, label_smoothing=recipe.label_smoothing)
        if sums.every == 1 and not torch.isfinite(loss):
            state.diverged(f"step {state.step}", loss.item(), x)
        state.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if recipe.grad_clip:
            nn.utils.clip_grad_norm_(state.model.parameters(), recipe.grad_clip)
        with interrupts.held():  # the step lands whole, or not at all
            state.optimizer.step()
            state.scheduler.step()
            state.step += 1
            sums.add(loss, out, y)  # on the device; read back every `sums.every` steps
            last = max_steps is not None and state.step >= max_steps
            if state.step % sums.every == 0 or last or state.step % data.steps_per_epoch == 0:
                sums.read_back(state)
                state.elapsed = time.perf_counter() - start
                bar.set_postfix(loss=f"{state.metrics.loss:.3f}")
            if checkpoint_every and state.step % checkpoint_every == 0:
                sums.read_back(state)
                state.save()
        if last:
            break
    return start


def _epoch_record(state: TrainState, start: float, world: int) -> dict[str, float]:
    """The history's line for the epoch just trained."""
    elapsed = time.perf_counter() - start
    return {
        "epoch": state.epoch + 1,
        "step": state.step,
        **state.metrics.result("train"),
        "images_per_s": state.metrics.seen * world / elapsed if elapsed else 0.0,
        "wall_s": elapsed,
        "lr": state.scheduler.get_last_lr()[0],
    }


def fit(
    model: nn.Module,
    train_data: Dataset | DataLoader,
    val_data: Dataset | DataLoader | None = None,
    *,
    epochs: int = 1,
    recipe: str | Recipe = "subset",
    lr: float | None = None,
    batch_size: int = 64,
    device: DeviceArg = "auto",
    amp: bool | None = None,
    channels_last: bool | None = None,
    compile: CompileArg = False,
    seed: int = 0,
    checkpoint: str | Path | None = None,
    checkpoint_every: int | None = None,
    resume: bool = True,
    max_steps: int | None = None,
    num_workers: int = 0,
    progress: bool | None = None,
    on_epoch_end: Callable[[nn.Module, dict[str, float]], dict[str, float] | None] | None = None,
    run: dict[str, Any] | None = None,
) -> History:
    """Train ``model`` and return its :class:`History` (one dict per epoch).

    ``train_data``/``val_data`` are datasets or DataLoaders — or
    :class:`~inception_edu.device_data.DeviceImages`, decoded once and batched and augmented on
    the device (the fast path on a GPU). ``recipe`` names a preset of :data:`RECIPES` (or is a
    :class:`Recipe`); ``lr`` overrides its learning rate. ``amp`` defaults to bf16 autocast on
    CUDA GPUs with native bf16 (Ampere and newer, :func:`bf16_native`) and off elsewhere;
    ``channels_last`` to on for CUDA; ``compile`` is ``True`` or a ``torch.compile`` mode
    ("max-autotune" adds CUDA graphs). With ``checkpoint`` set, an existing file of the same
    model resumes the run and a new one is written every ``checkpoint_every`` steps (if set) and
    at every epoch end. ``max_steps`` stops early (for quick runs). Seeded CPU runs reproduce
    exactly. ``on_epoch_end(model, record)`` runs after each epoch (after validation, on rank
    0); a dict it returns is merged into that epoch's record, e.g. activation statistics.
    ``run`` adds fields to the run record a checkpoint keeps (the CLI adds model and data
    names): resuming a checkpoint whose record differs in any field — other than more epochs,
    which continues the run — raises :class:`CheckpointError` naming the fields, before any step.
    """
    dataset, loader_batch = _as_dataset(train_data)
    recipe_name = recipe  # the run record keeps a preset's name
    recipe = _check_fit_args(recipe, epochs, batch_size, lr, dataset, checkpoint)
    dev = select_device(device)
    rank, world = _distributed(dev)
    compute = Compute.on(dev, amp, channels_last)
    torch.manual_seed(seed)
    random.seed(seed)
    compute.place(model)
    batch_size = loader_batch or batch_size
    data = EpochBatches(dataset, batch_size, seed, rank, world, dev, num_workers)
    identity = run_record(model, data.dataset, recipe=recipe_name, lr=lr, batch_size=batch_size,
                          seed=seed, epochs=epochs, extra=run)  # fmt: skip
    base_lr = recipe.lr if lr is None else lr  # batch_size is per process; DDP averages
    optimizer = _optimizer(model, recipe, base_lr, fused=_cuda_defaults(dev))
    schedule = _lr_lambda(recipe, data.steps_per_epoch, data.steps_per_epoch * epochs)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    history = History(device=str(dev), checkpoint=str(checkpoint) if checkpoint else None)
    state = TrainState(model, optimizer, scheduler, identity, history, checkpoint, rank)
    if checkpoint and resume and Path(checkpoint).exists():
        state.resume(checkpoint)
    net = _wrap(model, dev, world, compile)
    sums = StepSums(dev, first_step=state.step)
    show = show_progress(progress) and rank == 0
    interrupts = InterruptGate.install()
    try:
        while state.epoch < epochs and (max_steps is None or state.step < max_steps):
            start = _train_epoch(net, state, data, compute, recipe, sums, interrupts,
                                 epochs=epochs, max_steps=max_steps,
                                 checkpoint_every=checkpoint_every, show=show)  # fmt: skip
            if state.step < (state.epoch + 1) * data.steps_per_epoch:  # max_steps, mid-epoch
                state.history.stopped = f"max_steps={max_steps} reached in epoch {state.epoch + 1}"
                state.save()
                break
            record = _epoch_record(state, start, world)
            if val_data is not None and rank == 0:
                val = evaluate(model, val_data, batch_size, dev, compute.amp, compute.channels_last)
                record.update(val)
            if on_epoch_end is not None and rank == 0:
                record.update(on_epoch_end(model, dict(record)) or {})
                model.train()  # the callback may have left it in eval mode
            with interrupts.held():
                state.end_epoch(record)
                state.save()
    except TrainingDiverged:
        pass  # state.history.stopped says where and why
    except KeyboardInterrupt:
        saved = f"; checkpoint saved to {checkpoint}" if checkpoint else ""
        state.history.stopped = f"interrupted at step {state.step}{saved}"
        with suppress(TrainingDiverged):  # the checkpoint counts steps not yet read back (GPU)
            sums.read_back(state)
        state.save()
    finally:
        interrupts.remove()
    return state.history


__all__ = [
    "RECIPES",
    "CheckpointError",
    "EpochSampler",
    "History",
    "InterruptGate",
    "Recipe",
    "evaluate",
    "fit",
    "load_checkpoint",
    "save_checkpoint",
    "select_device",
]

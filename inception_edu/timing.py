"""Wall-clock of a conv and its factorized replacement: theory (MACs) vs practice (seconds).

:func:`time_pair` runs the forward pass of both modules on the same random input, under
``torch.no_grad()``, in eval mode, after a warm-up, and reports the **median** of ``repeats``
timed runs (``time.perf_counter``; on CUDA every run is bracketed by
``torch.cuda.synchronize()`` so the clock sees the kernel, not just its launch). A call that
takes microseconds is hard to clock alone: ``number`` runs it that many times back to back per
timed run and reports the time per call (``timeit``'s idea). ``clock="process"`` reads
``time.process_time`` instead of the wall clock: the CPU time this process used, summed over its
threads — time the operating system gave to *other* programs does not count, which makes CPU
timings on a busy machine far steadier (with one thread it is the compute time; with several it
is total work, not waiting time; CPU only). Timings depend
on the machine, its load and the library's kernels: treat them as measurements, never assert
them. In fast mode (:func:`inception_edu.settings.fast_mode`, set by the test suite) the
default number of repeats is small.
"""

from __future__ import annotations

import copy
import statistics
import time

import torch
from torch import nn

from .settings import fast_mode

_CLOCKS = {"wall": time.perf_counter, "process": time.process_time}


def default_repeats() -> int:
    """Timed runs per module: 3 in fast mode, 15 otherwise."""
    return 3 if fast_mode() else 15


def synchronize(device: torch.device) -> None:
    """Wait for the GPU to finish its queue, so a clock reads the work and not its launch."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _clock(clock: str, device: torch.device):
    if clock not in _CLOCKS:
        raise ValueError(f"clock must be one of {sorted(_CLOCKS)}, got {clock!r}")
    if clock == "process" and device.type != "cpu":
        raise ValueError("clock='process' measures CPU time: use it for CPU tensors only")
    return _CLOCKS[clock]


def time_module(
    module: nn.Module,
    x: torch.Tensor,
    repeats: int | None = None,
    warmup: int = 2,
    number: int = 1,
    clock: str = "wall",
) -> float:
    """Median seconds of ``module(x)`` (forward only, no_grad, eval mode) over ``repeats`` runs.

    Each timed run calls the module ``number`` times and counts the mean time per call.
    ``clock`` is ``"wall"`` (``time.perf_counter``) or ``"process"`` (``time.process_time``,
    CPU tensors only).
    """
    now = _clock(clock, x.device)
    repeats = default_repeats() if repeats is None else repeats
    if repeats < 1 or warmup < 0 or number < 1:
        raise ValueError(
            f"repeats and number must be ≥ 1 and warmup ≥ 0, got {repeats}, {number}, {warmup}"
        )
    module = module.eval()
    times = []
    with torch.no_grad():
        for _ in range(warmup):
            module(x)
        synchronize(x.device)
        for _ in range(repeats):
            start = now()
            for _ in range(number):
                module(x)
            synchronize(x.device)
            times.append((now() - start) / number)
    return statistics.median(times)


def time_pair(
    original: nn.Module,
    replacement: nn.Module,
    input_size: tuple[int, ...],
    repeats: int | None = None,
    warmup: int = 2,
    device: str | torch.device = "cpu",
    batch: int = 1,
    seed: int = 0,
    number: int = 1,
    clock: str = "wall",
) -> dict[str, object]:
    """Median forward wall-clock of ``original`` and ``replacement`` on one (C, H, W) input.

    Returns ``{"original_s", "replacement_s", "ratio", "device", "repeats"}`` where ``ratio`` is
    replacement ÷ original (the *measured* cost ratio; compare it with the MAC ratio). The two
    modules are copied to ``device``; the originals are not moved. The runs alternate
    (original, replacement, original, …) so a slow patch of the machine hits both; each run
    calls its module ``number`` times and counts the time per call; ``clock`` as in
    :func:`time_module`.
    """
    device = torch.device(device)
    _clock(clock, device)
    repeats = default_repeats() if repeats is None else repeats
    if repeats < 1 or number < 1:
        raise ValueError(f"repeats and number must be ≥ 1, got {repeats}, {number}")
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, *input_size, generator=generator).to(device)
    a = copy.deepcopy(original).to(device)
    b = copy.deepcopy(replacement).to(device)
    with torch.no_grad():
        if a(x).shape != b(x).shape:
            raise ValueError("the two modules must produce outputs of the same shape")
    first, second = [], []
    for _ in range(repeats):
        first.append(time_module(a, x, 1, warmup if not first else 0, number, clock))
        second.append(time_module(b, x, 1, warmup if not second else 0, number, clock))
    original_s, replacement_s = statistics.median(first), statistics.median(second)
    return {
        "original_s": original_s,
        "replacement_s": replacement_s,
        "ratio": replacement_s / original_s,
        "device": str(device),
        "repeats": repeats,
    }


__all__ = ["default_repeats", "synchronize", "time_module", "time_pair"]

"""Training throughput: our Inception nets and engine against timm's, in one run.

    python benchmarks/train_throughput.py [--device cuda] [--size 299] [--batch 64] [--steps 30]
        [--compile max-autotune] [--augment] [--peak-tflops 989]

Two comparisons per network (inception_v3, inception_v4, inception_resnet_v2):

(a) **model code**: our model vs timm's model in the *same* plain AMP training loop (same batch,
    input size, precision, memory format, SGD). A ratio ≈ 1 says our declarative blocks cost
    nothing.
(b) **engine**: our ``fit()`` at its best settings (bf16 autocast, channels_last, fused SGD,
    images decoded once and kept on the device as ``DeviceImages``, ``torch.compile`` with
    ``--compile [MODE]``, on-device augmentation with ``--augment``) vs timm's model in that
    plain loop — the way a user would train it by hand.

It also prints the achieved model-FLOPs utilisation: training ≈ 3 × forward MACs × 2 FLOPs per
image (forward, plus a backward that costs about twice the forward), divided by the device's
peak (``--peak-tflops``; 989 for an H100 SXM at dense bf16). MACs come from our own counter.
On a CPU, run it at tiny sizes (the defaults there) and read the ratios, not the absolute rates.

``--small`` instead times the registry's small variants (fp32, the plain loop) against the
variants as they were before the CPU budget (``before_budget``: width 0.5 for GoogLeNet and
BN-Inception, and at 32 px the old stride-1 stems with no stem pooling), at 96 and 32 px, and
prints MACs and images/s of both and their ratio, each pair measured in the same run.
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import date

import torch
from torch import nn

from inception_edu import MODELS, build_model, count_macs
from inception_edu.budget import small_names
from inception_edu.data import DATASETS
from inception_edu.device_data import DeviceImages
from inception_edu.layers import conv
from inception_edu.timing import synchronize
from inception_edu.train import Recipe, fit, select_device

NETS = ("inception_v3", "inception_v4", "inception_resnet_v2")
MEAN, STD = DATASETS["imagenette"].mean, DATASETS["imagenette"].std


def plain_loop(model: nn.Module, x, y, steps: int, amp: bool, channels_last: bool) -> float:
    """Images/s of a textbook AMP loop (what a user writes by hand)."""
    device = x.device
    model.to(device).train()
    if channels_last:
        model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step() -> None:
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            out = model(x)
            out = out.logits if hasattr(out, "logits") else out
            loss = nn.functional.cross_entropy(out, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    for _ in range(3):  # warm-up
        step()
    synchronize(device)
    start = time.perf_counter()
    for _ in range(steps):
        step()
    synchronize(device)
    return steps * x.shape[0] / (time.perf_counter() - start)


def engine(model: nn.Module, x, y, steps: int, compile, augment: bool) -> float:
    """Images/s of our fit() at its best settings, on images decoded once and kept on the device.

    The store holds ``steps`` batches as uint8 (the plain loop's one batch, quantised), so fit()
    indexes, normalises — and with ``augment`` random-resized-crops and flips — on the device.
    """
    batch, size = x.shape[0], x.shape[-1]
    stored = round(size * 8 / 7) if augment else size
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (batch * steps, 3, stored, stored), dtype=torch.uint8,
                           generator=g).to(x.device)  # fmt: skip
    data = DeviceImages(images, y.repeat(steps), image_size=size, mean=MEAN, std=STD,
                        crop="resized" if augment else "none")  # fmt: skip
    recipe = Recipe("sgd", lr=0.01, schedule="constant", aux_weight=0.0)
    options = {"recipe": recipe, "batch_size": batch, "device": x.device, "compile": compile,
               "progress": False}  # fmt: skip
    fit(model, data, epochs=1, max_steps=3, **options)  # warm-up (and compilation)
    return fit(model, data, epochs=1, **options).final["images_per_s"]


def before_budget(name: str, size: int) -> nn.Module:
    """A small variant as the registry built it before the CPU budget (2026-12-02, commit
    4ccf2eb): same widths for v3/v4/IR (0.25), 0.5 for GoogLeNet and BN-Inception; below
    64 / 75 px a stem with every stride at 1 (GoogLeNet and BN-Inception: a 3×3 first conv,
    no stem pools, GoogLeNet without its 1×1 conv2). ``googlenet_small`` at 32 px must count
    389,682,176 MACs, the figure quoted in issue 16."""
    options: dict[str, object] = {"num_classes": 10}
    if name in ("googlenet_small", "bn_inception_small"):
        options["width"] = 0.5
    model = build_model(name, image_size=size, **options)
    if size >= 64:
        return model
    old = build_model(name, image_size=size, **options)  # a compact stem, to be undone
    if name in ("googlenet_small", "bn_inception_small"):
        bn = getattr(old, "bn", True)
        c64 = old.conv1.conv.out_channels if hasattr(old.conv1, "conv") else 32
        old.conv1 = conv(old.in_channels, c64, 3, padding=1, bn=bn)
        old.maxpool1, old.maxpool2 = nn.Identity(), nn.Identity()
        if name == "googlenet_small":
            old.conv2 = nn.Identity()
        return old
    # v3, v4, IR: the same layers with every stride 1 ('same'), i.e. stem_halvings=0
    cls = type(old)
    if name == "inception_v3_small":
        return cls(10, False, True, 0.5, 3, 0.25, stem_halvings=0)
    if name == "inception_v4_small":
        return cls(10, 0.2, 3, 0.25, (2, 2, 2), stem_halvings=0)
    return cls(10, 0.2, 3, width=0.25, repeats=(2, 2, 2), stem_halvings=0)


def small(batch: int, steps: int) -> None:
    """Images/s of each small variant now and before the budget, fp32 on this device."""
    machine = platform.processor() or "CPU"
    print(f"{date.today()} · {machine} · torch {torch.__version__} · {torch.get_num_threads()} "
          f"threads · fp32, batch {batch}, {steps} timed steps\n")  # fmt: skip
    print("| model | size | MACs before | MACs now | img/s before | img/s now | speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    cpu = torch.device("cpu")
    for name in small_names():
        for size in (96, 32):
            torch.manual_seed(0)
            x = torch.randn(batch, 3, size, size)
            y = torch.randint(0, 10, (batch,))
            old, new = before_budget(name, size), build_model(name, 10, image_size=size)
            macs = [count_macs(m, (3, size, size)) for m in (old, new)]
            rates = [plain_loop(m.to(cpu), x, y, steps, False, False) for m in (old, new)]
            print(f"| {name} | {size} | {macs[0]:,} | {macs[1]:,} | {rates[0]:.0f} | "
                  f"{rates[1]:.0f} | {rates[1] / rates[0]:.2f}× |", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--size", type=int, help="input side (default 299 on GPU, 96 on CPU)")
    parser.add_argument("--batch", type=int, help="batch (default 64 on GPU, 4 on CPU)")
    parser.add_argument("--steps", type=int, help="timed steps (default 30 on GPU, 2 on CPU)")
    parser.add_argument(
        "--compile",
        nargs="?",
        const=True,
        default=False,
        metavar="MODE",
        help="torch.compile in (b); MODE: default, reduce-overhead, max-autotune (CUDA graphs)",
    )
    parser.add_argument(
        "--augment", action="store_true", help="(b) also crops and flips on the device"
    )
    parser.add_argument("--peak-tflops", type=float, help="device peak for MFU (H100: 989)")
    parser.add_argument("--nets", nargs="*", default=[n for n in NETS if n in MODELS])
    parser.add_argument(
        "--small", action="store_true", help="the small variants now vs before the CPU budget"
    )
    args = parser.parse_args()
    if args.small:
        small(args.batch or 32, args.steps or 5)
        return
    import timm

    device = select_device(args.device)
    gpu = device.type == "cuda"
    size = args.size or (299 if gpu else 96)
    batch = args.batch or (64 if gpu else 4)
    steps = args.steps or (30 if gpu else 2)
    name = torch.cuda.get_device_name(device) if gpu else platform.processor() or "CPU"
    print(f"{date.today()} · {name} · torch {torch.__version__} · timm {timm.__version__}")
    print(f"input {size}×{size}, batch {batch}, {steps} timed steps, "
          f"{'bf16 autocast + channels_last' if gpu else 'fp32 (CPU)'}\n")  # fmt: skip
    header = f"{'net':<22}{'ours img/s':>12}{'timm img/s':>12}{'(a) ratio':>11}"
    header += f"{'engine img/s':>14}{'(b) ratio':>11}{'MFU':>8}"
    print(header)
    torch.manual_seed(0)
    x = torch.randn(batch, 3, size, size, device=device)
    y = torch.randint(0, 10, (batch,), device=device)
    for net in args.nets:
        ours = build_model(net, num_classes=10)
        theirs = timm.create_model(net, num_classes=10)
        ours_ips = plain_loop(ours, x, y, steps, amp=gpu, channels_last=gpu)
        timm_ips = plain_loop(theirs, x, y, steps, amp=gpu, channels_last=gpu)
        engine_ips = engine(build_model(net, num_classes=10), x, y, steps, args.compile,
                            args.augment)  # fmt: skip
        macs = count_macs(build_model(net, num_classes=10), (3, size, size))
        mfu = ""
        if args.peak_tflops:
            mfu = f"{engine_ips * 6 * macs / (args.peak_tflops * 1e12):.1%}"
        print(
            f"{net:<22}{ours_ips:>12.1f}{timm_ips:>12.1f}{ours_ips / timm_ips:>11.3f}"
            f"{engine_ips:>14.1f}{engine_ips / timm_ips:>11.3f}{mfu:>8}"
        )


if __name__ == "__main__":
    main()

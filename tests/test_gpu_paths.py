"""Every code path a GPU run takes, run on the CPU at tiny sizes.

On CUDA, ``fit`` and ``evaluate`` default to bf16 autocast, channels_last, fused SGD/AdamW and
reading the metrics back every 25 steps; lecture 11's GPU branch, the CLI and the benchmarks
add ``torch.compile`` and :class:`DeviceImages` augmenting on the device. The CPU can take each
of these paths — CPU autocast has bf16, inductor compiles C++ where a GPU gets Triton, torch has
fused SGD/AdamW for CPU tensors — so the ``gpu_like`` fixture hands a CPU the CUDA defaults
(``train._cuda_defaults``) and a bug on those paths shows here, not in a learner's first GPU
run. What truly needs CUDA (pinned memory, CUDA graphs, NCCL, the device's name) is tested at the
end of this file and skipped without a GPU, each skip naming what it needs.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import TensorDataset

from inception_edu import build_model
from inception_edu import train as engine
from inception_edu.data import DATASETS
from inception_edu.device_data import DeviceImages
from inception_edu.train import RECIPES, evaluate, fit, load_checkpoint, save_checkpoint

ROOT = Path(__file__).resolve().parent.parent
LECTURE_11 = ROOT / "notebooks" / "11_training_the_family.ipynb"
IMAGENETTE = DATASETS["imagenette"]
# what `--compile [MODE]` passes to fit(): bare --compile is True (torch.compile's default mode)
COMPILE_MODES = [True, "default", "reduce-overhead", "max-autotune"]
needs_cuda = partial(pytest.mark.skipif, not torch.cuda.is_available())


@pytest.fixture
def gpu_like(monkeypatch):
    """fit()/evaluate() on the CPU take the path they take on CUDA: bf16 autocast,
    channels_last, fused optimizers, metrics read back every 25 steps."""
    monkeypatch.setattr(engine, "_cuda_defaults", lambda dev: True)


def tiny_net(classes: int = 2) -> nn.Module:
    """Conv-BN-ReLU, the unit every Inception block is made of, and a GAP head."""
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, classes),
    )  # fmt: skip


def toy_data(n: int, side: int = 8, seed: int = 0) -> TensorDataset:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 3, side, side, generator=g)
    return TensorDataset(x, (x.mean(dim=(1, 2, 3)) > 0).long())


def store(n: int, size: int, crop: str = "resized", classes: int = 2, seed: int = 0):
    """Random uint8 images as DeviceImages: stored at 8/7 of ``size`` for random-resized crops
    (as Imagenette is), at ``size`` for the others."""
    side = round(size * 8 / 7) if crop == "resized" else size
    g = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 256, (n, 3, side, side), dtype=torch.uint8, generator=g)
    return DeviceImages(images, torch.arange(n) % classes, image_size=size, crop=crop,
                        mean=IMAGENETTE.mean, std=IMAGENETTE.std)  # fmt: skip


class Probe:
    """What the first convolution of a model sees: its output dtype, its input's layout."""

    def __init__(self, model: nn.Module) -> None:
        self.dtypes: set[torch.dtype] = set()
        self.channels_last: set[bool] = set()
        conv = next(m for m in model.modules() if isinstance(m, nn.Conv2d))
        conv.register_forward_hook(self)

    def __call__(self, module, inputs, output) -> None:
        x = inputs[0]
        self.dtypes.add(output.dtype)
        cl = x.is_contiguous(memory_format=torch.channels_last) and not x.is_contiguous()
        self.channels_last.add(cl)

    @property
    def gpu_path(self) -> bool:
        return self.dtypes == {torch.bfloat16} and self.channels_last == {True}


def optimizers_made(monkeypatch) -> list[torch.optim.Optimizer]:
    made: list[torch.optim.Optimizer] = []
    real = engine._optimizer
    monkeypatch.setattr(
        engine, "_optimizer", lambda *a, **k: made.append(real(*a, **k)) or made[-1]
    )
    return made


def finite(history) -> bool:
    """Epochs were recorded and every loss in them is finite (val_loss where there is one)."""
    losses = [e[k] for e in history.epochs for k in ("train_loss", "val_loss") if k in e]
    return bool(history.epochs) and all(math.isfinite(v) for v in losses)


# --- fit() and evaluate() on the CUDA defaults ---------------------------------------------


def test_cuda_defaults_are_bf16_channels_last_fused_and_deferred_reads(gpu_like, monkeypatch):
    made = optimizers_made(monkeypatch)
    model = tiny_net()
    probe = Probe(model)
    # 60 images at batch 2: 30 steps an epoch, so the metrics are read back at step 25 (the
    # every-25-steps read) and at the epoch's end
    history = fit(model, toy_data(60), toy_data(8, seed=1), epochs=2, batch_size=2,
                  device="cpu", progress=False)  # fmt: skip
    assert probe.gpu_path and made[0].defaults["fused"] is True and finite(history)
    assert model[0].weight.is_contiguous(memory_format=torch.channels_last)
    # the deferred reads count what the every-step reads count
    monkeypatch.undo()
    every_step = fit(tiny_net(), toy_data(60), toy_data(8, seed=1), epochs=2, batch_size=2,
                     device="cpu", amp=True, channels_last=True, progress=False)  # fmt: skip
    for deferred, eager in zip(history.epochs, every_step.epochs, strict=True):
        assert deferred["step"] == eager["step"]
        for key in ("train_loss", "train_acc", "val_loss", "val_acc"):
            assert deferred[key] == pytest.approx(eager[key], rel=2e-3, abs=1e-6), key


def test_evaluate_defaults_to_bf16_channels_last_on_cuda(gpu_like):
    model = tiny_net().eval()
    probe = Probe(model)
    result = evaluate(model, toy_data(8), batch_size=4, device="cpu")
    assert probe.gpu_path and math.isfinite(result["val_loss"])


def test_a_divergence_between_reads_names_the_steps_it_hides_in(gpu_like):
    model = tiny_net()
    with torch.no_grad():
        model[0].weight.fill_(3e38)  # the first conv's outputs overflow to inf
    history = fit(model, toy_data(20), epochs=3, batch_size=2, device="cpu", progress=False)
    # 10 steps an epoch, read back at the epoch's end: the NaN is somewhere in steps 0–9
    assert history.stopped.startswith("diverged at a step in 0–9 (epoch 1)"), history.stopped
    assert "first non-finite activation: 0 (Conv2d)" in history.stopped and not history.epochs


def test_interrupted_gpu_run_resumes_to_the_uninterrupted_history(gpu_like, tmp_path):
    """Ctrl-C between two reads: the checkpoint must count the steps not yet read back."""

    class Interrupting(TensorDataset):
        fetched = 0

        def __getitem__(self, i):
            Interrupting.fetched += 1
            if Interrupting.fetched == 9:  # during step 4 of 10 in epoch 1
                raise KeyboardInterrupt
            return super().__getitem__(i)

    data, ckpt = toy_data(20), tmp_path / "run.pt"
    options = {"epochs": 2, "batch_size": 2, "device": "cpu", "progress": False}
    cut = fit(tiny_net(), Interrupting(*data.tensors), checkpoint=ckpt, **options)
    assert cut.stopped.startswith("interrupted at step 4")
    assert load_checkpoint(ckpt)["running_epoch"]["seen"] == 8  # 4 steps × 2 images
    resumed, straight = tiny_net(), tiny_net()
    again = fit(resumed, data, checkpoint=ckpt, **options)
    whole = fit(straight, data, **options)
    for a, b in zip(again.epochs, whole.epochs, strict=True):
        assert a["train_loss"] == pytest.approx(b["train_loss"], rel=1e-6)
        assert a["train_acc"] == b["train_acc"]
    assert all(torch.equal(v, resumed.state_dict()[k]) for k, v in straight.state_dict().items())


def test_a_gpu_checkpoint_resumes_on_a_cpu(gpu_like, monkeypatch, tmp_path):
    """A run started on a GPU (CUDA RNG states, fused optimizer state) finishes on a laptop."""
    ckpt = tmp_path / "gpu.pt"
    options = {"epochs": 2, "batch_size": 4, "device": "cpu", "progress": False}
    first = fit(tiny_net(), toy_data(16), checkpoint=ckpt, max_steps=5, **options)
    assert first.stopped.startswith("max_steps=5")
    state = load_checkpoint(ckpt)
    state["rng"]["cuda"] = [torch.zeros(16, dtype=torch.uint8)]  # as a CUDA run stores it
    assert state["optimizer"]["param_groups"][0]["fused"] is True
    save_checkpoint(ckpt, state)
    monkeypatch.undo()  # now a plain CPU
    resumed = fit(tiny_net(), toy_data(16), checkpoint=ckpt, **options)
    assert resumed.stopped is None and resumed.final["step"] == 8 and finite(resumed)


@pytest.mark.parametrize("recipe", ["googlenet", "subset", "subset_adamw"])
def test_fused_optimizers_step_as_the_plain_ones_do(recipe):
    """The fused SGD/AdamW a CUDA run gets, on CPU tensors in channels_last."""
    fused, plain = tiny_net(), tiny_net()
    opts = []
    for model, flag in ((fused, True), (plain, False)):
        model.to(memory_format=torch.channels_last)
        opts.append(engine._optimizer(model, RECIPES[recipe], 0.05, fused=flag))
    assert opts[0].defaults["fused"] is True and not opts[1].defaults.get("fused")
    x, y = toy_data(8).tensors
    for _ in range(3):
        for model, opt in zip((fused, plain), opts, strict=True):
            opt.zero_grad()
            with torch.autocast("cpu", dtype=torch.bfloat16):
                loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
    for (name, a), b in zip(fused.named_parameters(), plain.parameters(), strict=True):
        assert torch.allclose(a, b, rtol=1e-4, atol=1e-6), name


def test_aux_heads_train_under_bf16_and_channels_last(gpu_like):
    model = build_model(
        "googlenet_small", num_classes=2, width=0.125, aux_logits=True, image_size=32
    )
    probe = Probe(model)
    data = TensorDataset(torch.randn(8, 3, 32, 32), torch.arange(8) % 2)
    history = fit(model, data, data, epochs=1, batch_size=4, recipe="googlenet", device="cpu",
                  progress=False)  # fmt: skip
    assert probe.gpu_path and finite(history)


# --- DeviceImages: augmented on the device, under bf16 + channels_last ---------------------


@pytest.mark.parametrize("crop", ["resized", "shift"])
def test_device_images_train_and_evaluate_on_the_gpu_path(crop, gpu_like):
    train, val = store(16, 24, crop), store(8, 24, "none", seed=1)
    model = tiny_net()
    probe = Probe(model)
    history = fit(model, train, val, epochs=2, batch_size=4, device="cpu", progress=False)
    assert probe.gpu_path and finite(history) and history.final["step"] == 8
    x, y = val.batch(range(len(val)), augment=False)
    assert evaluate(model, val, 4, "cpu") == evaluate(model, TensorDataset(x, y), 4, "cpu")


def test_grey_device_images_become_rgb_on_the_gpu_path(gpu_like):
    """Fashion-MNIST's route: one stored channel, repeated at batch time, shifted and flipped."""
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (8, 1, 28, 28), dtype=torch.uint8, generator=g)
    data = DeviceImages(images, torch.arange(8) % 2, image_size=28, crop="shift", rgb=True,
                        mean=(0.5,), std=(0.25,))  # fmt: skip
    model = tiny_net()
    probe = Probe(model)
    history = fit(model, data, epochs=1, batch_size=4, device="cpu", progress=False)
    assert probe.gpu_path and finite(history)


# --- torch.compile, in every mode the CLI accepts -------------------------------------------


def test_the_cli_passes_these_compile_modes_to_fit(monkeypatch):
    from inception_edu import __main__ as cli

    seen = []
    monkeypatch.setattr(cli, "_train", lambda args: seen.append(args.compile) or 0)
    for mode in COMPILE_MODES:
        flag = ["--compile"] if mode is True else ["--compile", mode]
        assert cli.main(["train", "--model", "googlenet_small", *flag]) == 0
    assert seen == COMPILE_MODES
    with pytest.raises(SystemExit):
        cli.main(["train", "--model", "googlenet_small", "--compile", "fastest"])


@pytest.fixture
def fresh_dynamo():
    import torch._inductor.config as inductor

    torch._dynamo.reset()
    torch._dynamo.utils.counters.clear()
    with inductor.patch(compile_threads=1):  # a pool of gcc workers only fights for 2 cores
        yield
    torch._dynamo.reset()


@pytest.mark.parametrize("mode", COMPILE_MODES, ids=str)
def test_compile_trains_in_every_mode(mode, gpu_like, fresh_dynamo):
    """One tiny model, 2 steps on DeviceImages under bf16 + channels_last, compiled.

    On a CPU inductor writes C++ (the first compile on a fresh machine spends ~30 s in gcc; the
    kernels are cached under /tmp/torchinductor_$USER after that); "reduce-overhead" and
    "max-autotune" skip their CUDA graphs here and compile all the same (CUDA graphs: see
    test_reduce_overhead_and_max_autotune_capture_cuda_graphs).
    """
    options = {"epochs": 1, "batch_size": 4, "device": "cpu", "seed": 1, "progress": False}
    train, val = store(8, 16), store(4, 16, "none", seed=1)
    compiled = fit(tiny_net(), train, val, compile=mode, **options)
    assert torch._dynamo.utils.counters["stats"]["unique_graphs"] >= 1
    eager = fit(tiny_net(), train, val, **options)
    assert finite(compiled) and compiled.final["step"] == 2
    # the same two steps: bf16 rounding differs between fused kernels and eager ops
    assert compiled.final["train_loss"] == pytest.approx(eager.final["train_loss"], rel=0.05)


def test_predict_takes_the_gpu_path_and_returns_fp32_probabilities(gpu_like):
    from inception_edu.evaluation import predict

    model = tiny_net(3)
    probe = Probe(model)
    pred = predict(model, torch.randn(4, 3, 16, 16), "10 crops", 12, device="cpu", macs=1)
    assert probe.gpu_path and pred.probs.dtype == torch.float32
    assert torch.allclose(pred.probs.sum(1), torch.ones(4)) and pred.passes == 10


# --- lecture 11's GPU branch, with the real architectures ----------------------------------


def lecture_cell(*needles: str) -> str:
    cells = json.loads(LECTURE_11.read_text())["cells"]
    found = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and all(n in "".join(c["source"]) for n in needles)
    ]
    assert len(found) == 1, f"lecture 11 has {len(found)} code cells with {needles}"
    return found[0]


def lecture_namespace(fast: bool) -> dict:
    """Lecture 11's imports, with ``on_gpu`` true and the CPU standing in for the GPU."""
    ns: dict = {}
    exec(lecture_cell("LECTURE_START = ", "from inception_edu.train import"), ns)
    ns.update(on_gpu=True, device=torch.device("cpu"), device_name="CPU as the GPU",
              fast_mode=lambda: fast, SMALL=None)  # fmt: skip
    return ns


SETTINGS = ("if on_gpu:", "NETS = {", "recipe = RECIPES[")


def test_lecture_11_gpu_branch_trains_the_real_architectures(gpu_like, monkeypatch, capsys):
    """The settings cell's GPU branch, then the training cell itself, on 2-image stores.

    The models, image size, batch and recipe are the branch's own; only the data (2 random
    images per store) and the budget (1 epoch instead of 16, one seed instead of three) are cut;
    validation is predict() on 3 random 224-px images. The branch builds every
    net without aux heads (their builders' default), at 128 px — small enough to train one
    step of each in ~2 s on a CPU.
    """
    ns = lecture_namespace(fast=False)
    settings, _, _ = lecture_cell(*SETTINGS).partition("\ntry:")
    exec(settings, ns)
    assert ns["SIZE"] == 128 and ns["BATCH"] == 128 and ns["recipe"] is RECIPES["subset_adamw"]
    assert list(ns["NETS"].values()) == [
        "googlenet_small", "inception_v3", "inception_v4", "inception_resnet_v2"
    ]  # fmt: skip
    probes = {}

    def build_and_probe(name, **kw):
        model = build_model(name, **kw)
        probes[name] = Probe(model)
        return model

    made = optimizers_made(monkeypatch)
    size = ns["SIZE"]
    val_images = torch.randn(3, 3, 224, 224), torch.tensor([0, 1, 2])  # stored 224×224, 3 classes
    ns.update(EPOCHS=1, SEEDS=(0,), train_set=store(2, size, classes=10),
              build_model=build_and_probe, val_set=store(2, size, "none", classes=10, seed=1),
              source_images=lambda per_class, split: val_images,
              predict=partial(ns["predict"], macs=1),  # no fp32 counting pass for the probes
              fit=partial(fit, device="cpu"))  # fmt: skip
    exec(lecture_cell("histories[title, seed] = fit("), ns)
    printed = capsys.readouterr().out
    assert printed.count("val top-1") == 4 and "training wall time" in printed
    for key, history in ns["histories"].items():
        assert finite(history) and history.final["step"] == 1, key
    assert all(p.probs.shape == (2, 10) for p in ns["singles"].values())  # predicted after
    assert all(p.gpu_path for p in probes.values()) and len(probes) == 4
    assert all(opt.defaults["fused"] for opt in made)  # AdamW, fused as on CUDA
    # the bubble chart's rows count each trained (channels_last) model at the branch's size
    from inception_edu.evaluation import measured_row

    for (title, _), model in ns["trained"].items():
        row = measured_row(title, model, size, ns["top1"][title].mean)
        assert row["macs"] > 0 and row["params"] > 0


def test_lecture_11_gpu_branch_decodes_imagenette_onto_the_device(require_data, capsys):
    """The whole settings cell with ``on_gpu`` true, in its fast setting (2 + 1 per class)."""
    require_data("imagenette")
    ns = lecture_namespace(fast=True)
    exec(lecture_cell(*SETTINGS), ns)
    train, val = ns["train_set"], ns["val_set"]
    assert isinstance(train, DeviceImages) and isinstance(val, DeviceImages)
    assert (len(train), len(val)) == (20, 10) and train.augment and not val.augment
    assert train.images.shape[-1] == round(128 * 8 / 7) and val.images.shape[-1] == 128
    x, _ = train.batch(range(4), seed=0)
    assert x.shape == (4, 3, 128, 128) and torch.isfinite(x).all()
    models = "googlenet_small, inception_v3, inception_v4, inception_resnet_v2"
    assert f"models: {models}  (fast setting)" in capsys.readouterr().out


# --- the benchmarks' GPU branches ------------------------------------------------------------


def benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_train_throughput_gpu_settings(gpu_like):
    """(a) the plain loop with bf16 + channels_last; (b) fit() on the CUDA defaults with
    on-device crops — for Inception-v3 at its smallest input, 75 px."""
    import timm

    bench = benchmark("train_throughput")
    x, y = torch.randn(2, 3, 75, 75), torch.tensor([0, 1])
    ours = bench.plain_loop(build_model("inception_v3", num_classes=10), x, y, 1, True, True)
    theirs = bench.plain_loop(timm.create_model("inception_v3", num_classes=10), x, y, 1,
                              True, True)  # fmt: skip
    model = build_model("inception_v3", num_classes=10)
    probe = Probe(model)
    rate = bench.engine(model, x, y, 1, compile=False, augment=True)
    assert ours > 0 and theirs > 0 and rate > 0 and probe.gpu_path


def test_imagenette_accuracy_gpu_path(gpu_like, require_data, monkeypatch, capsys):
    require_data("imagenette")
    argv = ["imagenette_accuracy.py", "--device", "cpu", "--size", "32", "--per-class", "2",
            "--val-per-class", "1", "--epochs", "1", "--batch", "10",
            "--models", "inception_resnet_v2_small"]  # fmt: skip
    monkeypatch.setattr(sys, "argv", argv)
    benchmark("imagenette_accuracy").main()
    assert "| inception_resnet_v2_small |" in capsys.readouterr().out


# --- device selection and torchrun on a machine with GPUs -----------------------------------


def test_each_torchrun_rank_gets_its_own_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setenv("LOCAL_RANK", "1")
    assert engine.select_device("auto") == torch.device("cuda", 1)
    assert engine.select_device("cuda") == torch.device("cuda", 1)  # not every rank on GPU 0
    assert engine.select_device("cuda:0") == torch.device("cuda", 0)
    monkeypatch.delenv("LOCAL_RANK")
    assert engine.select_device("cuda") == torch.device("cuda", 0)


def test_torchrun_picks_nccl_for_cuda_and_gloo_for_cpu(monkeypatch):
    """NCCL moves only CUDA tensors: a CPU run under torchrun on a GPU machine needs gloo."""
    joined, bound = [], []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "set_device", bound.append)
    monkeypatch.setattr(dist, "is_initialized", lambda: False)
    monkeypatch.setattr(dist, "init_process_group", joined.append)
    monkeypatch.setattr(dist, "get_rank", lambda: 1)
    monkeypatch.setattr(dist, "get_world_size", lambda: 2)
    monkeypatch.setenv("WORLD_SIZE", "2")
    assert engine._distributed(torch.device("cpu")) == (1, 2)
    assert engine._distributed(torch.device("cuda", 1)) == (1, 2)
    assert joined == ["gloo", "nccl"] and bound == [torch.device("cuda", 1)]


# --- what needs CUDA itself -----------------------------------------------------------------


@needs_cuda(reason="needs CUDA: fit()'s defaults on a CUDA device (bf16, channels_last, fused)")
def test_fit_on_cuda_takes_the_gpu_defaults(monkeypatch):
    made = optimizers_made(monkeypatch)
    model = tiny_net()
    probe = Probe(model)
    history = fit(model, toy_data(16), toy_data(8, seed=1), epochs=1, batch_size=4,
                  device="cuda", progress=False)  # fmt: skip
    assert history.device == "cuda:0" and probe.gpu_path and made[0].defaults["fused"]
    assert finite(history)


@needs_cuda(reason="needs CUDA: pinned (page-locked) host memory and non_blocking uploads")
def test_device_images_on_the_gpu_build_the_cpu_batches():
    cpu = store(8, 24)
    gpu = cpu.to("cuda")
    assert gpu.device.type == "cuda" and gpu.to("cuda") is gpu
    for augment in (True, False):
        a, ya = cpu.batch([0, 3, 5], seed=2, augment=augment)
        b, yb = gpu.batch([0, 3, 5], seed=2, augment=augment)
        assert torch.allclose(a, b.cpu(), atol=1e-3) and torch.equal(ya, yb.cpu())


@needs_cuda(reason="needs CUDA: DataLoader(pin_memory=True) for CPU tensors")
def test_dataloader_paths_pin_host_tensors_and_not_gpu_ones():
    for data in (toy_data(16), TensorDataset(*(t.cuda() for t in toy_data(16).tensors))):
        history = fit(tiny_net(), data, epochs=1, batch_size=4, device="cuda", progress=False)
        assert finite(history)


@needs_cuda(reason="needs CUDA: CUDA graphs (compile modes reduce-overhead, max-autotune)")
@pytest.mark.parametrize("mode", ["reduce-overhead", "max-autotune"])
def test_reduce_overhead_and_max_autotune_capture_cuda_graphs(mode, fresh_dynamo):
    options = {"epochs": 2, "batch_size": 4, "device": "cuda", "progress": False}
    history = fit(tiny_net(), store(16, 16), store(8, 16, "none", seed=1), compile=mode, **options)
    assert finite(history) and history.final["step"] == 8


@needs_cuda(reason="needs CUDA: torch.cuda.get_device_name in the benchmarks' header")
def test_train_throughput_names_the_gpu():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "benchmarks/train_throughput.py", "--device", "cuda",
                           "--size", "75", "--batch", "2", "--steps", "1", "--nets",
                           "inception_v3"], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert torch.cuda.get_device_name(0) in done.stdout and "bf16 autocast" in done.stdout


DDP_SCRIPT = """
import os, torch
from torch.utils.data import TensorDataset
from inception_edu.train import fit
torch.manual_seed(0)
x = torch.randn(32, 3, 8, 8)
net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Flatten(), torch.nn.Linear(144, 2))
history = fit(net, TensorDataset(x, (x.mean((1, 2, 3)) > 0).long()), batch_size=4,
              progress=False)
assert history.device == f"cuda:{os.environ['LOCAL_RANK']}", history.device
"""


@pytest.mark.skipif(
    torch.cuda.device_count() < 2, reason="needs CUDA: two GPUs for NCCL DistributedDataParallel"
)
def test_torchrun_trains_one_rank_per_gpu_over_nccl(tmp_path):
    script = tmp_path / "ddp.py"
    script.write_text(DDP_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2",
                           str(script)], capture_output=True, text=True, env=env,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]


def test_pre_ampere_gpus_keep_fp32_by_default(monkeypatch):
    """A T4 or V100 (compute capability 7.x) emulates bf16: fit's amp=None stays fp32 there,
    an A100/H100 (8.0, 9.0) gets bf16; any other device is 'native' (autocast is opt-in)."""
    from inception_edu.train import bf16_native

    cuda = torch.device("cuda", 0)
    for capability, native in (((7, 5), False), ((7, 0), False), ((8, 0), True), ((9, 0), True)):
        monkeypatch.setattr(torch.cuda, "get_device_capability", lambda d=None, c=capability: c)
        assert bf16_native(cuda) is native
    assert bf16_native(torch.device("cpu"))

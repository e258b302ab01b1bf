import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn
from torch.utils.data import TensorDataset

from inception_edu.train import (
    RECIPES,
    CheckpointError,
    Compute,
    EpochBatches,
    EpochSampler,
    History,
    InterruptGate,
    Metrics,
    StepSums,
    TrainingDiverged,
    TrainState,
    _optimizer,
    fit,
    load_checkpoint,
    save_checkpoint,
    select_device,
)

from .helpers import toy_data, toy_net

SCRIPT = Path(__file__).with_name("train_script.py")
ROOT = SCRIPT.parent.parent


def run_script(*args: str, torchrun: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    if torchrun:
        with socket.socket() as sock:  # a free loopback port for the rendezvous
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        cmd = [sys.executable, "-m", "torch.distributed.run", f"--nproc_per_node={torchrun}",
               "--master_addr=127.0.0.1", f"--master_port={port}", str(SCRIPT), *args]  # fmt: skip
    else:
        cmd = [sys.executable, str(SCRIPT), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def test_seeded_cpu_runs_reproduce_exactly():
    a, b = toy_net(), toy_net()
    ha = fit(a, toy_data(), toy_data(32, 1), epochs=2, batch_size=16, seed=3, progress=False)
    hb = fit(b, toy_data(), toy_data(32, 1), epochs=2, batch_size=16, seed=3, progress=False)
    assert all(torch.equal(a.state_dict()[k], v) for k, v in b.state_dict().items())
    assert [e["train_loss"] for e in ha.epochs] == [e["train_loss"] for e in hb.epochs]
    assert ha.final["epoch"] == 2 and "val_acc" in ha.final and ha.device == "cpu"


def test_training_learns_something():
    model = toy_net()
    history = fit(model, toy_data(256), toy_data(128, 1), epochs=10, batch_size=32, lr=0.2,
                  progress=False)  # fmt: skip
    assert history.epochs[-1]["train_loss"] < history.epochs[0]["train_loss"]
    assert history.final["val_acc"] > 0.7


@pytest.mark.slow
def test_sigkill_mid_epoch_then_resume_equals_uninterrupted(tmp_path, require_data):
    require_data("fashion_mnist")
    full = run_script(str(tmp_path / "full.pt"))
    assert full.returncode == 0, full.stderr
    ckpt = tmp_path / "run.ckpt"
    # 80 images, batch 16 → 5 steps per epoch; a checkpoint every 2 steps. Fetch 16·7+3 is in
    # step 8 (epoch 2), after the checkpoint at step 6: a real mid-epoch kill.
    killed = run_script(str(tmp_path / "killed.pt"), "--checkpoint", str(ckpt), "--kill-at", "115")
    assert killed.returncode == -9 and not (tmp_path / "killed.pt").exists()
    assert load_checkpoint(ckpt)["step"] == 6
    resumed = run_script(str(tmp_path / "resumed.pt"), "--checkpoint", str(ckpt))
    assert resumed.returncode == 0, resumed.stderr
    a, b = torch.load(tmp_path / "full.pt"), torch.load(tmp_path / "resumed.pt")
    assert all(torch.equal(a["model"][k], b["model"][k]) for k in a["model"])
    metrics = ("train_loss", "train_acc", "val_loss", "val_acc", "step")
    assert [[e[m] for m in metrics] for e in a["history"]["epochs"]] == [
        [e[m] for m in metrics] for e in b["history"]["epochs"]
    ]


@pytest.mark.slow
def test_ddp_two_processes_match_one_process_of_the_same_global_batch(tmp_path, require_data):
    require_data("fashion_mnist")
    single = run_script(str(tmp_path / "one.pt"), "--batch", "16", "--epochs", "1")
    assert single.returncode == 0, single.stderr
    ddp = run_script(str(tmp_path / "two.pt"), "--batch", "8", "--epochs", "1", torchrun=2)
    assert ddp.returncode == 0, ddp.stderr
    a, b = torch.load(tmp_path / "one.pt")["model"], torch.load(tmp_path / "two.pt")["model"]
    # dropout draws differ between one process and two, so the match is close, not exact
    for k in a:
        assert torch.allclose(a[k], b[k], rtol=0.05, atol=2e-3), k


def test_checkpoint_errors_are_clear(tmp_path):
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="not a readable checkpoint"):
        load_checkpoint(bad)
    model = toy_net()
    fit(model, toy_data(), epochs=1, batch_size=16, checkpoint=tmp_path / "a.ckpt", progress=False)
    other = nn.Sequential(nn.Flatten(), nn.Linear(192, 2))
    with pytest.raises(CheckpointError, match="written for Sequential .* not this Sequential"):
        fit(other, toy_data(), epochs=2, batch_size=16, checkpoint=tmp_path / "a.ckpt")
    save_checkpoint(tmp_path / "x.ckpt", {"hello": torch.ones(1)})
    with pytest.raises(CheckpointError, match="not an inception-edu training checkpoint"):
        load_checkpoint(tmp_path / "x.ckpt")
    assert not list(tmp_path.glob(".*tmp*"))  # atomic writes leave no temporary files


def test_divergence_stops_with_a_diagnosis():
    model = toy_net()
    with torch.no_grad():
        model[0].weight.fill_(3e38)  # the first conv's outputs overflow to inf
    history = fit(model, toy_data(), epochs=3, batch_size=16, progress=False)
    assert history.stopped.startswith("diverged at step 0 (epoch 1)")
    assert "first non-finite activation: 0 (Conv2d)" in history.stopped and not history.epochs


def test_interrupt_saves_and_returns_partial_history(tmp_path):
    class Interrupting(TensorDataset):
        calls = 0

        def __getitem__(self, i):
            Interrupting.calls += 1
            if Interrupting.calls == 40:
                raise KeyboardInterrupt
            return super().__getitem__(i)

    data = toy_data()
    ckpt = tmp_path / "i.ckpt"
    history = fit(toy_net(), Interrupting(*data.tensors), epochs=2, batch_size=16,
                  checkpoint=ckpt, progress=False)  # fmt: skip
    assert history.stopped.startswith("interrupted at step 2") and ckpt.exists()
    resumed = fit(toy_net(), data, epochs=2, batch_size=16, checkpoint=ckpt, progress=False)
    assert resumed.final["epoch"] == 2 and resumed.stopped is None


@pytest.fixture
def ctrl_c_raises():
    """SIGINT as an interactive Python has it (a runner may start this process ignoring it)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_inside_the_optimizer_step_saves_a_whole_step(tmp_path, monkeypatch, ctrl_c_raises):
    """A SIGINT that arrives while AdamW updates the weights lands after the step is counted:
    the checkpoint's step, the optimizer's and the scheduler's agree, and the resumed run ends
    with the uninterrupted run's weights (before, the interrupt could save a half-counted step
    that the resumed run trained again)."""
    step, calls = torch.optim.AdamW.step, []

    def step_then_ctrl_c(self, *args, **kwargs):
        out = step(self, *args, **kwargs)
        calls.append(1)
        if len(calls) == 5:
            signal.raise_signal(signal.SIGINT)  # as if Ctrl-C came while AdamW ran
        return out

    monkeypatch.setattr(torch.optim.AdamW, "step", step_then_ctrl_c)
    data, ckpt = toy_data(), tmp_path / "c.ckpt"
    options = {"epochs": 2, "batch_size": 16, "recipe": "subset_adamw", "progress": False}
    cut = fit(toy_net(), data, checkpoint=ckpt, **options)
    assert cut.stopped.startswith("interrupted at step 5"), cut.stopped
    state = load_checkpoint(ckpt)
    adam_steps = {int(p["step"]) for p in state["optimizer"]["state"].values()}
    assert adam_steps == {5} and state["scheduler"]["last_epoch"] == 5 and state["step"] == 5
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # fit put it back

    monkeypatch.setattr(torch.optim.AdamW, "step", step)
    resumed, straight = toy_net(), toy_net()
    fit(resumed, data, checkpoint=ckpt, **options)
    fit(straight, data, **options)
    assert all(torch.equal(v, resumed.state_dict()[k]) for k, v in straight.state_dict().items())


def test_interrupt_gate_delivers_sigint_and_sigterm_on_leaving(ctrl_c_raises):
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    gate = InterruptGate.install()
    try:
        with pytest.raises(KeyboardInterrupt):
            with gate.held():
                signal.raise_signal(signal.SIGINT)
                signal.raise_signal(signal.SIGTERM)
                assert seen == []  # noted, not yet delivered
        assert seen == [signal.SIGTERM]  # delivered too, though SIGINT's handler raised first
        signal.raise_signal(signal.SIGTERM)  # outside held(): passed on at once
        assert seen == [signal.SIGTERM, signal.SIGTERM]
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
    finally:
        gate.remove()
        signal.signal(signal.SIGTERM, previous)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_interrupt_gate_lets_an_error_through_and_leaves_ignored_signals(ctrl_c_raises):
    """A divergence found inside the block keeps its diagnosis: the held Ctrl-C does not replace
    it (fit is stopping anyway)."""
    gate = InterruptGate.install()
    try:
        with pytest.raises(TrainingDiverged):
            with gate.held():
                signal.raise_signal(signal.SIGINT)
                raise TrainingDiverged("diverged")
    finally:
        gate.remove()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        gate = InterruptGate.install()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        gate.remove()
    finally:
        signal.signal(signal.SIGINT, previous)


def test_epoch_sampler_shards_and_skips():
    whole = list(EpochSampler(10, seed=1))
    ranks = [list(EpochSampler(10, seed=1, rank=r, world=2)) for r in range(2)]
    assert sorted(ranks[0] + ranks[1]) == sorted(whole) and ranks[0] == whole[0::2]
    s = EpochSampler(10, seed=1)
    s.set_epoch(0, skip=4)
    assert list(s) == whole[4:] and len(s) == 6
    s.set_epoch(1)
    assert list(s) != whole


def test_recipes_and_device():
    assert RECIPES["inception_v3"].rmsprop_eps == 1.0 and RECIPES["googlenet"].aux_weight == 0.3
    assert select_device("auto").type in ("cuda", "mps", "cpu")
    assert select_device("cpu").type == "cpu"
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no CUDA GPU"):
            select_device("cuda")


def test_models_with_aux_heads_train_and_plot(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from inception_edu import build_model

    model = build_model(
        "googlenet_small", num_classes=2, width=0.125, aux_logits=True, image_size=32
    )
    data = TensorDataset(torch.randn(16, 3, 32, 32), torch.randint(0, 2, (16,)))
    history = fit(model, data, data, epochs=2, batch_size=8, recipe="googlenet", progress=False)
    assert [e["epoch"] for e in history.epochs] == [1, 2] and history.stopped is None
    from inception_edu.plots import plot_history  # the teaching side draws; train does not

    fig = plot_history(history, "googlenet_small at 32 px")
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    assert len(fig.axes[0].lines) == 2  # train and val
    fig.savefig(tmp_path / "curves.png")
    assert (tmp_path / "curves.png").stat().st_size > 1000


def test_on_epoch_end_hook_adds_to_each_record():
    seen: list[int] = []

    def probe(model: nn.Module, record: dict) -> dict:
        seen.append(record["epoch"])
        return {"weight_norm": float(model[0].weight.detach().norm())}

    model = toy_net()
    history = fit(model, toy_data(), epochs=3, batch_size=16, progress=False, on_epoch_end=probe)
    assert seen == [1, 2, 3]
    assert (
        history.column("weight_norm") == pytest.approx([e["weight_norm"] for e in history.epochs])
        and len(history.column("weight_norm")) == 3
    )
    assert history.final["weight_norm"] == pytest.approx(float(model[0].weight.detach().norm()))


@pytest.mark.parametrize(
    ("name", "kind", "nesterov"),
    [("googlenet", "SGD", False), ("subset", "SGD", True), ("inception_v3", "RMSpropTF", None),
     ("inception_v4", "RMSpropTF", None), ("subset_adamw", "AdamW", None)],
)  # fmt: skip
def test_recipes_build_the_papers_optimizers(name, kind, nesterov):
    from inception_edu.train import _optimizer

    opt = _optimizer(toy_net(), RECIPES[name], 0.01)
    assert type(opt).__name__ == kind
    if nesterov is not None:
        assert opt.defaults["nesterov"] is nesterov  # GoogLeNet §6: plain momentum 0.9
    elif kind == "AdamW":
        assert opt.param_groups[0]["weight_decay"] == 0.05 and opt.defaults["lr"] == 0.01
    else:
        assert opt.defaults["alpha"] == 0.9 and opt.defaults["eps"] == 1.0


def test_tf_rmsprop_step_puts_eps_inside_the_root():
    """One step of the v3 recipe's optimizer = TF's update written by hand (ms starts at 1)."""
    from inception_edu.train import Recipe, _optimizer

    theta = nn.Linear(4, 1, bias=False)
    nn.init.zeros_(theta.weight)
    recipe = Recipe("rmsprop", lr=0.045, rmsprop_tf=True)
    opt = _optimizer(theta, recipe, recipe.lr)
    grad = torch.tensor([[3.0, 1.0, 0.1, 0.001]])
    theta.weight.grad = grad.clone()
    opt.step()
    ms = 0.9 * 1.0 + 0.1 * grad**2
    assert torch.allclose(theta.weight.detach(), -0.045 * grad / torch.sqrt(ms + 1.0), rtol=1e-6)


def test_compile_takes_torch_compile_modes(monkeypatch):
    seen = []
    monkeypatch.setattr(torch, "compile", lambda net, mode=None: seen.append(mode) or net)
    for compile in ("max-autotune", True, False):
        fit(toy_net(), toy_data(16), epochs=1, batch_size=8, compile=compile, progress=False)
    assert seen == ["max-autotune", None]  # True = torch.compile's default mode; False = none


# --- the engine's parts ----------------------------------------------------------------------


def test_metrics_sum_then_average():
    metrics = Metrics()
    assert metrics.result("val") == {"val_loss": 0.0, "val_acc": 0.0}  # nothing seen yet
    metrics.update(6.0, 3, 4)
    metrics.update(2.0, 1, 4)
    assert metrics.result("train") == {"train_loss": 1.0, "train_acc": 0.5}


def test_step_sums_read_back_into_the_running_epoch():
    model = toy_net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    state = TrainState(model, optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1),
                       run={}, history=History())  # fmt: skip
    sums = StepSums(torch.device("cpu"), first_step=0)
    assert sums.every == 1  # a CPU reads every step back
    x, y = toy_data(4).tensors[0], torch.tensor([0, 0, 1, 1])
    sums.add(torch.tensor(0.5), torch.tensor([[1.0, 0.0]] * 4), y)  # class 0 four times
    state.step = 1
    sums.read_back(state)
    assert (state.metrics.seen, state.metrics.loss_sum, state.metrics.correct) == (4, 2.0, 2)
    assert sums.n == 0 and sums.first == 1 and float(sums.loss) == 0.0
    sums.x = x
    sums.add(torch.tensor(float("nan")), torch.zeros(4, 2), y)
    state.step = 2
    with pytest.raises(TrainingDiverged, match=r"diverged at a step in 1–1 \(epoch 1\): loss nan"):
        sums.read_back(state)
    assert state.history.stopped.startswith("diverged at a step in 1–1")


def test_checkpoint_state_keeps_the_format_and_resumes(tmp_path):
    ckpt = tmp_path / "run.ckpt"
    fit(toy_net(), toy_data(), epochs=2, batch_size=16, max_steps=6, checkpoint=ckpt,
        progress=False)  # fmt: skip
    saved = load_checkpoint(ckpt)
    assert list(saved) == ["model", "optimizer", "scheduler", "rng", "epoch", "step",
                           "running_epoch", "history", "signature", "run"]  # fmt: skip
    assert list(saved["running_epoch"]) == ["seen", "loss_sum", "correct", "elapsed"]
    assert (saved["epoch"], saved["step"], saved["running_epoch"]["seen"]) == (1, 6, 32)
    model = toy_net()
    optimizer = _optimizer(model, RECIPES["subset"], 0.1)  # the one fit made
    state = TrainState(model, optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1),
                       run=saved["run"], history=History())  # fmt: skip
    state.resume(ckpt)
    assert (state.epoch, state.step, state.metrics.seen) == (1, 6, 32)
    assert state.elapsed == saved["running_epoch"]["elapsed"] and state.history.stopped is None
    assert len(state.history.epochs) == 1
    state.end_epoch({"epoch": 2})
    assert (state.epoch, state.metrics, state.elapsed) == (2, Metrics(), 0.0)


def test_compute_defaults_and_batch_loop():
    cpu = Compute.on(torch.device("cpu"), None, None)
    assert (cpu.amp, cpu.channels_last) == (False, False)  # fp32, contiguous off CUDA
    asked = Compute.on(torch.device("cpu"), True, True)
    (x, y), *rest = list(asked.batches([toy_data(4).tensors]))
    assert x.is_contiguous(memory_format=torch.channels_last) and not rest and y.shape == (4,)
    with asked.autocast():
        assert nn.Linear(3, 2)(torch.ones(1, 3)).dtype == torch.bfloat16


def test_epoch_batches_resume_mid_epoch():
    data = EpochBatches(toy_data(10), 3, seed=1, rank=0, world=1, dev=torch.device("cpu"),
                        num_workers=0)  # fmt: skip
    assert data.steps_per_epoch == 3  # 3 + 3 + 4: a last batch of one joins the one before
    whole = [x for x, _ in data.epoch(1, step=3)]
    rest = [x for x, _ in data.epoch(1, step=4)]  # one step of epoch 1 already done
    assert [len(b) for b in whole] == [3, 3, 4] and len(rest) == 2
    assert all(torch.equal(a, b) for a, b in zip(rest, whole[1:], strict=True))

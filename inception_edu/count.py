"""Our own parameter and multiply-accumulate counter: one row per layer, exact by the formula.

Convention (stated wherever a number is printed): **MACs = conv + linear weight
multiply-accumulates per image**; FLOPs = 2 × MACs, the unit of ``torch.utils.flop_counter``.
Bias adds, normalization, pooling and activations are reported in their own columns and never
folded into MACs. Modules the counter does not understand are listed by name, never dropped.

The counter runs one forward pass with hooks on every module and applies the closed forms of
:mod:`inception_edu.cost` to the shapes it sees. A convolution or matmul called *outside* a conv
or linear module (``F.conv2d``, ``F.linear`` in a forward) is caught at the aten level and gets
its own row, named after the module whose forward called it, so it counts in every total. The
same pass runs ``torch.utils.flop_counter`` as a cross-check: anything it sees that no row
explains is added to the total's line, never silently dropped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import torch
from torch import Tensor, nn
from torch.nn.modules.batchnorm import _NormBase
from torch.nn.modules.conv import _ConvNd
from torch.nn.modules.dropout import _DropoutNd
from torch.nn.modules.pooling import (
    _AdaptiveAvgPoolNd,
    _AdaptiveMaxPoolNd,
    _AvgPoolNd,
    _MaxPoolNd,
)
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import flop_registry

from .tables import html_table

CONVENTION = (
    "MACs = conv + linear weight multiply-accumulates per image (FLOPs = 2 × MACs). "
    "Bias adds, normalization, pooling and activation ops are in their own columns, not in MACs."
)

Kind = Literal["conv", "linear", "norm", "pool", "act", "free", "other"]
Mode = Literal["eval", "train"]
_FUNCTIONAL = "functional "  # LayerRow.type prefix of a conv/matmul op called outside a module

_ACTIVATIONS = (
    nn.ReLU,
    nn.ReLU6,
    nn.LeakyReLU,
    nn.PReLU,
    nn.ELU,
    nn.SELU,
    nn.CELU,
    nn.GELU,
    nn.SiLU,
    nn.Mish,
    nn.Sigmoid,
    nn.Tanh,
    nn.Hardtanh,
    nn.Hardswish,
    nn.Hardsigmoid,
    nn.Softmax,
    nn.LogSoftmax,
    nn.Softplus,
)
_FREE = (_DropoutNd, nn.Identity, nn.Flatten, nn.Unflatten)
_NORMS = (_NormBase, nn.GroupNorm, nn.LayerNorm, nn.LocalResponseNorm)
_POOLS = (_MaxPoolNd, _AvgPoolNd, _AdaptiveAvgPoolNd, _AdaptiveMaxPoolNd)


def kind_of(module: nn.Module) -> Kind:
    """Which column a module's cost goes to."""
    if isinstance(module, _ConvNd):
        return "conv"
    if isinstance(module, nn.Linear):
        return "linear"
    if isinstance(module, _NORMS):
        return "norm"
    if isinstance(module, _POOLS):
        return "pool"
    if isinstance(module, _ACTIVATIONS):
        return "act"
    if isinstance(module, _FREE):
        return "free"
    return "other"


def count_params(model: nn.Module, trainable_only: bool = False) -> int:
    """Number of parameters (shared tensors counted once), BN γ and β included."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"count_params expects an nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


@dataclass(frozen=True)
class LayerRow:
    """One executed module call. All op counts are per image."""

    name: str
    type: str
    kind: Kind
    output_shape: tuple[int, ...]
    params: int
    macs: int = 0
    bias_adds: int = 0
    norm_ops: int = 0
    pool_ops: int = 0
    act_ops: int = 0


@dataclass(frozen=True)
class Uncounted:
    """A module whose cost the counter cannot derive, with the reason."""

    name: str
    type: str
    params: int
    reason: str


@dataclass
class Profile:
    """Per-layer costs of one forward pass; see :data:`CONVENTION` for what MACs include."""

    model_name: str
    input_size: tuple[int, ...]
    mode: Mode
    rows: list[LayerRow]
    params: int
    params_run: int
    uncounted: list[Uncounted] = field(default_factory=list)
    not_run: list[Uncounted] = field(default_factory=list)
    torch_flops: int = 0
    functional: dict[str, int] = field(default_factory=dict)  # ops outside counted modules
    block_shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)  # container outputs

    # --- totals --------------------------------------------------------------------------------
    def _sum(self, column: str, kinds: Iterable[str] | None = None) -> int:
        kinds = set(kinds) if kinds is not None else None
        return sum(getattr(r, column) for r in self.rows if kinds is None or r.kind in kinds)

    @property
    def macs(self) -> int:
        """Conv + linear weight MACs per image."""
        return self._sum("macs")

    @property
    def conv_macs(self) -> int:
        return self._sum("macs", ["conv"])

    @property
    def linear_macs(self) -> int:
        return self._sum("macs", ["linear"])

    @property
    def flops(self) -> int:
        """2 × MACs."""
        return 2 * self.macs

    @property
    def bias_adds(self) -> int:
        return self._sum("bias_adds")

    @property
    def norm_ops(self) -> int:
        """Per-layer rows plus the same ops called functionally outside counted modules."""
        return self._sum("norm_ops") + self.functional.get("norm_ops", 0)

    @property
    def pool_ops(self) -> int:
        """Per-layer rows plus the same ops called functionally outside counted modules."""
        return self._sum("pool_ops") + self.functional.get("pool_ops", 0)

    @property
    def act_ops(self) -> int:
        """Per-layer rows plus the same ops called functionally outside counted modules."""
        return self._sum("act_ops") + self.functional.get("act_ops", 0)

    @property
    def functional_macs(self) -> int:
        """MACs of conv/matmul ops called outside conv/linear modules (in :attr:`macs` too)."""
        return sum(r.macs for r in self.rows if r.type.startswith(_FUNCTIONAL))

    @property
    def unattributed_macs(self) -> int:
        """MACs torch's flop counter saw that no row explains (0 unless the two disagree)."""
        return self.torch_flops // 2 - self.macs

    # --- views ---------------------------------------------------------------------------------
    def group(self, depth: int = 1) -> list[LayerRow]:
        """Rows summed by the first ``depth`` parts of their qualified name (e.g. per block)."""
        if depth < 1:
            raise ValueError(f"depth must be ≥ 1, got {depth}")
        groups: dict[str, list[LayerRow]] = {}
        for row in self.rows:
            key = ".".join(row.name.split(".")[:depth])
            groups.setdefault(key, []).append(row)
        out = []
        for key, rows in groups.items():
            last = rows[-1]
            out.append(
                LayerRow(
                    name=key,
                    type=rows[0].type if len(rows) == 1 else f"{len(rows)} layers",
                    kind=rows[0].kind if len(rows) == 1 else "other",
                    output_shape=self.block_shapes.get(key, last.output_shape),
                    params=sum(r.params for r in rows),
                    macs=sum(r.macs for r in rows),
                    bias_adds=sum(r.bias_adds for r in rows),
                    norm_ops=sum(r.norm_ops for r in rows),
                    pool_ops=sum(r.pool_ops for r in rows),
                    act_ops=sum(r.act_ops for r in rows),
                )
            )
        return out

    def summary(self) -> str:
        """Totals in one fixed-format block (stable text for checked notebook cells)."""
        c, h, w = self.input_size[-3:]
        lines = [
            f"{self.model_name} @ {c}×{h}×{w} ({self.mode} mode, per image)",
            f"  params            {self.params:>16,}",
            f"  MACs (conv+linear){self.macs:>16,}  = conv {self.conv_macs:,} + "
            f"linear {self.linear_macs:,}"
            + (
                f" (+ {self.unattributed_macs:,} MACs in functional calls not attributed to a "
                "layer)"
                if self.unattributed_macs
                else ""
            ),
            f"  FLOPs = 2 × MACs  {self.flops:>16,}",
            f"  bias adds         {self.bias_adds:>16,}",
            f"  norm ops          {self.norm_ops:>16,}",
            f"  pool ops          {self.pool_ops:>16,}",
            f"  activation ops    {self.act_ops:>16,}",
        ]
        called = {k: v for k, v in self.functional.items() if k != "adaptive_avg_pool" and v}
        if called:
            lines.append(
                "  of which functional calls (F.relu, F.max_pool2d … outside modules): "
                + ", ".join(f"{k.replace('_ops', '')} {v:,}" for k, v in sorted(called.items()))
            )
        if self.functional_macs:
            callers = dict.fromkeys(r.name for r in self.rows if r.type.startswith(_FUNCTIONAL))
            lines.append(
                "  of which functional conv/matmul calls (F.conv2d, F.linear … in a forward): "
                f"{self.functional_macs:,} MACs in {', '.join(callers)}"
            )
        if self.uncounted:
            lines.append(
                "  uncounted: " + ", ".join(f"{u.name} ({u.type})" for u in self.uncounted)
            )
        if self.not_run:
            lines.append(
                "  not run in this mode: "
                + ", ".join(f"{u.name} ({u.params:,} params)" for u in self.not_run)
            )
        return "\n".join(lines)

    def table(self, rows: Sequence[LayerRow] | None = None) -> str:
        """Plain-text per-layer table followed by the totals."""
        rows = self.rows if rows is None else rows
        header = ("layer", "type", "output", "params", "MACs", "bias", "norm", "pool", "act")
        body = [
            (
                r.name,
                r.type,
                "×".join(map(str, r.output_shape)),
                f"{r.params:,}",
                f"{r.macs:,}",
                f"{r.bias_adds:,}",
                f"{r.norm_ops:,}",
                f"{r.pool_ops:,}",
                f"{r.act_ops:,}",
            )
            for r in rows
        ]
        widths = [
            max(len(h), *(len(b[i]) for b in body)) if body else len(h)
            for i, h in enumerate(header)
        ]
        fmt = "  ".join(f"{{:<{w}}}" if i < 3 else f"{{:>{w}}}" for i, w in enumerate(widths))
        lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
        lines += [fmt.format(*b) for b in body]
        return "\n".join(lines + ["", self.summary(), CONVENTION])

    def __str__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        headers = ("layer", "type", "output", "params", "MACs", "bias", "norm", "pool", "act")
        rows = [
            (r.name, r.type, "×".join(map(str, r.output_shape)), r.params, r.macs, r.bias_adds)
            + (r.norm_ops, r.pool_ops, r.act_ops)
            for r in self.rows
        ]
        table = html_table(headers, rows, text_columns=2)
        return (
            f"<div style='max-height:420px;overflow:auto'>{table}</div>"
            f"<pre>{html.escape(self.summary())}</pre><p><i>{html.escape(CONVENTION)}</i></p>"
        )


# --- the counter --------------------------------------------------------------------------------


def _first_tensor(value: object) -> Tensor | None:
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (tuple, list)):
        for item in value:
            found = _first_tensor(item)
            if found is not None:
                return found
    if isinstance(value, dict):
        return _first_tensor(list(value.values()))
    return None


def _own_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters(recurse=False))


def _window(kernel: int | Sequence[int], dims: int) -> int:
    return math.prod((kernel,) * dims if isinstance(kernel, int) else kernel)


def _row(name: str, module: nn.Module, inp: Tensor, out: Tensor, batch: int) -> LayerRow:
    """Apply the closed forms to one module call; counts are per image."""
    kind = kind_of(module)
    per_image = out.numel() // batch
    row = dict(
        name=name,
        type=type(module).__name__,
        kind=kind,
        output_shape=tuple(out.shape[1:]),
        params=_own_params(module),
    )
    if kind == "conv":
        assert isinstance(module, _ConvNd)
        k = math.prod(module.kernel_size)
        if module.transposed:  # every input element is scattered through C_out/g kernels
            macs = inp.numel() // batch * k * (module.out_channels // module.groups)
        else:  # every output element gathers a K·K·C_in/g window
            macs = per_image * k * (module.in_channels // module.groups)
        row.update(macs=macs, bias_adds=per_image if module.bias is not None else 0)
    elif kind == "linear":
        assert isinstance(module, nn.Linear)
        row.update(
            macs=per_image * module.in_features,
            bias_adds=per_image if module.bias is not None else 0,
        )
    elif kind == "norm":
        row.update(norm_ops=per_image)
    elif kind == "pool":
        if isinstance(module, (_AdaptiveAvgPoolNd, _AdaptiveMaxPoolNd)):
            row.update(pool_ops=inp.numel() // batch)  # each input read once (fvcore's count)
        else:
            spatial = out.dim() - 2
            row.update(pool_ops=per_image * _window(module.kernel_size, spatial))
    elif kind == "act":
        row.update(act_ops=per_image)
    return LayerRow(**row)


@contextmanager
def preserved(model: nn.Module, mode: Mode) -> Iterator[None]:
    """Put ``model`` in ``mode``; afterwards restore every module's mode and all buffers.

    A forward pass in train mode updates BatchNorm running statistics; counting must not.
    """
    modes = [(m, m.training) for m in model.modules()]
    buffers = {k: b.detach().clone() for k, b in model.named_buffers()}
    model.train(mode == "train")
    try:
        yield
    finally:
        for m, training in modes:
            m.training = training
        with torch.no_grad():
            for k, b in model.named_buffers():
                b.copy_(buffers[k])


def example_input(model: nn.Module, input_size: int | Sequence[int], mode: Mode = "eval") -> Tensor:
    """A random batch for ``input_size`` on the model's device and dtype (batch 2 in train mode)."""
    size = _normalize_input_size(input_size)
    if len(size) == 3:
        size = (2 if mode == "train" else 1, *size)
    first = next(model.parameters(), None)
    return torch.randn(
        size,
        device=first.device if first is not None else "cpu",
        dtype=first.dtype if first is not None and first.is_floating_point() else torch.float32,
    )


def _normalize_input_size(input_size: int | Sequence[int]) -> tuple[int, ...]:
    if isinstance(input_size, int) and not isinstance(input_size, bool):
        input_size = (3, input_size, input_size)
    if not isinstance(input_size, Sequence) or isinstance(input_size, str):
        raise TypeError(
            f"input_size must be (C, H, W), (N, C, H, W) or an int side length, got {input_size!r}"
        )
    size = tuple(input_size)
    if len(size) not in (3, 4) or not all(isinstance(v, int) and v > 0 for v in size):
        raise ValueError(
            f"input_size must be (C, H, W) or (N, C, H, W) with positive ints, got {input_size!r}"
        )
    return size


# aten ops seen outside any counted module (e.g. ``F.relu`` inside a container's forward)
_ACT_OPS = frozenset(
    "relu relu_ relu6 sigmoid sigmoid_ tanh tanh_ gelu gelu_ silu silu_ mish mish_ hardtanh "
    "hardtanh_ leaky_relu leaky_relu_ elu elu_ hardswish hardswish_ hardsigmoid hardsigmoid_ "
    "_softmax _log_softmax softplus _prelu_kernel".split()
)
_WINDOW_POOL_OPS = frozenset(
    "max_pool1d max_pool2d max_pool3d max_pool2d_with_indices max_pool3d_with_indices "
    "avg_pool1d avg_pool2d avg_pool3d".split()
)
_ADAPTIVE_AVG_OPS = frozenset(
    "_adaptive_avg_pool2d _adaptive_avg_pool3d adaptive_avg_pool1d".split()
)
_ADAPTIVE_MAX_OPS = frozenset("adaptive_max_pool2d adaptive_max_pool3d".split())
_NORM_OPS = frozenset(
    "_native_batch_norm_legit _native_batch_norm_legit_no_training native_batch_norm "
    "native_layer_norm native_group_norm".split()
)


class _FunctionalOps(TorchDispatchMode):
    """Counts the ops run *outside* counted modules: activations, pooling and normalization
    into ``counts``; convolutions and matmuls (``F.conv2d``, ``F.linear``) as rows of their
    own, named after the innermost running module (``stack``), with the MACs of
    ``torch.utils.flop_counter``'s formulas.

    Counted modules raise ``depth`` while they run, so their inner ops are not counted twice.
    """

    def __init__(self, batch: int) -> None:
        super().__init__()
        self.batch = batch
        self.depth = 0
        self.counts: dict[str, int] = {}
        self.stack: list[str] = []  # qualified names of the modules running now
        self.rows: list[LayerRow] = []

    def _add(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n // self.batch

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if self.depth == 0:
            op = func.overloadpacket.__name__
            first = _first_tensor(out)
            if op in _ACT_OPS and first is not None:
                self._add("act_ops", first.numel())
            elif op in _WINDOW_POOL_OPS and first is not None:
                spatial = first.dim() - 2
                self._add("pool_ops", first.numel() * _window(args[1], spatial))
            elif op in _ADAPTIVE_AVG_OPS or op in _ADAPTIVE_MAX_OPS:
                self._add("pool_ops", args[0].numel())
                if op in _ADAPTIVE_AVG_OPS:
                    self._add("adaptive_avg_pool", args[0].numel())
            elif op in _NORM_OPS and first is not None:
                self._add("norm_ops", first.numel())
            elif func.overloadpacket in flop_registry and first is not None:
                self._add_row(func, op, args, kwargs or {}, first)
        return out

    def _add_row(self, func, op: str, args: tuple, kwargs: dict, out: Tensor) -> None:
        flops = flop_registry[func.overloadpacket](*args, **kwargs, out_val=out)
        bias = (op == "convolution" and args[2] is not None) or op in ("addmm", "baddbmm")
        per_image = out.numel() // self.batch
        self.rows.append(
            LayerRow(
                name=self.stack[-1] if self.stack else "(model)",
                type=f"{_FUNCTIONAL}{op}",
                kind="conv" if "conv" in op else "linear",
                output_shape=tuple(out.shape[1:]),
                params=0,  # the weights belong to the calling module (listed as uncounted)
                macs=flops // 2 // self.batch,
                bias_adds=per_image if bias else 0,
            )
        )


def profile(
    model: nn.Module,
    input_size: int | Sequence[int],
    mode: Mode = "eval",
    name: str | None = None,
) -> Profile:
    """Run one forward pass and return per-layer params and costs (per image).

    ``input_size`` is (C, H, W) — a batch of 1 (2 in train mode, where BatchNorm needs more
    than one value per channel) is used — or (N, C, H, W). The model's modes and buffers
    (BatchNorm running statistics) are restored afterwards, so profiling never changes a model.
    """
    from torch.utils.flop_counter import FlopCounterMode

    if not isinstance(model, nn.Module):
        raise TypeError(f"profile expects an nn.Module, got {type(model).__name__}")
    if mode not in ("eval", "train"):
        raise ValueError(f"mode must be 'eval' or 'train', got {mode!r}")
    x = example_input(model, input_size, mode)
    size, batch = tuple(x.shape), x.shape[0]

    rows: list[LayerRow] = []
    uncounted: dict[str, Uncounted] = {}
    ran: set[str] = set()
    handles = []

    def hook_for(qualname: str, module: nn.Module):
        def hook(mod: nn.Module, inputs: tuple, output: object) -> None:
            functional.stack.pop()
            ran.add(qualname)
            inp, out = _first_tensor(inputs), _first_tensor(output)
            kind = kind_of(mod)
            if kind != "other":
                functional.depth -= 1
            if kind == "other":
                uncounted.setdefault(
                    qualname,
                    Uncounted(
                        qualname,
                        type(mod).__name__,
                        _own_params(mod),
                        "holds its own parameters" if _own_params(mod) else "unknown leaf module",
                    ),
                )
                return
            if inp is None or out is None:
                uncounted.setdefault(
                    qualname,
                    Uncounted(qualname, type(mod).__name__, _own_params(mod), "no tensor in/out"),
                )
                return
            rows.extend(functional.rows)  # functional ops that ran inside this module, first
            functional.rows.clear()
            rows.append(_row(qualname, mod, inp, out, batch))

        return hook

    functional = _FunctionalOps(batch)
    shapes: dict[str, tuple[int, ...]] = {}

    def container_hook(qualname: str):
        def hook(mod: nn.Module, inputs: tuple, output: object) -> None:
            functional.stack.pop()
            ran.add(qualname)
            out = _first_tensor(output)
            if out is not None and isinstance(output, Tensor):
                shapes[qualname] = tuple(out.shape[1:])

        return hook

    def enter(*_: object) -> None:
        functional.depth += 1

    def push(qualname: str):
        return lambda *_: functional.stack.append(qualname)

    for qualname, module in model.named_modules():
        qualname = qualname or "(model)"
        handles.append(module.register_forward_pre_hook(push(qualname)))
        is_leaf = next(module.children(), None) is None
        if kind_of(module) != "other" or is_leaf or _own_params(module):
            if kind_of(module) != "other":  # its inner aten ops are this row's, not functional
                handles.append(module.register_forward_pre_hook(enter))
            handles.append(module.register_forward_hook(hook_for(qualname, module)))
        else:  # a container: note that it ran (unrun subtrees are reported) and its output
            handles.append(module.register_forward_hook(container_hook(qualname)))

    try:
        with (
            preserved(model, mode),
            torch.no_grad(),
            FlopCounterMode(display=False) as counter,
            functional,
        ):
            try:
                model(x)
            except Exception as err:  # a model's own ValueError/TypeError keeps its class
                kind = next(
                    (t for t in (ValueError, TypeError) if isinstance(err, t)), RuntimeError
                )
                raise kind(
                    f"profile: the forward pass of {type(model).__name__} failed on an input of "
                    f"shape {tuple(x.shape)} ({mode} mode): {err}"
                ) from err
    finally:
        for h in handles:
            h.remove()
    rows.extend(functional.rows)  # functional ops that ran after the last counted module

    not_run = []
    for qualname, module in model.named_modules():
        qualname = qualname or "(model)"
        params = count_params(module)
        parent = qualname.rsplit(".", 1)[0] if "." in qualname else "(model)"
        if qualname not in ran and params and (qualname == "(model)" or parent in ran):
            not_run.append(Uncounted(qualname, type(module).__name__, params, "not executed"))
    params_run = sum(
        p.numel()
        for p in {
            id(p): p
            for q, m in model.named_modules()
            if (q or "(model)") in ran
            for p in m.parameters(recurse=False)
        }.values()
    )
    return Profile(
        model_name=name or type(model).__name__,
        input_size=size,
        mode=mode,
        rows=rows,
        params=count_params(model),
        params_run=params_run,
        uncounted=list(uncounted.values()),
        not_run=not_run,
        torch_flops=counter.get_total_flops() // batch,
        functional=functional.counts,
        block_shapes=shapes,
    )


def count_macs(model: nn.Module, input_size: int | Sequence[int], mode: Mode = "eval") -> int:
    """Conv + linear weight MACs for one image of ``input_size`` (C, H, W)."""
    return profile(model, input_size, mode=mode).macs


__all__ = [
    "CONVENTION",
    "LayerRow",
    "Profile",
    "Uncounted",
    "count_macs",
    "count_params",
    "example_input",
    "kind_of",
    "preserved",
    "profile",
]

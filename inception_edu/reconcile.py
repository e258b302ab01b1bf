"""Our counter beside fvcore, torchinfo and ``torch.utils.flop_counter``, difference by difference.

Each tool counts something slightly different (read from each tool's source; the tests pin the
integers):

* **fvcore** — conv and linear weight MACs (= ours), plus BatchNorm as 2 × activations in eval
  (5 × in train), plus adaptive average pooling as its input size; ReLU, max/avg pooling, cat
  and add are unsupported and count 0. Convolutions with ``padding="same"`` count 0.
* **torchinfo** — for every *leaf* module with parameters: (weight + bias) × output positions for
  convs, parameters × batch for the rest (Linear bias, BatchNorm γ and β); it only sees modules
  that run, so aux heads vanish in eval mode — both from its MACs and from its parameter total.
* **torch.utils.flop_counter** — FLOPs = 2 × MACs for every conv and matmul, functional ones too.

:func:`reconcile` predicts each tool's number from our per-layer columns, term by term, and shows
whether the prediction is exact. An unexplained difference is reported as such, never hidden.
"""

from __future__ import annotations

import html
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.pooling import _AdaptiveAvgPoolNd

from .count import Mode, Profile, example_input, preserved, profile
from .tables import html_table


@dataclass(frozen=True)
class Term:
    """One line of a reconciliation: a tool's number and our prediction of it."""

    tool: str
    term: str
    theirs: int
    predicted: int
    why: str

    @property
    def explained(self) -> bool:
        return self.theirs == self.predicted


@dataclass
class Reconciliation:
    """Our counts beside the tools'; every term says how the tool's number follows from ours."""

    profile: Profile
    terms: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def all_explained(self) -> bool:
        return all(t.explained for t in self.terms)

    def unexplained(self) -> list[Term]:
        return [t for t in self.terms if not t.explained]

    def text(self) -> str:
        header = ("tool", "term", "tool's number", "from our columns", "", "how")
        rows = [
            (
                t.tool,
                t.term,
                f"{t.theirs:,}",
                f"{t.predicted:,}",
                "=" if t.explained else "≠",
                t.why,
            )
            for t in self.terms
        ]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        fmt = "  ".join(f"{{:>{w}}}" if i in (2, 3) else f"{{:<{w}}}" for i, w in enumerate(widths))
        lines = [fmt.format(*header).rstrip()] + [fmt.format(*r).rstrip() for r in rows]
        return "\n".join(lines + [*self.notes])

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        headers = ("tool", "term", "tool's number", "from our columns", "", "how")
        rows = [
            (t.tool, t.term, t.theirs, t.predicted, "✓" if t.explained else "✗", t.why)
            for t in self.terms
        ]
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return f"{html_table(headers, rows, text_columns=2)}<ul>{notes}</ul>"


def _fvcore_by_operator(model: nn.Module, x: torch.Tensor) -> tuple[dict[str, int], list[str]]:
    logging.getLogger("fvcore").setLevel(logging.ERROR)
    with warnings.catch_warnings():  # fvcore traces with torch.jit, which warns it is deprecated
        warnings.simplefilter("ignore")
        from fvcore.nn import FlopCountAnalysis

        analysis = FlopCountAnalysis(model, x)
        analysis.unsupported_ops_warnings(False)
        analysis.uncalled_modules_warnings(False)
        by_op = {k: int(v) for k, v in analysis.by_operator().items()}
        return by_op, sorted(analysis.unsupported_ops())


def _torchinfo_stats(model: nn.Module, x: torch.Tensor, mode: Mode) -> tuple[int, int]:
    from torchinfo import summary

    stats = summary(model, input_data=x, mode=mode, verbose=0, device=x.device)
    return int(stats.total_mult_adds), int(stats.total_params)


def reconcile(
    model: nn.Module, input_size: int | Sequence[int], mode: Mode = "eval"
) -> Reconciliation:
    """Put our profile beside fvcore's, torchinfo's and torch's flop counter, term by term.

    All numbers are per image. A difference our columns cannot predict is shown with ``≠``.
    """
    prof = profile(model, input_size, mode=mode)
    modules = dict(model.named_modules())
    modules["(model)"] = model
    x = example_input(model, input_size, mode)
    batch = x.shape[0]

    bn_rows = [r for r in prof.rows if isinstance(modules[r.name], _BatchNorm)]
    bn_affine = sum(r.norm_ops for r in bn_rows if modules[r.name].affine)
    bn_plain = sum(r.norm_ops for r in bn_rows if not modules[r.name].affine)
    adaptive_functional = prof.functional.get("adaptive_avg_pool", 0)
    adaptive = adaptive_functional + sum(
        r.pool_ops for r in prof.rows if isinstance(modules[r.name], _AdaptiveAvgPoolNd)
    )
    same_convs = [  # nn.Conv2d(padding="same" or "valid"): fvcore's conv handle counts 0
        r
        for r in prof.rows
        if r.kind == "conv" and isinstance(getattr(modules[r.name], "padding", 0), str)
    ]
    same_macs = sum(r.macs for r in same_convs)

    rec = Reconciliation(prof)
    add = rec.terms.append

    # --- fvcore ----------------------------------------------------------------------------
    with preserved(model, mode), torch.no_grad():
        by_op, unsupported = _fvcore_by_operator(model, x)
    by_op = {k: v // batch for k, v in by_op.items()}
    conv_why = "conv weight MACs (= ours)"
    if same_convs:
        conv_why += (
            f"; fvcore counts padding='same'/'valid' convs as 0 "
            f"(−{same_macs:,} in {len(same_convs)} layers)"
        )
    add(Term("fvcore", "conv", by_op.pop("conv", 0), prof.conv_macs - same_macs, conv_why))
    add(
        Term(
            "fvcore",
            "linear",
            by_op.pop("linear", 0),
            prof.linear_macs,
            "linear weight MACs (= ours)",
        )
    )
    if bn_rows or "batch_norm" in by_op:
        factor = (5, 4) if mode == "train" else (2, 1)
        add(
            Term(
                "fvcore",
                "batch_norm",
                by_op.pop("batch_norm", 0),
                factor[0] * bn_affine + factor[1] * bn_plain,
                f"{factor[0]} × BN activations ({'train' if mode == 'train' else 'eval'}); "
                "ours keeps them in the norm column, out of MACs",
            )
        )
    if adaptive or "adaptive_avg_pool2d" in by_op:
        add(
            Term(
                "fvcore",
                "adaptive_avg_pool2d",
                by_op.pop("adaptive_avg_pool2d", 0),
                adaptive,
                "input size of each adaptive average pool (our pool column)"
                + (
                    f", {adaptive_functional:,} of it in functional F.adaptive_avg_pool2d calls"
                    if adaptive_functional
                    else ""
                ),
            )
        )
    for op, value in sorted(by_op.items()):
        add(Term("fvcore", op, value, 0, "an operator outside our MACs convention"))
    if unsupported:
        rec.notes.append(
            "fvcore counts 0 for (unsupported): "
            + ", ".join(op.removeprefix("aten::") for op in unsupported)
        )

    # --- torchinfo ---------------------------------------------------------------------------
    with preserved(model, mode):
        ti_macs, ti_params = _torchinfo_stats(model, x, mode)
    leaf_param_rows = [
        r
        for r in prof.rows
        if r.kind not in ("conv", "linear")
        and r.params
        and next(modules[r.name].children(), None) is None
    ]
    add(
        Term(
            "torchinfo",
            "Mult-Adds",
            ti_macs // batch,
            prof.macs + prof.bias_adds + sum(r.params for r in leaf_param_rows),
            "our MACs + bias adds + the parameters of every leaf BatchNorm-like module "
            "(torchinfo multiplies their parameter count by the batch)"
            + (
                f"; modules not run in {mode} mode are absent: "
                + ", ".join(u.name for u in prof.not_run)
                if prof.not_run
                else ""
            ),
        )
    )
    add(
        Term(
            "torchinfo",
            "Total params",
            ti_params,
            prof.params,
            "all parameters, BN γ and β included (those of modules that did not run are "
            "added to their parent)",
        )
    )

    # --- torch.utils.flop_counter --------------------------------------------------------------
    add(
        Term(
            "torch.utils.flop_counter",
            "FLOPs",
            prof.torch_flops,
            2 * prof.macs,
            "2 × our MACs (one multiply + one add)",
        )
    )
    rec.notes.append(f"our total parameters (every module, run or not): {prof.params:,}")
    return rec


__all__ = ["Reconciliation", "Term", "reconcile"]

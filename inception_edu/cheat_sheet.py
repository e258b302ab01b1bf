"""The one-page cheat sheet of lecture 12a: the numbers to know, each computed or sourced.

Three kinds of number, kept apart because interviews mix them up:

* **counted** — parameters and multiply-accumulates of the library's models (lectures 04–10),
  and the savings of each design idea, computed here by :mod:`~inception_edu.count` and
  :mod:`~inception_edu.cost` every time the sheet is made;
* **reported** — the papers' ImageNet errors, each with *what it is of*: how many models, how
  many crops per image, which split (:data:`REPORTED`, read from :mod:`~inception_edu.published`);
* **recipe** — the hyper-parameters the papers state (:data:`SETTINGS`).

:func:`cheat_sheet` returns the sheet as Markdown; ``docs/cheat_sheet.md`` is that text, and
``python -m inception_edu cheatsheet`` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cost import (
    asymmetric_saving,
    conv_macs,
    depthwise_separable_cost,
    factorization_saving,
    receptive_field,
)
from .count import count_macs, profile
from .models import MODELS, build_model
from .models.googlenet import TABLE_1
from .models.nin import fc_head_params, gap_head_params
from .published import Reported, reported
from .tables import Table


@dataclass(frozen=True)
class Version:
    """One generation of the family, as the sheet lists it."""

    name: str  # registry name of the paper-faithful (or reference-equal) build
    version: str
    paper: str  # arXiv id
    idea: str  # what it changed
    con: str  # what it costs or lacks


VERSIONS: tuple[Version, ...] = (
    Version(
        "googlenet", "v1 · GoogLeNet (2014)", "1409.4842",
        "Inception module; 1×1 reductions; two aux heads; global average pooling",
        "widths set module by module (Table 1); LRN, dropout; aux heads that did not speed "
        "convergence (1512.00567 §4)",
    ),
    Version(
        "bn_inception", "v2 · BN-Inception (2015)", "1502.03167",
        "BN before every ReLU; 5×5 → two 3×3; no dropout or LRN",
        "5×5 → two 3×3 at its widths: +25% params, about +30% compute (Appendix); in training "
        "an output depends on its batch-mates (§3)",
    ),
    Version(
        "inception_v3", "v3 (2015)", "1512.00567",
        "n×n → 1×n + n×1; parallel stride-2 grid reduction; label smoothing; RMSProp",
        "non-uniform widths, set to partition the model for DistBelief (1602.07261 §1, §3.1)",
    ),
    Version(
        "inception_v4", "v4 (2016)", "1602.07261",
        "uniform pure-Inception blocks per grid size; no residuals",
        "2.14× v3's MACs for 1.2 points of top-1 and 0.6 of top-5 (1602.07261 Table 2); steps "
        "'significantly slower' than the similarly costly IR-v2's (§3.2)",
    ),
    Version(
        "inception_resnet_v2", "Inception-ResNet-v2 (2016)", "1602.07261",
        "Inception blocks + residual adds, scaled 0.1–0.3; faster training",
        "residual nets over 1000 filters 'died' early in training; scaling 'seemed to "
        "stabilize' them (§3.3)",
    ),
)  # fmt: skip


REPORTED: tuple[Reported, ...] = tuple(
    reported(network, models, crops, paper)
    for network, models, crops, paper in (
        ("GoogLeNet", 1, "1", "1409.4842"),
        ("GoogLeNet", 7, "144", "1409.4842"),
        ("BN-Inception", 1, "1", ""),
        ("BN-Inception", 6, "144", ""),
        ("Inception-v3", 1, "1", ""),
        ("Inception-v3", 4, "144", ""),
        ("Inception-v4", 1, "1", ""),
        ("Inception-ResNet-v2", 1, "1", ""),
        ("Inception-v4 + 3 × Inception-ResNet-v2", 4, "144", ""),
    )
)  # the sheet's rows, in the order of the ladder; the numbers live in :mod:`.published`


SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("aux-head loss weight (GoogLeNet)", "0.3", "1409.4842 §5"),
    ("dropout before the classifier (GoogLeNet)", "40%", "1409.4842 Table 1"),
    ("label smoothing ε (K = 1000 classes)", "0.1", "1512.00567 §7"),
    ("RMSProp (v3, v4)", "decay 0.9, ε = 1.0", "1512.00567 §8, 1602.07261 §4"),
    ("learning rate (v3, v4)", "0.045, × 0.94 every 2 epochs", "1512.00567 §8, 1602.07261 §4"),
    ("gradient clipping (v3)", "2.0", "1512.00567 §8"),
    ("residual scale (Inception-ResNet)", "0.1 to 0.3", "1602.07261 §3.3"),
)


@dataclass(frozen=True)
class Counted:
    """A version's counted size at its native input (1000 classes, no aux heads)."""

    version: Version
    image_size: int
    params: int
    macs: int


def family() -> list[Counted]:
    """Parameters and MACs of each version, counted on the library's builds (a few seconds)."""
    rows = []
    for v in VERSIONS:
        size = MODELS[v.name].image_size
        p = profile(build_model(v.name), (3, size, size))
        rows.append(Counted(v, size, p.params, p.macs))
    return rows


@dataclass(frozen=True)
class Saving:
    """One design idea's saving, with the numbers it comes from."""

    idea: str
    before: str
    after: str
    ratio: str  # after / before, as text
    lecture: str


def savings() -> list[Saving]:
    """The savings to know, each computed by :mod:`inception_edu.cost`."""
    direct = conv_macs(5, 192, 32, 28, 28)
    reduced = conv_macs(1, 192, 16, 28, 28) + conv_macs(5, 16, 32, 28, 28)
    fc, flat, gap = (
        fc_head_params(1024, 7, 7),
        fc_head_params(1024, 7, 7, ()),
        gap_head_params(1024),
    )
    separable = depthwise_separable_cost(3, 256, 256, 28, 28)
    conv_pool = conv_macs(3, 320, 640, 35, 35)  # 3×3 to 640 at 35², then pool
    parallel = conv_macs(3, 320, 320, 17, 17)  # stride-2 3×3 to 320 beside a stride-2 pool
    stack_5, stack_7 = 1 - factorization_saving(5, [3, 3]), 1 - factorization_saving(7, [3, 3, 3])
    assert receptive_field([3, 3]) == 5 and receptive_field([3, 3, 3]) == 7
    return [
        Saving(
            "1×1 reduction (to 16) before 3a's 5×5 → 32, 28×28×192 input",
            f"{direct:,} MACs", f"{reduced:,} MACs", f"1/{direct / reduced:.1f}", "03",
        ),
        Saving(
            "GAP + one linear vs flatten 7×7×1024 + one linear (GAP alone)",
            f"{flat:,} params", f"{gap:,} params", f"1/{flat / gap:.0f}", "01",
        ),
        Saving(
            "GAP + one linear vs a VGG-style head (FC 4096, 4096, 1000) on 7×7×1024",
            f"{fc:,} params", f"{gap:,} params", f"1/{fc / gap:.0f}", "01",
        ),
        Saving(
            "5×5 → two 3×3 (same 5×5 field)", "25 weights per channel pair", "18",
            f"{stack_5} ({float(stack_5):.0%})", "06",
        ),
        Saving(
            "7×7 → three 3×3 (same 7×7 field)", "49 weights per channel pair", "27",
            f"{stack_7} ({float(stack_7):.0%})", "06",
        ),
        Saving(
            "n×n → 1×n then n×1", "n² weights per channel pair", "2n",
            f"2/n (n = 3: {float(1 - asymmetric_saving(3)):.0%}; n = 7: "
            f"{float(1 - asymmetric_saving(7)):.0%})",
            "06",
        ),
        Saving(
            "grid reduction 35² → 17², 320 → 640 maps: conv then pool vs v3's stride-2 conv ‖ "
            "pool (pooling first is cheaper still but a bottleneck, §5)",
            f"{conv_pool:,} MACs", f"{parallel:,} MACs", f"1/{conv_pool / parallel:.1f}", "07",
        ),
        Saving(
            "depthwise-separable 3×3 (256 → 256, 28×28)",
            f"{separable.dense:,} MACs", f"{separable.separable:,} MACs",
            f"{separable.fraction} = 1/256 + 1/9", "04",
        ),
    ]  # fmt: skip


def _pct(value: float | None) -> str:
    """A reported error as the paper prints it (20.0 stays "20.0"), "—" where the paper gives
    none on the split of the row."""
    return "—" if value is None else repr(value)


def tables(counted: list[Counted] | None = None) -> list[Table]:
    """The sheet's four tables (pass ``family()`` to reuse a count already made)."""
    counted = family() if counted is None else counted
    table1_k = sum(float(r.paper_params[:-1]) for r in TABLE_1 if r.paper_params)  # 6,797.7K
    separable = count_macs(build_model("bn_inception", conv1="separable"), 224)
    return [
        Table(
            ("version", "input", "params", "MACs", "what it changed", "what it costs"),
            [
                (c.version.version, f"{c.image_size}²", f"{c.params / 1e6:.1f}M",
                 f"{c.macs / 1e9:.2f}G", c.version.idea, c.version.con)
                for c in counted
            ],
            caption="1 · The family, counted (library builds, 1000 classes, no aux heads)",
            note=f"GoogLeNet: Table 1's params column sums to {table1_k / 1000:.1f}M. "
            "BN-Inception ('v2' as 1602.07261 §2 names it): the paper states 13.6M params "
            f"(§4.2); our build keeps GoogLeNet's plain conv1 ({separable / 1e9:.2f}G with Fig. "
            "5's separable one). Inception-ResNet-v2: the released network (TF-slim, timm).",
        ),
        Table(
            ("idea", "before", "after", "after / before", "lecture"),
            [(s.idea, s.before, s.after, s.ratio, s.lecture) for s in savings()],
            caption="2 · The savings, computed",
            text_columns=1,
        ),
        Table(
            ("network", "models", "crops", "split", "top-1 %", "top-5 %", "source"),
            [
                (r.network, r.models, r.crops, r.split, _pct(r.top1), _pct(r.top5), r.source)
                for r in REPORTED
            ],
            caption="3 · The errors, reported — always say how many models and crops",
            note="val = ImageNet 2012 validation; v3's numbers and v4's single-crop ones leave "
            "out the blacklisted images (1512.00567 §10: 48,238 of 50,000; 1602.07261 §5), "
            "GoogLeNet, BN and the v4 ensemble use all 50,000. GoogLeNet's 10.07 is the best of "
            "its 7 members by top-1 (Table 3); 1512.00567 Table 3 re-measures it at 9.2. "
            "— = not given on that split.",
        ),
        Table(
            ("setting", "value", "source"),
            SETTINGS,
            caption="4 · The recipes, as the papers state them",
            text_columns=3,
        ),
    ]  # fmt: skip


HEADER = """# Inception cheat sheet

*inception-edu, lecture 12a. Counted numbers are recomputed by the library whenever this page
is made (`python -m inception_edu cheatsheet`); reported numbers and settings are quoted from
the papers, each listed with its section in [sources.md](sources.md).*"""

FOOTER = """**Say the setting with the number:** "5.0% top-5 — one Inception-v4, one crop,
validation", not "v4 gets 5%". The famous ladder 6.67 → 4.82 → 3.5 → 3.08 mixes ensembles of
7, 6, 4 and 4 models, and test and validation splits."""


def cheat_sheet(counted: list[Counted] | None = None) -> str:
    """The whole sheet as Markdown (what ``docs/cheat_sheet.md`` holds)."""
    body = "\n\n".join(t.markdown() for t in tables(counted))
    return f"{HEADER}\n\n{body}\n\n{FOOTER}\n"


__all__ = [
    "REPORTED",
    "SETTINGS",
    "VERSIONS",
    "Counted",
    "Reported",
    "Saving",
    "Version",
    "cheat_sheet",
    "family",
    "savings",
    "tables",
]

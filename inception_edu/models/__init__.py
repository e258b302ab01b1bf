"""The model zoo: every network the lectures build, by name.

``MODELS`` is a plain dict (greppable, iterated by the tests): name → :class:`ModelCard`.
:func:`build_model` builds one; :func:`list_models` lists them. Reference builders construct
the torchvision/timm model a test proves ours equal to (random weights, no download).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from . import bn_inception as _bn
from . import googlenet as _googlenet
from . import inception_resnet as _ir
from . import inception_v3 as _v3
from . import inception_v4 as _v4
from . import nin as _nin
from .base import check_positive_int


def _tv(name: str, **kw) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        import torchvision

        return getattr(torchvision.models, name)(init_weights=True, **kw)

    return build


def _timm(name: str, **kw) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        import timm

        return timm.create_model(name, pretrained=False, **kw)

    return build


def _preset(builder: Callable[..., nn.Module], **fixed: object) -> Callable[..., nn.Module]:
    """``builder`` with some arguments fixed; its signature lists only the others."""

    def build(**options: object) -> nn.Module:
        return builder(**fixed, **options)

    sig = inspect.signature(builder)
    build.__signature__ = sig.replace(
        parameters=[p for p in sig.parameters.values() if p.name not in fixed]
    )
    build.__doc__ = f"{builder.__name__}({', '.join(f'{k}={v!r}' for k, v in fixed.items())}, …)"
    return build


@dataclass(frozen=True)
class ModelCard:
    """What the zoo knows about one network."""

    builder: Callable[..., nn.Module]
    paper: str  # "Szegedy et al. 2014, arXiv:1409.4842, Table 1"
    image_size: int  # native square input side (a small variant's intended size)
    reference: Callable[[], nn.Module] | None = None  # the model ours must equal
    notes: str = ""

    @property
    def options(self) -> dict[str, object]:
        """The builder's keyword options besides ``num_classes``, with their defaults."""
        params = inspect.signature(self.builder).parameters.values()
        return {p.name: p.default for p in params if p.name != "num_classes"}


MODELS: dict[str, ModelCard] = {
    "nin": ModelCard(
        _nin.nin,
        "Lin, Chen & Yan 2013, arXiv:1312.4400 — the authors' CIFAR-10 model",
        32,
        notes="three mlpconv blocks, global average pooling, no FC layer",
    ),
    "nin_imagenet": ModelCard(
        _nin.nin_imagenet, "Lin et al. 2013 — the ImageNet NIN of the Caffe model zoo", 224
    ),
    "googlenet": ModelCard(
        _googlenet.googlenet,
        "Szegedy et al. 2014, arXiv:1409.4842, Table 1 and Fig. 3 (paper build)",
        224,
        notes="5×5 branches, conv biases, LRN, no BN; 6,998,552 params without aux heads",
    ),
    "googlenet_torchvision": ModelCard(
        _googlenet.googlenet_torchvision,
        "Szegedy et al. 2014 as ported by TF-slim/torchvision",
        224,
        reference=_tv("googlenet", aux_logits=False),
        notes="3×3 in the '5×5' branches, BN (deviations G1–G7)",
    ),
    "googlenet_small": ModelCard(
        _googlenet.googlenet_small,
        "GoogLeNet for a CPU (BN, width 0.375; compact stem below 64 px)",
        96,
    ),
    "bn_inception": ModelCard(
        _bn.bn_inception,
        "Ioffe & Szegedy 2015, arXiv:1502.03167, Appendix Fig. 5 (per-branch numbers)",
        224,
        notes=(
            "Fig. 5's module widths: 4c/4d output 608 (the printed 576 contradicts the "
            "branches); conv1 a plain 7×7 (GoogLeNet's, the Caffe port's; deviation B2) — "
            "conv1='separable' for Fig. 5's separable first layer"
        ),
    ),
    "bn_inception_tf_slim": ModelCard(
        _preset(_bn.bn_inception, variant="tf_slim", conv1="separable"),
        "BN-Inception as TF-slim's inception_v2 (pool proj 96 in 4c/4d, separable conv1)",
        224,
    ),
    "bn_inception_small": ModelCard(
        _bn.bn_inception_small,
        "BN-Inception for a CPU (6 modules, width 0.375; compact stem below 64 px)",
        96,
    ),
    "inception_v3": ModelCard(
        _v3.inception_v3,
        "Szegedy et al. 2015, arXiv:1512.00567, Figs. 5–8 and 10 (as released)",
        299,
        reference=_tv("inception_v3", aux_logits=False),
        notes="= torchvision/timm inception_v3; deviations V1–V12 from Table 1",
    ),
    "inception_v3_small": ModelCard(
        _v3.inception_v3_small,
        "Inception-v3 for a CPU (width 0.25; compact stem below 75 px)",
        96,
    ),
    "inception_v4": ModelCard(
        _v4.inception_v4,
        "Szegedy, Ioffe, Vanhoucke, Alemi 2016, arXiv:1602.07261, Figs. 3–9, Table 1",
        299,
        reference=_timm("inception_v4"),
        notes="= timm inception_v4 (42,679,816 params); deviations F1–F8",
    ),
    "inception_v4_small": ModelCard(
        _v4.inception_v4_small,
        "Inception-v4 for a CPU (width 0.25, 2/2/2 modules; compact stem below 75 px)",
        96,
    ),
    "inception_resnet_v1": ModelCard(
        _ir.inception_resnet_v1,
        "1602.07261 Figs. 10–15 (paper widths 256/896/1792, 5/10/5 blocks)",
        299,
        notes="no torchvision/timm reference; per-block widths checked against facenet",
    ),
    "inception_resnet_v2": ModelCard(
        _ir.inception_resnet_v2,
        "1602.07261 Figs. 16–19 as released (TF-slim = timm)",
        299,
        reference=_timm("inception_resnet_v2"),
        notes="= timm inception_resnet_v2 (55,843,464 params); deviations I1–I9",
    ),
    "inception_resnet_v2_paper": ModelCard(
        _preset(_ir.inception_resnet_v2, variant="paper"),
        "IR-v2 as drawn (v4 stem, 5/10/5 blocks); unaddable widths replaced by the input width",
        299,
    ),
    "inception_resnet_v1_small": ModelCard(
        _ir.inception_resnet_v1_small,
        "Inception-ResNet-v1 for a CPU (width 0.25, 2/2/2 blocks; compact stem below 75 px)",
        96,
    ),
    "inception_resnet_v2_small": ModelCard(
        _ir.inception_resnet_v2_small,
        "Inception-ResNet-v2 for a CPU (width 0.25, 2/2/2 blocks; compact stem below 75 px)",
        96,
    ),
}


def list_models() -> list[str]:
    """Names accepted by :func:`build_model`."""
    return list(MODELS)


def build_model(name: str, num_classes: int = 1000, **options: object) -> nn.Module:
    """Build a registered network; options go to its builder (e.g. ``aux_logits=True``).

    Every option is checked before a layer is built: an unknown name, a count that is not a
    positive int (``num_classes=0``, ``width=-1``), a dropout outside [0, 1) … each gets one
    sentence naming the value and what is expected. ``MODELS[name].options`` lists them.
    """
    if not isinstance(name, str) or name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of: {', '.join(MODELS)}")
    accepted = MODELS[name].options
    unknown = [k for k in options if k not in accepted]
    if unknown:
        raise TypeError(
            f"{name} has no option {', '.join(map(repr, unknown))}; it accepts num_classes and "
            + ", ".join(f"{k}={v!r}" for k, v in accepted.items())
        )
    check_positive_int("num_classes", num_classes)
    return MODELS[name].builder(num_classes=num_classes, **options)


__all__ = ["MODELS", "ModelCard", "build_model", "list_models"]

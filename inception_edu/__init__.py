"""inception-edu: the Inception family of CNNs, built from the papers and counted exactly.

The library in one screen:

* :mod:`inception_edu.cost` — closed forms (params, MACs, output sizes, factorization savings);
* :mod:`inception_edu.count` — our per-layer counter (``profile``, ``count_params``,
  ``count_macs``);
* :mod:`inception_edu.reconcile` — our numbers beside fvcore's and torchinfo's, term by term;
* :mod:`inception_edu.models` — the zoo (``build_model``, ``list_models``), one file per paper;
* :mod:`inception_edu.reference` — ``load_reference_weights`` from torchvision/timm state dicts;
* :mod:`inception_edu.data` — Imagenette, Fashion-MNIST and CIFAR-10 from one data root;
* :mod:`inception_edu.explorers` / :mod:`inception_edu.exercises` — widgets and self-checks.
"""

from __future__ import annotations

from .count import CONVENTION, Profile, count_macs, count_params, profile
from .models import MODELS, build_model, list_models
from .models.base import AuxOutputs
from .reconcile import reconcile
from .reference import load_reference_weights

__version__ = "0.1.0"

__all__ = [
    "CONVENTION",
    "MODELS",
    "AuxOutputs",
    "Profile",
    "build_model",
    "list_models",
    "load_reference_weights",
    "__version__",
    "count_macs",
    "count_params",
    "profile",
    "reconcile",
]

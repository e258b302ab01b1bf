"""Course-wide settings read from the environment (documented in the README).

* ``INCEPTION_EDU_DATA`` — the data root (see :mod:`inception_edu.data`).
* ``INCEPTION_EDU_FAST=1`` — lectures that train use a small subset and a few steps; the test
  suite (``make test``, CI) turns it on (every lecture then runs in under half a minute on a
  2-core CPU; ``results/README.md`` has the measured table). Leave it unset for the lectures'
  full settings; in a notebook, ``%env INCEPTION_EDU_FAST=1`` switches it on before a cell
  that reads it.
* ``INCEPTION_EDU_QUIET=1`` — progress bars stay off unless asked for (:func:`show_progress`):
  ``make test`` and ``make regen`` set it, so stored outputs and test logs hold no bars; in
  JupyterLab (``make lab``) every training, decoding and evaluation call shows one.
* ``CI`` — when set, progress bars stay off too (quiet CI logs).
"""

from __future__ import annotations

import os

FAST_ENV = "INCEPTION_EDU_FAST"
QUIET_ENV = "INCEPTION_EDU_QUIET"


def fast_mode() -> bool:
    """True when ``INCEPTION_EDU_FAST`` is set to 1/true/yes."""
    return os.environ.get(FAST_ENV, "").strip().lower() in ("1", "true", "yes")


def show_progress(progress: bool | None = None) -> bool:
    """Progress bars: as asked, or by default on unless ``INCEPTION_EDU_QUIET`` (the test
    harness, ``make regen``) or ``CI`` is set."""
    if progress is not None:
        return progress
    quiet = os.environ.get(QUIET_ENV, "").strip().lower() in ("1", "true", "yes")
    return not (quiet or os.environ.get("CI"))


__all__ = ["FAST_ENV", "QUIET_ENV", "fast_mode", "show_progress"]

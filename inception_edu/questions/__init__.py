"""Question banks, one module per lecture (``q00`` …); importing this registers them all."""

from . import q00  # noqa: F401

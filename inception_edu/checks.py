"""One check for the integer arguments of the pure teaching functions and their explorers.

A bad value gets one sentence naming the argument, the range and what was passed — never a
traceback from deep inside a formula.
"""

from __future__ import annotations


def check_int(name: str, value: object, low: int = 1, high: int | None = None) -> int:
    """``value`` if it is an int (not a bool) in [low, high], else a ValueError in one sentence."""
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
    if ok and (high is None or value <= high):
        return value
    wanted = f"an int ≥ {low}" if high is None else f"an int from {low} to {high}"
    raise ValueError(f"{name} must be {wanted}, got {value!r}")


__all__ = ["check_int"]

"""The one piece of widget plumbing every explorer shares: integer sliders → an HTML view."""

from __future__ import annotations

from collections.abc import Callable


def slider_explorer(
    sliders: dict[str, tuple[int, int, int, str]],
    render: Callable[..., str],
    per_row: int = 3,
):
    """``sliders``: name → (value, min, max, label); ``render(**values)`` returns HTML.

    The view re-renders on every slider move, never prints (printing inside a callback leaks
    into nbval's comparison), and exposes ``box.sliders`` and ``box.output`` so a checked cell
    or a test can drive it from code.
    """
    import ipywidgets as W

    controls = {
        name: W.IntSlider(value, low, high, description=label)
        for name, (value, low, high, label) in sliders.items()
    }
    out = W.HTML()

    def update(_=None) -> None:
        out.value = render(**{name: s.value for name, s in controls.items()})

    for s in controls.values():
        s.observe(update, names="value")
    update()
    items = list(controls.values())
    rows = [W.HBox(items[i : i + per_row]) for i in range(0, len(items), per_row)]
    box = W.VBox([*rows, out])
    box.sliders, box.output = controls, out  # handles for tests and checked cells
    return box


__all__ = ["slider_explorer"]

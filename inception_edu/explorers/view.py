"""The view plumbing every explorer shares: integer sliders → an HTML view, and one bar.

Tables come from :func:`inception_edu.tables.html_table` (the same builder as the lectures'
:class:`~inception_edu.tables.Table`); this module adds the proportional bar an explorer puts in
a table's last column.
"""

from __future__ import annotations

import html
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


def bar(fraction: float, colour: str, label: str = "", width: int = 240) -> str:
    """A horizontal bar ``fraction`` of ``width`` pixels long (at least 1), with a small label."""
    pixels = max(1, round(width * max(fraction, 0.0)))
    text = f"<span style='font-size:80%'>{html.escape(label)}</span>" if label else ""
    return (
        "<div style='display:flex;align-items:center;gap:4px'>"
        f"<div style='background:{colour};height:10px;width:{pixels}px'></div>{text}</div>"
    )


__all__ = ["bar", "slider_explorer"]

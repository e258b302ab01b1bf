"""Interactive explorers, one module per topic: each is a pure function (tested, callable from a
checked cell) plus a thin ipywidgets wrapper that renders into an HTML/Output widget.

Callbacks never print: printed text inside a widget callback leaks into nbval's comparison.
"""

from .conv_cost import conv_cost_explorer, conv_cost_rows, rows_html

__all__ = ["conv_cost_explorer", "conv_cost_rows", "rows_html"]

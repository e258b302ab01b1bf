"""Interactive explorers, one module per topic: each is a pure function (tested, callable from a
checked cell) plus a thin ipywidgets wrapper that renders into an HTML/Output widget.

Callbacks never print: printed text inside a widget callback leaks into nbval's comparison.
"""

from .bn_inception import fig5_explorer, fig5_rows
from .conv_cost import conv_cost_explorer, conv_cost_rows, rows_html
from .evaluation import crop_scheme, crop_scheme_explorer
from .factorization import factorization_explorer, factorization_rows
from .googlenet import table1_row, table1_row_explorer
from .inception_v3 import label_smoothing_explorer, label_smoothing_summary
from .naive_inception import naive_inception_explorer, naive_module_rows, snowball
from .nin import head_params_explorer, head_params_rows
from .reduction import reduction_explorer, reduction_rows

__all__ = [
    "factorization_explorer",
    "factorization_rows",
    "fig5_explorer",
    "fig5_rows",
    "table1_row",
    "table1_row_explorer",
    "label_smoothing_explorer",
    "label_smoothing_summary",
    "crop_scheme",
    "crop_scheme_explorer",
    "conv_cost_explorer",
    "conv_cost_rows",
    "head_params_explorer",
    "head_params_rows",
    "naive_inception_explorer",
    "naive_module_rows",
    "reduction_explorer",
    "reduction_rows",
    "rows_html",
    "snowball",
]

"""Interactive explorers, one module per topic, each a thin view: sliders over a function of the
module that owns the concept (``cost``, ``losses``, ``evaluation``, ``paper_tables``, …), drawn
with the one table builder (:func:`inception_edu.tables.html_table`) and :func:`.view.bar`.
The explorers compute no course facts; a checked cell or a test calls the owning function.

Callbacks never print: printed text inside a widget callback leaks into nbval's comparison.
"""

from .bn_inception import fig5_explorer
from .conv_cost import conv_cost_explorer
from .evaluation import crop_scheme_explorer
from .factorization import factorization_explorer
from .googlenet import table1_row_explorer
from .inception_v3 import label_smoothing_explorer
from .naive_inception import naive_inception_explorer
from .nin import head_params_explorer
from .reduction import reduction_explorer

__all__ = [
    "factorization_explorer",
    "fig5_explorer",
    "table1_row_explorer",
    "label_smoothing_explorer",
    "crop_scheme_explorer",
    "conv_cost_explorer",
    "head_params_explorer",
    "naive_inception_explorer",
    "reduction_explorer",
]

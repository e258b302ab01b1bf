"""Lecture 07 · grid-size reduction: conv then pool, pool then conv, parallel (1512.00567 §5)."""

from fractions import Fraction

from ..exercises import Question, register
from ..explorers.grid_reduction import grid_reduction_rows

_conv_first, _pool_first, _parallel = grid_reduction_rows(35, 320, 3)  # the paper's Fig. 9/10 case
_ratio = Fraction(int(_conv_first["MACs"]), int(_pool_first["MACs"]))  # type: ignore[call-overload]
_even_first, _even_pool, _ = grid_reduction_rows(34, 320, 3)
_even_ratio = Fraction(int(_even_first["MACs"]), int(_even_pool["MACs"]))  # type: ignore[call-overload]

register(
    Question(
        qid="07.cost_ratio",
        prompt=(
            "From a d×d grid with k filters to a d/2×d/2 grid with 2k filters (d even, same "
            "kernel): how many times the cost of pool-then-conv is conv-then-pool?"
        ),
        answer=_even_ratio,
        rel_tol=0.002,
        hint="Both convs map k → 2k with the same kernel; only the grid they run on differs.",
        mistakes=(
            (
                3,
                'that is the 3× of the Fig. 9 caption: "3 times more expensive" means 3× *more* '
                "than pool-then-conv, i.e. 4× the cost.",
            ),
            (2, "the grid is halved in both directions: (d/(d/2))² = 4, not 2."),
            (Fraction(1, 4), "you inverted the ratio: conv-then-pool is the expensive one."),
        ),
        solution=(
            "2d²k² ÷ 2(d/2)²k² = 4: conv-then-pool costs 4× pool-then-conv — the caption's "
            '"3 times more expensive". For d = 35 (floor to 17) the ratio is '
            f"{float(_ratio):.2f}."
        ),
    ),
    Question(
        qid="07.pool_conv_macs",
        prompt=(
            "Pool then conv on the paper's example: a 35×35×320 map is pooled to 17×17, then a "
            "3×3 'same' conv 320→640 runs on the 17×17 grid. How many MACs per image?"
        ),
        answer=_pool_first["MACs"],  # type: ignore[arg-type]
        unit="MACs",
        hint="MACs = output H·W · k·k · C_in · C_out, with the output grid 17×17.",
        mistakes=(
            (_conv_first["MACs"], "that is conv-then-pool: the conv runs on 35×35, not 17×17."),  # type: ignore[list-item]
            (
                35 * 35 // 4 * 9 * 320 * 640,
                "you used d²/4 = 306.25 → 306 instead of the real grid 17² = 289.",
            ),
            (2 * int(_pool_first["MACs"]), "that is FLOPs (2 × MACs); the question asks for MACs."),  # type: ignore[call-overload]
            (_parallel["MACs"], "that is the parallel stride-2 conv 320→320, not 320→640."),  # type: ignore[list-item]
        ),
        solution="17·17 · 3·3 · 320 · 640 = 532,684,800 MACs (¼-ish of the 2,257,920,000).",
    ),
    Question(
        qid="07.bottleneck_values",
        prompt=(
            "Pool then conv on a 35×35×320 map (pool to 17×17, then conv to 640 channels): how "
            "many values does the whole representation squeeze through after the pool?"
        ),
        answer=_pool_first["narrowest"],  # type: ignore[arg-type]
        unit="values",
        hint="The pool keeps the channels (320) and halves the grid; count H·W·C after it.",
        mistakes=(
            (35 * 35 * 320, "you used d instead of d/2: the pooled map is 17×17, not 35×35."),
            (_pool_first["output"], "that is the 17×17×640 output, not the pooled 17×17×320."),  # type: ignore[list-item]
            (_conv_first["intermediate"], "that is conv-then-pool's 35×35×640 intermediate."),  # type: ignore[list-item]
        ),
        solution=(
            "17·17·320 = 92,480 values — half of the 184,960-value output: the representational "
            "bottleneck that §2's principle 1 warns against."
        ),
    ),
)

"""Lecture 12's explorer: a compute-the-cost drill with a "draw again" button.

:func:`drill_html` is the view (a drawn :class:`~inception_edu.drills.Drill`, and optionally
the feedback on an answer or the solution → HTML with the question in English and Chinese);
:func:`drill_explorer` wraps it in buttons and a text box. "Draw again" moves to the next seed,
so a sequence of drills is reproducible from its first seed. Callbacks never print; an empty
box checks as a neutral prompt, and any answer gets a verdict or a note in the card.
"""

from __future__ import annotations

import html

from ..drills import Drill, draw
from ..exercises import Feedback, answer_text


def drill_html(drill: Drill, feedback: Feedback | None = None, solution: bool = False) -> str:
    """The drill card: kind and seed, the question (EN + 中文), then feedback or the solution."""
    q = drill.question
    parts = [
        f"<div style='font-size:85%;color:#555'>drill <code>{html.escape(drill.kind)}</code> · "
        f"seed {drill.seed}</div>",
        f"<p>{html.escape(q.prompt)}</p>",
        f"<p lang='zh'>{html.escape(q.prompt_zh)}</p>",
    ]
    if feedback is not None:
        parts.append(feedback._repr_html_())
    if solution:
        parts.append(
            f"<div style='border-left:4px solid #4c72b0;padding:4px 8px'>"
            f"{html.escape(q.solution)}<br><b>Answer:</b> "
            f"{html.escape(answer_text(q))}</div>"
        )
    return "".join(parts)


def drill_explorer(seed: int = 0, kind: str | None = None):
    """Buttons "draw again · 再来一题", "check · 检查", "solution · 答案" and an answer box.

    Exposes ``box.draw_button``, ``box.answer``, ``box.check_button``, ``box.reveal_button``,
    ``box.output`` and ``box.current()`` (the drill shown) so code can drive it.
    """
    import ipywidgets as W

    state = {"drill": draw(seed, kind)}
    draw_button = W.Button(description="draw again · 再来一题")
    reveal_button = W.Button(description="solution · 答案")
    answer = W.Text(placeholder="e.g. 12443648, 12.4M, 1244万 or 28%", description="answer")
    check_button = W.Button(description="check · 检查")
    out = W.HTML()

    def render(feedback: Feedback | None = None, solution: bool = False) -> None:
        out.value = drill_html(state["drill"], feedback, solution)

    def on_draw(_=None) -> None:
        state["drill"] = draw(state["drill"].seed + 1, kind)
        answer.value = ""
        render()

    def on_check(_=None) -> None:
        drill = state["drill"]
        try:
            feedback = drill.check(answer.value)
        except Exception as err:  # a callback's exception would vanish: show it instead
            feedback = Feedback(drill.question.qid, False, f"Could not check that answer: {err}")
        render(feedback=feedback)

    def on_reveal(_=None) -> None:
        render(solution=True)

    draw_button.on_click(on_draw)
    check_button.on_click(on_check)
    reveal_button.on_click(on_reveal)
    render()
    box = W.VBox([W.HBox([draw_button, reveal_button]), W.HBox([answer, check_button]), out])
    box.draw_button, box.reveal_button, box.check_button = draw_button, reveal_button, check_button
    box.answer, box.output = answer, out
    box.current = lambda: state["drill"]
    return box


__all__ = ["drill_explorer", "drill_html"]

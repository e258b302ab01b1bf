"""One displayable table for the lectures: plain text under print/nbval, HTML in JupyterLab.

A lecture cell that used to build a table line by line with f-strings returns a :class:`Table`
instead::

    Table(("module", "params", "MACs"), rows, caption="Table 1, recomputed")

Integers print with thousands separators, floats with ``float_format``; the first
``text_columns`` columns are left-aligned, the rest right-aligned. ``str(table)`` is the
plain-text form (what a checked cell compares), ``_repr_html_`` what JupyterLab shows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field


def cell_text(value: object, float_format: str = "{:.3g}") -> str:
    """How one value prints in a table: ints as 1,234,567, floats by ``float_format``."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return float_format.format(value)
    return str(value)


@dataclass(frozen=True)
class Table:
    """Headers, rows and an optional caption/footnote; renders as text and as HTML."""

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    caption: str = ""
    note: str = ""
    text_columns: int = 1
    float_format: str = "{:.3g}"
    bold_rows: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        width = len(self.headers)
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(
                    f"row {i} has {len(row)} cells but the table has {width} columns "
                    f"({', '.join(self.headers)})"
                )

    def cells(self) -> list[list[str]]:
        """Every row as the strings it prints."""
        return [[cell_text(v, self.float_format) for v in row] for row in self.rows]

    def __str__(self) -> str:
        body = self.cells()
        widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(self.headers)]

        def line(cells: Iterable[str]) -> str:
            return "  ".join(
                c.ljust(w) if i < self.text_columns else c.rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        lines = [self.caption] if self.caption else []
        lines += [line(self.headers), line("-" * w for w in widths)]
        lines += [line(r) for r in body]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def markdown(self) -> str:
        """The table as Markdown under a ``###`` caption; all-number columns right-aligned."""

        def row(cells: Sequence[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        body = self.cells()

        def numeric(i: int) -> bool:
            return all(re.fullmatch(r"[\d,.]+[MG²]?|—", r[i]) for r in body)

        align = ["---:" if numeric(i) else "---" for i in range(len(self.headers))]
        lines = [f"### {self.caption}", "", row(self.headers), row(align)]
        lines += [row(r) for r in body]
        if self.note:
            lines += ["", f"*{self.note}*"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return html_table(
            self.headers,
            self.rows,
            caption=self.caption,
            note=self.note,
            text_columns=self.text_columns,
            float_format=self.float_format,
            bold_rows=self.bold_rows,
        )


def html_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str = "",
    note: str = "",
    text_columns: int = 1,
    float_format: str = "{:.3g}",
    bold_rows: Collection[int] = frozenset(),
    html_columns: Collection[int] = frozenset(),
) -> str:
    """The one HTML table builder: :class:`Table`'s view, every explorer's, the counter's.

    Values print as :func:`cell_text` does and are escaped, except in ``html_columns``, whose
    cells are trusted HTML the caller built (an explorer's bars); the first ``text_columns``
    columns are left-aligned, the rest right-aligned.
    """

    def align(i: int) -> str:
        return "left" if i < text_columns else "right"

    def cell(i: int, value: object) -> str:
        return str(value) if i in html_columns else html.escape(cell_text(value, float_format))

    head = "".join(
        f"<th style='text-align:{align(i)}'>{html.escape(h)}</th>" for i, h in enumerate(headers)
    )
    body = ""
    for n, row in enumerate(rows):
        weight = ";font-weight:bold" if n in bold_rows else ""
        body += (
            "<tr>"
            + "".join(
                f"<td style='text-align:{align(i)}{weight}'>{cell(i, v)}</td>"
                for i, v in enumerate(row)
            )
            + "</tr>"
        )
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    note_html = f"<p><i>{html.escape(note)}</i></p>" if note else ""
    table = f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
    return f"<table>{caption_html}{table}</table>{note_html}"

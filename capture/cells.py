"""Printed cells: the text a seed holds for a field, and whether it is a printed figure.

A cell is the field's text, trimmed. The rendering wraps some fields in HTML paragraphs; a field that is
exactly one paragraph (``<p>text</p>``, possibly followed by a page-number paragraph such as
``<p>Page 101</p>``) is captured as its text, which stands inside the printed field. Everything else is kept
as printed: two values in one cell, markers, thousands separators, several paragraphs.

Whether a cell is a figure is staging's own reading (``expectations.printed_cells``, the dbt macro run in
DuckDB): a value column must hold only patterns staging accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from expectations import printed_cells

_PARAGRAPH = re.compile(r"^<p>((?:(?!</?p\b).)*)</p>$", re.S)
_PAGE_PARAGRAPH = re.compile(r"\s*<p(?:\s[^>]*)?>\s*Page \d+\s*</p>\s*$", re.I)
YEAR_LIKE = re.compile(r"^(?:19|20)\d{2}(?:\s*[/-]\s*(?:19|20)?\d{2})?\*?$")
# Patterns that print a number (a count, share, amount); markers (dash, unavailable) are not figures.
MARKERS = {"blank", "dash", "unavailable"}


def cell_text(field_text: str) -> str:
    """The seed cell for a printed field: trimmed, with a single wrapping paragraph removed."""
    text = field_text.strip()
    if text.startswith("<p"):
        text = _PAGE_PARAGRAPH.sub("", text).strip()
        match = _PARAGRAPH.match(text)
        if match:
            text = match.group(1).strip()
    return text


def is_year_like(text: str) -> bool:
    return bool(YEAR_LIKE.match(text.strip()))


@dataclass
class Cells:
    """Staging's reading of every distinct cell text met so far (one DuckDB run per batch)."""
    parsed: dict[str, printed_cells.Parsed] = field(default_factory=dict)

    def learn(self, texts: Iterable[str]) -> None:
        new = {t.strip() for t in texts if t and t.strip() and t.strip() not in self.parsed}
        if new:
            self.parsed.update(printed_cells.evaluate_cells(new))

    def pattern(self, text: str) -> str | None:
        text = text.strip()
        if not text:
            return "blank"
        if text not in self.parsed:
            self.learn([text])
        return self.parsed[text].pattern

    def accepted(self, text: str) -> bool:
        """Staging reads the cell (a figure, a marker or blank)."""
        p = self.pattern(text)
        return p is not None and not p.startswith("(")

    def is_figure(self, text: str) -> bool:
        """A printed figure that is not a year (a header like 2019 or 2022/23 is not a figure)."""
        p = self.pattern(text)
        return p is not None and not p.startswith("(") and p not in MARKERS and not is_year_like(text)

    def is_text(self, text: str) -> bool:
        """Words staging would not read as a figure or marker."""
        return bool(text.strip()) and not self.accepted(text) and not is_year_like(text)

    def number(self, text: str) -> float | None:
        p = self.parsed.get(text.strip())
        return p.number if p else None

    def percent(self, text: str) -> float | None:
        p = self.parsed.get(text.strip())
        return p.percent if p else None

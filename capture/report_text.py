"""A report's text file, the lines to capture, and what kind each line is.

Lines are numbered from 1, as ``source_line`` cites them (the file split at ``\\n``, as the provenance
check reads it). A line is a *table row* when it holds a tab, *blank*, *page furniture* (``Agenda Item 8``,
``Page 115``, ``This page is intentionally left blank``: printed by the pagination, not the author), or
*prose* otherwise. The cover sheet of a committee report (``Report to:``, ``Subject:``, ...) is read as
label/value pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from expectations.provenance import normalise

FURNITURE = re.compile(r"^\s*(Agenda Item \d+|Page \d+|This page is intentionally left blank)\s*$", re.I)
AGENDA_ITEM = re.compile(r"^\s*Agenda Item (\d+)\s*$", re.I)
BULLET = re.compile(r"^\s*(?:[-•●▪]|\(?\d+[.)]|\([a-z]\))\s+")
COVER_LABELS = ("report to", "subject", "report of", "portfolio", "cabinet portfolio", "is this a key decision",
                "exempt / confidential report", "date of meeting", "wards affected", "included in forward plan")

TAB, BLANK, FURNITURE_KIND, PROSE = "table_row", "blank", "furniture", "prose"


def parse_lines(spec: str | None, total: int) -> tuple[int, int]:
    """``"2171-2479"`` (or ``"2171-"``, ``"-200"``, ``None`` for all) as (first, last), checked against the file."""
    if not spec:
        return 1, total
    match = re.fullmatch(r"\s*(\d*)\s*-\s*(\d*)\s*", spec)
    if not match:
        raise ValueError(f"--lines must look like 2171-2479, not {spec!r}")
    first = int(match.group(1) or 1)
    last = int(match.group(2) or total)
    if not 1 <= first <= last <= total:
        raise ValueError(f"lines {first}-{last} are not within the file's 1-{total}")
    return first, last


def is_heading(text: str) -> bool:
    """A short printed heading: one line, not a sentence, not a list item."""
    text = normalise(text.replace("**", ""))
    return (0 < len(text) <= 100 and not text.endswith((".", ",", ";", ":")) and not BULLET.match(text)
            and not FURNITURE.match(text) and not text.startswith(("*", "(", "<", "[")) and "http" not in text
            and any(c.isalpha() for c in text))


@dataclass
class ReportText:
    path: Path
    lines: list[str]  # every line of the file; lines[n - 1] is line n
    first: int
    last: int
    _kinds: dict[int, str] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, path: Path, lines: str | None = None) -> ReportText:
        text = Path(path).read_text(encoding="utf-8")
        all_lines = text.split("\n")
        first, last = parse_lines(lines, len(all_lines))
        return cls(Path(path), all_lines, first, last)

    def numbers(self) -> range:
        return range(self.first, self.last + 1)

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def fields(self, n: int) -> list[str]:
        """The tab-separated fields of a line, each trimmed."""
        return [f.strip() for f in self.line(n).split("\t")]

    def kind(self, n: int) -> str:
        if n not in self._kinds:
            line = self.line(n)
            if "\t" in line:
                kind = TAB
            elif not line.strip():
                kind = BLANK
            elif FURNITURE.match(line):
                kind = FURNITURE_KIND
            else:
                kind = PROSE
            self._kinds[n] = kind
        return self._kinds[n]

    def is_quiet(self, n: int) -> bool:
        """Blank or page furniture: what a page break leaves between two parts of one table."""
        return self.kind(n) in (BLANK, FURNITURE_KIND)

    def agenda_item(self) -> str | None:
        """The agenda item the lines belong to (the first ``Agenda Item N`` printed in them)."""
        for n in self.numbers():
            match = AGENDA_ITEM.match(self.line(n))
            if match:
                return match.group(1)
        return None

    def cover(self) -> dict[str, str]:
        """The cover sheet's label/value pairs (``subject``, ``report to``, ``date of meeting``, ...), as printed."""
        found: dict[str, str] = {}
        for n in self.numbers():
            if self.kind(n) != TAB:
                continue
            cells = self.fields(n)
            for i in range(0, len(cells) - 1, 2):
                label = normalise(cells[i]).rstrip(":").strip().lower()
                if label in COVER_LABELS and cells[i + 1] and label not in found:
                    found[label] = normalise(cells[i + 1])
            if len(found) >= 6:
                break
        return found

    def heading_above(self, n: int, window: int = 12, max_prose: int = 6) -> tuple[str, int] | None:
        """The nearest printed heading above line ``n`` (skipping blank lines, page furniture and up to
        ``max_prose`` lines of list or prose), stopping at a table row. Returns (heading, line)."""
        prose = 0
        for m in range(n - 1, max(self.first, n - window) - 1, -1):
            kind = self.kind(m)
            if kind == TAB:
                return None
            if kind != PROSE:
                continue
            if is_heading(self.line(m)):
                return normalise(self.line(m).replace("**", "")), m
            prose += 1
            if prose > max_prose:
                return None
        return None

    def sentence_introducing(self, n: int) -> str:
        """The sentence of the paragraph just above line ``n`` that speaks of a table ('The table below
        shows ...'), if any."""
        for m in range(n - 1, max(self.first, n - 5) - 1, -1):
            if self.is_quiet(m):
                continue
            if self.kind(m) != PROSE:
                return ""
            sentences = re.split(r"(?<=[.!?])\s+", normalise(self.line(m).replace("**", "")))
            return next((s for s in reversed(sentences) if re.search(r"\btable\b", s, re.I)), "")
        return ""

    def heading_directly_above(self, n: int) -> tuple[str, int] | None:
        """A heading separated from line ``n`` by blank lines and page furniture only."""
        for m in range(n - 1, self.first - 1, -1):
            if self.is_quiet(m):
                continue
            if self.kind(m) == PROSE and is_heading(self.line(m)):
                return normalise(self.line(m).replace("**", "")), m
            return None
        return None

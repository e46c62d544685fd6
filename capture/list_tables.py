"""Tables printed as bullet lists of figures, e.g.

    - 97 (4%) were aged under 5 years
    - 552 (25%) were aged 5-10 years,
    ...
    - 253 (11%) of EHC Plans were for young people/adults aged 20-25 years.

Three or more consecutive items that each start with the same figures (a number, a number with its
percentage in brackets, ...) are one table: one row per item, the figures as value cells and, as the row
label, what follows the last word every item shares ("aged": ``under 5 years`` ... ``20-25 years``). The
sentence above the list introduces it (its title, and the period its figures are for).
"""

from __future__ import annotations

import re

from capture.cells import Cells
from capture.model import FoundTable, Row, Segment
from capture.report_text import PROSE, ReportText
from expectations.provenance import normalise

# an item starts with a figure and a second one in brackets: "97 (4%)", "25.0% (697)"
_FIG = r"[0-9][0-9,]*(?:\.[0-9]+)?%?"
ITEM = re.compile(rf"^\s*[-•●▪]\s+(?P<figures>{_FIG}\s*\({_FIG}\))\s+(?P<text>\S.*?)\s*$")
FIGURE = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?%?")
MIN_ITEMS = 3


def _items(text: ReportText, taken: set[int]) -> list[list[tuple[int, list[str], str]]]:
    groups: list[list[tuple[int, list[str], str]]] = []
    for n in text.numbers():
        match = ITEM.match(text.line(n)) if n not in taken and text.kind(n) == PROSE else None
        if not match:
            continue
        figures = FIGURE.findall(match.group("figures"))
        item = (n, figures, match.group("text"))
        if groups and groups[-1][-1][0] == n - 1 and len(groups[-1][-1][1]) == len(figures):
            groups[-1].append(item)
        else:
            groups.append([item])
    return [g for g in groups if len(g) >= MIN_ITEMS]


def _label_start(texts: list[str]) -> tuple[str, list[str]]:
    """The last word every item shares (with words after it in each item), and the labels after it."""
    words = [t.split() for t in texts]
    common = {w.lower() for w in words[0]}
    for w in words[1:]:
        common &= {x.lower() for x in w}
    best, labels = "", [t.strip() for t in texts]
    for word in common:
        cut = []
        for w in words:
            idx = max(i for i, x in enumerate(w) if x.lower() == word)
            cut.append(" ".join(w[idx + 1:]).strip().rstrip(",.;:").strip())
        if all(cut) and (not best or sum(map(len, cut)) < sum(map(len, labels))):
            best, labels = word, cut
    if not best:
        labels = [t.strip().rstrip(",.;:").strip() for t in texts]
    return best, labels


def _sentence_above(text: ReportText, n: int) -> str:
    for m in range(n - 1, max(text.first, n - 4) - 1, -1):
        if text.kind(m) == PROSE:
            return normalise(text.line(m).replace("**", ""))
        if not text.is_quiet(m):
            break
    return ""


def _caption_below(text: ReportText, n: int) -> str:
    for m in range(n + 1, min(text.last, n + 3) + 1):
        if text.kind(m) == PROSE:
            line = normalise(text.line(m))
            return line if len(line) <= 150 and not ITEM.match(text.line(m)) else ""
        if not text.is_quiet(m):
            break
    return ""


def find(text: ReportText, judge: Cells, taken: set[int]) -> list[FoundTable]:
    tables = []
    for items in _items(text, taken):
        judge.learn(f for _, figures, _ in items for f in figures)
        if not all(judge.is_figure(f) for _, figures, _ in items for f in figures):
            continue
        word, labels = _label_start([t for _, _, t in items])
        width = 1 + len(items[0][1])
        rows = [Row(n, [label, *figures]) for (n, figures, _), label in zip(items, labels)]
        table = FoundTable(kind="figures", origin="list", width=width, segments=[Segment(rows=rows)],
                           label_count=1, label_name_hint=word)
        table.intro = _sentence_above(text, items[0][0])
        caption = _caption_below(text, items[-1][0])
        table.heading = caption.rstrip(".") if caption else table.intro
        table.remarks.append(f"a bullet list read as a table: each row's label is what follows '{word}'"
                             if word else "a bullet list read as a table: each row's label is the item's text")
        tables.append(table)
    return tables

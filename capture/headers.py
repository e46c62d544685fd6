"""The printed header of a table, column by column.

A header printed over two or three lines has group cells above leaf cells; a merged group cell comes out
as its text followed by empty tab positions, so a group cell spans the empty positions to its right (in
every header line but the last). The header path of a value column runs from the top line to its leaf:
``["Number of Schools", "Sefton - All Schools", "Total"]``, ``["2023/2024", "Latest 19th Oct 2023"]``,
``["2019"]``. Ordinals split by the rendering (``19 th``) are joined.

Some renderings pack the leaf cells to the left (``All  Female  Male  _  _`` over five columns, where
Female and Male each head a number and a percentage column). When the leaf line has fewer cells than
columns, nothing else heads the columns on the right, and the columns pair up (a count followed by a
share) into as many units as there are leaf cells, each leaf is given its unit's columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from capture import units
from capture.cells import Cells
from capture.model import FoundTable
from expectations.provenance import normalise

_ORDINAL = re.compile(r"(\d)\s+(st|nd|rd|th)\b")


def header_text(text: str) -> str:
    return _ORDINAL.sub(r"\1\2", normalise(text.replace("**", "")))


@dataclass
class HeaderPath:
    position: int  # field index in the printed line
    texts: list[str]  # top to leaf, spans filled in
    realigned: bool = False

    @property
    def leaf(self) -> str:
        return self.texts[-1] if self.texts else ""

    @property
    def group(self) -> str:
        return self.texts[-2] if len(self.texts) >= 2 else ""

    @property
    def super_header(self) -> str:
        return self.texts[-3] if len(self.texts) >= 3 else ""

    @property
    def printed(self) -> str:
        return " > ".join(self.texts) if self.texts else "(no header)"


def _grid(table: FoundTable) -> list[list[str]]:
    return [[header_text(c) for c in (r.cells + [""] * table.width)[: table.width]] for r in table.header]


def label_headers(table: FoundTable) -> list[str]:
    grid = _grid(table)
    return [" ".join(row[j] for row in grid if row[j]) for j in range(table.label_count)]


def value_paths(table: FoundTable, judge: Cells, positions: list[int]) -> list[HeaderPath]:
    grid = _grid(table)
    paths = {j: HeaderPath(j, []) for j in positions}
    for r, row in enumerate(grid):
        last_row = r == len(grid) - 1
        carried = ""
        for j in range(table.label_count, table.width):
            text = row[j]
            if text:
                carried = text
            elif last_row:
                carried = ""
            if j in paths and (text or (carried and not last_row)):
                paths[j].texts.append(text or carried)
    if grid:
        _realign_packed_leaves(grid[-1], paths, table, judge, positions)
    return [paths[j] for j in positions]


def _realign_packed_leaves(leaf_row: list[str], paths: dict[int, HeaderPath], table: FoundTable, judge: Cells,
                           positions: list[int]) -> None:
    filled = [j for j in positions if leaf_row[j]]
    if not filled or len(filled) == len(positions) or filled != positions[: len(filled)]:
        return
    upper = len(table.header) - 1
    trailing = positions[len(filled):]
    if any(any(_own(table, r, j) for r in range(upper)) for j in trailing):
        return  # something else heads those columns
    kinds = [units.column_kind([r.cells[j] for r in table.rows], judge) for j in positions]
    groups: list[list[int]] = []
    for j, kind in zip(positions, kinds):
        if groups and units.is_share_like(kind) and len(groups[-1]) == 1 \
                and kinds[positions.index(groups[-1][0])] == "integer":
            groups[-1].append(j)
        else:
            groups.append([j])
    if len(groups) != len(filled):
        return
    leaves = [leaf_row[j] for j in filled]
    for leaf, group in zip(leaves, groups):
        for j in group:
            path = paths[j]
            path.texts = [t for t in path.texts if t not in leaves] + [leaf]
            path.realigned = True


def _own(table: FoundTable, r: int, j: int) -> str:
    cells = table.header[r].cells
    return cells[j].strip() if j < len(cells) else ""

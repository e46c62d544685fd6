"""Reuse what is known about a table printed again (a new quarter of a known table, or the same table
printed twice in one report).

Matching: each part of a found table (its rows under one sub-heading) is compared with every part of every
known table of the same kind and shape (number of row-label columns): the share of its row labels the
known part also has (at least half), and the same title: the printed sub-heading, heading, title or header
stands in the known title or block, or shares most of its words (a text table: or its column names agree). The best known part
wins; parts of one found table that match different known tables become different seeds (the scorecard's
absence table holds the absence rate and persistent absence seeds), parts matching nothing stay together
as a new seed.

Applying a match: the seed's name, its label column names, every value column whose printed header (or
derived name) the known table has (name, description and meaning copied), the table's ``config.meta``, and
each row's meaning (``row_meanings``, by row label in printed order) are reused. What is new - a column
for a new period, a row without a meaning - is listed as unmapped.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass

from capture import headers, naming
from capture.drafting import row_key
from capture.knowledge import Knowledge, KnownColumn, KnownSegment, KnownTable
from capture.model import DraftColumn, DraftRow, DraftTable, FoundTable, Segment
from expectations.provenance import normalise

MIN_LABEL_OVERLAP = 0.5
_WORD = re.compile(r"[a-z]{3,}|\d+")
_IGNORED = {"and", "the", "for", "with", "data", "from", "table", "each", "all", "number"}


@dataclass
class Group:
    segments: list[Segment]
    known: KnownTable | None = None
    known_segments: list[KnownSegment | None] | None = None


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _IGNORED}


def _overlap(a: list[tuple], b: list[tuple]) -> float:
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b))


def _evidence(text: str, segment: KnownSegment) -> float:
    """1 when the text is the known part's block or stands in its title, 0.6 when it shares most words."""
    text = normalise(text).lower()
    if not text:
        return 0.0
    titles = normalise(f"{segment.title} {segment.block}").lower()
    if text == segment.block.lower() or text in titles or (segment.block and segment.block.lower() in text):
        return 1.0
    words = _words(text)
    return 0.6 if words and len(words & _words(titles)) / len(words) >= 0.8 else 0.0


def _title_evidence(subtitle: str, titles: list[str], segment: KnownSegment) -> float:
    """The part's printed sub-heading counts most; the table's heading or title adds to it."""
    return 0.5 * _evidence(subtitle, segment) + 0.25 * max((_evidence(t, segment) for t in titles), default=0.0)


def segment_keys(found: FoundTable, segment: Segment, label_positions: list[int]) -> list[tuple[str, ...]]:
    keys, previous = [], None
    for row in segment.rows:
        previous = row_key(row.cells, label_positions, previous)
        keys.append(previous)
    return keys


def _candidates(found: FoundTable, knowledge: Knowledge, report_id: str, draft: DraftTable):
    for known in knowledge.tables:
        if known.kind != found.kind:
            continue
        if found.kind == "text" and len(known.of_role("field")) != len(draft.columns):
            continue
        if found.kind == "figures" and len(known.of_role("label")) != len(draft.label_columns):
            continue
        names = {c.name for c in known.columns}
        column_agreement = sum(c.name in names for c in draft.columns) / max(1, len(draft.columns))
        yield known, column_agreement


def assign(found: FoundTable, draft: DraftTable, knowledge: Knowledge, report_id: str, title: str) -> list[Group]:
    """The found table's parts grouped by the known table each matches (None: no match)."""
    label_positions = [c.position for c in draft.columns if c.role == "label"] or [0]
    candidates = list(_candidates(found, knowledge, report_id, draft))
    printed_header = " ".join(c.printed for c in draft.columns if c.printed and c.printed != "(no header)")
    titles = [found.heading, title, found.intro, printed_header]
    best: list[tuple[KnownTable | None, KnownSegment | None]] = []
    for segment in found.segments:
        keys = segment_keys(found, segment, label_positions)
        lines = [r.line for r in segment.rows]
        choice, best_score = (None, None), 0.0
        for known, agreement in candidates:
            for part in known.segments:
                overlap = _overlap(keys, part.keys)
                if overlap < MIN_LABEL_OVERLAP:
                    continue
                evidence = _title_evidence(segment.subtitle, titles, part)
                if not evidence and not (found.kind == "text" and agreement >= 0.8):
                    continue  # the same row labels under another title: another table
                score = overlap + evidence + 0.2 * agreement
                if known.report_id == report_id and part.lines == lines:
                    score += 0.1
                if known.same_capture:
                    score -= 0.05  # an earlier report's capture is the better guide
                if score > best_score:
                    choice, best_score = (known, part), score
        best.append(choice)
    groups: list[Group] = []
    for segment, (known, part) in zip(found.segments, best):
        if groups and groups[-1].known is known:  # consecutive parts of one known table (or of none)
            groups[-1].segments.append(segment)
            groups[-1].known_segments.append(part)
        else:
            groups.append(Group([segment], known, [part]))
    return groups


# --- applying a match ---------------------------------------------------------------------------------

def _same_header(column: DraftColumn, known: dict) -> bool:
    header = headers.header_text(str(known.get("header") or "")).lower()
    group = headers.header_text(str(known.get("group") or "")).lower()
    return bool(header) and header == headers.header_text(str(column.meta.get("header") or "")).lower() \
        and group == headers.header_text(str(column.meta.get("group") or "")).lower()


def _map_columns(draft: DraftTable, known: KnownTable, same_report: bool) -> list[tuple[DraftColumn, KnownColumn]]:
    """(draft column, the known column it is), for value and field columns."""
    role = "field" if draft.kind == "text" else "value"
    mine = [c for c in draft.columns if c.role == role]
    theirs = known.of_role(role)
    free, pairs = list(theirs), {}

    def take(column: DraftColumn, hit: KnownColumn | None) -> None:
        if hit is not None and id(column) not in pairs:
            pairs[id(column)] = (column, hit)
            free.remove(hit)

    for column in mine:  # 1. the same printed header and group
        take(column, next((k for k in free if _same_header(column, k.meta)), None))
    for column in mine:  # 2. the same derived name
        if id(column) not in pairs:
            take(column, next((k for k in free if k.name == column.name), None))
    if same_report and len(mine) == len(theirs):  # 3. the same printing, captured before: by position
        for column, k in zip(mine, theirs):
            if k in free:
                take(column, k)
    return list(pairs.values())


def _reuse_columns(draft: DraftTable, known: KnownTable, same_report: bool) -> dict[str, str]:
    """Give the draft's columns the known names, descriptions and meanings; returns the renames."""
    pairs = _map_columns(draft, known, same_report)
    labels, known_labels = draft.label_columns, known.of_role("label")
    if len(labels) == len(known_labels):
        pairs += list(zip(labels, known_labels))
    renames: dict[str, str] = {}
    for column, k in pairs:
        renames[column.name] = k.name
        column.name, column.description, column.meta = k.name, k.description, copy.deepcopy(k.meta)
        column.derivation, column.unmapped = f"reused from {known.name}.{k.name}", []
    reused = {id(c) for c, _ in pairs}
    taken = {c.name for c in draft.columns if id(c) in reused} | {c.name for c in known.columns}
    for column in draft.columns:
        if id(column) in reused or column.role not in ("value", "field"):
            continue
        new = naming.unique(column.name, taken)
        renames[column.name], column.name = new, new
        taken.add(new)
        column.derivation += f"; new: {known.name} has no column printed '{column.printed}'"
        draft.new_columns.append(new)
    missing = [k.name for k in known.of_role("value" if draft.kind == "figures" else "field")
               if k.name not in {c.name for c in draft.columns}]
    if missing:
        draft.remarks.append(f"{known.name} had columns not printed here: {', '.join(missing)}")
    return renames


def _rename(draft: DraftTable, renames: dict[str, str]) -> None:
    for row in draft.rows:
        row.cells = {renames.get(k, k): v for k, v in row.cells.items()}


def apply(draft: DraftTable, group: Group, knowledge: Knowledge, report_id: str, taken: set[str],
          heading: str) -> DraftTable:
    known = group.known
    if known.same_capture:  # printed again in this report: its own seed, named as drafted
        name = draft.name
    else:
        name = naming.unique(f"{report_id}__{known.suffix}", taken)
    draft.name, draft.reused_from = name, known.name
    draft.derivation = f"reused from {known.name} (its row labels and printed title match)"
    if known.meta:
        draft.table_meta = copy.deepcopy(known.meta)
    renames = _reuse_columns(draft, known, same_report=known.report_id == report_id)
    _rename(draft, renames)
    _provenance(draft, group, known, report_id, heading)
    _row_meanings(draft, group, known, knowledge)
    first, last = draft.line_range
    title = draft.rows[0].table_title if draft.rows else ""
    draft.description = f"{title} (report {report_id}, lines {first}-{last}): one row per printed row, every cell verbatim."
    return draft


def _provenance(draft: DraftTable, group: Group, known: KnownTable, report_id: str, heading: str) -> None:
    """Titles and blocks as the known table words them: the same report's own capture wholesale; another
    report's capture in its layout (sub-headings as blocks only where it uses blocks)."""
    by_line = {}
    for segment, part in zip(group.segments, group.known_segments):
        for row in segment.rows:
            by_line[row.line] = (segment, part)
    for row in draft.rows:
        segment, part = by_line.get(row.line, (None, None))
        if part is None:
            continue
        if known.report_id == report_id and not known.same_capture:
            row.table_title, row.block = part.title, part.block
            row.section = part.section or row.section
        elif not known.uses_blocks and segment is not None and segment.subtitle:
            row.table_title = f"{heading} - {segment.subtitle}" if heading else segment.subtitle
            row.block = ""


def _row_meanings(draft: DraftTable, group: Group, known: KnownTable, knowledge: Knowledge) -> None:
    rows_by_line: dict[int, DraftRow] = {r.line: r for r in draft.rows}
    for segment, part in zip(group.segments, group.known_segments):
        if part is None:
            continue
        cursor = 0
        for row in segment.rows:
            draft_row = rows_by_line.get(row.line)
            if draft_row is None:
                continue
            hit = next((i for i in range(cursor, len(part.keys)) if part.keys[i] == draft_row.key), None)
            if hit is None:
                hit = next((i for i in range(len(part.keys)) if part.keys[i] == draft_row.key), None)
            if hit is None:
                continue
            cursor = hit + 1
            meaning = knowledge.row_meanings.get((known.name, part.lines[hit]))
            if meaning:
                draft_row.meaning = {k: v for k, v in meaning.items() if k not in ("source_table", "source_line")}
                labels = [draft_row.cells[c.name] for c in draft.label_columns]
                draft_row.meaning["row_label"] = " | ".join(labels) if len(labels) > 1 else (labels[0] if labels else "")

"""Figures stated in running text: ``headline_observations`` rows.

A sentence some capture already holds (the same sentence, in any report, with the same printed value)
gives a complete row: its measure, area, cohort, breakdown and period are reused, with this report's id,
line and key (``<report_id>__<the known key's short name>``). Every other figure stated in the lines
(``capture.figures``) is proposed for a person to complete: the sentence, the printed value, a unit and,
where the sentence states one, a period. A proposal is never written as a seed row (its measure is
unknown); the review lists it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from capture import periods
from capture.figures import figures, sentences, unit_of
from capture.report_text import PROSE, TAB, ReportText
from expectations.provenance import normalise

MIN_SENTENCE_WORDS = 4  # a bare figure (a table cell) is no sentence to find again
MEANING = ("measure", "area", "cohort", "breakdown", "period_label")


@dataclass
class Proposal:
    line: int
    sentence: str
    printed_value: str
    unit: str
    period: dict[str, str] = field(default_factory=dict)


@dataclass
class HeadlineDraft:
    rows: list[dict[str, str]]  # complete rows (reused), to write
    proposals: list[Proposal]  # figures to complete by hand


def reused_rows(text: ReportText, report_id: str, section: str, known: list[dict[str, str]]) -> list[dict[str, str]]:
    """A row for every known (sentence, printed value) standing on a line; this report's own rows first."""
    lines = {n: normalise(text.line(n)) for n in text.numbers() if text.line(n).strip()}
    rows: dict[tuple, dict[str, str]] = {}
    keys: set[str] = set()
    for h in sorted(known, key=lambda h: h.get("report_id") != report_id):
        sentence, value = normalise(h.get("sentence") or ""), normalise(h.get("printed_value") or "")
        if len(sentence.split()) < MIN_SENTENCE_WORDS or not value or value not in sentence:
            continue
        for n, line in lines.items():
            same = (n, value, *(h.get(c) or "" for c in MEANING))
            if sentence not in line or same in rows:
                continue
            key = f"{report_id}__{(h.get('observation_key') or '').split('__', 1)[-1]}"
            while key in keys:
                key += "_2"
            keys.add(key)
            row = {**h, "report_id": report_id, "source_line": str(n), "observation_key": key}
            if h.get("report_id") != report_id:
                row["section"] = section
            rows[same] = row
    return list(rows.values())


def proposals(text: ReportText, covered: set[tuple[int, str]], table_lines: set[int]) -> list[Proposal]:
    """Every other figure stated in the lines (not on a line captured as a table row)."""
    out = []
    for n in text.numbers():
        if n in table_lines or text.kind(n) not in (PROSE, TAB):
            continue
        for part in text.line(n).split("\t"):
            for sentence in sentences(part):
                if len(sentence.split()) < MIN_SENTENCE_WORDS:
                    continue
                period = periods.search(sentence)
                out += [Proposal(n, sentence, value, unit_of(value), period.meta() if period else {})
                        for value in figures(sentence) if (n, normalise(value)) not in covered]
    return out


def draft(text: ReportText, report_id: str, section: str, known: list[dict[str, str]],
          table_lines: set[int] = frozenset()) -> HeadlineDraft:
    rows = reused_rows(text, report_id, section, known)
    covered = {(int(r["source_line"]), normalise(r["printed_value"])) for r in rows}
    return HeadlineDraft(rows, proposals(text, covered, table_lines))

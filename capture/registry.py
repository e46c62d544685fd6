"""The report's row of ``reports.csv``.

A report already registered keeps its row: the capture only says whether the file and lines it read agree
with it (source file, line range, and the file's SHA-256 against ``source_sha256``). A new report gets a
drafted row: title and committee from its cover sheet (``Subject:``, ``Report to:``), dates from the cover
and the file name (``2024-01-30_...``), the agenda item, the captured lines, the file's SHA-256
(``scorecard.fingerprint.file_hash``), and the period its tables' columns cover. Every drafted value is
named in the review for a person to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from capture import periods
from capture.model import DraftTable
from capture.report_text import ReportText
from scorecard.fingerprint import file_hash

REQUIRED = ("report_id", "title", "report_date", "source_file", "line_start", "line_end", "period_start", "period_end")
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+((?:19|20)\d{2})")


@dataclass
class RegistryDraft:
    row: dict[str, str]
    existing: bool
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [c for c in REQUIRED if not self.row.get(c)]


def _file_date(name: str) -> date | None:
    m = _FILE_DATE.match(name)
    if not m:
        return None
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


def _cover_date(text: str) -> date | None:
    found = None
    for m in _DATE.finditer(text or ""):
        try:
            found = date(int(m.group(3)), periods._month_number(m.group(2)), int(m.group(1)))
        except (KeyError, ValueError):
            continue
    return found


def _period(tables: list[DraftTable]) -> tuple[str, str, str]:
    spans = [(c.meta["period"]["start"], c.meta["period"]["end"], c.meta["period"]["label"])
             for t in tables for c in t.value_columns if isinstance(c.meta.get("period"), dict)
             and c.meta["period"].get("type") not in ("change", "multi_year")]
    if not spans:
        return "", "", ""
    first, last = min(spans), max(spans, key=lambda s: s[1])
    return first[0], last[1], f"{first[2]} to {last[2]}"


def draft(text: ReportText, report_id: str, registry: dict[str, dict[str, str]], columns: list[str],
          tables: list[DraftTable], area: str) -> RegistryDraft:
    sha = file_hash(text.path)
    known = registry.get(report_id)
    if known is not None:
        result = RegistryDraft(dict(known), True)
        if (known.get("source_file") or "") != text.path.name:
            result.notes.append(f"reports.csv names {known.get('source_file')!r}, the capture read {text.path.name!r}")
        if (known.get("source_sha256") or "") != sha:
            result.notes.append(f"the file's SHA-256 is {sha}, reports.csv records {known.get('source_sha256') or '(none)'}")
        if (known.get("line_start"), known.get("line_end")) != (str(text.first), str(text.last)):
            result.notes.append(f"reports.csv gives lines {known.get('line_start')}-{known.get('line_end')}, "
                                f"the capture read {text.first}-{text.last}")
        return result
    cover = text.cover()
    file_date = _file_date(text.path.name)
    report_date = _cover_date(cover.get("date of meeting", "")) or file_date
    start, end, covered = _period(tables)
    if not start and report_date:
        start = end = report_date.isoformat()
        covered = f"as at {report_date.isoformat()} (no period read from the tables)"
    row = dict.fromkeys(columns or REQUIRED, "")
    row.update({
        "report_id": report_id,
        "title": cover.get("subject", "").rstrip(" –-") or text.path.stem,
        "committee": cover.get("report to", ""),
        "meeting_date": file_date.isoformat() if file_date and _FILE_DATE.match(text.path.name).group(3) else "",
        "report_date": report_date.isoformat() if report_date else "",
        "agenda_item": text.agenda_item() or "",
        "author_role": cover.get("report of", ""),
        "source_file": text.path.name,
        "source_sha256": sha,
        "line_start": str(text.first),
        "line_end": str(text.last),
        "period_covered": covered,
        "period_start": start,
        "period_end": end,
        "area_name": area,
    })
    result = RegistryDraft(row, False)
    result.notes.append("drafted: check title, committee, dates, period and area before committing")
    return result

"""What the scorecard page knows about a warehouse: the authority the reports are about, each figure as
the page shows it, the reports behind the figures and where two reports disagree.

Everything here comes from the marts (``exporters.marts``): the authority is the area of the reports
(``dim_report.area_name``), comparators are the national and regional areas of ``dim_area``, group names
are the printed row labels (``fct_printed_cells``), and a figure is shown as published, at its printed
precision (``printed_decimals``), never rounded, averaged or filled. Suppressed figures show as ``c``.
"""

from __future__ import annotations

from collections import Counter
from html import escape

import pandas as pd

from scorecard import duck

from .marts import SUPPRESSED_MARKER, Marts
from .marts import missing as blank

DATED_TYPES_NEVER_JOINED = ("year_to_date", "multi_year", "as_at")




def text(v, default: str = "") -> str:
    return default if blank(v) else str(v)


def day(v) -> pd.Timestamp | None:
    return None if blank(v) else pd.Timestamp(v)


def decimals_of(rec: dict) -> int:
    d = rec.get("printed_decimals")
    if not blank(d):
        return int(d)
    v = rec.get("value")
    if blank(v):
        return 0
    s = f"{float(v):.6f}".rstrip("0").rstrip(".")
    return len(s.split(".")[1]) if "." in s else 0


def number(value: float, unit: str | None, decimals: int) -> str:
    """A value at the precision it was printed with (so 18 stays '18%', 31.3 stays '31.3%')."""
    if unit == "percent":
        return f"{value:,.{decimals}f}%"
    if unit == "percentage_points":
        return f"{value:+,.{decimals}f} points"
    return f"{value:,.{decimals}f}"


def shown(rec: dict | None) -> str:
    """A figure as the page shows it: 'c' when suppressed, the printed text when it is qualified
    ('just over 50%') or not a number, otherwise the value at its printed precision."""
    if rec is None:
        return "–"
    if bool(rec.get("is_suppressed")):
        return SUPPRESSED_MARKER
    printed = text(rec.get("printed_text")).strip()
    if blank(rec.get("value")):
        return printed or "not available"
    if not blank(rec.get("value_qualifier")) and printed:
        return printed
    return number(float(rec["value"]), text(rec.get("unit")), decimals_of(rec))


def provisional(rec: dict | None) -> bool:
    return rec is not None and rec.get("value_status") == "provisional"


def drawable(rec: dict) -> bool:
    """May be drawn as a mark: a value, not suppressed, not qualified ('over', 'approximately')."""
    return (not blank(rec.get("value")) and not bool(rec.get("is_suppressed"))
            and blank(rec.get("value_qualifier")))


def points_between(a: dict, b: dict) -> str:
    """The difference between two printed figures, at the finer of their printed precisions."""
    d = max(decimals_of(a), decimals_of(b))
    diff = abs(float(b["value"]) - float(a["value"]))
    word = "point" if round(diff, d) == 1 else "points"
    return f"{diff:,.{d}f} percentage {word}" if text(a.get("unit")) == "percent" else f"{diff:,.{d}f}"


def signed_gap(a: dict, b: dict) -> str:
    """a minus b, signed, at the finer printed precision."""
    d = max(decimals_of(a), decimals_of(b))
    gap = float(a["value"]) - float(b["value"])
    if round(gap, d) == 0:
        return f"{0:.{d}f}"
    return f"{gap:+,.{d}f}".replace("-", "−")


class PageData:
    """The marts, seen from the page."""

    def __init__(self, marts: Marts):
        self.marts = marts
        self.obs = marts.observations if marts.observations is not None else pd.DataFrame()
        self.authority = self._authority()
        areas = duck.records(marts.areas)
        level = {a["area_name"]: text(a.get("geographic_level")) for a in areas}
        self.national = [a for a, lv in level.items() if lv == "National"]
        self.regional = [a for a, lv in level.items() if lv == "Regional"]
        self.comparators = self.national + self.regional
        self.row_labels = self._row_labels()
        self.headers = self._printed_headers()
        self._by_id = None
        self.disagreements = self._disagreements()

    # ---------------------------------------------------------------------------------- the data

    def _authority(self) -> str:
        reports = self.marts.reports
        if reports is not None and len(reports) and "area_name" in reports:
            weight: Counter = Counter()
            for r in duck.records(reports):
                if not blank(r.get("area_name")):
                    n = sum(0 if blank(r.get(k)) else int(r[k]) for k in ("figures_printed", "figures_derived"))
                    weight[r["area_name"]] += max(n, 1)
            if weight:
                return weight.most_common(1)[0][0]
        if len(self.obs):
            return str(self.obs["area_name"].mode().iloc[0])
        return "the authority"

    def _row_labels(self) -> dict[str, str]:
        cells = self.marts.printed_cells
        out: dict[str, str] = {}
        if cells is None or not len(cells):
            return out
        for col in ("share_observation_id", "count_observation_id"):
            part = cells[cells[col].notna() & cells["row_label"].notna()]
            out.update(zip(part[col], part["row_label"]))
        return out

    def _printed_headers(self) -> dict[tuple[str, str], str]:
        cols = self.marts.printed_columns
        if cols is None or not len(cols):
            return {}
        part = cols[cols["printed_header"].notna()]
        return dict(zip(zip(part["source_table"], part["column_name"]), part["printed_header"]))

    def record(self, observation_id: str) -> dict | None:
        if self._by_id is None:
            self._by_id = {r["observation_id"]: r for r in duck.records(self.obs)}
        return self._by_id.get(observation_id)

    def _disagreements(self) -> dict[str, list[dict]]:
        """observation_id -> the reconciliation rows where another report prints the same figure
        differently (check_type 'cross_report', status 'mismatch'), seen from either side."""
        rec = self.marts.reconciliation
        out: dict[str, list[dict]] = {}
        if rec is None or not len(rec) or "check_type" not in rec:
            return out
        rows = rec[(rec["check_type"] == "cross_report") & (rec["status"] == "mismatch")]
        for r in duck.records(rows):
            for mine, other in (("observation_id", "compared_observation_id"), ("compared_observation_id", "observation_id")):
                if not blank(r.get(mine)) and not blank(r.get(other)):
                    out.setdefault(r[mine], []).append({**r, "other_id": r[other]})
        return out

    def figures(self, metric_id: str, statistic: str | None = "level") -> pd.DataFrame:
        o = self.obs
        if not len(o):
            return o
        rows = o[o["metric_id"] == metric_id]
        if statistic is not None:
            rows = rows[rows["statistic"].fillna("level").isin([statistic, "multi_year_average"])]
        return rows

    def metric(self, metric_id: str) -> dict:
        return self.marts.metric(metric_id)

    def polarity(self, metric_id: str) -> str:
        return text(self.metric(metric_id).get("polarity"), "neutral")

    def metric_name(self, metric_id: str, default: str = "") -> str:
        return text(self.metric(metric_id).get("metric_name"), default or metric_id)

    # ---------------------------------------------------------------------------- labels, reports

    def row_label(self, rec: dict, fallback: str = "") -> str:
        return text(self.row_labels.get(rec.get("observation_id")), fallback)

    def printed_period(self, rec: dict) -> str:
        """The period as the report's column header prints it ('2023*'), else the period label."""
        header = self.headers.get((rec.get("source_table"), rec.get("source_column")))
        return text(header) or text(rec.get("period_label"))

    def report_label(self, report_id: str) -> str:
        r = self.marts.report(report_id)
        parts = [text(r.get("title"), report_id)]
        if text(r.get("committee")):
            parts.append(text(r.get("committee")))
        when = day(r.get("report_date"))
        if when is not None:
            parts.append(f"{when.day} {when:%B %Y}")
        return ", ".join(parts)

    def report_short(self, report_id: str) -> str:
        r = self.marts.report(report_id)
        when = day(r.get("report_date"))
        title = text(r.get("title"), report_id)
        return f"{title}, {when:%b %Y}" if when is not None else title

    def main_report(self) -> str | None:
        reports = self.marts.reports
        if reports is None or not len(reports):
            return None
        mine = reports[reports["area_name"] == self.authority] if "area_name" in reports else reports
        mine = mine if len(mine) else reports
        best = mine.assign(_n=mine["figures_printed"].fillna(0)).sort_values("_n", ascending=False)
        return str(best["report_id"].iloc[0])

    def dated(self, rec: dict) -> bool:
        """Can be placed on a time axis: the period has a start date, and the date is not merely the
        date of the report quoting another area's figure (a comparator 'as stated' with no period)."""
        start = day(rec.get("period_start"))
        if start is None:
            return False
        quoted_only = (rec.get("area_name") != self.authority and rec.get("period_type") == "as_at"
                       and day(rec.get("report_date")) == start)
        return not quoted_only

    # ------------------------------------------------------------------------------- sentences

    def direction(self, metric_id: str, earlier: float, later: float) -> str:
        if later == earlier:
            return "no change"
        polarity = self.polarity(metric_id)
        if polarity == "higher_is_better":
            return "improving" if later > earlier else "worsening"
        if polarity == "lower_is_better":
            return "improving" if later < earlier else "worsening"
        return "up" if later > earlier else "down"

    def travel(self, metric_id: str, what: str, a: dict, b: dict, label=None) -> str:
        """One sentence (HTML): direction of travel between two comparable published figures."""
        label = label or (lambda r: text(r.get("period_label")))
        word = self.direction(metric_id, float(a["value"]), float(b["value"]))
        better = {"higher_is_better": "higher is better", "lower_is_better": "lower is better"}.get(
            self.polarity(metric_id), "the council sets no better direction for this measure")
        if word == "no change":
            moved = "the same as"
        else:
            moved = ("up " if float(b["value"]) > float(a["value"]) else "down ") + points_between(a, b) + " from"
        badge = f'<strong class="travel travel-{word.replace(" ", "-")}">{escape(word.capitalize())}</strong>'

        def when(r: dict) -> str:  # a long printed period is quoted, not reworded
            lbl = label(r)
            return f"{shown(r)} (“{lbl}”)" if len(lbl.split()) > 2 else f"{shown(r)} in {lbl}"

        return f"{badge}: {escape(what)} {escape(when(b))}, {escape(moved)} {escape(when(a))} ({escape(better)})."

    def disagreement_notes(self, observation_ids) -> list[str]:
        """Plain-text notes for every drawn figure another report prints differently."""
        notes, seen = [], set()
        for oid in observation_ids:
            for row in self.disagreements.get(oid, []):
                pair = frozenset((oid, row["other_id"]))
                if pair in seen:
                    continue
                seen.add(pair)
                a, b = self.record(oid), self.record(row["other_id"])
                if a is None or b is None:
                    continue
                a, b = sorted((a, b), key=lambda r: (day(r.get("report_date")) or pd.Timestamp.min))
                head = min((text(a.get("period_label")), text(b.get("period_label"))), key=len)

                def source(r: dict, head: str = head) -> str:
                    label = text(r.get("period_label"))
                    printed = f", printed as “{label}”" if label != head else ""
                    return f"{shown(r)} ({self.report_short(r['report_id'])}{printed})"

                notes.append(f"{head}: {source(a)} and {source(b)} – the reports disagree. Both are shown, marked !.")
        return notes

"""``education_scorecard.xlsx``: the published scorecard rebuilt from the warehouse marts
(``exporters.marts``), never from seeds or a layout written in code.

* The sheets and their order come from the printed tables that declare a layout sheet
  (``dim_printed_tables.layout_sheet``), in report order and printed order (``first_line``); the tables
  of the same report without one get a sheet each. Area, report and citation come from the marts.
* Each table is laid out as printed (``workbook_tables``), numbers typed with the printed decimals
  (``workbook_figures``: 8.2% = 0.082 with format '0.0%'), a Source cell per row citing the report line,
  and a hidden field row so code can read the table back.
* "Metric definitions" (``dim_metric``) and "Reconciliation" (``workbook_reconciliation``) sheets, and an
  "About" sheet first.
* Every sheet prints landscape, one page wide, with its header rows repeated and frozen
  (``workbook_sheet``); text is always text, never a formula (``workbook_cells``).
* Disclosure control (``apply_disclosure``, the default): a figure the marts mark suppressed is ``c``,
  with a note on each sheet that shows one. ``apply_disclosure=False`` writes an internal copy with
  every printed figure, marked as such on every sheet.
* When the warehouse was not checked against the source reports (``dim_publication``), every sheet says
  so at its top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from scorecard import duck

from . import workbook_frames, workbook_reconciliation, workbook_tables
from .marts import SUPPRESSED_MARKER, Marts, load
from .workbook_cells import missing, no_formulas, text
from .workbook_sheet import BOLD, MARK, MARK_FILL, NOTE, TITLE, SheetWriter
from .workbook_tables import FIELD_ROW_MARKER, SOURCE_HEADER, PrintedTable

FILENAME = "education_scorecard.xlsx"
DEFINITIONS_SHEET = "Metric definitions"
RECONCILIATION_SHEET = "Reconciliation"
ABOUT_SHEET = "About"
NOT_CHECKED = "Not checked against the source reports"
INTERNAL_COPY = ("Internal copy: disclosure control is not applied. Every printed figure is shown, including "
                 "counts of 1 to {t} children. Not for publication.")

__all__ = ["export_spreadsheet", "FILENAME", "FIELD_ROW_MARKER", "SOURCE_HEADER"]


@dataclass
class SheetPlan:
    name: str
    heading: str
    tables: list[PrintedTable] = field(default_factory=list)

    def hidden_figures(self) -> int:
        return sum(t.hidden_figures() for t in self.tables)


@dataclass
class Context:
    marts: Marts
    apply_disclosure: bool

    @property
    def threshold(self) -> int:
        return self.marts.suppression_threshold

    def marks(self) -> list[str]:
        """What every sheet says at its top: not checked against the reports; an internal copy."""
        out = []
        if not self.marts.checked:
            note = text(self.marts.publication.get("provenance_note"))
            out.append(f"{NOT_CHECKED}: {note}" if note else f"{NOT_CHECKED}.")
        if not self.apply_disclosure:
            out.append(INTERNAL_COPY.format(t=self.threshold))
        return out

    def disclosure_note(self) -> str:
        """The note under a table (and on the Reconciliation sheet) that shows a 'c'."""
        return (f"{SUPPRESSED_MARKER} = a figure the report prints but this public copy hides (disclosure control): "
                f"a count of 1 to {self.threshold} children, or a figure that would reveal one (another part of the "
                "same total, or a percentage computed from it). The internal copy of this workbook and the "
                "warehouse marts (fct_metric_observations) hold every printed figure.")

    def legend(self, hides: bool, lead: str = "How to read it: ") -> str:
        out = (lead + "figures as printed, typed as numbers (8.2% is stored as 0.082 with the printed "
               "decimals); a cell printing a percentage and a count, such as 25.0% (697), is two cells, % and No.; "
               "* = provisional; '-' is printed as in the report; 'N/a', 'Not Available', 'Currently "
               "Unavailable' and blanks: not available. The Source column cites the report file and line.")
        if hides:
            out += (f" {SUPPRESSED_MARKER} = a figure the report prints but this public copy hides (disclosure "
                    f"control: counts of 1 to {self.threshold} children and figures that would reveal them).")
        return out


def export_spreadsheet(db_path: Path, out_dir: Path, apply_disclosure: bool = True) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    marts = load(Path(db_path))
    ctx = Context(marts, apply_disclosure)
    plan = _plan(marts)

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in plan:
        _table_sheet(wb, sheet, ctx)
    _definitions_sheet(wb, ctx)
    _reconciliation_sheet(wb, ctx)
    _about_sheet(wb, ctx, plan)
    no_formulas(wb)

    path = out_dir / FILENAME
    wb.save(path)
    return [path]


# ----------------------------------------------------------------------------------------------- plan

def _plan(marts: Marts) -> list[SheetPlan]:
    """Sheets in order: the layout sheets of the tables that declare one (report order, then printed
    order), then a sheet for each other printed table of those reports."""
    pt = marts.printed_tables
    if pt is None or not len(pt) or "layout_sheet" not in pt.columns:
        return []
    cells = marts.printed_cells
    has_cells = set(cells["source_table"]) if len(cells) else set()
    laid = pt[pt["layout_sheet"].map(lambda v: bool(text(v).strip()))]
    report_order = {r: i for i, r in enumerate(marts.reports["report_id"])} if len(marts.reports) else {}
    reports = sorted(set(laid["report_id"]), key=lambda r: (report_order.get(r, len(report_order)), r))
    cols_by_table = dict(list(marts.printed_columns.groupby("source_table"))) if len(marts.printed_columns) else {}
    cells_by_table = dict(list(cells.groupby("source_table"))) if len(cells) else {}

    def table(rec: dict, heading: str) -> PrintedTable:
        name = rec["source_table"]
        source_file = text(rec.get("source_file")) or text(marts.report(rec["report_id"]).get("source_file"))
        return workbook_tables.build(rec, cols_by_table.get(name, pd.DataFrame(columns=marts.printed_columns.columns)),
                                     cells_by_table.get(name, cells.iloc[0:0]), heading, source_file)

    sheets: dict[str, SheetPlan] = {}
    names: set[str] = set()
    extra: list[dict] = []
    for report_id in reports:
        recs = [r for r in duck.records(pt[pt["report_id"] == report_id]) if r["source_table"] in has_cells]
        recs.sort(key=lambda r: (r.get("first_line") if not missing(r.get("first_line")) else 10**9, r["source_table"]))
        for rec in recs:
            layout_sheet = text(rec.get("layout_sheet")).strip()
            if not layout_sheet:
                extra.append(rec)
                continue
            key = layout_sheet.lower()
            if key not in sheets:
                heading = text(rec.get("layout_heading")) or layout_sheet
                sheets[key] = SheetPlan(_sheet_name(layout_sheet, names), heading)
            sheets[key].tables.append(table(rec, sheets[key].heading))
    out = list(sheets.values())
    for rec in extra:  # a table of the report without a layout: a sheet of its own
        title = text(rec.get("table_title")) or rec["source_table"]
        t = table(rec, "")
        out.append(SheetPlan(_sheet_name(title.split(" - ", 1)[-1], names), title, [t]))
    return out


def _sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (<= 31 characters, none of []:*?/\\)."""
    base = "".join(ch for ch in title if ch not in "[]:*?/\\").strip().strip("'")[:31].strip() or "Table"
    name, n = base, 2
    while name.lower() in taken or name.lower() in {s.lower() for s in (DEFINITIONS_SHEET, RECONCILIATION_SHEET,
                                                                         ABOUT_SHEET)}:
        name = f"{base[:27].strip()} ({n})"
        n += 1
    taken.add(name.lower())
    return name


# --------------------------------------------------------------------------------------- table sheets

def _heading(w: SheetWriter, ctx: Context, title: str, lines: list[str]) -> int:
    """Marks, title and notes at the top of a sheet; returns the last heading row."""
    for mark in ctx.marks():
        w.banner(mark, MARK, MARK_FILL)
    last = w.banner(title, TITLE)
    for line in lines:
        last = w.banner(line, NOTE)
    w.blank()
    return last


def _citation(ctx: Context, sheet: SheetPlan) -> str:
    parts: list[str] = []
    for report_id in dict.fromkeys(t.report_id for t in sheet.tables):
        tables = [t for t in sheet.tables if t.report_id == report_id]
        r = ctx.marts.report(report_id)
        bits = [text(r.get("title")) or report_id]
        pt = ctx.marts.printed_tables
        rows = pt[pt["source_table"].isin([t.source_table for t in tables])]
        sections = [s for s in dict.fromkeys(text(s) for s in rows.get("section", pd.Series(dtype=object))) if s]
        if sections:
            bits.append("; ".join(sections))
        if text(r.get("committee")):
            bits.append(text(r["committee"]))
        if _is_date(r.get("meeting_date")):
            bits.append(f"meeting of {_fmt_date(r['meeting_date'])}")
        if _is_date(r.get("report_date")):
            bits.append(f"report dated {_fmt_date(r['report_date'])}")
        where = text(tables[0].source_file)
        first = [v for v in rows.get("first_line", pd.Series(dtype=object)) if not missing(v)]
        last = [v for v in rows.get("last_line", pd.Series(dtype=object)) if not missing(v)]
        if where and first and last:
            where += f", lines {int(min(first))}-{int(max(last))}"
        if where:
            bits.append(where)
        parts.append(", ".join(bits))
    return "Source: " + "; ".join(parts) + "." if parts else ""


def _table_sheet(wb: Workbook, sheet: SheetPlan, ctx: Context) -> None:
    ws = wb.create_sheet(sheet.name)
    w = SheetWriter(ws)
    hides = ctx.apply_disclosure and sheet.hidden_figures() > 0
    heading_end = _heading(w, ctx, sheet.heading, [_citation(ctx, sheet), ctx.legend(hides)])
    results = [workbook_tables.write(w, t, ctx.apply_disclosure, ctx.disclosure_note()) for t in sheet.tables]
    if len(results) == 1:
        r = results[0]
        w.finish(freeze=f"B{r.first_data_row}", title_rows=(1, r.field_row))
    else:
        w.finish(freeze=f"A{heading_end + 1}", title_rows=(1, heading_end))


# --------------------------------------------------------------------------------------- other sheets

def _definitions_sheet(wb: Workbook, ctx: Context) -> None:
    ws = wb.create_sheet(DEFINITIONS_SHEET)
    w = SheetWriter(ws)
    _heading(w, ctx, DEFINITIONS_SHEET,
             ["What each metric means, how it is calculated, its unit and which way is better (dim_metric)."])
    df = ctx.marts.metrics if ctx.marts.metrics is not None else pd.DataFrame()
    wide = tuple(c for c in ("metric_name", "definition", "formula", "dfe_methodology") if c in df.columns)
    header, last = workbook_frames.write(w, workbook_frames.Frame(df, {c: "0" for c in df.columns if "order" in c}, wide))
    w.finish(freeze=f"B{header + 1}", title_rows=(header, header),
             autofilter=workbook_frames.autofilter_ref(header, last, len(df.columns)))


def _reconciliation_sheet(wb: Workbook, ctx: Context) -> None:
    ws = wb.create_sheet(RECONCILIATION_SHEET)
    w = SheetWriter(ws)
    frame = workbook_reconciliation.frame(ctx.marts, ctx.apply_disclosure)
    counts = workbook_reconciliation.counts(frame)
    summary = ", ".join(f"{counts[s]} {s}" for s in workbook_reconciliation.STATUS_ORDER if s in counts)
    lines = [
        "Every derived figure the reports print (totals, shares, trend averages, change columns, stated rises and "
        "gaps) recomputed from its printed parts, and every figure printed in more than one report compared "
        "(check_type cross_report, with both sources), with the tolerance implied by the printed precision "
        f"(fct_reconciliation). Mismatches first, then not_checkable, then match: {summary}.",
        "Values are in the figure's unit (percentages as printed, 8.2 = 8.2%); published_value shows the printed "
        "decimals, recomputed_value, difference and tolerance two more.",
    ]
    hidden = frame.data["disclosure"].notna().any()
    if hidden:
        lines.append(ctx.disclosure_note() + " A check of such a figure keeps its status; its values are blank, "
                     f"its printed text is {SUPPRESSED_MARKER} and the disclosure column says "
                     f"'{workbook_reconciliation.HIDDEN}'.")
    _heading(w, ctx, RECONCILIATION_SHEET, lines)
    header, last = workbook_frames.write(w, frame)
    w.finish(freeze=f"B{header + 1}", title_rows=(header, header),
             autofilter=workbook_frames.autofilter_ref(header, last, len(frame.data.columns)),
             print_area=workbook_frames.print_area(last, frame.print_columns()), span=frame.print_columns())


def _about_sheet(wb: Workbook, ctx: Context, plan: list[SheetPlan]) -> None:
    ws = wb.create_sheet(ABOUT_SHEET, 0)
    w = SheetWriter(ws)
    marts = ctx.marts
    reports = list(dict.fromkeys(t.report_id for s in plan for t in s.tables))
    areas = list(dict.fromkeys(text(a) for a in marts.printed_tables.loc[
        marts.printed_tables["report_id"].isin(reports), "area_name"] if text(a))) if reports else []
    titles = [text(marts.report(r).get("title")) or r for r in reports]
    title = " / ".join(titles) or "Scorecard"
    if areas:
        title = f"{title} - {', '.join(areas)}"
    for mark in ctx.marks():
        w.banner(mark, MARK, MARK_FILL)
    title_row = w.banner(title, TITLE)
    w.blank()
    lines: list[tuple[str, object]] = []
    if plan:
        lines.append((_citation(ctx, SheetPlan("", "", [t for s in plan for t in s.tables])), None))
    lines += [
        ("This workbook rebuilds the printed tables from the scorecard warehouse marts. Each table keeps the "
         "printed rows, columns and headers; every figure is the number the report prints, typed so that it can "
         "be sorted, charted and summed; nothing is rounded, corrected or filled.", None),
        ("", None),
        ("How to read it", BOLD),
        (_sentence(ctx.legend(False, lead="")), None),
        ("Under each table's headers a hidden row names the field each column holds, so that code can read the "
         "table back.", None),
    ]
    hides = ctx.apply_disclosure and any(s.hidden_figures() for s in plan)
    if ctx.apply_disclosure:
        lines += [("", None), ("Disclosure control", BOLD)]
        if hides:
            lines.append((ctx.disclosure_note(), None))
        elif ctx.threshold > 0:
            lines.append((f"Counts of 1 to {ctx.threshold} children, and figures that would reveal them, are shown "
                          f"as {SUPPRESSED_MARKER}; no figure in these tables needed it.", None))
        else:
            lines.append(("Disclosure control is switched off in this warehouse build (suppression threshold 0): "
                          "every printed figure is shown.", None))
    provenance = text(marts.publication.get("provenance_note"))
    lines += [("", None), ("Provenance", BOLD),
              (("Checked against the source reports: " if marts.checked else f"{NOT_CHECKED}: ") + provenance, None),
              ("", None), ("Sheets", BOLD)]
    for name in wb.sheetnames:
        if name != ABOUT_SHEET:
            lines.append((f"  {name}", None))
    for line, font in lines:
        if line:
            w.banner(line, font)
        else:
            w.blank()
    w.want(1, 110, "page")
    w.finish(freeze=f"A{title_row + 1}", title_rows=(1, title_row))


def _sentence(s: str) -> str:
    return s[:1].upper() + s[1:]


def _is_date(v) -> bool:
    return isinstance(v, (date, datetime, pd.Timestamp)) and not missing(v)


def _fmt_date(v) -> str:
    return pd.Timestamp(v).strftime("%-d %B %Y")

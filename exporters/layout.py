"""How the published Education Scorecard (agenda item 10, Appendix A, 28 November 2023 pack) is laid
out: its sections, the order of its tables and the header text printed above each column.

The cells themselves come from the warehouse; this module only records what the seeds do not
(the printed column headers, which the seeds turn into snake_case names, and the notes printed
under the tables). Superscripts that the text rendering split off ("19 th") are rejoined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REPORT_ID = "osc_2023_11_scorecard"
PROVISIONAL_NOTE = "*All 2023 data is currently PROVISIONAL"
OFSTED_KEY = "Key: 1 – Outstanding, 2 – Good, 3 – Requires Improvement, 4 - Inadequate"


@dataclass(frozen=True)
class TableLayout:
    table: str  # seed / source_table name without the report prefix
    label_header: str
    headers: dict[str, str]  # value column -> printed header
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # printed header spanning columns
    super_header: str = ""  # a header above the groups (Ofsted: "Number of Schools")
    notes: tuple[str, ...] = ()
    # unit of a cell printed as a bare number, by column-name regex (first match wins); the
    # warehouse's own unit for the cell is used when it has one
    number_units: tuple[tuple[str, str], ...] = ()

    @property
    def source_table(self) -> str:
        return f"{REPORT_ID}__{self.table}"


@dataclass(frozen=True)
class Sheet:
    name: str  # worksheet name (<= 31 characters)
    heading: str  # the section heading printed in the report
    tables: tuple[TableLayout, ...] = field(default_factory=tuple)


_ABSENCE_HEADERS = {
    "ytd_2023_24_to_2023_10_19": "Latest 19th Oct 2023",
    "ay_2018_19": "2018/2019",
    "ay_2020_21": "2020/2021",
    "ay_2021_22": "2021/2022",
    "ay_2022_23": "2022/2023",
}
_ABSENCE_GROUPS = (
    ("2023/2024", ("ytd_2023_24_to_2023_10_19",)),
    ("Academic Year", ("ay_2018_19", "ay_2020_21", "ay_2021_22", "ay_2022_23")),
)
_EHCP_HEADERS = {
    "ht_spring2_2022_23": "Spring 2nd half term",
    "ht_summer1_2022_23": "Summer 1st half term",
    "ht_summer2_2022_23": "Summer 2nd half term",
    "ht_autumn1_2023_24": "Autumn 1st half term",
    "ay_2020_21": "2020/2021",
    "ay_2021_22": "2021/2022",
    "ay_2022_23": "2022/23",
}
_EHCP_GROUPS = (
    ("2022/2023", ("ht_spring2_2022_23", "ht_summer1_2022_23", "ht_summer2_2022_23")),
    ("2023/24", ("ht_autumn1_2023_24",)),
    ("Annual", ("ay_2020_21", "ay_2021_22", "ay_2022_23")),
)


def _attainment(table: str, trend: str, trend_header: str, change: str, change_header: str) -> TableLayout:
    return TableLayout(
        table=table,
        label_header="Area",
        headers={
            "cy_2019": "2019", "cy_2022": "2022", "cy_2023": "2023*", trend: trend_header, change: change_header,
            "national_2019": "2019", "national_2022": "2022", "national_2023": "2023*",
        },
        groups=(("National", ("national_2019", "national_2022", "national_2023")),),
        notes=(PROVISIONAL_NOTE,),
        number_units=((r"^change_vs_", "percentage_points"), (r".", "percent")),
    )


_LANGUAGE_HEADERS: dict[str, str] = {}
_LANGUAGE_GROUPS = []
for _y in ("2018_19", "2019_20", "2020_21", "2021_22", "2022_23"):
    _LANGUAGE_HEADERS[f"ay_{_y}_no"] = "No"
    _LANGUAGE_HEADERS[f"ay_{_y}_pct"] = "%"
    _LANGUAGE_GROUPS.append((f"{_y[:4]}/{_y[-2:]}", (f"ay_{_y}_no", f"ay_{_y}_pct")))
_LANGUAGE_HEADERS.update({"nw_2022_23_pct": "NW LAs", "national_2022_23_pct": "National"})
_LANGUAGE_GROUPS.append(("2022/23", ("nw_2022_23_pct", "national_2022_23_pct")))


def _ofsted(table: str, what: str, notes: tuple[str, ...]) -> TableLayout:
    headers, groups = {}, []
    for prefix, title in (("all", "Sefton - All Schools"), ("maintained", "Sefton - Maintained Schools"),
                          ("academies", "Sefton - Academies")):
        cols = (f"{prefix}_total", *(f"{prefix}_grade{g}" for g in range(1, 5)))
        headers.update({cols[0]: "Total", **{f"{prefix}_grade{g}": str(g) for g in range(1, 5)}})
        groups.append((title, cols))
    return TableLayout(table=table, label_header="School Type", headers=headers, groups=tuple(groups),
                       super_header=what, notes=(OFSTED_KEY, *notes), number_units=((r".", "count"),))


SHEETS: tuple[Sheet, ...] = (
    Sheet("Absence", "Absence", (
        TableLayout("absence_rate", "Area", _ABSENCE_HEADERS, _ABSENCE_GROUPS),
        TableLayout("persistent_absence", "Area", _ABSENCE_HEADERS, _ABSENCE_GROUPS),
    )),
    Sheet("Exclusions", "Exclusions", (
        TableLayout(
            "fixed_term_exclusions", "Area",
            {"ht_autumn1_2023_24": "Autumn 1st half term", "ay_2020_21": "2020/2021", "ay_2021_22": "2021/2022",
             "ay_2022_23": "2022/2023", "three_year_trend": "3 year trend"},
            (("2023/2024", ("ht_autumn1_2023_24",)), ("Academic Year", ("ay_2020_21", "ay_2021_22", "ay_2022_23"))),
        ),
    )),
    Sheet("EHCP", "EHCP", (
        TableLayout("ehcp_provision", "Area", _EHCP_HEADERS, _EHCP_GROUPS, number_units=((r".", "count"),)),
        TableLayout("ehcp_requests", "Area", _EHCP_HEADERS, _EHCP_GROUPS, number_units=((r".", "count"),)),
    )),
    Sheet("EHCP NEET", "EHCP Not in Employment, Education or Training (NEET)", (
        TableLayout("ehcp_neet", "Area", _EHCP_HEADERS, _EHCP_GROUPS, number_units=((r".", "count"),)),
    )),
    Sheet("Language", "National and Sefton Language Data", (
        TableLayout("language", "Language", _LANGUAGE_HEADERS, tuple(_LANGUAGE_GROUPS),
                    number_units=((r"_no$", "count"), (r"_pct$", "percent"))),
    )),
    Sheet("Ofsted - schools", "OFSTED breakdown by Schools", (
        _ofsted("ofsted_schools", "Number of Schools",
                ("Ofsted School Inspection Summary (Updated as at 16th October 2023).",)),
    )),
    Sheet("Ofsted - pupils", "Ofsted Breakdown by number of pupils", (
        _ofsted("ofsted_pupils", "Number of Pupils",
                ("School cohort data taken from Jan 23 Census.",
                 "Ofsted School Inspection Summary (Updated as at 16th October 2023).")),
    )),
    Sheet("Early Years", "Early Years Foundations Profile", (
        _attainment("eyfs", "two_year_trend", "2 Year Trend", "change_vs_2022", "Compared to 2022"),
    )),
    Sheet("Phonics", "Phonics", (
        _attainment("phonics", "three_year_trend", "3 Year Trend", "change_vs_2022", "Compared to 2022"),
    )),
    Sheet("Key Stage 1", "Key Stage 1", (
        _attainment("ks1", "three_year_trend", "3 Year Trend", "change_vs_2019", "Compared to 2019"),
    )),
    Sheet("Key Stage 2", "Key Stage 2", (
        _attainment("ks2", "three_year_trend", "3 Year Trend", "change_vs_2019", "Compared to 2019"),
    )),
)


def table_layout(source_table: str) -> TableLayout | None:
    for sheet in SHEETS:
        for t in sheet.tables:
            if t.source_table == source_table:
                return t
    return None


def header_for(layout: TableLayout | None, column: str) -> str:
    """The printed header of a value column (a readable fallback for columns the layout does not know)."""
    if layout is not None and column in layout.headers:
        return layout.headers[column]
    return humanize_column(column)


def humanize_column(column: str) -> str:
    m = re.fullmatch(r"(ay|fy)_(\d{4})_(\d{2})(?:_(no|pct))?", column)
    if m:
        return f"{m.group(2)}/{m.group(3)}" + {"no": " No", "pct": " %", None: ""}[m.group(4)]
    m = re.fullmatch(r"(cy|national|nw)_(\d{4})(?:_(\d{2}))?(?:_pct)?", column)
    if m:
        prefix = {"cy": "", "national": "National ", "nw": "NW LAs "}[m.group(1)]
        return prefix + m.group(2) + (f"/{m.group(3)}" if m.group(3) else "")
    return column.replace("_", " ").capitalize()


def number_unit(layout: TableLayout | None, column: str) -> str | None:
    if layout is None:
        return None
    for pattern, unit in layout.number_units:
        if re.search(pattern, column):
            return unit
    return None


def short_title(table_title: str) -> str:
    """The printed title without its section prefix ("Absence - Absence Rate (...)" -> "Absence Rate (...)")."""
    return table_title.split(" - ", 1)[1] if " - " in table_title else table_title

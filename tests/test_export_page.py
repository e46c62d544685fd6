"""The HTML scorecard page: one inline, titled SVG per headline chart, nothing fetched from the network;
the page is built from the marts alone (the authority from the reports' area), flags figures two reports
print differently, says so when the warehouse was not checked, and keeps its time axes honest.
The page in a real browser (widths, text sizes, drawn lines): tests/test_browser_scorecard.py."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
HEADLINE_CHARTS = {"absence_rate", "persistent_absence_rate", "fixed_term_exclusion_rate", "ehcp_placement_share",
                   "ehcp_20_week_compliance", "ofsted_good_or_better_pupils", "attainment_vs_national"}


class _Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures: dict[str, dict] = {}
        self.current = None
        self.depth = 0
        self.in_title = False
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key) and re.match(r"(https?:)?//", a[key]):
                self.external.append(a[key])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.external.append(a.get("href", ""))
        if tag == "figure" and "chart" in (a.get("class") or "").split():
            self.current = a.get("data-metric")
            self.figures[self.current] = {"svg": 0, "shapes": 0, "title": "", "table": 0, "caption": 0}
        elif self.current:
            f = self.figures[self.current]
            if tag == "svg":
                f["svg"] += 1
            elif tag in ("path", "rect", "circle", "line", "polyline"):
                f["shapes"] += 1
            elif tag == "title":
                self.in_title = True
            elif tag == "table":
                f["table"] += 1
            elif tag == "figcaption":
                f["caption"] += 1
        if tag == "figure" and self.current:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "figure" and self.current:
            self.depth -= 1
            if self.depth == 0:
                self.current = None

    def handle_data(self, data):
        if self.in_title and self.current:
            self.figures[self.current]["title"] += data


def test_html_has_a_non_empty_inline_svg_per_headline_chart(exports):
    out, _, _ = exports
    html = (out / "scorecard.html").read_text(encoding="utf-8")
    parser = _Charts()
    parser.feed(html)
    assert set(parser.figures) >= HEADLINE_CHARTS, HEADLINE_CHARTS - set(parser.figures)
    for metric, f in parser.figures.items():
        assert f["svg"] >= 1 and f["shapes"] >= 3, metric
        assert f["title"].strip(), f"{metric}: the svg needs a <title>"
        assert f["table"] >= 1, f"{metric}: a table fallback"
        assert f["caption"] >= 1, metric
    assert not parser.external, parser.external
    assert "<script" not in html.lower()


# --------------------------------------------------------------------------- the page reads the data

PAGE_MODULES = ["html.py", "charts.py", *sorted(p.name for p in (ROOT / "exporters").glob("page_*.py"))]
OLD_HELPERS = {"context", "printed", "protect", "disclosure", "config", "layout", "warehouse"}


def _marts(path: Path):
    from exporters.marts import load

    return load(path)


def _page_of(db_path: Path, out: Path) -> str:
    from exporters.html import export_scorecard_html

    (written,) = export_scorecard_html(db_path, out)
    return written.read_text(encoding="utf-8")


def _authority(db_path: Path) -> str:
    from exporters.page_data import PageData

    return PageData(_marts(db_path)).authority


def _edited_copy(warehouse: Path, tmp_path: Path, statements: list[str]) -> Path:
    copy = tmp_path / "scorecard.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    con = duckdb.connect(str(copy))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()
    return copy


def test_page_code_names_no_authority_report_or_old_helper(warehouse):
    """The authority, the comparators and the reports come from the data, and the page reads the marts
    through exporters.marts only."""
    import ast

    marts = _marts(warehouse)
    names = set(marts.reports["report_id"]) | set(marts.reports["area_name"].dropna()) | set(marts.areas["area_name"])
    for name in PAGE_MODULES:
        source = (ROOT / "exporters" / name).read_text(encoding="utf-8")
        found = sorted(n for n in names if n in source)
        assert not found, f"exporters/{name} names {found}: take them from the marts"
        imported = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom):
                imported |= {node.module or ""} | {a.name for a in node.names}
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
        old = {m for m in imported for h in OLD_HELPERS if m == h or m.endswith("." + h)}
        assert not old, f"exporters/{name} imports {old}"


def test_page_takes_the_authority_from_the_reports(warehouse, tmp_path):
    """Renaming the authority in every text column of the marts renames it everywhere on the page."""
    authority = _authority(warehouse)
    new_name = "Testshire Borough"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cols = con.execute("select table_name, column_name from information_schema.columns "
                           "where table_schema = 'marts' and data_type = 'VARCHAR'").fetchall()
    finally:
        con.close()
    statements = [f'update marts."{t}" set "{c}" = replace("{c}", $${authority}$$, $${new_name}$$) '
                  f'where "{c}" like $$%{authority}%$$' for t, c in cols]
    copy = _edited_copy(warehouse, tmp_path, statements)
    html = _page_of(copy, tmp_path / "out")
    assert authority not in html
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert new_name in h1
    parser = _Charts()
    parser.feed(html)
    assert set(parser.figures) >= HEADLINE_CHARTS, HEADLINE_CHARTS - set(parser.figures)


def test_unchecked_warehouse_says_so_at_the_top(exports, warehouse, tmp_path):
    out, _, _ = exports
    checked = _marts(warehouse).checked
    html = (out / "scorecard.html").read_text(encoding="utf-8")
    assert ("Not checked against the source reports" in html) is (not checked)
    note = "built from seeds only, for a test"
    copy = _edited_copy(warehouse, tmp_path, [
        f"update marts.dim_publication set checked_against_reports = false, provenance_note = '{note}'"])
    unchecked = _page_of(copy, tmp_path / "out")
    banner = re.search(r'<div class="banner"[^>]*>(.*?)</div>', unchecked, re.S)
    assert banner and "Not checked against the source reports" in banner.group(1) and note in banner.group(1)
    assert unchecked.index('class="banner"') < unchecked.index("<main>")


def _figure_html(html: str, metric: str) -> str:
    m = re.search(rf'<figure class="chart" data-metric="{metric}".*?</figure>', html, re.S)
    assert m, metric
    return m.group(0)


def test_cross_report_disagreements_are_flagged_at_their_chart(exports, warehouse):
    """Every figure a chart draws that another report prints differently is marked, with a note at the
    chart naming both figures and both reports (the January 2023 20-week figures are such a pair)."""
    from exporters.page_data import PageData, shown

    out, _, _ = exports
    html = (out / "scorecard.html").read_text(encoding="utf-8")
    data = PageData(_marts(warehouse))
    rec = data.marts.reconciliation
    pairs = rec[(rec["check_type"] == "cross_report") & (rec["status"] == "mismatch")]
    charted = 0
    for r in pairs.itertuples():
        a, b = data.record(r.observation_id), data.record(r.compared_observation_id)
        if a["metric_id"] not in HEADLINE_CHARTS:
            continue
        charted += 1
        fig = _figure_html(html, a["metric_id"])
        notes = re.findall(r'<p class="flag"[^>]*>(.*?)</p>', fig, re.S)
        assert any(shown(a) in n and shown(b) in n and "disagree" in n
                   and data.report_short(a["report_id"]) in n and data.report_short(b["report_id"]) in n
                   for n in notes), (a["metric_id"], notes)
        assert fig.count('class="flag"') >= 2
    if charted == 0:
        pytest.skip("no cross-report mismatch on a charted measure in this warehouse")


def test_time_axes_are_honest(exports, warehouse):
    """Undated figures are in the table but not on the time axis; the value axis fits the data."""
    from exporters.page_data import PageData

    out, _, _ = exports
    html = (out / "scorecard.html").read_text(encoding="utf-8")
    data = PageData(_marts(warehouse))
    obs = data.obs
    for metric in ("absence_rate", "persistent_absence_rate", "fixed_term_exclusion_rate", "ehcp_placement_share",
                   "ehcp_20_week_compliance"):
        fig = _figure_html(html, metric)
        placed = set(re.findall(r'class="point"[^>]*data-period="([^"]*)"', fig))
        undated = obs[(obs["metric_id"] == metric) & obs["period_start"].isna() & obs["value"].notna()]
        for label in undated["period_label"]:
            assert label not in placed, f"{metric}: '{label}' has no dates but is on the time axis"
            assert escape(label) in fig, f"{metric}: '{label}' is not in the table"
        top = max(float(v) for v in re.findall(r'data-value="([^"]+)"', fig))  # small multiples share one axis
        for svg in re.findall(r"<svg[^>]*role=\"img\".*?</svg>", fig, re.S):
            ticks = [float(t.rstrip("%").replace(",", "")) for t in re.findall(r'class="ytick">([^<]+)<', svg)]
            assert ticks and max(ticks) >= top, metric
            assert max(ticks) < 1.5 * top or max(ticks) - top <= 10, (metric, max(ticks), top)
    # the persistent absence axis stops well short of 100% (its figures are below 50%)
    fig = _figure_html(html, "persistent_absence_rate")
    assert "100%" not in re.findall(r'class="ytick">([^<]+)<', fig)


def test_every_chart_has_a_table_and_suppressed_figures_are_not_drawn(exports, warehouse):
    from exporters.page_data import PageData

    out, _, _ = exports
    html = (out / "scorecard.html").read_text(encoding="utf-8")
    data = PageData(_marts(warehouse))
    hidden = data.obs[data.obs["is_suppressed"]]
    for metric in HEADLINE_CHARTS:
        fig = _figure_html(html, metric)
        assert '<div class="table-scroll"' in fig and "<table>" in fig, metric
    drawn = set(re.findall(r'class="point"[^>]*data-observation="([^"]*)"', html))
    assert drawn, "the marks name the figure they draw"
    assert not drawn & set(hidden["observation_id"]), "a suppressed figure is drawn"
    assert drawn <= set(data.obs.loc[data.obs["value"].notna(), "observation_id"])


def test_a_suppressed_figure_shows_as_c_and_is_not_drawn(warehouse, tmp_path):
    """The marts decide: mark one charted figure suppressed (fct_disclosure) and the page shows 'c' in
    its table cell and draws no mark for it."""
    before = _page_of(warehouse, tmp_path / "before")
    oid = re.search(r'data-observation="([^"]+)"', _figure_html(before, "absence_rate")).group(1)
    copy = _edited_copy(warehouse, tmp_path, [
        f"update marts.fct_disclosure set is_suppressed = true, suppression = 'primary' where observation_id = '{oid}'",
        f"insert into marts.fct_disclosure select '{oid}', true, 'primary' "
        f"where not exists (select 1 from marts.fct_disclosure where observation_id = '{oid}')"])
    after = _page_of(copy, tmp_path / "after")
    assert f'data-observation="{oid}"' not in after
    fig = _figure_html(after, "absence_rate")
    assert "<td>c</td>" in fig

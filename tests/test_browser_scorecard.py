"""The HTML scorecard in a real browser (headless Chromium), on a phone (390 px) and a desktop (1300 px):
the page is never wider than the screen, chart text is never drawn below 11 px, every chart renders with
a table alternative and at most four series, a part-year figure is never joined to the full years, and
the page asks for nothing beyond its own file. Screenshots at both widths go to tests/artifacts/."""

from __future__ import annotations

import pytest

from tests.browser import chromium, screenshot_path  # noqa: F401  (chromium: the session's browser fixture)

HEADLINE_CHARTS = {"absence_rate", "persistent_absence_rate", "fixed_term_exclusion_rate", "ehcp_placement_share",
                   "ehcp_20_week_compliance", "ofsted_good_or_better_pupils", "attainment_vs_national"}
WIDTHS = (390, 1300)
PART_YEAR = "2023/24 to 19 Oct 2023"  # the absence table's part-year column, as printed
NEVER_JOINED = ("year_to_date", "multi_year", "as_at")
MIN_TEXT_PX = 11

# Everything measured in one pass over the rendered page (every <details> opened first).
MEASURE = """() => {
  const shown = el => el.getClientRects().length > 0;
  const scale = el => { const m = el.getScreenCTM(); return m ? Math.hypot(m.a, m.b) : 1; };
  const vertices = el => (el.getAttribute('points') || '').trim().split(/\\s+/).filter(Boolean)
      .map(p => p.split(',').map(Number));
  const figures = [...document.querySelectorAll('figure.chart')].map(f => {
    const svgs = [...f.querySelectorAll('svg[role=img]')].filter(shown).map(svg => {
      const box = svg.getBoundingClientRect();
      return {
        width: box.width, height: box.height,
        marks: svg.querySelectorAll('rect, path, circle, line, polyline, polygon').length,
        series: svg.querySelectorAll('g.series').length,
        title: (svg.querySelector('title') || {}).textContent || '',
        points: [...svg.querySelectorAll('.point')].map(p => ({
          x: +p.dataset.x, y: +p.dataset.y, period: p.dataset.period, type: p.dataset.periodType})),
        lines: [...svg.querySelectorAll('polyline, path')].map(vertices),
      };
    });
    return {metric: f.dataset.metric, svgs, tables: f.querySelectorAll('table').length,
            caption: (f.querySelector('figcaption') || {}).textContent || ''};
  });
  const texts = [...document.querySelectorAll('svg text')].filter(shown).map(t => ({
    text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale(t)}));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          bodyWidth: document.body.scrollWidth, figures, texts};
}"""


@pytest.fixture(scope="module")
def page_file(published_exports):
    return published_exports / "scorecard.html"


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def rendered(request, chromium, page_file):  # noqa: F811
    width = request.param
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        closed = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        page.eval_on_selector_all("details", "ds => ds.forEach(d => { d.open = true; })")
        measured = page.evaluate(MEASURE)
        shot = screenshot_path(f"scorecard-{width}px.png")
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    return {"width": width, "closed": closed, "requests": requests, "shot": shot, **measured}


def _on(line: list[list[float]], point: dict) -> bool:
    return any(abs(x - point["x"]) < 0.6 and abs(y - point["y"]) < 0.6 for x, y in line)


@pytest.mark.browser
def test_page_is_never_wider_than_the_screen(rendered):
    """No sideways scroll, with the tables closed and opened (they scroll inside their own box)."""
    scroll, inner = rendered["closed"]
    assert scroll <= inner, f"{rendered['width']} px: page {scroll} px wide with the tables closed"
    assert rendered["scrollWidth"] <= rendered["innerWidth"], (
        f"{rendered['width']} px: page {rendered['scrollWidth']} px wide with the tables open")
    assert rendered["shot"].stat().st_size > 10_000


@pytest.mark.browser
def test_chart_text_is_never_below_11px(rendered):
    assert len(rendered["texts"]) > 50, "the charts' text is displayed"
    small = sorted({(round(t["px"], 1), t["text"]) for t in rendered["texts"] if t["px"] < MIN_TEXT_PX - 0.01})
    assert not small, f"{rendered['width']} px: chart text below {MIN_TEXT_PX} px: {small[:10]}"


@pytest.mark.browser
def test_every_headline_chart_renders_with_a_table(rendered):
    figures = {f["metric"]: f for f in rendered["figures"]}
    assert set(figures) >= HEADLINE_CHARTS, HEADLINE_CHARTS - set(figures)
    for metric, f in figures.items():
        assert f["svgs"], f"{metric}: no chart displayed at {rendered['width']} px"
        for svg in f["svgs"]:
            assert svg["width"] > 100 and svg["height"] > 50 and svg["marks"] > 3, (metric, svg["width"], svg["height"])
            assert svg["width"] <= rendered["innerWidth"], metric
            assert svg["title"].strip(), metric
        assert f["tables"] >= 1, f"{metric}: no table alternative"
        assert f["caption"].strip(), metric


@pytest.mark.browser
def test_at_most_four_series_per_chart(rendered):
    for f in rendered["figures"]:
        for svg in f["svgs"]:
            assert 1 <= svg["series"] <= 4, (f["metric"], svg["title"], svg["series"])


@pytest.mark.browser
def test_part_years_are_never_joined_to_full_years(rendered):
    """The absence chart draws the part year '2023/24 to 19 Oct 2023' apart: its point is not a vertex of
    any line, while the full years are joined where one follows another. No chart joins a year-to-date,
    multi-year or one-day figure to anything."""
    absence = next(f for f in rendered["figures"] if f["metric"] == "absence_rate")
    part_points = full_lines = 0
    for svg in absence["svgs"]:
        part = [p for p in svg["points"] if p["period"] == PART_YEAR]
        full = [p for p in svg["points"] if p["type"] == "academic_year"]
        part_points += len(part)
        for line in svg["lines"]:
            on_full = [p for p in full if _on(line, p)]
            full_lines += len(on_full) >= 2
            for p in part:
                assert not _on(line, p), f"{svg['title']}: '{PART_YEAR}' is joined to {[q['period'] for q in on_full]}"
    assert part_points, f"no point for '{PART_YEAR}' on the absence chart"
    assert full_lines, "the full academic years are joined by a line"
    for f in rendered["figures"]:
        for svg in f["svgs"]:
            for p in (p for p in svg["points"] if p["type"] in NEVER_JOINED):
                assert not any(_on(line, p) for line in svg["lines"]), (f["metric"], p["period"])


@pytest.mark.browser
def test_page_asks_for_nothing_beyond_itself(rendered, page_file):
    assert rendered["requests"], "the page was loaded"
    assert set(rendered["requests"]) == {page_file.as_uri()}, rendered["requests"]

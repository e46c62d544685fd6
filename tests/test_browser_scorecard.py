"""The HTML scorecard in a real browser: every headline chart renders as a non-empty SVG."""

from __future__ import annotations

import pytest

from tests.browser import browser_page, screenshot_path

HEADLINE_CHARTS = {"absence_rate", "persistent_absence_rate", "fixed_term_exclusion_rate", "ehcp_placement_share",
                   "ehcp_20_week_compliance", "ofsted_good_or_better_pupils", "attainment_vs_national"}


@pytest.mark.browser
def test_scorecard_charts_render_in_headless_chromium(published_exports):
    page_file = published_exports / "scorecard.html"
    requests: list[str] = []
    with browser_page(width=1280, height=900) as page:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        charts = page.eval_on_selector_all(
            "figure.chart",
            """figures => figures.map(f => {
                const svg = f.querySelector('svg');
                const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                const marks = svg ? svg.querySelectorAll('rect, path, circle, line, polyline').length : 0;
                return {metric: f.dataset.metric, width: box.width, height: box.height, marks: marks};
            })""",
        )
        page.screenshot(path=str(screenshot_path("scorecard.png")), full_page=True)
    rendered = {c["metric"]: c for c in charts}
    assert HEADLINE_CHARTS <= set(rendered), HEADLINE_CHARTS - set(rendered)
    for metric in HEADLINE_CHARTS:
        chart = rendered[metric]
        assert chart["width"] > 100 and chart["height"] > 50 and chart["marks"] > 3, chart
    # self-contained: the page asks for nothing beyond its own file
    assert all(url.startswith("file://") for url in requests), requests
    assert screenshot_path("scorecard.png").stat().st_size > 10_000

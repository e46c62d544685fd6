"""The Dagster UI, for real: the webserver on a free local port, the asset graph in headless Chromium.

An officer looking at lineage must find a report, a seed, a mart and an export on the asset graph.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import browser_page, screenshot_path

ROOT = Path(__file__).resolve().parents[1]
REPORT = "2023-11-28_overview-scrutiny-childrens-agenda-pack"
SEED = "osc_2023_11_scorecard__absence_rate"
MART = "mart_absence"
EXPORT = "exports/scorecard_page"
pytestmark = pytest.mark.slow  # the real webserver takes ~20 s to start and load the definitions

SELECTION = (f'key:"report_files/{REPORT}" or key:"raw/{SEED}" or key:"marts/{MART}" or key:"{EXPORT}"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(dbt_target_dir, tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    (home / ".nux").mkdir()
    (home / ".nux" / "nux.yaml").write_text("seen: 1\n")  # no first-visit newsletter dialog over the graph
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "DBT_TARGET_PATH": str(dbt_target_dir),
           "SCORECARD_FILE_SENSOR": "off", "DAGSTER_DISABLE_TELEMETRY": "1"}
    log = open(home / "webserver.log", "w")  # noqa: SIM115 - held open while the server runs, closed below
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-webserver"), "-m", "orchestration.definitions",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/server_info", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("dagster-webserver did not start:\n" + (home / "webserver.log").read_text()[-3000:])
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.browser
def test_asset_graph_shows_report_seed_mart_and_export(webserver):
    with browser_page(width=1600, height=1000) as page:
        page.goto(webserver + "/asset-groups")
        page.wait_for_selector("text=Global asset lineage", timeout=60_000)
        # narrow the lineage to one path from report to export, as an officer would
        page.locator(".CodeMirror").first.click()
        page.keyboard.type(SELECTION)
        page.keyboard.press("Enter")
        page.get_by_text("exports", exact=True).first.wait_for(timeout=30_000)
        for group in ("exports", "marts", "raw", "source_reports"):
            label = page.get_by_text(group, exact=True).first
            box = label.bounding_box()
            page.mouse.click(box["x"] - 38, box["y"] + box["height"] / 2)  # the group's disclosure arrow
            page.wait_for_timeout(300)
        page.get_by_text(MART, exact=False).first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        shown = page.evaluate(
            """() => { const parts = []; const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                 while (walk.nextNode()) {
                   if (!walk.currentNode.parentElement.closest('.CodeMirror')) parts.push(walk.currentNode.textContent);
                 }
                 return parts.join(' '); }"""
        )
        shot = screenshot_path("dagster_asset_graph.png")
        page.screenshot(path=str(shot))
    for name in (REPORT, SEED, MART, EXPORT.split("/")[-1]):
        assert name in shown, f"{name} is not on the asset graph page"
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_full_lineage_has_every_layer(webserver):
    with browser_page(width=1600, height=1000) as page:
        page.goto(webserver + "/asset-groups")
        page.wait_for_selector("text=Global asset lineage", timeout=60_000)
        page.get_by_text("publish", exact=True).first.wait_for(timeout=30_000)
        text = page.inner_text("body")
        page.screenshot(path=str(screenshot_path("dagster_lineage.png")))
    for group in ("source_reports", "validation", "raw", "staging", "intermediate", "marts", "exports", "publish"):
        assert group in text


@pytest.mark.browser
def test_an_asset_page_explains_itself(webserver):
    """A seed's page: its description first (not raw SQL), and its checks described, Great Expectations among them."""
    with browser_page(width=1400, height=1000) as page:
        page.goto(webserver + f"/assets/raw/{SEED}")
        page.get_by_text("Absence - Absence Rate", exact=False).first.wait_for(timeout=60_000)
        overview = page.inner_text("body")
        page.screenshot(path=str(screenshot_path("dagster_asset_page.png")))
        page.goto(webserver + f"/assets/raw/{SEED}?view=checks")
        page.get_by_text("great_expectations", exact=False).first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        checks = page.inner_text("body")
        page.screenshot(path=str(screenshot_path("dagster_asset_checks.png")))
    assert "unserializable" not in overview and "select " not in overview.lower()[:2000]
    assert "No description provided" not in checks

"""Headless Chromium for the page tests: Debian's `chromium`, installed by the test set-up when missing,
driven by Playwright (which uses this browser; it downloads none of its own).

One browser serves the whole test session: the session-scoped ``chromium`` fixture starts it (import it
into a test module: ``from tests.browser import chromium``) and closes it when the session ends.
``browser_page`` opens a page in a fresh context of that same browser (starting it if no test has yet;
it is then closed when the process exits).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Chromium starts without reaching any network: no background, update or sync traffic.
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
]
_SHARED: dict = {}


def chromium_path() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True, timeout=600)
        proc = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env,
                              capture_output=True, text=True, timeout=900)
        found = shutil.which("chromium")
        if found:
            return found
        pytest.fail(f"could not install Debian chromium: {proc.stderr[-1000:]}")
    pytest.fail("headless Chromium is needed: install Debian's `chromium` package (apt-get install chromium)")


def shared_browser():
    """The session's one Chromium (started on first use)."""
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        executable = chromium_path()
        playwright = sync_playwright().start()
        try:
            _SHARED["browser"] = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        except Exception:
            playwright.stop()
            raise
        _SHARED["playwright"] = playwright
        atexit.register(close_shared_browser)
    return _SHARED["browser"]


def close_shared_browser() -> None:
    browser, playwright = _SHARED.pop("browser", None), _SHARED.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()


@pytest.fixture(scope="session")
def chromium():
    """The one headless Chromium of the test session (a Playwright ``Browser``)."""
    yield shared_browser()
    close_shared_browser()


@contextmanager
def browser_page(width: int = 1400, height: int = 1000):
    """A page of the given viewport in a fresh context (own cookies and cache) of the shared browser."""
    context = shared_browser().new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name

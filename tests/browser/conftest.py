"""A real Chromium, driven by Playwright, against the app served on 127.0.0.1."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.support.servers import start_app_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without these, Chromium phones home at start-up, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run make test, or set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    server = start_app_server(app)
    yield server
    server.stop()


# Every Content-Security-Policy violation the page meets is written to the console, where the watch sees it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class PageWatch:
    """Collects console errors, Content-Security-Policy violations and any request that leaves 127.0.0.1."""

    def __init__(self, page) -> None:
        self.console_errors: list[str] = []
        self.csp_violations: list[str] = []
        self.external_requests: list[str] = []
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on("request", self._on_request)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        self.console_errors.append(message.text)
        if message.text.startswith("CSP violation") or "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def _on_request(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host not in ("127.0.0.1", "localhost"):
            self.external_requests.append(request.url)

    def assert_clean(self) -> None:
        assert self.csp_violations == [], self.csp_violations
        assert self.console_errors == [], self.console_errors
        assert self.external_requests == [], self.external_requests


def _open_page(browser, live_server):
    """A page in a browser context of its own: one person, with their own cookies."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.watch = PageWatch(page)
    return page


@pytest.fixture
def page(browser, live_server):
    page = _open_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def another_page(browser, live_server):
    """``another_page()``: one more person at another computer, closed after the test."""
    pages = []

    def open_page():
        pages.append(_open_page(browser, live_server))
        return pages[-1]

    yield open_page
    for opened in pages:
        opened.context.close()

"""Page speed as a phone sees it: the home, search and listing pages through a real gunicorn, in
Chromium emulating a 390 × 844 phone with its CPU slowed 4×, on localhost.

    python -m bench.pages [--runs 5]

The Auray demo (``flask seed-demo``) is served by ``gunicorn -w 2`` with production settings. Each
run opens a fresh browser context (an empty cache, as a first visit) and reads the browser's own
timings: first contentful paint, largest contentful paint, total blocking time (the long tasks'
time beyond 50 ms, until the page is idle) and cumulative layout shift. They are scored with
Lighthouse's mobile curves and weights (v10: FCP 10 %, Speed Index 10 %, LCP 25 %, TBT 30 %,
CLS 25 %); Speed Index needs a filmstrip, so the LCP stands in for it, which can only lower the
score. The medians over the runs are printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

from bench.publish import free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = dict(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True,
             locale="fr-FR")
# Lighthouse v10 mobile: (p10, median) of each metric's log-normal curve, and its weight.
CURVES = {"fcp": (1800, 3000, 0.10), "si": (3387, 5800, 0.10), "lcp": (2500, 4000, 0.25),
          "tbt": (200, 600, 0.30), "cls": (0.1, 0.25, 0.25)}
OBSERVE = """
window.__perf = {lcp: 0, cls: 0, tbt: 0};
new PerformanceObserver(l => l.getEntries().forEach(e => window.__perf.lcp = e.startTime))
  .observe({type: "largest-contentful-paint", buffered: true});
new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) window.__perf.cls += e.value; }))
  .observe({type: "layout-shift", buffered: true});
new PerformanceObserver(l => l.getEntries().forEach(e => window.__perf.tbt += Math.max(0, e.duration - 50)))
  .observe({type: "longtask", buffered: true});
"""


def log_normal_score(value: float, p10: float, median: float) -> float:
    """Lighthouse's score for a metric: 0.9 at its p10, 0.5 at its median."""
    if value <= 0:
        return 1.0
    standardized = math.log(value / median) * 0.9061938024368232 / -math.log(p10 / median)
    return max(0.0, min(1.0, (1 - math.erf(standardized)) / 2))


def score(metrics: dict[str, float]) -> float:
    values = {**metrics, "si": metrics["lcp"]}
    return 100 * sum(weight * log_normal_score(values[name], p10, median)
                     for name, (p10, median, weight) in CURVES.items())


class Server:
    """The demo site under gunicorn, production settings, on an SQLite file of its own."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
               "DATABASE_URL": f"sqlite:///{workdir / 'pages.db'}", "BOURSE_ALLOW_SQLITE": "1",
               "BOURSE_INSTANCE_PATH": str(workdir), "SESSION_COOKIE_SECURE": "0", "RATELIMIT_ENABLED": "0",
               "PUBLIC_URL": f"http://127.0.0.1:{self.port}", "PYTHONPATH": str(ROOT)}
        flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
        for command in (["db", "upgrade"], ["seed-demo"], ["assets", "compress"]):
            subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
        self.log = (workdir / "gunicorn.log").open("w")
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b",
                                         f"127.0.0.1:{self.port}", "wsgi:app"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/healthz", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def measure(browser, url: str) -> dict[str, float]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.add_init_script(OBSERVE)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # a last long task or layout shift after the network went quiet
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime || 0")
    perf = page.evaluate("window.__perf")
    context.close()
    return {"fcp": fcp, "lcp": perf["lcp"] or fcp, "tbt": perf["tbt"], "cls": perf["cls"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp))
        try:
            first = requests.get(f"{server.base}/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7", timeout=10).json()
            listing = first["features"][0]["properties"]["id"]
            pages = {"home": "/", "search": "/recherche?town=56007", "listing": f"/locaux/{listing}"}
            print("| page | FCP ms | LCP ms | TBT ms | CLS | score |")
            print("|---|---:|---:|---:|---:|---:|")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                for name, path in pages.items():
                    measure(browser, server.base + path)  # the server's own first request, not timed
                    runs = [measure(browser, server.base + path) for _ in range(args.runs)]
                    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                    print(f"| {name} | {median['fcp']:.0f} | {median['lcp']:.0f} | {median['tbt']:.0f} | "
                          f"{median['cls']:.3f} | {score(median):.0f} |", flush=True)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()

"""Debian's Chromium driven by Playwright, the widget's demo page served beside a running bot,
and screenshots into test-artifacts/: what every browser test shares.

Needs `make browser` (/usr/bin/chromium) and, for the demo page, `make widget` (web/dist).
"""

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest

from tests.servers import ROOT, _wait_for, free_port

CHROMIUM = Path("/usr/bin/chromium")
DIST = ROOT / "web" / "dist"
ARTIFACTS = ROOT / "test-artifacts"


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium for the module's tests."""
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium fehlt: erst `make browser` (scripts/install_browser.sh) ausführen")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@contextmanager
def demo_page(rasa_url: str, log_dir: Path) -> Iterator[str]:
    """The demo page from web/dist on a static server of its own, pointed at `rasa_url`."""
    if not (DIST / "foerderbot-widget.js").exists():
        pytest.fail("web/dist/foerderbot-widget.js fehlt: erst `make widget` ausführen")
    port = free_port()
    log = log_dir / "static.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(DIST)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process, log, seconds=30)
        yield f"http://127.0.0.1:{port}/?rasa={quote(rasa_url, safe='')}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def artifact(name: str) -> Path:
    """Where a screenshot goes: test-artifacts/NAME."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def screenshot(page, name: str, **options) -> Path:
    path = artifact(name)
    page.screenshot(path=str(path), **options)
    print(f"Screenshot: {path}")
    return path

"""The web chat as a person meets it: `python -m bot web` in its own process, a neutral site to
leave for (which also frames the chat, as an organisation's page would), and Debian's Chromium
driven by Playwright.

The server logs at DEBUG into a file the tests read afterwards, to prove it wrote down nothing
anyone typed. Playwright launches the system browser (`executable_path`): its own download is
never used. Without chromium the tests skip, or fail under REQUIRE_CHROMIUM=1 (as in CI).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Playwright,
    ViewportSize,
    sync_playwright,
)

from tests.helpers.cli import ROOT
from tests.helpers.telegram_bot import free_port
from tests.outreach.chromium import FLAGS, chromium

PHONE: ViewportSize = {"width": 360, "height": 740}  # a common small Android phone, in CSS pixels
STARTUP_SECONDS = 30

NEUTRAL_PAGE = (
    b"<!doctype html><title>Weather</title><h1>Weather today</h1><p>Sunny, 18\xc2\xb0</p>"
)


@dataclass(frozen=True)
class Sites:
    """The chat's address, the neutral page Quick exit goes to, and the server's log."""

    chat: str
    neutral: str
    organisation: str  # a page on another origin that frames the chat
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class _NeutralSite(BaseHTTPRequestHandler):
    """A weather page to leave for, and an organisation's page that frames the chat."""

    chat_url = ""

    def do_GET(self) -> None:
        if self.path.startswith("/organisation"):
            body = (
                "<!doctype html><title>Our services</title><h1>Get help</h1>"
                f'<iframe src="{self.chat_url}" title="Chat" width="360" height="640"></iframe>'
            ).encode()
        else:
            body = NEUTRAL_PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read no log of this server."""


@contextlib.contextmanager
def neutral_site() -> Iterator[tuple[str, type[_NeutralSite]]]:
    """A plain HTTP server on 127.0.0.1 in a thread; yields its base URL."""
    handler = type("Handler", (_NeutralSite,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def live_sites(log: Path) -> Iterator[Sites]:
    """`python -m bot web` on a free port, with Quick exit to the neutral site, which may
    frame it; stopped (SIGTERM) at the end."""
    with neutral_site() as (neutral, handler):
        port = free_port()
        chat = f"http://127.0.0.1:{port}/"
        handler.chat_url = chat
        env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "LOG_LEVEL": "DEBUG",
            "WATCH_FILES": "false",
            "QUICK_EXIT_URL": f"{neutral}/weather",
            "WEB_FRAME_ANCESTORS": neutral,
        }
        with log.open("w", encoding="utf-8") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "web"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_until_serving(chat, process)
                yield Sites(chat, f"{neutral}/weather", f"{neutral}/organisation", log)
            finally:
                process.terminate()
                assert process.wait(timeout=10) == 0, log.read_text()


def _wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"python -m bot web exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url + "healthz", timeout=1) as response,  # noqa: S310 - loopback
        ):
            if response.status == 200:
                return
        time.sleep(0.1)
    raise AssertionError("python -m bot web did not start serving")


@contextlib.contextmanager
def browser() -> Iterator[tuple[Playwright, Browser]]:
    """Debian's Chromium, headless, talking to nothing but 127.0.0.1."""
    executable = chromium()  # skips (or fails under REQUIRE_CHROMIUM=1) when absent
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=list(FLAGS))
        try:
            yield playwright, launched
        finally:
            launched.close()


def phone(browser: Browser, *, locale: str = "en-US", script: bool = True) -> BrowserContext:
    """A fresh private browsing context the size of a phone."""
    return browser.new_context(
        viewport=PHONE, locale=locale, java_script_enabled=script, has_touch=True
    )


def left_behind(context: BrowserContext, chat: str) -> dict[str, object]:
    """What the browser holds for the chat's site: cookies, and each page's storage."""
    page = context.new_page()
    page.goto(chat + "healthz")  # an origin's storage is read from a page of that origin
    stored = page.evaluate(
        """async () => ({
            cookie: document.cookie,
            local: localStorage.length,
            session: sessionStorage.length,
            databases: (await indexedDB.databases()).length,
            caches: (await caches.keys()).length,
        })"""
    )
    page.close()
    return {"cookies": context.cookies(), **stored}


NOTHING = {"cookies": [], "cookie": "", "local": 0, "session": 0, "databases": 0, "caches": 0}

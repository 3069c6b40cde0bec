"""Screenshots of the web chat's main screens at phone width, for the README.

    python -m tests.channels.web.screenshots docs/web

starts `python -m bot web` and Chromium as the browser tests do and writes one PNG per screen
(360 CSS pixels wide, at 2x). Install Debian's `fonts-noto-color-emoji` first, or the emoji
show as empty boxes. A test runs it into a temporary folder, so it keeps working.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page

from tests.channels.web.live import PHONE, Sites, browser, live_sites


def _search(words: str, label: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_label(label).fill(words)
        page.get_by_role("button").click()
        page.locator("main .card").first.wait_for()
        page.evaluate("window.scrollTo(0, 0)")

    return act


# File name, link, language, and what to do on the page before the picture.
SHOTS: tuple[tuple[str, str, str, Callable[[Page], None] | None], ...] = (
    ("web-welcome.png", "", "en-US", None),
    ("web-legal-king-county.png", "?start=legal_wa-king", "en-US", None),
    ("web-search-es.png", "", "es-US", _search("necesito un abogado", "Escriba lo que necesita")),
    ("web-emergency.png", "?start=emergency", "en-US", None),
)


def take_screenshots(chromium: Browser, sites: Sites, folder: Path) -> list[Path]:
    """One PNG per screen of `SHOTS` in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, link, locale, act in SHOTS:
        context = chromium.new_context(
            viewport=PHONE, device_scale_factor=2, locale=locale, has_touch=True
        )
        page = context.new_page()
        page.goto(sites.chat + link)
        if act is not None:
            act(page)
        path = folder / name
        page.screenshot(path=path)
        context.close()
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("docs/web")
    with (
        tempfile.TemporaryDirectory() as scratch,
        live_sites(Path(scratch) / "server.log") as sites,
        browser() as (_, chromium),
    ):
        for path in take_screenshots(chromium, sites, folder):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

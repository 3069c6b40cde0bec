"""Accessibility in the browser: axe-core (vendored, see vendor/axe-core/README.md) finds no
serious or critical problem on any main screen, in either language, and the keyboard reaches
Quick exit first, then the screen's choices, then the search box."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.channels.web.live import Sites, phone

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="  # sri-history.json of axe-core 4.14.1
SCREENS = (
    "",
    "?start=legal",
    "?start=legal_wa-king",
    "?start=emergency",
    "?start=privacy",
    "?start=language",
    "?start=erase",
    "?start=shelter_wa-king_es",
    "?start=emergency_es",
)
BLOCKING = frozenset({"serious", "critical"})


def axe_problems(page: Page) -> list[dict[str, Any]]:
    """axe's violations on this page, WCAG 2.x A and AA and best practice, worst first."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # run by the test: the page's CSP allows none
    result: dict[str, Any] = page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"], runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})"""
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def test_the_vendored_axe_is_the_published_file() -> None:
    digest = base64.b64encode(hashlib.sha256(AXE.read_bytes()).digest()).decode()
    assert digest == AXE_SHA256


def test_axe_finds_what_it_should(chromium_browser: Browser) -> None:
    """The check itself works: a page with an unlabelled field and grey-on-white text fails."""
    context = chromium_browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="en"><title>t</title><main><input type="search">'
        '<p style="color:#bbb">faint</p></main></html>'
    )
    found = {p["id"]: p["impact"] for p in axe_problems(page)}
    context.close()
    assert found.get("label") == "critical"
    assert found.get("color-contrast") == "serious"


@pytest.mark.parametrize("link", SCREENS)
def test_no_serious_accessibility_problem(
    chromium_browser: Browser, sites: Sites, link: str
) -> None:
    context = phone(chromium_browser)
    page = context.new_page()
    page.goto(sites.chat + link)
    problems = axe_problems(page)
    context.close()
    blocking = [
        (p["id"], p["impact"], [node["target"] for node in p["nodes"]][:3])
        for p in problems
        if p["impact"] in BLOCKING
    ]
    assert not blocking, blocking
    assert not problems, [(p["id"], p["impact"]) for p in problems]  # and none lesser either


def test_the_keyboard_meets_quick_exit_first_then_the_choices_then_search(
    chromium_browser: Browser, sites: Sites
) -> None:
    context = chromium_browser.new_context()
    page = context.new_page()
    page.goto(sites.chat)
    order = []
    for _ in range(16):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate("document.activeElement.textContent || document.activeElement.name")
        )
    context.close()
    assert order[0] == "Quick exit"
    assert order[1] == "🆘 Emergency"
    assert order.index("q") > order.index("🔒 Privacy")  # the search box after the choices

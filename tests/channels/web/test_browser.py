"""The web chat in a real browser, as a person on a phone uses it, with script on and off.

The README's screenshots are taken here too (tests/channels/web/screenshots.py). Each test ends
by checking what the browser kept for the chat's site (no cookie, no storage of any kind) and
that the server's log (at DEBUG) holds none of the words typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bot.content import Content
from tests.channels.web.live import NOTHING, PHONE, Sites, left_behind, phone
from tests.channels.web.screenshots import SHOTS, take_screenshots
from tests.helpers.cli import ROOT
from tests.outreach.chromium import FLAGS, chromium

TYPED_EN = "I need a lawyer for my visa"
TYPED_ES = "necesito un abogado por mi visa"


@pytest.fixture
def context(chromium_browser: Browser, sites: Sites) -> Iterator[BrowserContext]:
    context = phone(chromium_browser)
    yield context
    assert left_behind(context, sites.chat) == NOTHING
    context.close()


def tap(page: Page, label: str) -> None:
    page.get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def search(page: Page, words: str, label: str = "Type what you need") -> None:
    page.get_by_label(label).fill(words)
    page.get_by_role("button").click()


def legal_aid_numbers(content: Content) -> set[str]:
    """`tel:` links of every legal-help service for King County (local or national)."""
    wanted = {"wa-king", "wa", "us"}
    return {
        "tel:" + phone.dial_string
        for resource in content.directory.resources
        if "legal" in resource.categories and wanted & set(resource.regions)
        for phone in resource.phones
    }


def test_three_taps_to_a_legal_aid_number_in_king_county(
    context: BrowserContext, sites: Sites, content: Content
) -> None:
    page = context.new_page()
    page.goto(sites.chat)
    tap(page, "⚖️ Legal help")
    tap(page, "Seattle and King County")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Legal help · Seattle and King County"
    )
    first_number = page.locator("main a[href^='tel:']").first  # the third tap
    expect(first_number).to_be_in_viewport()
    assert first_number.get_attribute("href") in legal_aid_numbers(content)


def test_typed_search_in_english_and_spanish_stays_out_of_urls_and_logs(
    context: BrowserContext, sites: Sites
) -> None:
    page = context.new_page()
    page.goto(sites.chat)
    search(page, TYPED_EN)
    expect(page.locator("main")).to_contain_text("Here is what I found")
    expect(page.locator("main a[href^='tel:']").first).to_be_visible()
    assert "lawyer" not in page.url
    search(page, TYPED_ES, label="Type what you need")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main")).to_contain_text("Esto es lo que encontré")
    assert "abogado" not in page.url
    # Script on: the searches replaced the page, adding nothing to the browser's history.
    assert page.evaluate("history.length") == 2  # about:blank, then the chat
    log = sites.log_text()
    assert "Web chat on" in log  # the log is the server's, at DEBUG
    for word in (*TYPED_EN.split(), *TYPED_ES.split()):
        if len(word) > 3:
            assert word not in log, word


def test_emergency_words_bring_the_emergency_lines(context: BrowserContext, sites: Sites) -> None:
    page = context.new_page()
    page.goto(sites.chat)
    search(page, "he locked me in, I am not safe")
    expect(page.get_by_role("heading", level=1)).to_have_text("🆘 If you are in danger")
    expect(page.locator("a[href='tel:911']")).to_be_visible()
    search(page, "estoy en peligro", label="Type what you need")
    expect(page.get_by_role("heading", level=1)).to_have_text("🆘 Si está en peligro")


def test_a_deep_link_opens_on_the_help_it_names(context: BrowserContext, sites: Sites) -> None:
    page = context.new_page()
    page.goto(sites.chat + "?start=legal_wa-king_es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ayuda legal · Seattle y el condado de King"
    )
    expect(page.get_by_role("link", name="Salida rápida")).to_be_visible()


def test_paging_through_results(context: BrowserContext, sites: Sites) -> None:
    page = context.new_page()
    page.goto(sites.chat + "?start=legal_wa-king")
    main = page.locator("main")
    expect(main).to_contain_text("Page 1 of 2")
    first_page = page.locator("main h2").all_inner_texts()
    tap(page, "More ▶")
    expect(main).to_contain_text("Page 2 of 2")
    assert not set(first_page) & set(page.locator("main h2").all_inner_texts())
    tap(page, "◀ Back")
    expect(main).to_contain_text("Page 1 of 2")


def test_quick_exit_leaves_nothing_to_go_back_to(context: BrowserContext, sites: Sites) -> None:
    page = context.new_page()
    page.goto(sites.chat)
    tap(page, "🆘 Emergency")
    tap(page, "🏠 Start")
    search(page, TYPED_EN)
    expect(page.locator("main")).to_contain_text("Here is what I found")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(sites.neutral)
    expect(page.get_by_role("heading")).to_have_text("Weather today")
    page.go_back()
    assert page.url == "about:blank"  # what came before the chat, not the chat
    assert "Community info" not in page.content()


def test_shift_three_times_leaves_at_once(chromium_browser: Browser, sites: Sites) -> None:
    desktop = chromium_browser.new_context()  # a keyboard and a mouse: the tip is shown
    page = desktop.new_page()
    page.goto(sites.chat + "?start=shelter")
    expect(page.get_by_text("press Shift three times")).to_be_visible()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(sites.neutral)
    desktop.close()


def test_quick_exit_from_a_frame_leaves_the_whole_page(
    context: BrowserContext, sites: Sites
) -> None:
    page = context.new_page()
    page.goto(sites.organisation)
    chat = page.frame_locator("iframe")
    chat.get_by_role("link", name="⚖️ Legal help").click()
    expect(chat.get_by_role("link", name="Seattle and King County")).to_be_visible()
    chat.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(sites.neutral)  # the organisation's page is gone too


def test_everything_works_with_javascript_off(chromium_browser: Browser, sites: Sites) -> None:
    context = phone(chromium_browser, locale="es-US", script=False)
    page = context.new_page()
    page.goto(sites.chat)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    tap(page, "⚖️ Ayuda legal")
    tap(page, "Seattle y el condado de King")
    expect(page.locator("main a[href^='tel:']").first).to_be_visible()
    search(page, "dónde dormir esta noche", label="Escriba lo que necesita")
    expect(page.locator("main")).to_contain_text("Esto es lo que encontré")
    assert "dormir" not in page.url
    expect(page.get_by_text("Mayús tres veces")).to_be_hidden()  # the tip needs the script
    page.get_by_role("link", name="Salida rápida").click()
    page.wait_for_url(sites.neutral)
    assert context.cookies() == []
    context.close()
    assert "dormir" not in sites.log_text()


def test_readable_at_320_pixels(chromium_browser: Browser, sites: Sites) -> None:
    context = chromium_browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for link in ("", "?start=legal_wa-king", "?start=emergency", "?start=privacy_es"):
        page.goto(sites.chat + link)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, link
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 16, link
    context.close()


def test_a_browser_profile_on_disk_keeps_no_word_typed_and_no_page(
    chromium_browser: Browser, sites: Sites, tmp_path: Path
) -> None:
    """As a person's own browser (not a private window): what it writes to disk holds none of
    the words typed and none of the pages' content, only the visited addresses and the
    neutral title (which is why the pages suggest a private window)."""
    profile = tmp_path / "profile"
    context = chromium_browser.browser_type.launch_persistent_context(
        profile, executable_path=chromium(), args=list(FLAGS), viewport=PHONE
    )
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(sites.chat)
    tap(page, "⚖️ Legal help")
    tap(page, "Seattle and King County")
    search(page, TYPED_EN)
    expect(page.locator("main")).to_contain_text("Here is what I found")
    context.close()  # writes the history, the session and the caches out
    shown = ["Legal help · Seattle", "King County Bar Association", "Here is what I found"]
    files = {path: path.read_bytes() for path in profile.rglob("*") if path.is_file()}
    assert b"Community info" in files[profile / "Default" / "History"]  # it was written
    for path, data in files.items():
        for text in [TYPED_EN, "lawyer for my visa", *shown]:
            for encoded in (text.encode(), text.encode("utf-16-le")):
                assert encoded not in data, f"{text!r} in {path.relative_to(profile)}"


def test_with_javascript_off_a_search_leaves_only_its_link_and_back_and_forward_work(
    chromium_browser: Browser, sites: Sites, tmp_path: Path
) -> None:
    """Without script a search is a form's POST, which Chromium writes to its session files,
    words and all, to post it again on Back: answered with a 303 to the answer's link, it
    leaves only that link (the situation understood, the services named by id)."""
    profile = tmp_path / "profile"
    context = chromium_browser.browser_type.launch_persistent_context(
        profile,
        executable_path=chromium(),
        args=list(FLAGS),
        viewport=PHONE,
        java_script_enabled=False,
    )
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(sites.chat + "?start=legal_wa-king")
    with page.expect_response(lambda r: r.request.method == "GET" and "?s=" in r.url) as shown:
        search(page, TYPED_EN)
    expect(page.locator("main")).to_contain_text("Here is what I found")
    answer = shown.value
    assert answer.headers["cache-control"] == "no-store, max-age=0"
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert "set-cookie" not in answer.headers
    assert answer.request.redirected_from is not None  # the POST, seen other
    assert urlsplit(page.url).query.startswith("s=1.search.en.legal.")
    services = page.locator("main h2").all_inner_texts()
    page.go_back()  # the page before the search, asked for again: no form posted again
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Legal help · Seattle and King County"
    )
    page.go_forward()
    expect(page.locator("main")).to_contain_text("Here is what I found")
    assert page.locator("main h2").all_inner_texts() == services
    page.reload()
    assert page.locator("main h2").all_inner_texts() == services
    search(page, "polaris")  # a service asked for by name: named by its id in the link
    expect(page.locator("main h2")).to_have_text(["National Human Trafficking Hotline"])
    assert "&r=national-human-trafficking-hotline" in page.url
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    assert context.cookies() == []
    context.close()  # writes the history and the session out
    files = {path: path.read_bytes() for path in profile.rglob("*") if path.is_file()}
    sessions = [data for path, data in files.items() if path.parent.name == "Sessions"]
    assert any(b"?s=1.search.en.legal." in data for data in sessions)  # written
    for path, data in files.items():
        for text in (TYPED_EN, "lawyer", "polaris"):
            for encoded in (text, quote_plus(text), quote(text), text.lower()):
                for form in (encoded.encode(), encoded.encode("utf-16-le")):
                    assert form not in data, f"{text!r} in {path.relative_to(profile)}"


def test_screenshots_are_taken_at_phone_width(
    chromium_browser: Browser, sites: Sites, tmp_path: Path
) -> None:
    for path in take_screenshots(chromium_browser, sites, tmp_path):
        with Image.open(path) as image:
            assert image.size == (PHONE["width"] * 2, PHONE["height"] * 2)
            colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
            assert colours is None or len(colours) > 50  # a page, not a blank


def test_each_screenshot_is_committed_and_shown_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, *_ in SHOTS:
        assert (ROOT / "docs" / "web" / name).is_file(), name
        assert f"docs/web/{name}" in readme, name

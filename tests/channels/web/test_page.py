"""The page around a screen, and the texts a web page says instead of the Telegram chat's."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from bot.channels.telegram.render import render
from bot.channels.web.page import PageTexts, page
from bot.channels.web.texts import WEB_KEYS, reworded_for_the_web
from bot.content import Content
from bot.directory.catalog import Directory
from bot.flows.load import load_flow
from bot.flows.screen import Button, Contact, ContactKind, Paragraph, Screen
from bot.flows.state import State
from tests.channels.web.reading import read_page
from tests.flows.test_checks import broken_copy, directory

__all__ = ["directory"]  # the shipped directory, as the flow checker's tests load it

HOSTILE = '<script>alert("x")</script> & "quotes" \'single\''


def texts_in_english(content: Content) -> PageTexts:
    return PageTexts.of(reworded_for_the_web(content.flow.translations), "en")


def test_every_text_is_escaped(content: Content) -> None:
    contact = Contact(ContactKind.CALL, "+1 206-555-0100", '+12065550100"><script>')
    screen = Screen(
        state=State("welcome", "en"),
        paragraphs=(
            Paragraph(HOSTILE, heading=True),
            Paragraph(HOSTILE),
            Paragraph(HOSTILE, heading=True),
            Paragraph(f"{HOSTILE}\n📞 Call +1 206-555-0100", contacts=(contact,)),
        ),
        rows=((Button(HOSTILE, '1.welcome.en"><script>....0.'),),),
    )
    html = page(screen, texts_in_english(content), quick_exit_url='https://x.example/"><b>')
    assert "<script>alert" not in html
    assert html.count("<script>") == 1  # the page's own, allowed by its hash
    assert '"><script>' not in html and '"><b>' not in html
    read = read_page(html)
    assert read.headings == [HOSTILE, HOSTILE]
    assert read.link(HOSTILE).href == "./?s=1.welcome.en%22%3E%3Cscript%3E....0."


def test_a_web_link_is_opened_only_over_http(content: Content) -> None:
    contacts = (
        Contact(ContactKind.LINK, "javascript:alert(1)", "javascript:alert(1)"),
        Contact(ContactKind.LINK, "https://ok.example", "https://ok.example"),
    )
    screen = Screen(
        state=State("welcome", "en"),
        paragraphs=(
            Paragraph("Title", heading=True),
            Paragraph("Name", heading=True),
            Paragraph(
                "What they do\n🌐 javascript:alert(1)\n🌐 https://ok.example", contacts=contacts
            ),
        ),
        rows=(),
    )
    links = read_page(page(screen, texts_in_english(content), quick_exit_url="https://q.example"))
    assert [link.href for link in links.links] == ["https://q.example", "#", "https://ok.example"]


def test_a_number_in_the_description_is_not_mistaken_for_the_phone_line(
    content: Content,
) -> None:
    call = Contact(ContactKind.CALL, "211", "211")
    screen = Screen(
        state=State("welcome", "en"),
        paragraphs=(
            Paragraph("Title", heading=True),
            Paragraph("Name", heading=True),
            Paragraph("In King County, dial 211.\n📞 Call 211", contacts=(call,)),
        ),
        rows=(),
    )
    read = read_page(page(screen, texts_in_english(content), quick_exit_url="https://q.example"))
    assert [(link.text, link.href) for link in read.links[1:]] == [("📞 Call 211", "tel:211")]


def test_telegram_shows_a_screen_exactly_as_before_contacts_existed(content: Content) -> None:
    now = dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC)
    screen = content.engine.render(State("results", "en", "legal", "wa-king"), now)
    assert any(p.contacts for p in screen.paragraphs)
    bare = dataclasses.replace(
        screen,
        paragraphs=tuple(dataclasses.replace(p, contacts=()) for p in screen.paragraphs),
    )
    assert render(screen) == render(bare)


def test_the_web_rewords_only_what_a_web_page_is_not(content: Content) -> None:
    telegram = content.flow.translations
    web = reworded_for_the_web(telegram)
    assert "Telegram" in telegram.text("en", "privacy.body")
    assert "Telegram" not in web.text("en", "privacy.body")
    assert web.text("es", "button.erase") == "🧹 Borrar historial"
    assert web.text("en", "button.home") == telegram.text("en", "button.home")
    assert web.text("es", "results.title", category="A", region="B") == "A · B"


def test_every_language_has_every_web_text(content: Content) -> None:
    for language, locale in content.flow.translations.locales.items():
        missing = [key for key in WEB_KEYS if key not in locale.texts]
        assert not missing, (language, missing)


def test_a_missing_web_text_refuses_the_conversation(tmp_path: Path, directory: Directory) -> None:
    root, _ = broken_copy(
        tmp_path, "locales/es.yaml", "  search_button: Buscar\n", "  search_buttn: Buscar\n"
    )
    flow, report = load_flow(root, directory)
    assert flow is None
    assert any("'web.search_button' is missing from es.yaml" in str(p) for p in report.errors)

"""A Screen as a web page: plain HTML that works without script, every text escaped.

The page is the same on every screen: Quick exit first (a plain link, made instant by the
script), the screen (its title as the page's heading, each resource a card whose numbers and
addresses are `tel:`, `sms:` and web links), its buttons as links that carry the next `State`,
the search box (sent by POST: typed words never reach a URL), and a note on private browsing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from bot.channels.web.assets import SCRIPT, STYLE
from bot.flows.engine import MAX_MESSAGE_CHARACTERS
from bot.flows.i18n import Translations
from bot.flows.screen import Button, Contact, ContactKind, Paragraph, Screen

STATE_PARAMETER = "s"  # ?s=<packed State>: a button's link
START_PARAMETER = "start"  # ?start=<payload>: a deep link, as t.me/<bot>?start=<payload>
TEXT_FIELD = "q"  # the typed words, in a POST body only
LANGUAGE_FIELD = "l"  # the language of the page the words were typed on
CARDS_KEPT = 1024  # cards' HTML (~1.5 KB each), most recently shown first
CHOICES_KEPT = 1024  # buttons' HTML (~150 bytes each)
FRAMES_KEPT = 16  # what surrounds the screen (~5 KB), per language and error line


@dataclass(frozen=True)
class PageTexts:
    """The page's own sentences in one language (the screen brings the rest)."""

    title: str
    quick_exit: str
    quick_exit_keys: str
    search_label: str
    search_button: str
    choices: str
    private_note: str
    lead: str | None = None  # a line before the screen ("Sorry, something went wrong...")

    @classmethod
    def of(cls, texts: Translations, language: str, *, lead_key: str | None = None) -> PageTexts:
        def text(name: str) -> str:
            return texts.text(language, f"web.{name}")

        return cls(
            title=text("title"),
            quick_exit=text("quick_exit"),
            quick_exit_keys=text("quick_exit_keys"),
            search_label=text("search_label"),
            search_button=text("search_button"),
            choices=text("choices"),
            private_note=text("private_note"),
            lead=texts.text(language, lead_key) if lead_key else None,
        )


def page(screen: Screen, texts: PageTexts, *, quick_exit_url: str) -> str:
    """The whole HTML document for `screen`."""
    head, tail = _frame(screen.state.language, texts, quick_exit_url)
    parts = [
        head,
        *_main(screen.paragraphs, texts),
        "</main>",
        *_choices(screen.rows, texts.choices),
        tail,
    ]
    return "".join(parts)


@functools.lru_cache(maxsize=FRAMES_KEPT)
def _frame(language: str, texts: PageTexts, quick_exit_url: str) -> tuple[str, str]:
    """What comes before and after the screen, the same on every page in one language: made
    once (a third of a page's time)."""
    exit_url = escape(quick_exit_url)
    head = (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        '<meta name="referrer" content="no-referrer">'
        f'<title>{escape(texts.title)}</title><link rel="icon" href="data:,">'
        f"<style>{STYLE}</style></head><body>"
        f"<header><span>{escape(texts.title)}</span>"
        f'<a class="exit" id="exit" href="{exit_url}" target="_top" rel="noreferrer">'
        f"{escape(texts.quick_exit)}</a></header>"
        '<main id="main">'
    )
    footer = (
        f"<footer><p>{escape(texts.private_note)}</p>"
        f'<p id="exit-keys" hidden>{escape(texts.quick_exit_keys)}</p></footer>'
        f"<script>{SCRIPT}</script></body></html>"
    )
    return head, _search_form(language, texts) + footer


def _main(paragraphs: Sequence[Paragraph], texts: PageTexts) -> Iterator[str]:
    """The screen's text: its title as the page's one h1 (the site's neutral name, unseen,
    when the screen has none), each resource as a card: its name, then its lines."""
    rest = list(paragraphs)
    if rest and rest[0].heading:
        yield f"<h1>{escape(rest.pop(0).text)}</h1>"
    else:
        yield f'<h1 class="hidden">{escape(texts.title)}</h1>'
    if texts.lead:
        yield f"<p>{escape(texts.lead)}</p>"
    index = 0
    while index < len(rest):
        paragraph = rest[index]
        index += 1
        if not paragraph.heading:
            yield f"<p>{escape(paragraph.text)}</p>"
            continue
        body = None
        if index < len(rest) and not rest[index].heading:
            body = rest[index]
            index += 1
        yield _card(paragraph.text, body)


@functools.lru_cache(maxsize=CARDS_KEPT)
def _card(name: str, body: Paragraph | None) -> str:
    """A resource's card: its name, then its lines. The engine shows the same card (the same
    paragraph) on every screen until the hour or the content changes: its HTML is made once."""
    lines = "".join(_card_lines(body)) if body is not None else ""
    return f'<div class="card"><h2>{escape(name)}</h2>{lines}</div>'


def _card_lines(paragraph: Paragraph) -> Iterator[str]:
    """A card's lines; a line that shows one of its contacts becomes a link. The first line
    is what the service does, never a contact, and contacts come in the order of their lines."""
    lines = escape(paragraph.text).split("\n")  # escaped once: a card has a dozen lines
    pending = [(escape(c.shown), c) for c in paragraph.contacts]
    yield f"<p>{lines[0]}</p>"
    for line in lines[1:]:
        found = next((i for i, (shown, _) in enumerate(pending) if shown in line), None)
        if found is None:
            yield f"<p>{line}</p>"
            continue
        shown, contact = pending[found]
        del pending[: found + 1]
        attributes = ""
        if contact.kind is ContactKind.LINK:
            attributes = ' rel="noreferrer"'
        else:  # a number is never broken across two lines
            line = line.replace(shown, f"<span>{shown}</span>", 1)
        yield f'<p><a class="reach" href="{escape(_href(contact))}"{attributes}>{line}</a></p>'


def _href(contact: Contact) -> str:
    target = contact.target
    if contact.kind is ContactKind.CALL:
        return "tel:" + target
    if contact.kind is ContactKind.TEXT:
        # "?&body=" is read by both Android (RFC 5724's ?body=) and iOS (&body=).
        return "sms:" + target + ("?&body=" + quote(contact.keyword) if contact.keyword else "")
    if contact.kind is ContactKind.WHATSAPP:
        return "https://wa.me/" + target.lstrip("+")
    return target if target.startswith(("https://", "http://")) else "#"


def _choices(rows: Sequence[Sequence[Button]], label: str) -> Iterator[str]:
    """The buttons, a row to a line, each a link to the screen it leads to."""
    if not any(rows):
        return
    yield f'<nav aria-label="{escape(label)}"><ul>'
    for row in rows:
        if row:
            yield f"<li>{''.join(_choice(b.data, b.label) for b in row)}</li>"
    yield "</ul></nav>"


@functools.lru_cache(maxsize=CHOICES_KEPT)
def _choice(data: str, label: str) -> str:
    """A button as a link: made once (the same buttons are on most pages). Its data is a
    packed state: the place in the menu, never anything a person typed or who they are."""
    return f'<a class="choice" href="./?{STATE_PARAMETER}={in_a_link(data)}">{escape(label)}</a>'


_LINK_SAFE = re.compile(r"[A-Za-z0-9._-]*")  # a packed state's characters


def in_a_link(data: str) -> str:
    """`data` as a query value: a packed state or ids as they are, anything else quoted."""
    return data if _LINK_SAFE.fullmatch(data) else quote(data)


def _search_form(language: str, texts: PageTexts) -> str:
    """Typed words go in a POST body: never in the address bar, the history or a log. The
    browser is asked not to remember them (autocomplete) nor send them to a spelling service."""
    return (
        '<form method="post" action="./" role="search">'
        f'<label for="{TEXT_FIELD}">{escape(texts.search_label)}</label><div>'
        f'<input id="{TEXT_FIELD}" name="{TEXT_FIELD}" type="search" autocomplete="off" '
        f'spellcheck="false" autocapitalize="off" maxlength="{MAX_MESSAGE_CHARACTERS}" required>'
        f'<input type="hidden" name="{LANGUAGE_FIELD}" value="{escape(language)}">'
        f"<button>{escape(texts.search_button)}</button></div></form>"
    )

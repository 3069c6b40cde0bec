"""The printable card sheet: every QR code on it, rendered by a real browser, opens the bot on the
right help; the HTML prints on the paper asked for; and a discreet card gives away nothing, in its
words or in its link, to someone who finds it."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.web.app import WebChat, WebOptions, build_web_app
from bot.content import DEFAULT_CONVERSATIONS, Content, ContentStore
from bot.flows.events import Start
from bot.outreach import wording
from bot.outreach.card_sheet import PAPERS, render_sheet
from bot.outreach.printed_cards import Card, CardChoice, build_cards
from tests.channels.web.reading import read_page
from tests.helpers.content import WEDNESDAY_MORNING
from tests.outreach.chromium import cards_cut_off, decode_qr_codes, print_to_pdf, screenshot

BOT = "SafeHarborTestBot"
WEB = "https://help.example.org/"
REGIONS = ("wa-king", "wa")
CSS_PX_PER_MM = 96 / 25.4
# PDF points (1/72 in) of each paper, as a browser prints it.
PDF_SIZES = {"letter": (612.0, 792.0), "a4": (595.3, 841.9)}
SHIPPED_CODES: dict[str, dict[str, str]] = yaml.safe_load(
    (DEFAULT_CONVERSATIONS / "cards.yaml").read_text(encoding="utf-8")
)["card_codes"]

# Words that must never be on a discreet card, in any language the cards speak: they would tell
# someone who controls a survivor what the card is for. Without case; a trailing * matches any
# ending ("trata" alone, so that "tratamiento", treatment, stays allowed).
ALARMING = (
    # English
    "traffick*", "exploit*", "abus*", "escap*", "rescu*", "victim*", "survivor*", "police",
    "sex*", "prostitut*", "slave*", "forced", "secret*", "hide", "hiding", "violen*", "danger*",
    "emergenc*", "flee*", "runaway", "pimp*", "captiv*", "crime*", "criminal*", "confidential*",
    "free", "help", "shelter*", "legal", "lawyer*", "therap*", "counsel*", "hotline*", "crisis",
    # Spanish
    "trata", "tráfico", "explota*", "abuso*", "escapa*", "huir", "huida", "rescat*", "víctima*",
    "sobreviviente*", "policía", "sexo", "sexual*", "prostitu*", "esclav*", "forzad*", "secreto*",
    "escond*", "violencia", "peligro*", "emergencia*", "proxeneta*", "delito*", "confidencial*",
    "gratuit*", "ayuda", "refugio*", "albergue*", "abogad*", "terapia*", "crisis",
)  # fmt: skip


def code_of(**target: str) -> str:
    """The shipped code for exactly `target`, read from cards.yaml here, not by the code under
    test."""
    [code] = [
        code
        for code, fields in SHIPPED_CODES.items()
        if {k: v for k, v in fields.items() if k != "call"} == target
    ]
    return code


def expected_discreet_links(content: Content, regions: tuple[str, ...]) -> list[str]:
    links = [
        f"https://t.me/{BOT}?start="
        + code_of(category=category.id, **({"region": region} if region else {}))
        for region in regions or ("",)
        for category in content.directory.categories
    ]
    return [*links, f"https://t.me/{BOT}?start={code_of(command='emergency')}"]


def expected_labelled_links(content: Content, regions: tuple[str, ...]) -> list[str]:
    links = [
        f"https://t.me/{BOT}?start={category.id}" + (f"_{region}" if region else "")
        for region in regions or ("",)
        for category in content.directory.categories
    ]
    return [*links, f"https://t.me/{BOT}?start=emergency"]


def sheet(
    content: Content,
    paper: str,
    regions: tuple[str, ...] = REGIONS,
    *,
    labelled: bool = False,
    phone: str | None = None,
    web: str | None = None,
) -> str:
    cards = build_cards(content, BOT, CardChoice(regions=regions, labelled=labelled), web)
    return render_sheet(cards, PAPERS[paper], phone=phone)


# --- in a real browser -----------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "labelled"), [("letter", False), ("a4", True)])
def test_every_qr_code_in_the_rendered_sheet_opens_its_card(
    paper: str, labelled: bool, content: Content, tmp_path: Path
) -> None:
    page = tmp_path / "cards.html"
    page.write_text(sheet(content, paper, labelled=labelled), encoding="utf-8")
    expected = expected_labelled_links if labelled else expected_discreet_links
    links = expected(content, REGIONS)
    pages = math.ceil(len(links) / PAPERS[paper].per_page)
    width = math.ceil(PAPERS[paper].width * CSS_PX_PER_MM) + 40
    height = math.ceil(pages * (PAPERS[paper].height + 10) * CSS_PX_PER_MM) + 400

    image = screenshot(page, tmp_path / "cards.png", width=width, height=height, scale=2)

    decoded = decode_qr_codes(image)
    assert sorted(decoded) == sorted(links), "each card's code decodes, exactly once, to its link"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_sheet_prints_on_the_paper_asked_for(
    paper: str, content: Content, tmp_path: Path
) -> None:
    page = tmp_path / "cards.html"
    page.write_text(sheet(content, paper, phone="211"), encoding="utf-8")
    pdf = print_to_pdf(page, tmp_path / "cards.pdf")

    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    cards = len(expected_discreet_links(content, REGIONS))
    assert len(boxes) == math.ceil(cards / PAPERS[paper].per_page), "no blank or split pages"
    for width, height in boxes:
        assert (float(width), float(height)) == pytest.approx(PDF_SIZES[paper], abs=1)


@pytest.mark.parametrize("labelled", [False, True])
def test_nothing_on_a_card_is_cut_off(labelled: bool, content: Content, tmp_path: Path) -> None:
    """Letter cards are the smaller ones; with the phone and web lines every card is at its
    fullest."""
    page = tmp_path / "cards.html"
    choice = CardChoice(regions=REGIONS, labelled=labelled)
    cards = build_cards(content, BOT, choice, web="https://help.example-org.org/chat/")
    page.write_text(render_sheet(cards, PAPERS["letter"], phone="211"), encoding="utf-8")
    assert cards_cut_off(page, tmp_path) == []


def test_the_cut_off_probe_would_see_a_card_too_full(content: Content, tmp_path: Path) -> None:
    page = tmp_path / "cards.html"
    [card] = build_cards(content, BOT, CardChoice(categories=["legal"], emergency=False))
    crowded = Card(card.link, headline=(("en", "A very long headline " * 12),), labelled=True)
    page.write_text(render_sheet([crowded], PAPERS["letter"]), encoding="utf-8")
    assert cards_cut_off(page, tmp_path) == [card.link]


def test_the_readme_screenshot_shows_the_shipped_discreet_cards() -> None:
    """docs/cards-discreet.png (taken in headless Chromium) is the sheet the README describes."""
    from PIL import Image

    image = Image.open(Path(__file__).resolve().parents[2] / "docs" / "cards-discreet.png")
    decoded = decode_qr_codes(image)
    codes = sorted(link.rpartition("?start=")[2] for link in decoded)
    wanted = [code_of(category=c, region="wa-king") for c in ("hotline", "legal", "therapy")]
    assert set(wanted) <= set(codes), codes
    assert code_of(command="emergency") in codes
    assert all(link.startswith("https://t.me/") for link in decoded)


# --- the HTML itself -------------------------------------------------------------------------


@dataclass
class ParsedCard:
    link: str
    classes: str
    texts: list[str] = field(default_factory=list)
    svgs: int = 0
    hrefs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


class SheetParser(HTMLParser):
    """Cards (article.card), the pages (section.sheet) that hold them, and what is printed."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[ParsedCard] = []
        self.pages: list[int] = []
        self.printed: list[str] = []  # visible text, but the note shown on screen only
        self._card: ParsedCard | None = None
        self._hidden = 0  # inside <style>, <title> or the note
        self._note_divs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = attributes.get("class") or ""
        if tag in ("style", "title"):
            self._hidden += 1
        if tag == "div" and (self._note_divs or classes == "note"):
            self._note_divs += 1
        if tag == "section" and classes == "sheet":
            self.pages.append(0)
        if tag == "article" and classes.startswith("card "):
            self._card = ParsedCard(link=attributes.get("data-link") or "", classes=classes)
            self.cards.append(self._card)
            self.pages[-1] += 1
        if self._card is not None:
            if tag == "svg":
                self._card.svgs += 1
            if tag == "a":
                self._card.hrefs.append(attributes.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._hidden -= 1
        if tag == "div" and self._note_divs:
            self._note_divs -= 1
        if tag == "article":
            self._card = None

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._note_divs:
            self.printed.append(data)
        if self._card is not None:
            self._card.texts.append(data)


def parse(html: str) -> SheetParser:
    parser = SheetParser()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize(("paper", "size"), [("letter", "letter"), ("a4", "A4")])
def test_page_size_and_card_size_follow_the_paper(paper: str, size: str, content: Content) -> None:
    html = sheet(content, paper)
    assert re.search(rf"@page \{{ size: {size}; margin: [\d.]+mm [\d.]+mm; \}}", html)
    card_size = {"letter": ("88.9mm", "50.8mm"), "a4": ("85.0mm", "55.0mm")}[paper]
    assert f"width: {card_size[0]}; height: {card_size[1]};" in html
    assert "break-inside: avoid" in html and "break-after: page" in html


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_page_of_cards_fits_inside_the_margins(paper: str) -> None:
    p = PAPERS[paper]
    assert p.margin_x >= 5 and p.margin_y >= 5, "room for a printer's unprintable edge"
    assert 2 * p.margin_x + p.columns * p.card_width <= p.width
    assert 2 * p.margin_y + p.rows * p.card_height <= p.height


@pytest.mark.parametrize("regions", [(), ("wa-king",), REGIONS])
def test_one_card_per_category_and_region_then_the_emergency_card(
    regions: tuple[str, ...], content: Content
) -> None:
    parsed = parse(sheet(content, "letter", regions))
    assert [card.link for card in parsed.cards] == expected_discreet_links(content, regions)
    assert all(card.svgs == 1 for card in parsed.cards), "one inline QR code per card"
    assert all(count <= PAPERS["letter"].per_page for count in parsed.pages)
    assert sum(parsed.pages) == len(parsed.cards)


def test_a_discreet_card_names_no_help_in_its_words_or_its_link(content: Content) -> None:
    directory = content.directory
    named = {
        text.casefold()
        for id_, label in [(c.id, c.label) for c in directory.categories]
        + [(r.id, r.label) for r in directory.regions]
        for text in (id_, *label.all_texts())
    }
    parsed = parse(sheet(content, "letter", REGIONS, phone="211"))
    for card in parsed.cards:
        assert "discreet" in card.classes
        printed = card.text.casefold()
        said = [n for n in named if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", printed)]
        assert said == [], card.text
        payload = card.link.rpartition("?start=")[2]
        assert re.fullmatch(r"[a-z][2-9][a-z]", payload), card.link  # an opaque code
        # The code, tiny in a corner, is how the worker tells the cards apart.
        assert card.text.endswith(payload)
        assert card.hrefs == [card.link]
        assert wording.SCAN_HINT["en"] in card.text and wording.SCAN_HINT["es"] in card.text
        assert "No Telegram? Call 211" in card.text and "¿No tiene Telegram? Llame al 211" in (
            card.text
        )
    assert alarming_words(" ".join(parsed.printed), allow=wording.EMERGENCY_CALL) == []


@pytest.mark.parametrize("labelled", [False, True])
async def test_a_cards_web_address_opens_its_help_in_the_web_chat(
    labelled: bool, content: Content
) -> None:
    """Typed into a browser as printed, each card's web address opens what its QR code opens.
    The emergency card has 911 on it instead."""
    parsed = parse(sheet(content, "letter", ("wa-king",), labelled=labelled, phone="211", web=WEB))
    *cards, emergency = parsed.cards
    assert "visite" not in emergency.text and "911" in emergency.text
    chat = WebChat(ContentStore(content), WebOptions(), clock=lambda: WEDNESDAY_MORNING)
    headings = {}
    async with TestClient(TestServer(build_web_app(chat))) as client:
        for card in cards:
            words = "No Telegram? Call 211 or go to: ¿Sin Telegram? Llame al 211 o visite: "
            assert words in card.text
            address = card.text.partition(words)[2].split(" ")[:2]  # the link, cut after the /
            payload = card.link.rpartition("?start=")[2]
            if labelled:  # the card's code, shorter to type, where it has one
                target = dict(zip(("category", "region"), payload.split("_"), strict=True))
                payload = code_of(**target)
            assert "https://" + "".join(address) == f"{WEB}?start={payload}", card.text
            typed = urlsplit("https://" + "".join(address))
            async with client.get(f"{typed.path}?{typed.query}") as response:
                page = read_page(await response.text())
            screen = content.engine.handle(Start(payload, None), WEDNESDAY_MORNING)
            title = next(p.text for p in screen.paragraphs if p.heading)
            assert page.headings[0] == title, card.text
            headings[payload] = title
    assert headings[code_of(category="legal", region="wa-king")] == (
        "Legal help · Seattle and King County"
    )
    *cards, _ = parse(sheet(content, "letter", ("wa-king",), labelled=labelled, web=WEB)).cards
    for card in cards:
        assert "No Telegram? Go to: ¿Sin Telegram? Visite: help.example.org/ ?start=" in card.text


def test_the_emergency_card_prints_the_number_its_code_names(content: Content) -> None:
    parsed = parse(sheet(content, "letter", ("wa-king",)))
    emergency = parsed.cards[-1]
    phones = content.directory.resource_by_id["emergency-911"].phones
    assert [p.number for p in phones if p.kind == "voice"] == ["911"]  # its first voice line
    assert f"{wording.EMERGENCY_CALL['en']} {wording.EMERGENCY_CALL['es']} 911" in emergency.text
    assert SHIPPED_CODES[emergency.link.rpartition("=")[2]]["call"] == "emergency-911"
    none = build_cards(content, BOT, CardChoice(regions=("wa-king",), emergency=False))
    assert len(none) == len(content.directory.categories)


def test_labelled_cards_name_their_help_in_english_and_spanish(content: Content) -> None:
    parsed = parse(sheet(content, "a4", labelled=True))
    categories = content.directory.categories
    for i, card in enumerate(parsed.cards[:-1]):
        assert "labelled" in card.classes
        category = categories[i % len(categories)]
        region = content.directory.region_by_id[REGIONS[i // len(categories)]]
        for text in (category.label.text("en"), category.label.text("es")):
            assert text in card.text, (card.link, text)
        assert region.label.text("en") in card.text and region.label.text("es") in card.text
        assert wording.TAGLINE["en"] in card.text and wording.TAGLINE["es"] in card.text
        # The link in small print under the code, for typing.
        assert card.link.removeprefix("https://") in card.text.replace(" ", "")
    emergency = parsed.cards[-1]
    assert wording.EMERGENCY_LABEL["en"] in emergency.text and "911" in emergency.text


def test_the_link_language_comes_first_and_is_in_every_link(content: Content) -> None:
    choice = CardChoice(regions=("wa-king",), language="es", labelled=True)
    cards = build_cards(content, BOT, choice)
    assert all(card.link.endswith("_wa-king_es") for card in cards[:-1])
    assert [lang for lang, _ in cards[0].headline] == ["es", "en"]
    discreet = build_cards(content, BOT, CardChoice(regions=("wa-king",), language="es"))
    assert [c.mark for c in discreet[:2]] == [
        code_of(category="hotline", region="wa-king", language="es"),
        code_of(category="legal", region="wa-king", language="es"),
    ]


def test_no_emoji_anywhere_in_print(content: Content) -> None:
    """Printers and PDF viewers without an emoji font print them as empty boxes."""
    for labelled in (False, True):
        html = sheet(content, "letter", labelled=labelled, phone="211")
        symbols = {c for c in html if unicodedata.category(c) == "So" or 0xFE00 <= ord(c) <= 0xFE0F}
        assert symbols == set(), symbols


def test_no_external_resources_only_telegram_links(content: Content) -> None:
    html = sheet(content, "letter")
    urls = re.findall(r"(?:https?:)?//[^\s\"'<>)]+", html)
    assert urls, "the links are in the page"
    assert all(url.startswith(f"https://t.me/{BOT}?start=") for url in urls), urls
    for asset in ("<script", "<link", "<img", "<iframe", "@import", "url(", "@font-face", "src="):
        assert asset not in html


def test_everything_is_escaped() -> None:
    card = Card(
        link=f"https://t.me/{BOT}?start=legal",
        mark="<i>",
        headline=(("en", "<script>alert(1)</script>"), ("es", 'Ayuda "legal" & más')),
        region=(("en", "</article><img src=x>"),),
        number="<b>911</b>",
        labelled=True,
        meaning="<u>legend</u>",
    )
    html = render_sheet([card], PAPERS["letter"], phone="<s>211</s>")
    for tag in ("<script>", "<img", "<b>", "<i>", "<u>", "<s>"):
        assert tag not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Ayuda &quot;legal&quot; &amp; más" in html
    assert len(parse(html).cards) == 1


def test_the_card_wording_is_discreet_and_in_every_card_language() -> None:
    for texts in wording.ALL_TEXTS:
        assert set(texts) == set(wording.CARD_LANGUAGES)
    for texts in wording.DISCREET_TEXTS:
        for text in texts.values():
            assert alarming_words(text) == [], text
    assert alarming_words(wording.SHEET_TITLE) == []
    # Spanish says "usted", like the bot: "Escanee", "Llame", "su teléfono", never "Escanea".
    assert "Escanee" in wording.SCAN_HINT["es"] and "Llame" in wording.NO_TELEGRAM["es"]


def test_the_alarming_word_check_would_catch_one() -> None:
    assert set(alarming_words("Help for VICTIMS of trafficking")) == {
        "help",
        "traffick*",
        "victim*",
    }
    assert alarming_words("Salir de la trata") == ["trata"]
    assert alarming_words("Tratamiento y apoyo") == []


def alarming_words(text: str, allow: Mapping[str, str] | None = None) -> list[str]:
    """The entries of ALARMING that `text` contains (leaving out the texts of `allow`)."""
    for allowed in (allow or {}).values():
        text = text.replace(allowed, " ")
    words = re.findall(r"\w+", text.lower())
    return [
        bad
        for bad in ALARMING
        if any(word.startswith(bad[:-1]) if bad.endswith("*") else word == bad for word in words)
    ]

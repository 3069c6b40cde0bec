"""The printable card sheet: every QR code on it, rendered by a real browser, opens the bot on the
right help; the HTML prints on the paper asked for; and nothing on a card could give away what
it is for."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.content import Content
from bot.outreach import wording
from bot.outreach.card_sheet import PAPERS, Card, build_cards, render_sheet
from tests.outreach.chromium import decode_qr_codes, print_to_pdf, screenshot

BOT = "SafeHarborTestBot"
REGIONS = ("wa-king", "wa")
CSS_PX_PER_MM = 96 / 25.4
# PDF points (1/72 in) of each paper, as a browser prints it.
PDF_SIZES = {"letter": (612.0, 792.0), "a4": (595.3, 841.9)}

# Words that must never be on a card, in any language the cards speak: they would tell someone
# who controls a survivor what the card is for. Without case; a trailing * matches any ending
# ("trata" alone, so that "tratamiento", treatment, stays allowed).
ALARMING = (
    # English
    "traffick*", "exploit*", "abus*", "escap*", "rescu*", "victim*", "survivor*", "police",
    "sex*", "prostitut*", "slave*", "forced", "secret*", "hide", "hiding", "violen*", "danger*",
    "emergenc*", "flee*", "runaway", "pimp*", "captiv*", "crime*", "criminal*",
    # Spanish
    "trata", "tráfico", "explota*", "abuso*", "escapa*", "huir", "huida", "rescat*", "víctima*",
    "sobreviviente*", "policía", "sexo", "sexual*", "prostitu*", "esclav*", "forzad*", "secreto*",
    "escond*", "violencia", "peligro*", "emergencia*", "proxeneta*", "delito*",
)  # fmt: skip


def expected_links(content: Content, regions: tuple[str, ...]) -> list[str]:
    """Written out here, not built with the code under test: one link per category x region."""
    return [
        f"https://t.me/{BOT}?start={category.id}" + (f"_{region}" if region else "")
        for region in regions or ("",)
        for category in content.directory.categories
    ]


def sheet(content: Content, paper: str, regions: tuple[str, ...] = REGIONS) -> str:
    return render_sheet(build_cards(content, BOT, regions=regions), PAPERS[paper])


# --- in a real browser -----------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_qr_code_in_the_rendered_sheet_opens_its_card(
    paper: str, content: Content, tmp_path: Path
) -> None:
    page = tmp_path / "cards.html"
    page.write_text(sheet(content, paper), encoding="utf-8")
    links = expected_links(content, REGIONS)
    pages = math.ceil(len(links) / PAPERS[paper].per_page)
    width = math.ceil(PAPERS[paper].width * CSS_PX_PER_MM) + 40
    height = math.ceil(pages * (PAPERS[paper].height + 10) * CSS_PX_PER_MM) + 200

    image = screenshot(page, tmp_path / "cards.png", width=width, height=height, scale=2)

    decoded = decode_qr_codes(image)
    assert sorted(decoded) == sorted(links), "each card's code decodes, exactly once, to its link"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_sheet_prints_on_the_paper_asked_for(
    paper: str, content: Content, tmp_path: Path
) -> None:
    page = tmp_path / "cards.html"
    page.write_text(sheet(content, paper), encoding="utf-8")
    pdf = print_to_pdf(page, tmp_path / "cards.pdf")

    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    cards = len(expected_links(content, REGIONS))
    assert len(boxes) == math.ceil(cards / PAPERS[paper].per_page), "no blank or split pages"
    for width, height in boxes:
        assert (float(width), float(height)) == pytest.approx(PDF_SIZES[paper], abs=1)


# --- the HTML itself -------------------------------------------------------------------------


@dataclass
class ParsedCard:
    link: str
    texts: list[str] = field(default_factory=list)
    svgs: int = 0
    hrefs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


class SheetParser(HTMLParser):
    """Cards (article.card) and the pages (section.sheet) that hold them."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[ParsedCard] = []
        self.pages: list[int] = []
        self.visible: list[str] = []
        self._card: ParsedCard | None = None
        self._depth = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("style", "title"):
            self._hidden += 1
        if tag == "section" and attributes.get("class") == "sheet":
            self.pages.append(0)
        if tag == "article" and attributes.get("class") == "card":
            self._card = ParsedCard(link=attributes.get("data-link") or "")
            self.cards.append(self._card)
            self.pages[-1] += 1
            self._depth = 0
        if self._card is not None:
            self._depth += 1
            if tag == "svg":
                self._card.svgs += 1
            if tag == "a":
                self._card.hrefs.append(attributes.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._hidden -= 1
        if self._card is not None:
            self._depth -= 1
            if tag == "article":
                self._card = None

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.visible.append(data)
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
def test_one_card_per_category_and_region(regions: tuple[str, ...], content: Content) -> None:
    parsed = parse(sheet(content, "letter", regions))
    assert [card.link for card in parsed.cards] == expected_links(content, regions)
    assert all(card.svgs == 1 for card in parsed.cards), "one inline QR code per card"
    assert all(count <= PAPERS["letter"].per_page for count in parsed.pages)
    assert sum(parsed.pages) == len(parsed.cards)


def test_each_card_names_its_help_in_english_and_spanish(content: Content) -> None:
    parsed = parse(sheet(content, "a4"))
    categories = content.directory.categories
    for i, card in enumerate(parsed.cards):
        category = categories[i % len(categories)]
        region = content.directory.region_by_id[REGIONS[i // len(categories)]]
        for text in (category.emoji, category.label.text("en"), category.label.text("es")):
            assert text in card.text, (card.link, text)
        assert region.label.text("en") in card.text and region.label.text("es") in card.text
        assert wording.TAGLINE["en"] in card.text and wording.TAGLINE["es"] in card.text
        # The link in small print under the code, for typing.
        assert card.link.removeprefix("https://") in card.text.replace(" ", "")
        assert card.hrefs == [card.link]


def test_the_link_language_comes_first_and_is_in_every_link(content: Content) -> None:
    cards = build_cards(content, BOT, regions=("wa-king",), language="es")
    assert all(card.link.endswith("_wa-king_es") for card in cards)
    assert [lang for lang, _ in cards[0].category] == ["es", "en"]


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
        emoji="<b>",
        category=(("en", "<script>alert(1)</script>"), ("es", 'Ayuda "legal" & más')),
        region=(("en", "</article><img src=x>"),),
    )
    html = render_sheet([card], PAPERS["letter"])
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Ayuda &quot;legal&quot; &amp; más" in html
    assert len(parse(html).cards) == 1


def test_the_card_wording_is_discreet_and_in_every_card_language() -> None:
    for texts in wording.ALL_TEXTS:
        assert set(texts) == set(wording.CARD_LANGUAGES)
        for text in texts.values():
            assert alarming_words(text) == [], text
    assert alarming_words(wording.SHEET_TITLE) == []


def test_nothing_visible_on_the_sheet_is_alarming(content: Content) -> None:
    parsed = parse(sheet(content, "letter", ("wa-king", "wa", "us")))
    assert alarming_words(" ".join(parsed.visible)) == []


def test_the_alarming_word_check_would_catch_one() -> None:
    assert set(alarming_words("Help for VICTIMS of trafficking")) == {"traffick*", "victim*"}
    assert alarming_words("Salir de la trata") == ["trata"]
    assert alarming_words("Tratamiento y apoyo") == []


def alarming_words(text: str) -> list[str]:
    """The entries of ALARMING that `text` contains."""
    words = re.findall(r"\w+", text.lower())
    return [
        bad
        for bad in ALARMING
        if any(word.startswith(bad[:-1]) if bad.endswith("*") else word == bad for word in words)
    ]

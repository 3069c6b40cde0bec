"""A printable sheet of outreach cards: one business card per category (x region), with a QR code.

The sheet is one self-contained HTML file: CSS inline, QR codes inline as SVG, no fonts, images,
scripts or links to fetch. Cards are business-card sized and laid out 2 x 5 on each page, with
dashed cut lines; each page is its own block that ends in a page break, so no card is ever split.
Print it at 100 % ("actual size") on the paper it was made for.

Every text is escaped with html.escape; the only markup not written here is segno's SVG.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from bot.content import Content
from bot.outreach import qr, wording
from bot.outreach.deep_links import LinkTarget, Vocabulary, deep_link, payload_for


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper size and the card grid that fits it. Lengths in millimetres."""

    name: str
    css_size: str  # the @page size keyword
    width: float
    height: float
    card_width: float
    card_height: float
    columns: int = 2
    rows: int = 5

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def margin_x(self) -> float:
        """Side margins that centre the grid."""
        return (self.width - self.columns * self.card_width) / 2

    @property
    def margin_y(self) -> float:
        """Top and bottom margins: the grid centred, less a little slack against rounding."""
        return (self.height - self.rows * self.card_height) / 2 - 1


PAPERS = {
    # US business cards (3.5 x 2 in) on Letter: the usual 10-up layout.
    "letter": Paper("letter", "letter", 215.9, 279.4, card_width=88.9, card_height=50.8),
    # European business cards (85 x 55 mm) on A4.
    "a4": Paper("a4", "A4", 210.0, 297.0, card_width=85.0, card_height=55.0),
}
DEFAULT_PAPER = "letter"


@dataclass(frozen=True, slots=True)
class Card:
    """One card: where its link leads and the words on it, each with its language."""

    link: str
    emoji: str
    category: tuple[tuple[str, str], ...]  # (language, label)
    region: tuple[tuple[str, str], ...]  # empty for a card with no region

    @property
    def short_link(self) -> str:
        """The link as printed for typing: without `https://`."""
        return self.link.removeprefix("https://")


def build_cards(
    content: Content,
    username: str,
    *,
    regions: Sequence[str] = (),
    language: str | None = None,
) -> list[Card]:
    """One card per category, or per category and region (regions first, in the order given).

    Raises OutreachError for an unknown region or language.
    """
    vocabulary = Vocabulary.of(content)
    languages = card_languages(language)
    directory = content.directory
    cards = []
    for region_id in regions or (None,):
        region = directory.region_by_id.get(region_id) if region_id else None
        for category in directory.categories:
            target = LinkTarget(category=category.id, region=region_id, language=language)
            link = deep_link(username, payload_for(target, vocabulary))
            cards.append(
                Card(
                    link=link,
                    emoji=category.emoji,
                    category=_texts(languages, category.label.get),
                    region=_texts(languages, region.label.get) if region else (),
                )
            )
    return cards


def card_languages(link_language: str | None) -> tuple[str, ...]:
    """The card's languages, the link's own first."""
    first = (link_language,) if link_language in wording.CARD_LANGUAGES else ()
    return (*first, *(lang for lang in wording.CARD_LANGUAGES if lang != link_language))


def _texts(
    languages: Sequence[str], get: Callable[[str], str | None]
) -> tuple[tuple[str, str], ...]:
    """(language, text) for each language that has a text; untranslated ones are left out."""
    found = ((lang, get(lang)) for lang in languages)
    return tuple((lang, text) for lang, text in found if text)


# --- HTML ------------------------------------------------------------------------------------


def render_sheet(cards: Sequence[Card], paper: Paper, *, language: str | None = None) -> str:
    """The whole printable HTML document."""
    pages = [cards[i : i + paper.per_page] for i in range(0, len(cards), paper.per_page)]
    languages = card_languages(language)
    body = "\n".join(_page(page, languages) for page in pages)
    return _DOCUMENT.format(
        title=escape(wording.SHEET_TITLE),
        css=_css(paper),
        note=escape(
            f"{len(cards)} cards on {len(pages)} {paper.css_size} page(s). Print at 100 % "
            "(actual size), without headers and footers, then cut along the dashed lines."
        ),
        pages=body,
    )


def _page(cards: Sequence[Card], languages: Sequence[str]) -> str:
    inner = "\n".join(_card(card, languages) for card in cards)
    return f'<section class="sheet">\n{inner}\n</section>'


def _card(card: Card, languages: Sequence[str]) -> str:
    link = escape(card.link, quote=True)
    bot, _, payload = card.short_link.partition("?")
    short = f"<span>{escape(bot)}</span>" + (
        f"<wbr><span>?{escape(payload)}</span>" if payload else ""
    )
    emoji = f'<span class="emoji" aria-hidden="true">{escape(card.emoji)}</span> '
    category = "".join(
        f'<p class="category" lang="{escape(lang)}">{emoji if i == 0 else ""}{escape(text)}</p>'
        for i, (lang, text) in enumerate(card.category)
    )
    region = "".join(
        f'<p class="region" lang="{escape(lang)}">{escape(text)}</p>' for lang, text in card.region
    )
    tagline = _lines("tagline", wording.TAGLINE, languages)
    hint = _lines("hint", wording.SCAN_HINT, languages)
    return (
        f'<article class="card" data-link="{link}">'
        f'<div class="code">{qr.inline_svg(card.link)}'
        f'<a class="link" href="{link}">{short}</a></div>'
        f'<div class="words">{category}{region}'
        f'<div class="footer">{tagline}{hint}</div></div>'
        "</article>"
    )


def _lines(css_class: str, texts: Mapping[str, str], languages: Sequence[str]) -> str:
    return "".join(
        f'<p class="{css_class}" lang="{escape(lang)}">{escape(texts[lang])}</p>'
        for lang in languages
        if lang in texts
    )


def _css(paper: Paper) -> str:
    return (
        _CSS.format(
            size=paper.css_size,
            page_width=f"{paper.width}mm",
            page_height=f"{paper.height}mm",
            margin_x=f"{paper.margin_x:.2f}mm",
            margin_y=f"{paper.margin_y:.2f}mm",
            card_width=f"{paper.card_width}mm",
            card_height=f"{paper.card_height}mm",
            columns=paper.columns,
            rows=paper.rows,
            qr=f"{min(paper.card_height - 14, 36):.1f}mm",
        )
        .replace("[[", "{")
        .replace("]]", "}")
    )


_DOCUMENT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<p class="note">{note}</p>
{pages}
</body>
</html>
"""

# `[[` and `]]` stand for CSS braces, so str.format only fills the {named} lengths.
_CSS = """@page [[ size: {size}; margin: {margin_y} {margin_x}; ]]
* [[ box-sizing: border-box; ]]
html, body [[ margin: 0; padding: 0; background: #fff; color: #000; ]]
body [[
  font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif,
    "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji";
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
]]
p [[ margin: 0; ]]
.sheet [[
  display: grid;
  grid-template-columns: repeat({columns}, {card_width});
  grid-auto-rows: {card_height};
  align-content: start;
  break-after: page;
]]
.sheet:last-of-type [[ break-after: auto; ]]
.card [[
  display: flex; gap: 2.5mm;
  width: {card_width}; height: {card_height};
  padding: 3mm;
  overflow: hidden;
  outline: 0.2mm dashed #888; outline-offset: -0.1mm;
  break-inside: avoid;
]]
.code [[ flex: none; width: {qr}; display: flex; flex-direction: column; ]]
.code svg [[ display: block; width: {qr}; height: {qr}; shape-rendering: crispEdges; ]]
.link [[
  margin-top: 0.6mm; font-size: 5.5pt; line-height: 1.15; color: #000; text-decoration: none;
  text-align: center;
]]
.link span [[ white-space: nowrap; ]]
.words [[ flex: 1; min-width: 0; display: flex; flex-direction: column; padding-top: 1mm; ]]
.emoji [[ font-weight: 400; ]]
.category [[ font-size: 9.5pt; font-weight: 700; line-height: 1.15; ]]
.category + .category [[ font-weight: 400; font-style: italic; ]]
.region [[ font-size: 7pt; line-height: 1.2; color: #333; ]]
.category + .region [[ margin-top: 1mm; ]]
.footer [[ margin-top: auto; ]]
.tagline [[ font-size: 7pt; line-height: 1.2; ]]
.hint [[ font-size: 5.5pt; line-height: 1.2; color: #444; ]]
.tagline + .hint [[ margin-top: 0.8mm; ]]
@media screen [[
  body [[ background: #ddd; padding: 8mm 0; ]]
  .note [[ width: {page_width}; margin: 0 auto 4mm; font-size: 10pt; ]]
  .sheet [[
    width: {page_width}; min-height: {page_height}; margin: 0 auto 8mm;
    padding: {margin_y} {margin_x}; background: #fff; box-shadow: 0 0 2mm #888;
  ]]
]]
@media print [[
  .note [[ display: none; ]]
]]"""

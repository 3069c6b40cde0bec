"""A printable sheet of outreach cards (printed_cards.py says which, and what is on each).

The sheet is one self-contained HTML file: CSS inline, QR codes inline as SVG, no fonts, images,
scripts or links to fetch. Cards are business-card sized and laid out 2 x 5 on each page, with
dashed cut lines; each page is its own block that ends in a page break, so no card is ever split.
Print it at 100 % ("actual size") on the paper it was made for.

Every text is escaped with html.escape; the only markup not written here is segno's SVG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from bot.outreach import qr, wording
from bot.outreach.printed_cards import Card, card_languages


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


# --- HTML ------------------------------------------------------------------------------------


def render_sheet(
    cards: Sequence[Card],
    paper: Paper,
    *,
    language: str | None = None,
    phone: str | None = None,
) -> str:
    """The whole printable HTML document; `phone`: a number for people without Telegram."""
    pages = [cards[i : i + paper.per_page] for i in range(0, len(cards), paper.per_page)]
    languages = card_languages(language)
    body = "\n".join(_page(page, languages, phone) for page in pages)
    return _DOCUMENT.format(
        title=escape(wording.SHEET_TITLE),
        css=_css(paper),
        note=escape(
            f"{len(cards)} cards on {len(pages)} {paper.css_size} page(s). Print at 100 % "
            "(actual size), without headers and footers, then cut along the dashed lines."
        ),
        legend=_legend(cards),
        pages=body,
    )


def _legend(cards: Sequence[Card]) -> str:
    """Which card is which, for the person printing them: on screen only, never printed."""
    rows = "".join(
        f"<tr><td>{escape(card.mark or card.short_link)}</td><td>{escape(card.meaning)}</td></tr>"
        for card in cards
    )
    return (
        f'<table class="legend"><caption>Which card is which (not printed)</caption>{rows}</table>'
    )


def _page(cards: Sequence[Card], languages: Sequence[str], phone: str | None) -> str:
    inner = "\n".join(_card(card, languages, phone) for card in cards)
    return f'<section class="sheet">\n{inner}\n</section>'


def _card(card: Card, languages: Sequence[str], phone: str | None) -> str:
    link = escape(card.link, quote=True)
    bot, _, payload = card.short_link.partition("?")
    short = f"<span>{escape(bot)}</span>" + (
        f"<wbr><span>?{escape(payload)}</span>" if payload else ""
    )
    headline = "".join(
        f'<p class="headline" lang="{escape(lang)}">{escape(text)}</p>'
        for lang, text in card.headline
    )
    region = "".join(
        f'<p class="region" lang="{escape(lang)}">{escape(text)}</p>' for lang, text in card.region
    )
    number = ""
    if card.number:
        number = _lines("call", wording.EMERGENCY_CALL, languages) + (
            f'<p class="number">{escape(card.number)}</p>'
        )
    tagline = _lines("tagline", wording.TAGLINE, languages) if card.tagline else ""
    no_telegram = _no_telegram(languages, phone, card.short_web_link)
    hint = _lines("hint", wording.SCAN_HINT, languages)
    mark = f'<span class="mark">{escape(card.mark)}</span>' if card.mark else ""
    style = "labelled" if card.labelled else "discreet"
    return (
        f'<article class="card {style}" data-link="{link}">'
        f'<div class="code">{qr.inline_svg(card.link)}'
        f'<a class="link" href="{link}">{short}</a></div>'
        f'<div class="words">{headline}{region}{number}'
        f'<div class="footer">{tagline}{hint}{no_telegram}</div></div>'
        f"{mark}</article>"
    )


def _no_telegram(languages: Sequence[str], phone: str | None, address: str | None) -> str:
    """How to reach help without Telegram: the number given, the web chat's address (printed
    once, for every language), or both."""
    if address is None:
        return _lines("phone", wording.NO_TELEGRAM, languages, number=phone) if phone else ""
    if phone is None:
        lines = _lines("phone before-web", wording.NO_TELEGRAM_WEB, languages)
    else:
        texts = wording.NO_TELEGRAM_PHONE_OR_WEB
        lines = _lines("phone before-web", texts, languages, number=phone)
    where, _, payload = address.partition("?")
    broken = escape(where) + (f"<wbr>?{escape(payload)}" if payload else "")
    return f'{lines}<p class="web">{broken}</p>'


def _lines(
    css_class: str, texts: Mapping[str, str], languages: Sequence[str], **values: str
) -> str:
    return "".join(
        f'<p class="{css_class}" lang="{escape(lang)}">{escape(texts[lang].format(**values))}</p>'
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
<div class="note"><p>{note}</p>{legend}</div>
{pages}
</body>
</html>
"""

# `[[` and `]]` stand for CSS braces, so str.format only fills the {named} lengths.
_CSS = """@page [[ size: {size}; margin: {margin_y} {margin_x}; ]]
* [[ box-sizing: border-box; ]]
html, body [[ margin: 0; padding: 0; background: #fff; color: #000; ]]
body [[
  font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial,
    sans-serif;
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
  position: relative;
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
.headline [[ font-size: 9.5pt; font-weight: 700; line-height: 1.15; ]]
.headline + .headline [[ font-weight: 400; font-style: italic; ]]
.region [[ font-size: 7pt; line-height: 1.2; color: #333; ]]
.headline + .region [[ margin-top: 1mm; ]]
.call [[ font-size: 7.5pt; line-height: 1.2; ]]
.headline + .call [[ margin-top: 1.5mm; ]]
.number [[ font-size: 24pt; font-weight: 700; line-height: 1.05; ]]
.footer [[ margin-top: auto; ]]
.discreet .words [[ justify-content: center; ]]
.discreet .footer [[ margin-top: 0; ]]
.discreet .number + .footer [[ margin-top: 2mm; ]]
.tagline, .phone [[ font-size: 7pt; line-height: 1.2; ]]
.hint + .phone [[ margin-top: 1.2mm; ]]
.web [[ font-size: 7pt; line-height: 1.2; overflow-wrap: anywhere; ]]
.hint [[ font-size: 5.5pt; line-height: 1.2; color: #444; ]]
.discreet .hint [[ font-size: 7pt; color: #000; ]]
.discreet .hint + .hint [[ color: #333; ]]
.tagline + .hint [[ margin-top: 0.8mm; ]]
.labelled .headline [[ font-size: 8.5pt; ]]
.labelled .region, .labelled .tagline, .labelled .phone [[ font-size: 6.5pt; ]]
.labelled .before-web, .labelled .web [[ font-size: 6pt; ]]
.labelled .hint + .before-web [[ margin-top: 0.6mm; ]]
.labelled .hint [[ font-size: 5pt; ]]
.mark [[
  position: absolute; right: 2.5mm; bottom: 1.8mm;
  font-size: 4.5pt; line-height: 1; color: #999; letter-spacing: 0.2mm;
]]
@media screen [[
  body [[ background: #ddd; padding: 8mm 0; ]]
  .note [[ width: {page_width}; margin: 0 auto 4mm; font-size: 10pt; ]]
  .legend [[ margin-top: 2mm; border-collapse: collapse; font-size: 9pt; ]]
  .legend caption [[ text-align: left; font-weight: 700; ]]
  .legend td [[ padding: 0 4mm 0 0; vertical-align: top; ]]
  .sheet [[
    width: {page_width}; min-height: {page_height}; margin: 0 auto 8mm;
    padding: {margin_y} {margin_x}; background: #fff; box-shadow: 0 0 2mm #888;
  ]]
]]
@media print [[
  .note [[ display: none; ]]
]]"""

"""`link` and `cards`: deep links, QR codes and printable cards for outreach workers.

Both need the bot's username: BOT_USERNAME, or BOT_TOKEN to ask the Bot API's getMe (at
TELEGRAM_API_BASE_URL, default https://api.telegram.org), but for `link --web`, which prints
the web chat's link: `--web` gives the web chat's public address. Exit 2 for a mistake in the
command or the environment (an unknown id says which known one was probably meant), 1 when the
directory has errors, a discreet card has no code yet in conversations/cards.yaml (the message
gives the lines to add), or the Bot API cannot be asked.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.content_dirs import add_content_arguments, load_chosen_content

if TYPE_CHECKING:
    from bot.content import Content

USAGE_ERROR = 2


def register(subparsers: Any) -> None:
    link = subparsers.add_parser(
        "link",
        help="print a deep link (and write its QR code) that opens the bot on one kind of help",
        description="Print https://t.me/<bot>?start=<payload>: the bot opens on that category, "
        "region, language or command. With none of them, the bot's plain link.",
        epilog="example: python -m bot link --category legal --region wa-king --lang es "
        "--qr legal-king-es.svg",
    )
    link.add_argument("--category", metavar="ID", help="a category id, e.g. legal")
    link.add_argument("--region", metavar="ID", help="a region id, e.g. wa-king")
    link.add_argument("--lang", metavar="CODE", help="the language the bot answers in, e.g. es")
    link.add_argument(
        "--command", metavar="NAME", help="open a command's screen instead, e.g. emergency"
    )
    link.add_argument(
        "--discreet",
        action="store_true",
        help="the link a discreet card carries: its opaque code from conversations/cards.yaml "
        "instead of words that say what it opens",
    )
    link.add_argument(
        "--web",
        metavar="URL",
        help="print the web chat's link at this public address instead "
        "(e.g. https://help.example.org/): no bot username needed",
    )
    link.add_argument(
        "--qr",
        type=Path,
        metavar="FILE",
        help="also write the link's QR code to FILE.svg (vector) or FILE.png (300 dpi)",
    )
    add_content_arguments(link)
    link.set_defaults(handler=run_link)

    cards = subparsers.add_parser(
        "cards",
        help="write a printable HTML sheet of discreet cards with QR codes, one per category "
        "(x region), and an emergency card",
        description="Write one self-contained HTML file of business-card-sized cards: one per "
        "category, or per category and region, then the emergency card. By default the cards "
        "are discreet: they name no kind of help, and their links carry the opaque codes of "
        "conversations/cards.yaml (a card without a code yet is refused, with the line to add). "
        "Open the file in a browser and print at 100 %%.",
        epilog="example: python -m bot cards cards.html --region wa-king --phone wa-211",
    )
    cards.add_argument("out", type=Path, metavar="OUT.html", help="the file to write")
    cards.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="ID",
        help="make one card per category for this region (repeatable; default: no region)",
    )
    cards.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="ID",
        help="only this category (repeatable; default: every category)",
    )
    cards.add_argument(
        "--lang", metavar="CODE", help="the links open the bot in this language, e.g. es"
    )
    cards.add_argument(
        "--labelled",
        action="store_true",
        help="print what each card is for (kind of help, place, 'free, confidential help') and "
        "spell it in the link: for the walls and desks of service agencies, not for handing out",
    )
    cards.add_argument(
        "--phone",
        metavar="ID_OR_NUMBER",
        help="add 'No Telegram? Call ...' to every card: a resource id whose number to print "
        "(e.g. wa-211), or a number you have checked",
    )
    cards.add_argument(
        "--web",
        metavar="URL",
        help="add 'No Telegram? In a browser: <address>' to every card: the web chat's public "
        "address (e.g. https://help.example.org/), with the card's own code; it is printed, "
        "so choose a neutral one",
    )
    cards.add_argument("--no-emergency", action="store_true", help="leave out the emergency card")
    cards.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="paper size: letter (3.5 x 2 in cards) or a4 (85 x 55 mm cards); default letter",
    )
    add_content_arguments(cards)
    cards.set_defaults(handler=run_cards)


def run_link(args: argparse.Namespace) -> int:
    """Print the deep link; write its QR code with --qr."""
    import os

    from bot.outreach import qr
    from bot.outreach.deep_links import (
        BotApiError,
        LinkTarget,
        OutreachError,
        Vocabulary,
        deep_link,
        payload_for,
        web_chat_address,
        web_link,
    )
    from bot.outreach.printed_cards import MissingCodes

    if args.qr is not None and args.qr.suffix.lower() not in qr.FORMATS:
        return _fail(f"--qr {args.qr}: the file name must end in .svg or .png", USAGE_ERROR)
    content = _load(args)
    if content is None:
        return 1
    target = LinkTarget(args.category, args.region, args.lang, args.command)
    try:
        payload = payload_for(target, Vocabulary.of(content))
        if args.discreet and payload is not None:
            payload = _code_payload(content, target)
        if args.web is not None:
            link = web_link(web_chat_address(args.web), payload)
        else:
            link = deep_link(_username(os.environ), payload)
    except (BotApiError, MissingCodes) as error:
        return _fail(str(error), 1)
    except OutreachError as error:
        return _fail(str(error), USAGE_ERROR)
    if args.qr is not None:
        try:
            qr.save(link, args.qr)
        except OSError as error:
            return _fail(f"could not write {args.qr}: {error.strerror}", 1)
        print(f"wrote {args.qr}", file=sys.stderr)
    print(link)
    return 0


def _code_payload(content: Content, target: Any) -> str:
    """The opaque code for `target`; OutreachError naming the line to add when it has none."""
    from bot.outreach.printed_cards import MissingCodes, code_for, code_payload, missing_message

    found = code_for(content, target)
    if found is None:
        raise MissingCodes(missing_message(content, [target], "leave out --discreet"))
    return code_payload(content, found[0], target)


def run_cards(args: argparse.Namespace) -> int:
    """Write the sheet of cards; list which card is which."""
    import os

    from bot.outreach.card_sheet import PAPERS, render_sheet
    from bot.outreach.deep_links import BotApiError, OutreachError, web_chat_address
    from bot.outreach.printed_cards import CardChoice, MissingCodes, build_cards, phone_to_print

    content = _load(args)
    if content is None:
        return 1
    paper = PAPERS[args.paper]
    choice = CardChoice(
        regions=args.region,
        categories=args.category,
        language=args.lang,
        labelled=args.labelled,
        emergency=not args.no_emergency,
    )
    try:
        phone = phone_to_print(content, args.phone) if args.phone else None
        web = web_chat_address(args.web) if args.web is not None else None
        cards = build_cards(content, _username(os.environ), choice, web)
    except (BotApiError, MissingCodes) as error:
        return _fail(str(error), 1)
    except OutreachError as error:
        return _fail(str(error), USAGE_ERROR)
    html = render_sheet(cards, paper, language=args.lang, phone=phone)
    try:
        args.out.write_text(html, encoding="utf-8")
    except OSError as error:
        return _fail(f"could not write {args.out}: {error.strerror}", 1)
    pages = -(-len(cards) // paper.per_page)
    kind = "labelled" if args.labelled else "discreet"
    print(f"wrote {args.out}: {len(cards)} {kind} cards on {pages} {paper.css_size} page(s)")
    for card in cards:
        print(f"  {card.mark or card.short_link}  {card.meaning}")
    return 0


def _load(args: argparse.Namespace) -> Content | None:
    return load_chosen_content(
        args, "The directory or the conversation has errors; fix them first."
    )


def _username(environ: Mapping[str, str]) -> str:
    import asyncio

    from bot.outreach.deep_links import resolve_username

    return asyncio.run(resolve_username(environ))


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code

"""Outreach tools: deep links, QR codes and printable cards that open the bot on one kind of help.

- `deep_links`: the bot's username (BOT_USERNAME, or the Bot API's getMe) and checked deep links.
- `qr`: QR codes for those links, for print.
- `wording`: the few words printed on cards (discreet on purpose: change them there).
- `printed_cards`: which cards a sheet holds (discreet with opaque codes, labelled, emergency).
- `card_sheet`: the self-contained, printable HTML sheet of business-card-sized cards.
"""

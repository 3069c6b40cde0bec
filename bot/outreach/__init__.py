"""Outreach tools: deep links, QR codes and printable cards that open the bot on one kind of help.

- `links`: the bot's username (BOT_USERNAME, or the Bot API's getMe) and checked deep links.
- `qr`: QR codes for those links, for print.
- `wording`: the few words printed on every card (neutral on purpose: change them there).
- `cards`: a self-contained, printable HTML sheet of business-card-sized cards.
"""

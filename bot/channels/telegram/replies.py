"""Putting a screen in front of the person: as a new message, or in place of the pressed one.

Every message goes out silently (no notification sound on a phone someone else may hold), with
link previews off (a preview fetches the page and shows it large) and as escaped HTML. Every
message the bot sends is remembered for Erase.
"""

from __future__ import annotations

import logging

from telegram import Bot, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.channels.telegram.render import Rendered
from bot.shared_state.stores import SessionMessages

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_NOT_MODIFIED = "message is not modified"


async def send_screen(
    bot: Bot,
    chat_id: int,
    rendered: Rendered,
    messages: SessionMessages,
    *,
    remember: bool = True,
) -> Message:
    """Sends the screen as a new message and (unless told not to) remembers its id for Erase."""
    sent = await bot.send_message(
        chat_id,
        rendered.html,
        parse_mode=ParseMode.HTML,
        reply_markup=rendered.keyboard,
        disable_notification=True,
        link_preview_options=NO_PREVIEW,
    )
    if remember:
        await messages.record(chat_id, sent.message_id)
    return sent


async def replace_screen(
    bot: Bot, chat_id: int, message_id: int | None, rendered: Rendered, messages: SessionMessages
) -> None:
    """Shows the screen in place of message `message_id`; sends it anew when that message can
    no longer be edited (deleted, too old, not the bot's, or unknown)."""
    if message_id is not None:
        try:
            await bot.edit_message_text(
                rendered.html,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=rendered.keyboard,
                link_preview_options=NO_PREVIEW,
            )
        except BadRequest as error:
            if _NOT_MODIFIED in str(error).lower():
                return  # the same screen pressed twice: it is already showing
            logger.info("Screen not editable; sending it anew")
        else:
            return
    await send_screen(bot, chat_id, rendered, messages)

"""What the bot does when a person does something, one handler per kind of action.

Each handler turns the update into an engine event (no ids, no names), asks the engine of the
content being served *now* (read once per update, never kept, so a reload takes effect at the
next update) for the screen, and shows it. Nothing about the person is kept except what Erase
needs (erase.py). Private chats only: anything from a group or a channel is ignored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.channels.telegram.erase import EraseNotes, delete_all
from bot.channels.telegram.render import render
from bot.channels.telegram.replies import replace_screen, send_screen
from bot.content import ContentStore
from bot.flows.events import Command, Event, Located, Pressed, Start, Typed
from bot.flows.models import Effect
from bot.flows.screen import Screen
from bot.observability.metrics import Metrics
from bot.shared_state.stores import SessionMessages

logger = logging.getLogger(__name__)

Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
ERROR_TEXT_KEY = "error.restart"  # "Something went wrong. Here is the start screen."
_PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


@dataclass(frozen=True)
class Services:
    """What the handlers work with: the content served now, Erase's memory, the clock."""

    store: ContentStore
    messages: SessionMessages
    notes: EraseNotes
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    metrics: Metrics = field(default_factory=Metrics)


class Handlers:
    """The bot's handlers, in the order they are registered (see `ordered`)."""

    def __init__(self, services: Services, *, queries_answered_by_webhook: bool = False) -> None:
        self.services = services
        # In webhook mode webhook.py answers every callback query in its HTTP answer to
        # Telegram, so pressing a button costs one Bot API call (the edit) instead of two.
        self.queries_answered_by_webhook = queries_answered_by_webhook

    def ordered(self) -> list[tuple[int, BaseHandler[Update, Context, None]]]:
        """Every handler with its group. Group -1 runs first for every message; in group 0 the
        first handler whose filter matches wins, so /start comes before other commands and
        commands before plain text."""
        return [
            (-1, MessageHandler(_PRIVATE, self.remember_message)),
            (0, CommandHandler("start", self.start, filters=_PRIVATE)),
            (0, MessageHandler(_PRIVATE & filters.COMMAND, self.run_command)),
            (0, MessageHandler(_PRIVATE & filters.TEXT, self.type_text)),
            (0, MessageHandler(_PRIVATE & filters.LOCATION, self.share_location)),
            (0, MessageHandler(_PRIVATE, self.send_something_else)),
            (0, CallbackQueryHandler(self.press_button)),
        ]

    # --- the person's actions ---------------------------------------------------------

    async def remember_message(self, update: Update, context: Context) -> None:
        """Remembers the person's message id, so that Erase can delete the message."""
        message = update.effective_message
        if message is not None:
            await self.services.messages.record(message.chat_id, message.message_id)

    async def start(self, update: Update, context: Context) -> None:
        """Shows the welcome screen, or the screen a deep link names."""
        payload = context.args[0] if context.args else None
        await self._answer_message(update, context.bot, Start(payload, _language(update)))

    async def run_command(self, update: Update, context: Context) -> None:
        """Shows the screen a command such as /privacy names (unknown ones: the start screen)."""
        message = update.effective_message
        words = (message.text or "").split(maxsplit=1) if message is not None else []
        name = words[0][1:].split("@", 1)[0] if words else ""  # blank: the start screen
        await self._answer_message(update, context.bot, Command(name, _language(update)))

    async def type_text(self, update: Update, context: Context) -> None:
        """Searches for what the person typed (emergency words first)."""
        message = update.effective_message
        text = message.text if message is not None and message.text else ""
        await self._answer_message(update, context.bot, Typed(text, _language(update)))

    async def share_location(self, update: Update, context: Context) -> None:
        """Shows the help around a shared location, used for this answer only and dropped."""
        message = update.effective_message
        location = message.location if message is not None else None
        event: Event = (
            Located(location.latitude, location.longitude, _language(update))
            if location is not None
            else Start(None, _language(update))
        )
        await self._answer_message(update, context.bot, event)

    async def send_something_else(self, update: Update, context: Context) -> None:
        """Answers anything else (a photo, a voice note, a sticker) with the start screen."""
        await self._answer_message(update, context.bot, Start(None, _language(update)))

    async def press_button(self, update: Update, context: Context) -> None:
        """Shows the screen the pressed button leads to, in place of the pressed message."""
        query = update.callback_query
        if query is None:
            return
        if not self.queries_answered_by_webhook:
            await _answer(query)
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            return
        event = Pressed(query.data, _language(update))
        screen = self._screen(event)
        message_id = query.message.message_id if query.message is not None else None
        if Effect.ERASE in screen.effects:
            pressed = [message_id] if message_id is not None else []
            await self._erase(context.bot, chat.id, screen, pressed)
            return
        rendered = render(screen)
        if message_id is not None and (
            not isinstance(query.message, Message)  # too old for the bot to see or edit
            or self.services.notes.is_note(chat.id, message_id)  # about to vanish
        ):
            message_id = None
        if message_id is not None:  # maybe sent before a restart: make sure Erase knows it
            await self.services.messages.record(chat.id, message_id)
        await replace_screen(context.bot, chat.id, message_id, rendered, self.services.messages)

    # --- when something breaks --------------------------------------------------------

    async def recover(self, update: object, context: Context) -> None:
        """Tells the person something went wrong and shows the start screen; the bot goes on."""
        error = context.error
        if isinstance(error, Forbidden):
            # The person blocked the bot or deleted the chat: routine, and nothing can reach
            # them, so no second message is tried.
            logger.info("Not answered: the person blocked the bot or deleted the chat")
            self.services.metrics.count_error("blocked")
            return
        # Kind and place only: an exception's message may quote what the person typed.
        logger.error("Handling an update failed: %s%s", _describe(error), _where(error))
        self.services.metrics.count_error("telegram" if isinstance(error, TelegramError) else "bot")
        if not isinstance(update, Update):
            return
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            return
        if update.callback_query is not None and not self.queries_answered_by_webhook:
            await _answer(update.callback_query)
        try:
            engine = self.services.store.current.engine
            screen = engine.handle(Start(None, _language(update)), self.services.clock())
            lead = engine.flow.translations.text(screen.state.language, ERROR_TEXT_KEY)
            await send_screen(
                context.bot, chat.id, render(screen, lead=lead), self.services.messages
            )
        except Exception as second:  # never let the error handler itself fail
            logger.error("Could not show the start screen after an error: %s", _describe(second))

    # --- shared steps -----------------------------------------------------------------

    def _screen(self, event: Event) -> Screen:
        content = self.services.store.current  # once per update: a reload swaps it
        screen = content.engine.handle(event, self.services.clock())
        # Where a shared location fell is not counted: the region is left out of the metrics.
        counted = screen if not isinstance(event, Located) else _without_region(screen)
        self.services.metrics.count_screen(counted, content)
        logger.debug("Showing screen %s (%s)", screen.state.screen, screen.outcome.value)
        return screen

    async def _answer_message(self, update: Update, bot: Bot, event: Event) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        screen = self._screen(event)
        if Effect.ERASE in screen.effects:
            await self._erase(bot, chat.id, screen, [])
            return
        await send_screen(bot, chat.id, render(screen), self.services.messages)

    async def _erase(self, bot: Bot, chat_id: int, screen: Screen, also: list[int]) -> None:
        """Deletes the session's messages, then shows the note, which is deleted later."""
        messages = self.services.messages
        for message_id in also:
            await messages.record(chat_id, message_id)
        ids = await messages.forget(chat_id)
        await delete_all(bot, chat_id, ids)
        logger.info("Erased a session (%d messages)", len(ids))
        # The note is not part of the next session: it deletes itself.
        note = await send_screen(bot, chat_id, render(screen), messages, remember=False)
        self.services.notes.schedule(bot, chat_id, note.message_id)


def _without_region(screen: Screen) -> Screen:
    return dataclasses.replace(screen, state=dataclasses.replace(screen.state, region=None))


def _language(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user is not None else None


async def _answer(query: CallbackQuery) -> None:
    """Answers the callback query (stops the button's spinner); a refusal is not an error."""
    with contextlib.suppress(TelegramError):
        await query.answer()


def _describe(error: BaseException | None) -> str:
    """The error's kind; a Bot API error's description too (it never holds what people wrote)."""
    if error is None:
        return "unknown error"
    if isinstance(error, TelegramError):
        return f"{type(error).__name__}: {error.message}"
    return type(error).__name__  # other messages may quote what was typed: kind only


def _where(error: BaseException | None) -> str:
    """Where the error was raised, as file:line in function (no values, no message)."""
    if error is None or error.__traceback__ is None:
        return ""
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f" at {frame.filename}:{frame.lineno} in {frame.name}"

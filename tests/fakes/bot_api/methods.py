"""The Bot API methods the fake server implements, with Telegram's checks and error texts.

Each method takes the call's Params and returns the "result" of Telegram's answer (or an Answer
when Telegram adds a description), or raises ApiError. The order of the checks follows
telegram-bot-api's, so a call with several problems fails the way the real one would. The
methods about the bot itself are in bot_methods.py, those about chats and messages in
message_methods.py.
"""

from __future__ import annotations

from tests.fakes.bot_api.bot_methods import BotMethods
from tests.fakes.bot_api.delivery import UpdateDelivery
from tests.fakes.bot_api.message_methods import MessageMethods
from tests.fakes.bot_api.params import Answer, Handler
from tests.fakes.bot_api.state import World

__all__ = ["Answer", "BotApiMethods", "Handler"]


class BotApiMethods:
    """The implemented methods, by Telegram's (case-insensitive) method name."""

    def __init__(self, world: World, delivery: UpdateDelivery) -> None:
        self.bot = BotMethods(world, delivery)
        self.messages = MessageMethods(world)
        handlers = {**self.bot.handlers(), **self.messages.handlers()}
        self.by_name: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in handlers.items()
        }

    def lookup(self, method: str) -> tuple[str, Handler] | None:
        """Returns (Telegram's spelling, handler) for a method name in any case."""
        return self.by_name.get(method.lower())

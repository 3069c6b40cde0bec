"""Choosing the stores: in process without REDIS_URL, Redis (over the same in-process stores,
its fallback) with it."""

from __future__ import annotations

from bot.settings import Settings
from bot.shared_state.in_process import (
    InProcessChatTurns,
    InProcessSendRate,
    InProcessSessionMessages,
    InProcessUpdateMarks,
)
from bot.shared_state.stores import SharedState


def build_shared_state(settings: Settings) -> SharedState:
    """The four stores the settings ask for (nothing connects until first used)."""
    messages = InProcessSessionMessages(settings.erase_max_chats)
    marks = InProcessUpdateMarks()
    turns = InProcessChatTurns()
    send_rate = InProcessSendRate(settings.max_sends_per_second)
    if settings.redis_url is None:
        return SharedState(messages, marks, turns, send_rate)
    from bot.shared_state.redis_link import RedisLink  # redis is imported only when used
    from bot.shared_state.redis_stores import (
        RedisChatTurns,
        RedisSendRate,
        RedisSessionMessages,
        RedisUpdateMarks,
    )

    link = RedisLink(
        settings.redis_url.get_secret_value(),
        bot_token=settings.bot_token.get_secret_value(),
        timeout=settings.redis_timeout_seconds,
    )
    return SharedState(
        RedisSessionMessages(link, messages),
        RedisUpdateMarks(link, marks),
        RedisChatTurns(link, turns),
        RedisSendRate(link, send_rate),
        where="Redis",
        close=link.close,
    )

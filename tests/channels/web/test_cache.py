"""Pages of links are rendered once a minute, for the content being served; searches never."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.channels.web.app import WebChat
from bot.channels.web.cache import PageCache
from bot.content import Content, ContentStore
from bot.flows.events import Pressed, Start, Typed
from bot.flows.state import State
from tests.helpers.content import WEDNESDAY_MORNING


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def rendered_pages(chat: WebChat) -> int:
    return len(chat._pages._pages)


def test_a_links_page_is_rendered_once_a_minute_and_counted_every_time(content: Content) -> None:
    clock = Clock(WEDNESDAY_MORNING)
    chat = WebChat(ContentStore(content), clock=clock)
    link = Pressed(State("results", "en", "legal", "wa-king").pack())
    first = chat._answer(link, "en")
    second = chat._answer(link, "en")
    assert first.body is second.body  # the same bytes, not rendered again
    clock.now += dt.timedelta(minutes=1)
    assert chat._answer(link, "en").body is not first.body
    labels = {"channel": "web", "screen": "results", "category": "legal", "region": "wa-king"}
    assert chat.metrics.registry.get_sample_value("bot_screens_shown_total", labels) == 3


def test_a_reload_is_seen_at_once(content: Content) -> None:
    store = ContentStore(content)
    chat = WebChat(store, clock=lambda: WEDNESDAY_MORNING)
    before = chat._answer(Start(None, "en"), "en").body
    store.replace(replace(content))  # a new content object, as a reload makes
    after = chat._answer(Start(None, "en"), "en").body
    assert after == before and after is not before


def test_typed_words_are_never_kept(content: Content) -> None:
    chat = WebChat(ContentStore(content), clock=lambda: WEDNESDAY_MORNING)
    chat._answer(Typed("I need a lawyer qzxvw", "en"), "en")
    chat._answer(Typed("estoy en peligro", "es"), "es")
    assert rendered_pages(chat) == 0
    assert PageCache.key(Typed("lawyer"), "en", WEDNESDAY_MORNING) is None


def test_forged_links_cannot_grow_it(content: Content) -> None:
    chat = WebChat(ContentStore(content), clock=lambda: WEDNESDAY_MORNING)
    for number in range(400):
        chat._answer(Pressed(f"1.nowhere{number}.en....0."), "en")
    chat._answer(Pressed("x" * 5000), "en")  # too long to be a state: not even looked up
    assert rendered_pages(chat) == 256

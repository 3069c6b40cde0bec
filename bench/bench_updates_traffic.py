"""What bench/bench_updates.py's people send, and Telegram delivering it open-loop.

Telegram does not wait for people: each update is delivered at its arrival time (all at once
for a burst, Poisson arrivals for a steady rate), over as many connections at a time as the bot
gave setWebhook as `max_connections` (40 by default), whatever became of the ones before. A
bot that answers its webhook's POST as soon as it has the update (the echo bots) lets a burst
pile up inside it; ours answers once the update is handled, so Telegram's connections bound
what it holds, and what it refuses (503) is offered again a second later, as Telegram does.

Every update comes from a different person (a new user and private chat), as in a crowd that
found the bot at the same time. Three kinds:
- `start`: /start, typed;
- `press`: a button of one of the bot's real screens, on that screen's message as Telegram
  sends it: a category on the welcome screen, a place on the "where" screen, "More" (or "Only
  open now") on a first page of results, in equal numbers. The buttons and messages are those
  the bot showed in a warm-up (`collect_presses`); their callback data carries the whole state,
  so pressing one in a new chat is what a person's app would send;
- `text`: a typed search, English or Spanish, some misspelt, some naming a place.
"""

from __future__ import annotations

import asyncio
import copy
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.loopback_telegram import JSONDict, Person, Screen, Telegram
from bot.flows.state import State, unpack

KINDS = ("start", "press", "text")
ANSWER_TIMEOUT_SECONDS = 120.0
REDELIVERY_SECONDS = 1.0  # how long Telegram waits before it offers a refused update again

# What people type: English and Spanish, some misspelt, some naming a place.
QUERIES = (
    "I need a lawyer",
    "lawer for immigration",
    "abogado de inmigracion",
    "necesito un abogao en seattle",
    "somewhere to sleep tonight",
    "refugio en king county",
    "therapist near burien",
    "terapia en espanol",
    "job training",
    "trabajo en seatle",
    "wage theft",
    "visa t",
    "counseling for trauma",
    "doctor",
    "clinica gratis",
    "case manager",
)
LANGUAGES = ("en", "es", "en", "es-419")


@dataclass(frozen=True)
class Press:
    """A button on one of the bot's screens: the message it is on, and its callback data."""

    message: JSONDict
    data: str


def _targets(screen: Screen | None, wanted: Callable[[State], bool]) -> list[str]:
    """The callback data of the screen's buttons whose state `wanted` accepts."""
    found = []
    for _, data in screen.buttons() if screen else []:
        state = unpack(data)
        if state is not None and wanted(state):
            found.append(data)
    return found


def _a_category(screen: Screen | None) -> list[str]:
    return _targets(screen, lambda s: s.screen == "choose_region" and s.region is None)


def _a_place(screen: Screen | None) -> list[str]:
    return _targets(screen, lambda s: s.screen == "results" and s.region is not None)


def _more_or_open_now(screen: Screen | None) -> list[str]:
    """On a first results page: "More" when there is a next page, else "Only open now"."""
    more = _targets(screen, lambda s: s.screen == "results" and s.page == 1)
    return more or _targets(screen, lambda s: s.screen == "results" and s.page == 0)


async def collect_presses(people: Sequence[Person], rng: random.Random) -> list[Press]:
    """Walks each person through /start, a category, a place and "More" (waiting for every
    answer) and returns every button pressed, on the message it was pressed on."""
    presses: list[Press] = []

    async def visit(person: Person) -> None:
        screen = await person.send_text("/start")
        for choices in (_a_category, _a_place, _more_or_open_now):
            data = rng.choice(choices(screen))
            presses.append(Press(copy.deepcopy(screen.message), data))
            screen = await person.press(data)

    await asyncio.gather(*(visit(person) for person in people))
    return presses


class Crowd:
    """Builds updates, each from a person the bot has never seen."""

    def __init__(self, telegram: Telegram, presses: Sequence[Press], first_user_id: int) -> None:
        self.telegram = telegram
        self.presses = list(presses)
        self.next_user_id = first_user_id

    def update(self, kind: str, rng: random.Random) -> tuple[int, JSONDict]:
        """(chat id, update) of a new person doing `kind`."""
        user_id, self.next_user_id = self.next_user_id, self.next_user_id + 1
        language = LANGUAGES[user_id % len(LANGUAGES)]
        user = {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": language}
        chat = {"id": user_id, "type": "private", "first_name": "Bench"}
        if kind == "press":
            press = self.presses[rng.randrange(len(self.presses))]
            message = {**press.message, "chat": chat, "date": int(time.time())}
            query = {
                "id": self.telegram.query_id(),
                "from": user,
                "message": message,
                "chat_instance": str(user_id * 7919 % 10**18),
                "data": press.data,
            }
            return user_id, {"update_id": self.telegram.update_id(), "callback_query": query}
        text = "/start" if kind == "start" else rng.choice(QUERIES)
        sent: JSONDict = {
            "message_id": self.telegram.api.chat(user_id).next_message_id,
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if kind == "start":
            sent["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
        return user_id, {"update_id": self.telegram.update_id(), "message": sent}


def kinds(workload: str, count: int, mix: dict[str, int], rng: random.Random) -> list[str]:
    """`count` update kinds: all `workload`, or for "mix" drawn by the weights of `mix`."""
    if workload != "mix":
        return [workload] * count
    names = [name for name in KINDS if mix.get(name)]
    return rng.choices(names, weights=[mix[name] for name in names], k=count)


def arrivals(count: int, rate: float | None, rng: random.Random) -> list[float]:
    """Seconds from the start at which each update arrives: all at once (a burst) when `rate`
    is None, else Poisson arrivals at `rate` a second."""
    if rate is None:
        return [0.0] * count
    at, times = 0.0, []
    for _ in range(count):
        at += rng.expovariate(rate)
        times.append(at)
    return times


@dataclass
class Delivered:
    """What became of a run of updates."""

    kinds: list[str]
    seconds: float  # from the first POST to the last answer
    latencies: dict[str, list[float]] = field(default_factory=dict)  # by kind: POST -> answer
    missing: int = 0  # updates the bot never answered in time
    refused: int = 0  # webhook answers other than 2xx (each update was offered again)
    deepest: int = 0  # the most updates in the bot's hands (POSTed, not yet answered) at once


async def deliver(
    telegram: Telegram, updates: Sequence[tuple[str, int, JSONDict]], at: Sequence[float]
) -> Delivered:
    """POSTs each (kind, chat id, update) at its arrival time, at most as many at once as the
    bot's webhook takes (its max_connections), and waits for the bot's answer in each chat. An
    update's latency runs from the start of its (last) POST to the arrival of the bot's
    sendMessage or editMessageText. An update the webhook refuses (not 2xx) is offered again
    REDELIVERY_SECONDS later, as Telegram does."""
    api = telegram.api
    connections = asyncio.Semaphore(api.webhook_connections)
    started = time.perf_counter()
    result = Delivered([kind for kind, _, _ in updates], 0.0)
    last_answer = started
    pile = 0

    async def one(kind: str, chat_id: int, update: JSONDict, offset: float) -> None:
        nonlocal last_answer, pile
        waiting = api.expect_screen(chat_id)
        pause = started + offset - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        while True:
            async with connections:
                posted = time.perf_counter()
                pile += 1  # in the bot's hands from the start of its POST
                result.deepest = max(result.deepest, pile)
                status = await telegram.offer_update(update)
            if 200 <= status < 300:
                break
            pile -= 1
            result.refused += 1
            await asyncio.sleep(REDELIVERY_SECONDS)
        try:
            screen = await asyncio.wait_for(waiting, ANSWER_TIMEOUT_SECONDS)
        except TimeoutError:
            result.missing += 1
            return
        finally:
            pile -= 1
        result.latencies.setdefault(kind, []).append(screen.arrived - posted)
        last_answer = max(last_answer, screen.arrived)

    await asyncio.gather(
        *(
            one(kind, chat, update, offset)
            for (kind, chat, update), offset in zip(updates, at, strict=True)
        )
    )
    result.seconds = last_answer - started
    return result

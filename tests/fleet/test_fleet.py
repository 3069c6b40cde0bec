"""Three replicas, one Redis: 500 people, each update to a replica at random, some delivered
twice, one replica killed (SIGKILL) mid-burst and started again.

What must hold (invariants, not timings: this runs on a loaded 2-core machine):
- every update is delivered (the fake Bot API ends with nothing pending);
- every person sees exactly their own screens, in order, each once: never another person's,
  never one twice. The one exception no bot can avoid: an update the killed replica was
  handling at the instant it died may have had its screen sent but not marked answered, and is
  answered again elsewhere; that is allowed only to the people whose update was in flight to
  the killed replica, and only as a repeat of that very screen;
- Erase, on whichever replica it lands, deletes the whole session;
- the bot-wide send rate seen at the fake never exceeds the limit by more than one burst.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path

import aiohttp
import pytest

from bot.content import Content
from tests.fakes.bot_api.server import ApiCall, FakeBotApi
from tests.fleet.replicas import Replica, replica_environment
from tests.helpers.redis_server import RedisServer
from tests.load.crowd import Crowd, Journey, Shown, journey, paths

PEOPLE = 500
REPLICAS = 3
SENDS_PER_SECOND = 60  # the bot-wide limit (and its burst: a second's worth)
DUPLICATES = 0.1  # of updates delivered a second time at once, to another replica
KILL_AFTER = 600  # updates confirmed before replica 2 is killed
# Calls reserved in time may reach the fake bunched up: on a machine loaded four times over its
# cores, a replica starved of CPU for most of a second sent 14 calls "over" at 0.5 s. A second
# still catches what the test is for: three replicas each at the limit are 120 a second over.
LATENCY_ALLOWANCE_SECONDS = 1.0
LIMITED = ("sendmessage", "editmessagetext", "deletemessage", "deletemessages")


def screens_once(shown: list[Shown]) -> tuple[list[Shown], int]:
    """The screens with immediate repeats folded, and how many repeats there were."""
    folded = [screen for screen, _ in itertools.groupby(shown)]
    return folded, len(shown) - len(folded)


def busiest_second(calls: Iterable[ApiCall]) -> int:
    """The most calls in any one-second window."""
    times = sorted(call.time for call in calls)
    start, most = 0, 0
    for end, at in enumerate(times):
        while times[start] <= at - 1:
            start += 1
        most = max(most, end - start + 1)
    return most


def worst_excess(calls: Iterable[ApiCall], rate: float, burst: int) -> float:
    """The most any window of calls went over `burst + rate * its length`."""
    times = sorted(call.time for call in calls)
    worst, start = -float(burst), 0
    for end, at in enumerate(times):
        while times[start] < at - 5:  # windows up to 5 s long are enough to see a breach
            start += 1
        for first in range(start, end + 1):
            allowed = burst + rate * (at - times[first] + LATENCY_ALLOWANCE_SECONDS)
            worst = max(worst, (end - first + 1) - allowed)
    return worst


@pytest.mark.slow
async def test_three_replicas_answer_everyone_exactly_once(
    fake_bot_api: FakeBotApi, content: Content, tmp_path: Path
) -> None:
    now = dt.datetime.now(dt.UTC)
    trips = [journey(content.engine, path, now) for path in paths(content, PEOPLE)]
    later = [journey(content.engine, t.path, now + dt.timedelta(minutes=5)) for t in trips]
    # Each screen as it would be five minutes on (an hour may open meanwhile), and back.
    same_screen = {a: b for t, u in zip(trips, later, strict=True) for a, b in _pairs(t, u)}
    canonical = {b: a for a, b in same_screen.items()}
    people = [fake_bot_api.user(language_code=t.path.language) for t in trips]

    with RedisServer(tmp_path) as redis:
        environment = replica_environment(
            tmp_path,
            fake_bot_api.base_url,
            fake_bot_api.token,
            redis.url,
            MAX_SENDS_PER_SECOND=str(SENDS_PER_SECOND),
            REDIS_TIMEOUT_SECONDS="5",
            ERASE_NOTE_SECONDS="600",
            API_TIMEOUT_SECONDS="10",
        )
        replicas = [Replica(f"replica-{n}", environment, tmp_path) for n in range(REPLICAS)]
        fake_bot_api.delivery.spread.targets = [r.url for r in replicas]
        fake_bot_api.delivery.spread.duplicates = DUPLICATES
        async with aiohttp.ClientSession() as http:
            await asyncio.gather(*(r.start() for r in replicas))
            await asyncio.gather(*(r.ready(http) for r in replicas))

            def matches(shown: Shown, expected: Shown) -> bool:
                return shown in (expected, same_screen.get(expected))

            async with Crowd(fake_bot_api, step_timeout=120, same=matches) as crowd:
                walks = asyncio.gather(
                    *(crowd.walk(p, t) for p, t in zip(people, trips, strict=True))
                )
                killed_at = await _kill_and_restart(fake_bot_api, replicas[2], http)
                await walks
                outputs = {p.id: [Shown.of_view(v) for v in crowd.outputs(p)] for p in people}
            await fake_bot_api.wait_for(lambda: not fake_bot_api.pending_updates, timeout=60)
            # Before the stop, which deletes Erase's waiting notes.
            visible = {
                p.id: [(m.from_bot, Shown.of_view(m)) for m in p.visible_messages()] for p in people
            }
            await asyncio.gather(*(r.terminate() for r in replicas))

    interrupted = _interrupted_chats(fake_bot_api, replicas[2].url, killed_at)
    repeats = 0
    for person, trip in zip(people, trips, strict=True):
        folded, repeated = screens_once([canonical.get(s, s) for s in outputs[person.id]])
        assert folded == trip.screens, person.id  # their own screens, in order, never another
        if repeated:
            assert person.id in interrupted, f"{person.id} saw a screen twice"
            repeats += repeated
        chat = visible[person.id]
        if trip.path.erase:  # Erase deleted the whole session, whichever replica took it
            assert [canonical.get(s, s) for _, s in chat[-1:]] == [trip.note], person.id
            assert len(chat) == 1 or person.id in interrupted, person.id
        else:
            pattern = [from_bot for from_bot, _ in chat]
            assert pattern == [False, True, False, True] or person.id in interrupted, person.id
    assert repeats <= len(interrupted)
    limited = [c for c in fake_bot_api.calls if c.method.lower() in LIMITED]
    excess = worst_excess(limited, SENDS_PER_SECOND, SENDS_PER_SECOND)
    assert excess <= 0, f"the send rate went {excess:.0f} calls over the limit plus a burst"
    for replica in replicas:
        assert "Traceback" not in replica.log, replica.log[-3000:]
        assert "Redis cannot be reached" not in replica.log, replica.name
    assert replicas[2].exit_codes[0] == -9 and replicas[2].exit_codes[1:] == [0]
    assert [r.exit_codes for r in replicas[:2]] == [[0], [0]]
    _report(fake_bot_api, repeats, interrupted, excess, busiest_second(limited))


def _pairs(trip: Journey, later: Journey) -> Iterable[tuple[Shown, Shown]]:
    """Each screen of `trip` with the one `later` shows instead (an hour may open meanwhile)."""
    return zip(trip.screens, later.screens, strict=True)


async def _kill_and_restart(
    fake: FakeBotApi, replica: Replica, http: aiohttp.ClientSession
) -> float:
    """SIGKILLs `replica` in the middle of the burst and starts it again; returns when."""
    await fake.wait_for(
        lambda: sum(u.status == "confirmed" for u in fake.updates) >= KILL_AFTER, timeout=120
    )
    killed_at = fake.now
    await replica.kill()
    await replica.start()
    await replica.ready(http)
    return killed_at


def _interrupted_chats(fake: FakeBotApi, url: str, killed_at: float) -> set[int]:
    """The people whose update was in flight to the killed replica when it died."""
    payloads = {u.update_id: u.payload for u in fake.updates}
    chats: set[int] = set()
    for attempt in fake.webhook_attempts:
        dropped = attempt.status is None and attempt.error != "Connection refused"
        if attempt.url == url and dropped and attempt.time >= killed_at:
            chats.add(_chat(payloads[attempt.update_id]))
    return chats


def _chat(payload: dict[str, object]) -> int:
    for kind in ("message", "callback_query"):
        part = payload.get(kind)
        if isinstance(part, dict):
            who = part.get("chat") or part.get("from")
            if isinstance(who, dict) and isinstance(who.get("id"), int):
                return int(who["id"])
    return 0


def _report(
    fake: FakeBotApi, repeats: int, interrupted: set[int], excess: float, busiest: int
) -> None:
    attempts = fake.webhook_attempts
    print(
        f"\n{PEOPLE} people, {len(fake.updates)} updates over {REPLICAS} replicas: "
        f"{len(attempts)} POSTs ({sum(a.status == 503 for a in attempts)} answered 503, "
        f"{sum(a.status is None for a in attempts)} failed), {len(interrupted)} in flight at "
        f"the kill, {repeats} screens repeated; busiest second {busiest} calls to chats "
        f"(limit {SENDS_PER_SECOND}/s), worst window {excess:+.0f} against limit plus burst"
    )

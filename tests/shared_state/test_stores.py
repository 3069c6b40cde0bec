"""The contract of each shared store (bot/shared_state/stores.py), the same tests against the
in-process and the Redis implementation; and what only several replicas sharing Redis get."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.shared_state.in_process import MAX_IDS_PER_CHAT
from bot.shared_state.stores import Claim, SharedState
from tests.shared_state.conftest import Replica

CHAT = 987654321012


# --- Erase's memory -------------------------------------------------------------------------


async def test_forget_returns_the_session_s_ids_once(shared: SharedState) -> None:
    for message_id in (3, 4, 5):
        await shared.messages.record(CHAT, message_id)
    await shared.messages.record(CHAT + 1, 9)

    assert await shared.messages.forget(CHAT) == [3, 4, 5]
    assert await shared.messages.forget(CHAT) == []
    assert await shared.messages.forget(CHAT + 1) == [9]


async def test_small_gaps_are_the_session_s_and_large_ones_are_not(shared: SharedState) -> None:
    for message_id in (10, 13, 100, 101):
        await shared.messages.record(CHAT, message_id)
    await shared.messages.record(CHAT, 12)  # late, out of order: already counted
    await shared.messages.record(CHAT, 50)  # late and out of order: added

    assert await shared.messages.forget(CHAT) == [10, 11, 12, 13, 50, 100, 101]


async def test_a_long_session_keeps_its_newest_ids(shared: SharedState) -> None:
    for message_id in range(1, MAX_IDS_PER_CHAT + 301, 10):  # gaps too large to fill
        await shared.messages.record(CHAT, message_id)
    for message_id in range(MAX_IDS_PER_CHAT + 301, 2 * MAX_IDS_PER_CHAT + 400):
        await shared.messages.record(CHAT, message_id)

    ids = await shared.messages.forget(CHAT)
    assert len(ids) == MAX_IDS_PER_CHAT
    assert ids[-1] == 2 * MAX_IDS_PER_CHAT + 399


# --- update marks ---------------------------------------------------------------------------


async def test_an_update_is_claimed_once_and_answered_once(shared: SharedState) -> None:
    marks = shared.marks
    assert await marks.claim(1) is Claim.NEW
    assert await marks.claim(1) is Claim.BUSY  # a second copy while the first is handled
    await marks.finish(1)
    assert await marks.claim(1) is Claim.DONE  # a copy of one answered
    assert await marks.claim(2) is Claim.NEW


async def test_an_update_given_back_is_handled_next_time(shared: SharedState) -> None:
    assert await shared.marks.claim(7) is Claim.NEW
    await shared.marks.release(7)
    assert await shared.marks.claim(7) is Claim.NEW


# --- chats' turns ---------------------------------------------------------------------------


async def test_one_chat_s_turns_never_overlap_and_other_chats_run_meanwhile(
    shared: SharedState,
) -> None:
    inside: dict[int, int] = {}
    most: dict[int, int] = {}
    order: list[tuple[int, int]] = []

    async def update(chat: int, number: int) -> None:
        async with shared.turns.turn(chat):
            inside[chat] = inside.get(chat, 0) + 1
            most[chat] = max(most.get(chat, 0), inside[chat])
            order.append((chat, number))
            await asyncio.sleep(0.01)
            inside[chat] -= 1

    await asyncio.gather(*(update(chat, n) for n in range(5) for chat in (1, 2, 3)))

    assert most == {1: 1, 2: 1, 3: 1}
    for chat in (1, 2, 3):  # each chat's updates in the order they came
        assert [n for c, n in order if c == chat] == [0, 1, 2, 3, 4]
    assert len(shared.turns) == 0  # nothing stays once the chat's updates are done


# --- the send rate --------------------------------------------------------------------------


async def test_the_send_rate_allows_a_burst_then_its_rate(shared: SharedState) -> None:
    rate, burst, extra = 100, 100, 30  # store_settings: 100 a second; the burst is a second's
    started = time.monotonic()
    for _ in range(burst + extra):
        await shared.send_rate.take()
    # Never faster than the limit allows (an upper bound would depend on the machine's load).
    assert time.monotonic() - started >= (extra - 1) / rate


async def test_a_pause_holds_every_send(shared: SharedState) -> None:
    await shared.send_rate.pause(0.3)
    started = time.monotonic()
    await shared.send_rate.take()
    assert time.monotonic() - started >= 0.29


# --- several replicas -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["redis"])
async def test_replicas_share_all_four(replicas: Replica) -> None:
    first, second = await replicas(), await replicas()

    await first.messages.record(CHAT, 1)
    await second.messages.record(CHAT, 2)
    assert await second.messages.forget(CHAT) == [1, 2]  # Erase on either finds both
    assert await first.messages.forget(CHAT) == []

    assert await first.marks.claim(5) is Claim.NEW
    assert await second.marks.claim(5) is Claim.BUSY
    await first.marks.finish(5)
    assert await second.marks.claim(5) is Claim.DONE

    async with first.turns.turn(CHAT):
        waiting = asyncio.create_task(_enter(second, CHAT))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the other replica waits for the chat's turn
    await asyncio.wait_for(waiting, 10)

    started = time.monotonic()
    for _ in range(60):  # 100 a second shared: 120 slots take at least 0.2 s after the burst
        await first.send_rate.take()
        await second.send_rate.take()
    assert time.monotonic() - started >= 0.19


async def _enter(shared: SharedState, chat: int) -> None:
    async with shared.turns.turn(chat):
        pass

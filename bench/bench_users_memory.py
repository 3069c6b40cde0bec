"""Benchmark: does the bot's memory stay flat as 100,000 different people use it?

    python bench/bench_users_memory.py [--users 100000] [--warmup 2000] [--out FILE]

Drives that many distinct people (distinct user and chat ids), each sending /start once, through
the real Application from `build_application`, whose every Bot API call (sendMessage) goes over
real HTTP to the fake Bot API server of tests/fakes/bot_api. The process's RSS is measured (psutil,
after gc.collect()) once a warm-up has run and then every 10% of the way; the table goes to
stdout and to bench/results/users_memory.md.

Why `application.process_update` rather than the webhook: what is measured is what the bot
keeps per person, and that is decided from the update onwards (handlers, engine, Erase's map,
PTB's per-user/per-chat dicts, the rate limiter, the HTTP client). The webhook server only parses
a request and puts the update on the queue; it keeps nothing, and going through it would add
100,000 inbound HTTP round trips to the run time without changing what can grow. The fake Bot
API server runs in a child process (this script with --serve-fake), so its own records of every
call and message do not count in the bot's RSS.

The Erase map is at its default cap (ERASE_MAX_CHATS, 10,000 chats) before the end: its growth
up to the cap is part of the figure. Target: growth under 5 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench`, `bot` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("PTB_TIMEDELTA", "true")  # as `python -m bot run` does

import psutil
from pydantic import SecretStr
from telegram import Update

from bench.results_file import publish
from bot.channels.telegram.app import BotApplication, build_application
from bot.content import ContentStore, load_content
from bot.settings import Settings
from bot.shared_state.in_process import InProcessSessionMessages
from tests.fakes.bot_api.server import DEFAULT_TOKEN, FakeBotApi

RESULTS = Path(__file__).resolve().parent / "results" / "users_memory.md"
FIRST_USER_ID = 6_100_000_001
TARGET_MB = 5.0


# --- the fake Bot API server, in its own process -------------------------------------------


async def serve_fake(users: int) -> None:
    """Serves the fake Bot API with `users` people who have all opened the bot; prints its URL,
    then runs until stdin closes. Forgets its own call records every second."""
    async with FakeBotApi() as server:
        for user_id in range(FIRST_USER_ID, FIRST_USER_ID + users):
            person = server.user(user_id, "Bench")
            person.account.started = True
            person.chat.next_message_id = 2  # message 1 is the person's /start
        print(f"READY {server.base_url}", flush=True)
        loop = asyncio.get_running_loop()
        stdin_closed = loop.run_in_executor(None, sys.stdin.read)
        while not stdin_closed.done():
            server.forget_history()
            await asyncio.sleep(1)


# --- the bot, in this process --------------------------------------------------------------


def start_update(update_id: int, user_id: int) -> dict[str, Any]:
    """The update Telegram sends when person `user_id` taps Start."""
    person = {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Bench"},
            "from": person,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def erase_map(application: BotApplication) -> InProcessSessionMessages:
    """The in-process Erase map (no REDIS_URL here), to count its chats."""
    messages = application.services.messages
    if not isinstance(messages, InProcessSessionMessages):
        raise TypeError("run without REDIS_URL: this measures the in-process map")
    return messages


def rss_mb() -> float:
    gc.collect()
    return float(psutil.Process().memory_info().rss) / 2**20


@dataclass
class Row:
    users: int
    rss_mb: float
    growth_mb: float
    erase_chats: int
    seconds: float


async def drive(application: BotApplication, first: int, count: int, concurrency: int) -> None:
    """`count` people, each sending /start once, `concurrency` at a time."""
    next_index = first

    async def worker() -> None:
        nonlocal next_index
        while next_index < first + count:
            index = next_index
            next_index += 1
            data = start_update(index + 1, FIRST_USER_ID + index)
            await application.process_update(Update.de_json(data, application.bot))

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def measure(base_url: str, users: int, warmup: int, concurrency: int) -> list[Row]:
    result = load_content()
    if result.content is None:
        raise SystemExit(str(result.report))
    settings = Settings(
        bot_token=SecretStr(DEFAULT_TOKEN),
        api_base_url=base_url,
        api_timeout_seconds=30,
        max_sends_per_second=100_000,  # the most the settings allow: never waits here
    )
    application = build_application(settings, ContentStore(result.content))
    rows: list[Row] = []
    async with application:  # initialize (getMe) ... shutdown; no updater, no webhook
        started = time.perf_counter()
        await drive(application, 0, warmup, concurrency)
        baseline = rss_mb()
        rows.append(Row(warmup, baseline, 0.0, len(erase_map(application)), 0.0))
        step = max(1, (users - warmup) // 10)
        done = warmup
        started = time.perf_counter()
        while done < users:
            count = min(step, users - done)
            await drive(application, done, count, concurrency)
            done += count
            rss = rss_mb()
            rows.append(
                Row(
                    done,
                    rss,
                    rss - baseline,
                    len(erase_map(application)),
                    time.perf_counter() - started,
                )
            )
            print(f"{done:>7} people  RSS {rss:7.1f} MB  growth {rss - baseline:+6.2f} MB")
        if application.user_data or application.chat_data:
            raise SystemExit("the Application kept per-person data")
    return rows


def report(rows: list[Row], users: int, warmup: int, concurrency: int) -> str:
    final = rows[-1]
    cap = Settings.model_fields["erase_max_chats"].default
    verdict = "meets" if final.growth_mb < TARGET_MB else "MISSES"
    lines = [
        "# Memory per person: 100,000 people, one screen each",
        "",
        f"`python bench/bench_users_memory.py --users {users} --warmup {warmup} "
        f"--concurrency {concurrency}` "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; {concurrency} updates at a time).",
        "",
        "Each person is new (distinct user and chat ids) and sends /start; the real Application "
        "answers over HTTP to the fake Bot API server (in another process). RSS after "
        "gc.collect(); growth is measured from the end of the warm-up.",
        "",
        "| people so far | RSS (MB) | growth (MB) | Erase map (chats) | seconds |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row.users:,} | {row.rss_mb:.1f} | {row.growth_mb:+.2f} | {row.erase_chats:,} "
        f"| {row.seconds:.1f} |"
        for row in rows
    ]
    lines += [
        "",
        f"**Growth after {final.users - warmup:,} more people: {final.growth_mb:.2f} MB** "
        f"(target < {TARGET_MB:.0f} MB: {verdict} it); the Erase map holds "
        f"{final.erase_chats:,} chats (its cap: {cap:,}). "
        f"Throughput: {(final.users - warmup) / max(final.seconds, 1e-9):,.0f} people a second.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=4)  # faster than more: httpx's pool
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        asyncio.run(serve_fake(args.users))
        return 0
    fake = subprocess.Popen(  # noqa: S603 - this very script, as the fake server
        [sys.executable, __file__, "--serve-fake", "--users", str(args.users)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready = fake.stdout.readline().split() if fake.stdout is not None else []
        if ready[:1] != ["READY"]:
            print("the fake Bot API server did not start", file=sys.stderr)
            return 1
        rows = asyncio.run(measure(ready[1], args.users, args.warmup, args.concurrency))
    finally:
        if fake.stdin is not None:
            fake.stdin.close()
        fake.wait(timeout=30)
    text = report(rows, args.users, args.warmup, args.concurrency)
    publish(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the bot's peak memory when 10,000 people arrive at once, with and without the
backlog bound (MAX_PENDING_UPDATES).

    python bench/bench_backlog_memory.py [--people 10000] [--seconds 20] [--out FILE]

Runs `python -m bot run` in webhook mode against the fake Bot API server (in this process),
sending at Telegram's 30 messages a second, and POSTs every person's /start to its webhook at
once, open-loop (far faster than 30 a second can answer), for `--seconds`. The bot process's
RSS is sampled every 50 ms (psutil). Measured twice: with the default bound (500 updates in
hand; beyond it 503, and the connection cap closes the rest at the door) and with the bound
lifted (MAX_PENDING_UPDATES=1000000, which is what the bot did before: every update taken and
held). The table goes to stdout and bench/results/backlog_memory.md.

A 503 or a closed connection costs the person nothing: Telegram delivers the update again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.bot_api.server import FakeBotApi  # noqa: E402
from tests.helpers.telegram_bot import WEBHOOK_SECRET, free_port  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "backlog_memory.md"
SAMPLE_SECONDS = 0.05


@dataclass
class Run:
    label: str
    baseline_mb: float
    peak_mb: float
    answers: Counter[str]


def update(number: int, chat: int) -> bytes:
    return json.dumps(
        {
            "update_id": 1_000 + number,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private", "first_name": "P"},
                "from": {"id": chat, "is_bot": False, "first_name": "P", "language_code": "en"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
    ).encode()


async def burst(people: int, seconds: float, max_pending: int | None) -> Run:
    async with FakeBotApi() as fake:
        port = free_port()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WATCH_FILES": "false",
            "PTB_TIMEDELTA": "true",
            "MAX_SENDS_PER_SECOND": "30",
            "LOG_LEVEL": "WARNING",
        }
        if max_pending is not None:
            env["MAX_PENDING_UPDATES"] = str(max_pending)
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env
        )
        process = psutil.Process(bot.pid)
        url = f"http://127.0.0.1:{port}/telegram"
        headers = {
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
        }
        answers: Counter[str] = Counter()
        chats = [fake.user().id for _ in range(people)]  # people the fake knows
        try:
            await fake.wait_for(lambda: fake.calls_to("setWebhook"), 60)
            await asyncio.sleep(1)
            baseline = peak = process.memory_info().rss / 2**20
            connector = aiohttp.TCPConnector(limit=0, force_close=True)
            timeout = aiohttp.ClientTimeout(total=seconds + 5)
            async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:

                async def post(number: int) -> None:
                    try:
                        body = update(number, chats[number])
                        async with http.post(url, data=body, headers=headers) as r:
                            answers[str(r.status)] += 1
                    except (aiohttp.ClientError, TimeoutError) as error:
                        answers[type(error).__name__] += 1

                tasks = [asyncio.create_task(post(n)) for n in range(people)]
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    peak = max(peak, process.memory_info().rss / 2**20)
                    await asyncio.sleep(SAMPLE_SECONDS)
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                answers["still waiting at the end"] = people - sum(answers.values())
        finally:
            bot.terminate()
            await bot.wait()
    label = "bounded (default 500)" if max_pending is None else f"MAX_PENDING_UPDATES={max_pending}"
    return Run(label, baseline, peak, answers)


def table(runs: list[Run], people: int, seconds: float) -> str:
    lines = [
        f"# Backlog memory: {people:,} people at once, {seconds:g} s, sending 30 a second",
        "",
        f"`python bench/bench_backlog_memory.py --people {people} --seconds {seconds:g}` on "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores (shared with other work: figures vary).",
        "",
        "| Backlog | RSS before (MB) | Peak RSS (MB) | Growth (MB) | Answers in the window |",
        "|---|---|---|---|---|",
    ]
    for run in runs:
        answers = ", ".join(f"{key}: {count}" for key, count in sorted(run.answers.items()))
        lines.append(
            f"| {run.label} | {run.baseline_mb:.0f} | {run.peak_mb:.0f} | "
            f"{run.peak_mb - run.baseline_mb:.0f} | {answers} |"
        )
    return "\n".join(lines) + "\n"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    runs = [
        await burst(args.people, args.seconds, None),
        await burst(args.people, args.seconds, 1_000_000),
    ]
    text = table(runs, args.people, args.seconds)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())

"""Soak: the bot as it runs in production (`python -m bot run`, its own process) against the
fake Bot API server for many minutes, with a steady mix of people and random Telegram faults.

    python bench/soak.py --minutes 30                  # webhook, 20 people, faults on
    python bench/soak.py --minutes 10 --mode polling --people 40 --no-faults

People come and go: each walks a whole session (start, a category, a place, a search, Erase
for one in three) with a pause to read each screen, then a new person takes their place, so
the bot meets a stream of people it has never seen. While they do, the fake Telegram answers
some calls with 429 (retry_after 1 s), 500/502/503, an answer later than the bot's timeout, or
a dropped connection (tests/load/chaos.py), never often enough to defeat the bot's retries.

Every `--report-seconds` it prints one line: sessions finished, screens shown, p50/p99 from a
person's action to the screen it leads to, screens lost (none within 30 s), error screens
("Sorry, something went wrong"), screens meant for someone else, the faults that hit, the bot
process's RSS and CPU, its `bot_errors_total` (GET /metrics) and its WARNING/ERROR log lines.
A healthy run has no lost, error or foreign screens, no bot errors and an RSS that levels off.
The table goes to stdout and, with --out, to a Markdown file. Not a CI test: it takes minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench`, `bot` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
import psutil

from bot.content import PROJECT_ROOT, load_content
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.helpers.telegram_bot import WEBHOOK_SECRET, free_port
from tests.load.chaos import SENDING_METHODS, Chaos
from tests.load.crowd import Crowd, Journey, Shown, StepTimeoutError, journey, paths

STEP_TIMEOUT = 30.0
ERROR_LEADS = ("Sorry, something went wrong", "Perdón, algo salió mal")


def same_title(shown: Shown, expected: Shown) -> bool:
    """The screen the action leads to. Titles only: the bot runs on the real clock, so the
    cards' "open now" lines may differ from screens worked out beforehand."""
    return shown.title == expected.title


@dataclass
class Tally:
    """What happened since the last report (and in all)."""

    sessions: int = 0
    lost: int = 0
    error_screens: int = 0
    foreign: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.sessions += other.sessions
        self.lost += other.lost
        self.error_screens += other.error_screens
        self.foreign += other.foreign
        self.latencies += other.latencies


class Soak:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.fake = FakeBotApi()
        self.tally = Tally()
        self.total = Tally()
        self.rows: list[str] = []
        self.log_lines: Counter[str] = Counter()
        self.process: asyncio.subprocess.Process | None = None
        self.reader: asyncio.Task[None] | None = None
        self.healthz = ""
        self.metrics = ""

    # --- the bot process ---------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        port = free_port()
        env = {
            **os.environ,
            "BOT_TOKEN": self.fake.token,
            "TELEGRAM_API_BASE_URL": self.fake.base_url,
            "HOST": "127.0.0.1",
            "LOG_LEVEL": "INFO",
            "ERASE_NOTE_SECONDS": "2",
            "API_TIMEOUT_SECONDS": "0.5",  # a late answer (0.8 s) is a timeout
            "API_RETRY_BACKOFF_SECONDS": "0.05",
            "MAX_SENDS_PER_SECOND": str(self.args.sends_per_second),
            "WATCH_FILES": "false",
            "PTB_TIMEDELTA": "true",
        }
        if self.args.mode == "webhook":
            env |= {
                "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
                "WEBHOOK_SECRET": WEBHOOK_SECRET,
                "PORT": str(port),
            }
        else:
            env["METRICS_PORT"] = str(port)
        self.healthz = f"http://127.0.0.1:{port}/healthz"
        self.metrics = f"http://127.0.0.1:{port}/metrics"
        return env

    async def start_bot(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=PROJECT_ROOT,
            env=self.environment(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self.reader = asyncio.create_task(self.read_logs())  # ends with the process
        await self.fake.wait_for(lambda: self.fake.calls_to("setMyCommands"), timeout=60)

    async def read_logs(self) -> None:
        stream = self.process.stderr if self.process is not None else None
        if stream is None:
            return
        async for raw in stream:
            line = raw.decode(errors="replace")
            for level in ("WARNING", "ERROR", "CRITICAL"):
                if f" {level} " in line:
                    self.log_lines[level] += 1

    async def bot_errors(self, http: aiohttp.ClientSession) -> float | None:
        with contextlib.suppress(aiohttp.ClientError, TimeoutError):
            async with http.get(self.metrics, timeout=aiohttp.ClientTimeout(total=5)) as answer:
                text = await answer.text()
            return sum(
                float(line.rsplit(" ", 1)[1])
                for line in text.splitlines()
                if line.startswith("bot_errors_total{")
            )
        return None

    # --- the people ---------------------------------------------------------------------

    async def person(self, crowd: Crowd, trips: list[Journey], deadline: float) -> None:
        """One place in the crowd: a new person, session after session, until the deadline."""
        while time.monotonic() < deadline:
            trip = self.rng.choice(trips)
            person = self.fake.user(language_code=trip.path.language)
            try:
                await self.walk(crowd, person, trip)
                self.tally.sessions += 1
            except StepTimeoutError:
                self.tally.lost += 1
            self.judge(crowd, person, trip)

    async def walk(self, crowd: Crowd, person: FakeUser, trip: Journey) -> None:
        async def pause() -> None:
            await asyncio.sleep(self.rng.uniform(0, 2 * self.args.think))

        start = len(crowd.latencies)
        shown = await crowd.see(person, person.start(), trip.welcome)
        await pause()
        shown = await crowd.see(
            person, person.press(trip.category_button, shown), trip.choose_region
        )
        await pause()
        await crowd.see(person, person.press(trip.region_button, shown), trip.results)
        await pause()
        shown = await crowd.see(person, person.send_text(trip.path.query), trip.search)
        if trip.note is not None:
            await pause()
            await crowd.see(person, person.press(trip.erase_button, shown), trip.note)
        self.tally.latencies += crowd.latencies[start:]
        del crowd.latencies[start:]

    def judge(self, crowd: Crowd, person: FakeUser, trip: Journey) -> None:
        titles = {screen.title for screen in trip.screens}
        for view in crowd.outputs(person):
            if view.text.startswith(ERROR_LEADS):
                self.tally.error_screens += 1
            elif Shown.of_view(view).title not in titles:
                self.tally.foreign += 1

    # --- the run ------------------------------------------------------------------------

    async def run(self) -> int:
        await self.fake.start()
        try:
            await self.start_bot()
            loaded = load_content().content
            if loaded is None:
                raise SystemExit("the shipped content does not load: python -m bot validate")
            now = dt.datetime.now(dt.UTC)
            trips = [journey(loaded.engine, p, now) for p in paths(loaded, 84)]
            self.header()
            async with aiohttp.ClientSession() as http:
                await self.rounds(trips, http)
            return self.finish()
        finally:
            if self.process is not None and self.process.returncode is None:
                self.process.terminate()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.process.wait(), timeout=30)
            await self.fake.stop()

    async def rounds(self, trips: list[Journey], http: aiohttp.ClientSession) -> None:
        args = self.args
        if self.process is None:
            raise RuntimeError("the bot is not running")
        bot = psutil.Process(self.process.pid)
        bot.cpu_percent()
        started = time.monotonic()
        end = started + args.minutes * 60
        methods = (*SENDING_METHODS, "getUpdates") if args.mode == "polling" else SENDING_METHODS
        while time.monotonic() < end:
            deadline = min(end, time.monotonic() + args.report_seconds)
            async with Crowd(self.fake, step_timeout=STEP_TIMEOUT, same=same_title) as crowd:
                chaos = Chaos(
                    self.fake,
                    seed=self.rng.randrange(2**32),
                    methods=methods,
                    interval=args.fault_interval,
                )
                async with contextlib.AsyncExitStack() as stack:
                    if args.faults:
                        await stack.enter_async_context(chaos)
                    await asyncio.gather(
                        *(self.person(crowd, trips, deadline) for _ in range(args.people))
                    )
            await asyncio.sleep(3)  # Erase's notes (2 s) go before the fake forgets the chats
            faults = sum(chaos.hits().values())
            self.fake.clear_faults()
            self.fake.forget_history(chats=True)  # the fake's memory stays flat too
            self.report(time.monotonic() - started, bot, faults, await self.bot_errors(http))

    def header(self) -> None:
        a = self.args
        lines = [
            f"# Soak: {a.minutes:g} min by {a.mode}, {a.people} people at a time, "
            f"faults {'on' if a.faults else 'off'}",
            "",
            f"Python {platform.python_version()} on {platform.platform()}, "
            f"{os.cpu_count()} CPUs; MAX_SENDS_PER_SECOND={a.sends_per_second}, think "
            f"{a.think:g} s, seed {a.seed}",
            "",
            "| time | sessions | screens | p50 ms | p99 ms | lost | error screens | "
            "foreign | faults hit | bot RSS MB | bot CPU % | bot_errors_total | "
            "warnings/errors logged |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        self.rows += lines
        print("\n".join(lines), flush=True)

    def report(
        self, elapsed: float, bot: psutil.Process, faults: int, errors: float | None
    ) -> None:
        tally, self.tally = self.tally, Tally()
        self.total.add(tally)
        latencies = sorted(tally.latencies) or [0.0]
        p50 = latencies[len(latencies) // 2]
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        rss = bot.memory_info().rss / 1_048_576
        row = (
            f"| {elapsed / 60:.1f} min | {tally.sessions} | {len(tally.latencies)} | "
            f"{p50 * 1000:.0f} | {p99 * 1000:.0f} | {tally.lost} | {tally.error_screens} | "
            f"{tally.foreign} | {faults} | {rss:.1f} | "
            f"{bot.cpu_percent():.0f} | {'?' if errors is None else f'{errors:g}'} | "
            f"{self.log_lines['WARNING']}/{self.log_lines['ERROR'] + self.log_lines['CRITICAL']} |"
        )
        self.rows.append(row)
        print(row, flush=True)

    def finish(self) -> int:
        total = self.total
        healthy = total.lost == 0 and total.error_screens == 0 and total.foreign == 0
        if self.process is not None and self.process.returncode is not None:
            healthy = False
            self.rows.append(f"\nThe bot process ended early (exit {self.process.returncode}).")
        verdict = (
            f"\n{total.sessions} sessions, {len(total.latencies)} screens: "
            f"{total.lost} lost, {total.error_screens} error screens, {total.foreign} foreign."
        )
        self.rows.append(verdict)
        print(verdict)
        if self.args.out is not None:
            self.args.out.write_text("\n".join(self.rows) + "\n")
            print(f"written to {self.args.out}")
        return 0 if healthy else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--mode", choices=("webhook", "polling"), default="webhook")
    parser.add_argument("--people", type=int, default=20, help="people at a time (20)")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause per screen, s")
    parser.add_argument("--no-faults", dest="faults", action="store_false")
    parser.add_argument("--fault-interval", type=float, default=0.2, help="seconds (0.2)")
    parser.add_argument("--sends-per-second", type=int, default=30, help="as Telegram's (30)")
    parser.add_argument("--report-seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the table here (Markdown)")
    args = parser.parse_args()
    return asyncio.run(Soak(args).run())


if __name__ == "__main__":
    sys.exit(main())

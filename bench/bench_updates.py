"""Benchmark: what one update costs the bot, end to end, against a bare python-telegram-bot echo.

    python bench/bench_updates.py [--people 16] [--rounds 3] [--quick] [--profile DIR]

Both bots run as they would in production, each in a child process of its own pinned to one
CPU (`python -m bot run` in webhook mode, and bench/echo_bot.py), talking over loopback to a
minimal Telegram (bench/loopback_telegram.py) that runs here, pinned to the other CPU. That
Telegram POSTs updates to the bot's webhook (up to 40 at once, as Telegram does) and answers its
Bot API calls, timestamping both with the same clock.

Simulated people act one step at a time and wait for each answer (a closed loop), `--people` of
them at once, so the bot is kept busy. Our bot gets a realistic mix; per person and session:
/start, press a category, press a place, press "More" (or "Only open now" when there is one
page), type a search (English or Spanish, some misspelt, some naming a place). Every press uses
the callback data of the bot's last answer, as a person's app would. The echo bot gets the same
typed texts and answers each with one sendMessage. Our bot is also measured on one kind of
update at a time (start, press, text) so the table shows where the cost goes.

Reported per workload: updates per second; CPU time per update (the bot process's user+system
CPU, from psutil, over the updates); p50/p99 latency from the webhook POST to the arrival of
the bot's sendMessage/editMessageText; the bot's HTTP calls to the Bot API per update (a
method carried in the webhook's answer is listed apart). Each figure is the median over
`--rounds` rounds (the two bots alternate); the table goes to stdout and to
bench/results/updates.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psutil

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loopback_telegram import TOKEN, LoopbackBotApi, Person, Screen, Telegram
from bench.processes import stop
from bot.flows.state import State, unpack

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "updates.md"
SECRET = "bench-secret_0123456789"  # noqa: S105 - a loopback-only test secret
TARGET_RATIO = 1.5
FIRST_USER_ID = 6_200_000_001

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

Action = Callable[[Person, random.Random], Awaitable[int]]


# --- what people do ----------------------------------------------------------------------


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


def _more_or_open_now(screen: Screen | None) -> str:
    """On a first results page: "More" when there is a next page, else "Only open now"."""
    more = _targets(screen, lambda s: s.screen == "results" and s.page == 1)
    return (more or _targets(screen, lambda s: s.screen == "results" and s.page == 0))[0]


async def session(person: Person, rng: random.Random) -> int:
    """One person's visit: /start, category, place, next page, a search. Returns 5."""
    welcome = await person.send_text("/start")
    where = await person.press(rng.choice(_a_category(welcome)))
    results = await person.press(rng.choice(_a_place(where)))
    await person.press(_more_or_open_now(results))
    await person.send_text(rng.choice(QUERIES))
    return 5


async def start_only(person: Person, rng: random.Random) -> int:
    await person.send_text("/start")
    return 1


async def text_only(person: Person, rng: random.Random) -> int:
    await person.send_text(rng.choice(QUERIES))
    return 1


async def press_only(person: Person, rng: random.Random) -> int:
    """One press (the person has sent /start): a category first, then round and round: a
    place, "More" (or "Only open now"), "Change place"."""
    step, person.steps = person.steps, person.steps + 1
    screen = person.last
    if step == 0:
        await person.press(rng.choice(_a_category(screen)))
    elif step % 3 == 1:
        await person.press(rng.choice(_a_place(screen)))
    elif step % 3 == 2:
        await person.press(_more_or_open_now(screen))
    else:
        [change_place] = _a_category(screen)  # the same category, the place forgotten
        await person.press(change_place)
    return 1


async def echo_text(person: Person, rng: random.Random) -> int:
    await person.send_text(rng.choice(QUERIES))
    return 1


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Measure:
    """One workload on one bot, one round."""

    updates: int
    seconds: float
    cpu_seconds: float
    harness_cpu_seconds: float
    latencies: list[float]
    calls: Counter[str]

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_seconds / self.updates

    def latency_ms(self, quantile: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]

    @property
    def calls_per_update(self) -> float:
        """The bot's own HTTP calls to the Bot API per update (not those in webhook answers)."""
        own = sum(count for method, count in self.calls.items() if not method.endswith("(reply)"))
        return own / self.updates

    @property
    def harness_load(self) -> float:
        return self.harness_cpu_seconds / self.seconds


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


async def measure(
    bot: psutil.Process,
    api: LoopbackBotApi,
    people: Sequence[Person],
    action: Action,
    updates_per_person: int,
    seed: int,
) -> Measure:
    """Runs `action` over and over for every person at once until each has sent its share."""
    for person in people:
        person.latencies.clear()
    api.reset_counts()
    harness = psutil.Process()
    cpu_before, harness_before = cpu_seconds(bot), cpu_seconds(harness)
    started = time.perf_counter()

    async def run(person: Person, rng: random.Random) -> int:
        done = 0
        while done < updates_per_person:
            done += await action(person, rng)
        return done

    counts = await asyncio.gather(
        *(run(p, random.Random(seed * 1000 + i)) for i, p in enumerate(people))
    )
    seconds = time.perf_counter() - started
    cpu_after, harness_after = cpu_seconds(bot), cpu_seconds(harness)
    if api.stray_screens:
        raise RuntimeError(f"{api.stray_screens} answers came to a chat that was not waiting")
    return Measure(
        updates=sum(counts),
        seconds=seconds,
        cpu_seconds=cpu_after - cpu_before,
        harness_cpu_seconds=harness_after - harness_before,
        latencies=[latency for p in people for latency in p.latencies],
        calls=Counter(api.calls),
    )


# --- the bots, in child processes --------------------------------------------------------


@dataclass(frozen=True)
class BotKind:
    name: str
    command: tuple[str, ...]
    workloads: tuple[tuple[str, Action, int], ...]  # name, action, updates per session


OURS = BotKind(
    "ours",
    ("-m", "bot", "run"),
    (
        ("mix", session, 5),
        ("start", start_only, 1),
        ("press", press_only, 1),
        ("text search", text_only, 1),
    ),
)
ECHO = BotKind("echo", (str(ROOT / "bench" / "echo_bot.py"),), (("text echo", echo_text, 1),))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pin(pid: int, cpu: int | None) -> None:
    if cpu is not None:
        os.sched_setaffinity(pid, {cpu})


@contextlib.asynccontextmanager
async def child_bot(
    kind: BotKind,
    api: LoopbackBotApi,
    cpu: int | None,
    profile: Path | None,
    *,
    extra_env: dict[str, str] | None = None,
    ready_timeout: float = 60,
) -> AsyncIterator[psutil.Process]:
    """Starts the bot in a child process and waits until its webhook answers /healthz."""
    port = free_port()
    env = {
        **os.environ,
        "PTB_TIMEDELTA": "true",
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "WEBHOOK_SECRET": SECRET,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        # Telegram's real limit (30 a second) would make this a benchmark of the limiter.
        "MAX_SENDS_PER_SECOND": "100000",
        **(extra_env or {}),
    }
    command: list[str] = [sys.executable]
    if profile is not None:
        profile.parent.mkdir(parents=True, exist_ok=True)
        command += ["-m", "pyinstrument", "--interval", "0.001"]
        command += ["-r", "session"]
        command += ["-o", str(profile)]
        if kind.command[0] != "-m":
            command += [kind.command[0]]
        else:
            command += list(kind.command)
    else:
        command += list(kind.command)
    api.webhook_set.clear()
    api.webhook_url = None
    with tempfile.TemporaryFile() as log:
        child = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        pin(child.pid, cpu)
        try:
            await _until_ready(api, port, child, ready_timeout)
            yield psutil.Process(child.pid)
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        finally:
            await stop(child, 60)


async def _until_ready(
    api: LoopbackBotApi, port: int, child: asyncio.subprocess.Process, seconds: float
) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if child.returncode is not None:
                raise RuntimeError(f"the bot exited with {child.returncode}")
            if api.webhook_set.is_set():
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            return
            await asyncio.sleep(0.02)
    raise RuntimeError(f"the bot did not become ready in {seconds:.0f} s")


# --- a run -------------------------------------------------------------------------------


@dataclass
class Config:
    people: int
    updates_per_person: int
    light_updates: int
    warmup_per_person: int
    rounds: int
    bot_cpu: int | None
    harness_cpu: int | None
    profile: Path | None
    only: str | None = None


@dataclass
class Results:
    """Per (bot, workload): one Measure per round."""

    loaded: dict[tuple[str, str], list[Measure]] = field(default_factory=dict)
    light: dict[str, list[Measure]] = field(default_factory=dict)
    idle_cpu_ms_per_s: dict[str, list[float]] = field(default_factory=dict)

    def add(self, bot: str, workload: str, result: Measure) -> None:
        self.loaded.setdefault((bot, workload), []).append(result)


@dataclass
class Running:
    """One bot, started, with its own loopback Telegram."""

    kind: BotKind
    api: LoopbackBotApi
    telegram: Telegram
    process: psutil.Process
    next_user: int = FIRST_USER_ID

    def crowd(self, count: int) -> list[Person]:
        """`count` people the bot has never seen, in English and Spanish."""
        languages = ("en", "es", "en", "es-419")
        first, self.next_user = self.next_user, self.next_user + count
        return [Person(self.telegram, first + i, languages[i % 4]) for i in range(count)]


@contextlib.asynccontextmanager
async def started(kind: BotKind, config: Config) -> AsyncIterator[Running]:
    async with LoopbackBotApi() as api, Telegram(api) as telegram:
        profile = None
        if config.profile is not None:
            profile = config.profile / f"{kind.name}.pyisession"
        async with child_bot(kind, api, config.bot_cpu, profile) as process:
            yield Running(kind, api, telegram, process)


async def burst(
    bot: Running, action: Action, per_session: int, config: Config, seed: int
) -> Measure:
    """`config.people` new people doing `action` until each has sent its share."""
    people = bot.crowd(config.people)
    if action is press_only:
        await asyncio.gather(*(p.send_text("/start") for p in people))
    count = config.updates_per_person - config.updates_per_person % per_session
    return await measure(bot.process, bot.api, people, action, count, seed)


async def run_all(config: Config) -> Results:
    """Both bots run side by side (only one is sent updates at a time) and their bursts
    alternate, so a change in what else the machine is doing hits both alike."""
    results = Results()
    kinds = [kind for kind in (ECHO, OURS) if config.only in (None, kind.name)]
    async with contextlib.AsyncExitStack() as stack:
        bots = [await stack.enter_async_context(started(kind, config)) for kind in kinds]
        for bot in bots:  # warm-up: connections open, caches filled
            warm_action = session if bot.kind is OURS else echo_text
            warm_count = config.warmup_per_person * (5 if bot.kind is OURS else 1)
            await measure(
                bot.process, bot.api, bot.crowd(config.people), warm_action, warm_count, 99
            )
            before = cpu_seconds(bot.process)
            await asyncio.sleep(1.0)
            idle = 1000 * (cpu_seconds(bot.process) - before)
            results.idle_cpu_ms_per_s.setdefault(bot.kind.name, []).append(idle)
        for round_number in range(config.rounds):
            print(f"round {round_number + 1}/{config.rounds}", flush=True)
            for bot in bots if round_number % 2 == 0 else bots[::-1]:
                for workload, action, per_session in bot.kind.workloads:
                    measured = await burst(bot, action, per_session, config, round_number)
                    results.add(bot.kind.name, workload, measured)
        for round_number in range(config.rounds):  # one person at a time
            for bot in bots:
                workload, action, per_session = bot.kind.workloads[0]
                count = config.light_updates - config.light_updates % per_session
                light = await measure(
                    bot.process, bot.api, bot.crowd(1), action, count, round_number
                )
                results.light.setdefault(bot.kind.name, []).append(light)
    return results


# --- the report --------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.3f}-{max(values):.3f}" if len(values) > 1 else "-"


def report(results: Results, config: Config, load_before: float, load_after: float) -> str:
    echo = results.loaded[("echo", "text echo")]
    mix = results.loaded[("ours", "mix")]
    echo_cpu, mix_cpu = median([m.cpu_ms for m in echo]), median([m.cpu_ms for m in mix])
    ratios = [m.cpu_ms / e.cpu_ms for m, e in zip(mix, echo, strict=True)]
    ratio = median(ratios)
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    lines = [
        "# Cost per update, end to end: our bot against a bare python-telegram-bot echo",
        "",
        f"`python bench/bench_updates.py --people {config.people} --updates "
        f"{config.updates_per_person} --rounds {config.rounds}` "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; each bot pinned to CPU {config.bot_cpu}, "
        f"the harness to CPU {config.harness_cpu}; load average {load_before:.2f} before, "
        f"{load_after:.2f} after).",
        "",
        f"**CPU per update: ours {mix_cpu:.3f} ms (realistic mix) against {echo_cpu:.3f} ms "
        f"for the echo bot: {ratio:.2f}x** (target at most {TARGET_RATIO}x: {verdict} it; the "
        f"median of the {len(ratios)} rounds' ratios, which ranged "
        f"{min(ratios):.2f}-{max(ratios):.2f}x).",
        "",
        f"Webhook mode on loopback, {config.people} people at once, each waiting for every "
        f"answer. Both bots run side by side and take turns, one burst of "
        f"{config.updates_per_person} updates a person per workload; medians of "
        f"{config.rounds} rounds (the CPU range across rounds beside it).",
        "",
        "| bot | workload | updates/s | CPU ms/update (range) | p50 ms | p99 ms "
        "| Bot API HTTP calls/update | harness CPU |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (bot, workload), measures in results.loaded.items():
        cpus = [m.cpu_ms for m in measures]
        lines.append(
            f"| {bot} | {workload} | {median([m.per_second for m in measures]):,.0f} "
            f"| {median(cpus):.3f} ({spread(cpus)}) "
            f"| {median([m.latency_ms(0.5) for m in measures]):.2f} "
            f"| {median([m.latency_ms(0.99) for m in measures]):.2f} "
            f"| {median([m.calls_per_update for m in measures]):.2f} "
            f"| {median([m.harness_load for m in measures]):.0%} |"
        )
    lines += [
        "",
        "With nothing else going on (one person at a time; ours: the mix):",
        "",
        "| bot | updates | CPU ms/update (range) | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for bot, measures in results.light.items():
        cpus = [m.cpu_ms for m in measures]
        lines.append(
            f"| {bot} | {measures[0].updates} | {median(cpus):.3f} ({spread(cpus)}) "
            f"| {median([m.latency_ms(0.5) for m in measures]):.2f} "
            f"| {median([m.latency_ms(0.99) for m in measures]):.2f} |"
        )
    if "ours" in results.light and "echo" in results.light:
        light_ratio = median([m.cpu_ms for m in results.light["ours"]]) / median(
            [m.cpu_ms for m in results.light["echo"]]
        )
        lines += ["", f"CPU per update one at a time: ours / echo = {light_ratio:.2f}x."]
    lines += ["", "Bot API calls in the last round's mix and echo runs:", ""]
    for name, measures in (("ours, mix", mix), ("echo", echo)):
        calls = ", ".join(
            f"{method} {count}" for method, count in sorted(measures[-1].calls.items())
        )
        lines.append(f"- {name} ({measures[-1].updates} updates): {calls}")
    idle = ", ".join(
        f"{bot} {median(values):.1f} ms" for bot, values in results.idle_cpu_ms_per_s.items()
    )
    lines += [
        "",
        f"Idle CPU per second of wall time (background work, included above): {idle}.",
        "",
        "## Where our extra cost goes",
        "",
        "- **Bot API calls per update.** An echo is one sendMessage. A button press needs two "
        "calls over HTTP (answerCallbackQuery, then editMessageText); in webhook mode the bot "
        "puts answerCallbackQuery in its answer to Telegram's POST (Telegram carries it out), "
        "so every update of the mix costs one HTTP call, as an echo does. In polling mode a "
        "press still costs two.",
        "- **Bigger messages, both ways.** A screen is 0.3-2 KB of HTML plus a keyboard of up "
        "to a dozen buttons, and Telegram answers with the whole message (text, entities, "
        "keyboard), which python-telegram-bot parses into objects; a pressed button's update "
        "carries the pressed message with its keyboard too. An echo sends and gets back a few "
        "words.",
        "- **The bot's own work**: the engine (a result page renders five cards with phones and "
        "opening hours; a typed search understands the text and ranks the directory first), "
        "the rate limiter with retries, each chat's updates in turn, Erase's memory, metrics.",
        "- Where the time goes inside the bot process: bench/results/updates-profile.md "
        "(`--profile`).",
    ]
    return "\n".join(lines) + "\n"


# Where a profiled bot's time goes: (what, frame) where a frame is function@file-suffix; the
# time of a frame includes everything it called.
PROFILE_BUCKETS = (
    ("webhook: receive and parse the POST, queue the update", "receive_update@"),
    ("  of which Update.de_json", "de_json@telegram/_update.py"),
    ("handle the update (PTB dispatch, our handlers, Bot API calls)", "process_update@"
     "telegram/ext/_application.py"),
    ("  Bot API calls (build, send, parse the answer; PTB + httpx)", "_post@telegram/_bot.py"),
    ("    the HTTP exchange itself (httpx + httpcore)", "do_request@"),
    ("  the engine: (state or text) -> Screen", "handle@bot/flows/engine.py"),
    ("  rendering the Screen as HTML and a keyboard", "render@bot/channels/telegram/render.py"),
    ("Message.de_json, wherever: Telegram's answers, and the message in each update",
     "de_json@telegram/_message.py"),
    ("waiting for the network (epoll)", "select@selectors.py"),
)  # fmt: skip


def profile_summary(session_file: Path) -> list[str]:
    """The share of the profiled process's samples in each of PROFILE_BUCKETS."""
    from pyinstrument.frame import Frame
    from pyinstrument.session import Session

    root = Session.load(str(session_file)).root_frame()
    if root is None:
        return []
    inclusive: dict[str, float] = dict.fromkeys((p for _, p in PROFILE_BUCKETS), 0.0)

    def walk(frame: Frame, above: frozenset[str]) -> None:
        for _, pattern in PROFILE_BUCKETS:
            name, _, suffix = pattern.partition("@")
            if frame.function == name and (frame.file_path or "").endswith(suffix or ".py"):
                if pattern not in above:
                    inclusive[pattern] += frame.time
                above = above | {pattern}
        for child in frame.children:
            walk(child, above)

    walk(root, frozenset())
    idle_pattern = PROFILE_BUCKETS[-1][1]
    busy = root.time - inclusive[idle_pattern]  # both bots run all along: one is mostly idle
    lines = ["| where | share of the bot's busy time |", "| --- | ---: |"]
    for what, pattern in PROFILE_BUCKETS:
        if pattern != idle_pattern:
            lines.append(f"| {what} | {100 * inclusive[pattern] / busy:.1f}% |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=16, help="people acting at once")
    parser.add_argument("--updates", type=int, default=100, help="updates a person per burst")
    parser.add_argument("--light", type=int, default=400, help="updates for the idle latency")
    parser.add_argument("--warmup", type=int, default=3, help="sessions per person first")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    parser.add_argument("--profile", type=Path, help="profile each bot with pyinstrument here")
    parser.add_argument("--only", choices=("ours", "echo"), help="run one bot (no ratio)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    cpus = sorted(os.sched_getaffinity(0))
    bot_cpu, harness_cpu = (cpus[0], cpus[1]) if len(cpus) >= 2 else (None, None)
    config = Config(
        people=2 if args.quick else args.people,
        updates_per_person=10 if args.quick else args.updates,
        light_updates=10 if args.quick else args.light,
        warmup_per_person=1 if args.quick else args.warmup,
        rounds=1 if args.quick else args.rounds,
        bot_cpu=bot_cpu,
        harness_cpu=harness_cpu,
        profile=args.profile,
        only=args.only,
    )
    pin(0, harness_cpu)
    load_before = os.getloadavg()[0]
    results = asyncio.run(run_all(config))
    if config.only is not None:
        for (bot, workload), measures in results.loaded.items():
            print(
                f"{bot} {workload}: {median([m.cpu_ms for m in measures]):.3f} ms CPU/update, "
                f"{median([m.per_second for m in measures]):.0f}/s"
            )
        return 0
    text = report(results, config, load_before, os.getloadavg()[0])
    if config.profile is not None:
        text += "\n## Profile (pyinstrument, 1 ms samples; its overhead inflates the figures)\n"
        for kind in (OURS, ECHO):
            session = config.profile / f"{kind.name}.pyisession"
            if session.exists():
                text += f"\n{kind.name} (`{session}`):\n\n"
                text += "\n".join(profile_summary(session)) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

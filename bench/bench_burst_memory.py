"""Benchmark: the bot's memory when a crowd arrives faster than it answers.

    python bench/bench_burst_memory.py [--people 10000] [--workload start|mix] [--quick]
                                       [--flood-seconds 20] [--env NAME=VALUE ...]
                                       [--root DIR] [--out FILE]

`python -m bot run` (webhook mode, through bench/memory_probe.py) in a child process, against
bench/loopback_telegram.py. `--people` people the bot has never seen each send one update
(/start, or the mix of bench/bench_updates.py), all at once, in two ways.

As Telegram delivers them: over as many connections as the bot's webhook takes (its
max_connections) without waiting for people (bench/bench_updates_traffic.py); the deepest pile
is the most in the bot's hands at once (POSTed, not yet answered), and an update the webhook
refuses (503) is offered again a second later, as Telegram does. Run twice: once as deployed,
for the resident memory (RSS, from /proc every 20 ms: before, the peak, and after the crowd is
answered and garbage collected); once with Python's allocations traced (tracemalloc from just
before the burst: the most alive at once, what is still alive once every update is answered,
and the modules that hold it). Tracing slows the bot, so the second run's pile is deeper.
MAX_SENDS_PER_SECOND is 100000 unless set: at Telegram's 30 a second, 10,000 answers take
more than five minutes.

As a flood (the backlog bound, MAX_PENDING_UPDATES): every person's /start POSTed at once, each
on its own connection and never offered again, to a bot sending at Telegram's 30 a second, for
`--flood-seconds`; the peak RSS and what each POST was answered. Twice: with the bound as set
(by default 500 updates in hand; beyond it 503, and the connection cap closes the rest at the
door) and with it lifted (MAX_PENDING_UPDATES=1000000: every update taken and held). A 503 or a
closed connection costs the person nothing: Telegram delivers the update again.

The bot gets this process's environment plus `--env`: MAX_PENDING_UPDATES, ERASE_MAX_CHATS and
any other setting can be tried (`MAX_PENDING_UPDATES=500 python bench/bench_burst_memory.py`).
`--root DIR` runs another checkout's bot (an export of main, say). Results go to stdout and
bench/results/burst_memory.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_updates_bots import ROOT, BotKind, child_bot, pin, rss_bytes
from bench.bench_updates_traffic import Crowd, arrivals, collect_presses, deliver, kinds
from bench.loopback_telegram import JSONDict, LoopbackBotApi, Person, Telegram
from bench.results_file import publish

RESULTS = ROOT / "bench" / "results" / "burst_memory.md"
FIRST_USER_ID = 6_400_000_001
SHOWN_SETTINGS = ("MAX_PENDING_UPDATES", "MAX_SENDS_PER_SECOND", "ERASE_MAX_CHATS")
MB = 2**20


@dataclass
class Outcome:
    traced: bool
    seconds: float = 0.0
    refused: int = 0
    missing: int = 0
    deepest: int = 0
    rss_before: int = 0
    rss_peak: int = 0
    rss_after: int = 0
    traced_peak: int = 0
    retained: int = 0
    top: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Flood:
    """What a flood of POSTs did to the bot, and what each POST was answered."""

    bound: str
    seconds: float  # how long it was watched
    rss_before: int = 0
    rss_peak: int = 0
    answers: Counter[str] = field(default_factory=Counter)


async def probe(pid: int, out: Path) -> dict[str, object]:
    """Asks the bot (SIGUSR2) for its memory report and reads it."""
    out.unlink(missing_ok=True)  # noqa: ASYNC240 - a small local file
    os.kill(pid, signal.SIGUSR2)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = _read_report(out)
        if found is not None:
            return found
        await asyncio.sleep(0.05)
    raise RuntimeError("the bot wrote no memory report")


def _read_report(out: Path) -> dict[str, object] | None:
    with contextlib.suppress(FileNotFoundError, ValueError):
        found: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
        return found
    return None


@contextlib.asynccontextmanager
async def started_bot(
    env: dict[str, str], root: Path, out: Path
) -> AsyncIterator[tuple[Telegram, int]]:
    """The bot (with its memory probe writing to `out`) on one CPU, Telegram and its pid."""
    kind = BotKind(
        "ours",
        (str(ROOT / "bench" / "memory_probe.py"),),
        ("start",),
        "python -m bot run with a memory probe",
        {"MAX_SENDS_PER_SECOND": "100000", **env, "MEMORY_PROBE_OUT": str(out)},
    )
    cpus = sorted(os.sched_getaffinity(0))
    async with (
        LoopbackBotApi() as api,
        Telegram(api) as telegram,
        child_bot(kind, api, cpus[0] if len(cpus) >= 2 else None, None, root=root) as pid,
    ):
        yield telegram, pid


async def one_run(
    traced: bool, people: int, workload: str, env: dict[str, str], root: Path
) -> Outcome:
    outcome = Outcome(traced)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "memory.json"
        async with started_bot(env, root, out) as (telegram, pid):
            rng = random.Random(1)
            warm = [Person(telegram, FIRST_USER_ID + i, ("en", "es")[i % 2]) for i in range(20)]
            presses = await collect_presses(warm, rng)  # warm-up, and real buttons to press
            crowd = Crowd(telegram, presses, FIRST_USER_ID + 1000)
            chosen = kinds(workload, people, {"start": 1, "press": 1, "text": 1}, rng)
            updates = [(k, *crowd.update(k, rng)) for k in chosen]
            before = await probe(pid, out)
            outcome.rss_before = int(str(before["rss"]))
            if traced:
                os.kill(pid, signal.SIGUSR1)
            peak = rss_bytes(pid)

            async def sample() -> None:
                nonlocal peak
                while True:
                    peak = max(peak, rss_bytes(pid))
                    await asyncio.sleep(0.02)

            sampler = asyncio.create_task(sample())
            delivered = await deliver(telegram, updates, arrivals(people, None, rng))
            sampler.cancel()
            await asyncio.sleep(1.0)  # the last answers' work settles
            after = await probe(pid, out)
        outcome.seconds, outcome.refused = delivered.seconds, delivered.refused
        outcome.missing, outcome.rss_peak = delivered.missing, peak
        outcome.deepest = delivered.deepest
        outcome.rss_after = int(str(after["rss"]))
        if traced:
            outcome.traced_peak = int(str(after["traced_peak"]))
            outcome.retained = int(str(after["traced"]))
            top = after["top"]
            if not isinstance(top, list):
                raise TypeError("the memory report's top is not a list")
            outcome.top = [(str(name), int(size), int(count)) for name, size, count in top]
    return outcome


async def flood(
    bound: str | None, people: int, seconds: float, env: dict[str, str], root: Path
) -> Flood:
    """Every person's /start POSTed at once, open-loop, to a bot sending 30 a second; `bound`
    is MAX_PENDING_UPDATES (None: as `env` or the bot's default sets it)."""
    env = {**env, "MAX_SENDS_PER_SECOND": "30"}
    if bound is not None:
        env["MAX_PENDING_UPDATES"] = bound
    shown = env.get("MAX_PENDING_UPDATES") or os.environ.get("MAX_PENDING_UPDATES")
    result = Flood(f"MAX_PENDING_UPDATES={shown}" if shown else "bounded (the default)", seconds)
    with tempfile.TemporaryDirectory() as scratch:
        async with started_bot(env, root, Path(scratch) / "memory.json") as (telegram, pid):
            crowd = Crowd(telegram, [], FIRST_USER_ID + 1000)
            rng = random.Random(1)
            updates = [crowd.update("start", rng)[1] for _ in range(people)]
            await asyncio.sleep(1.0)
            result.rss_before = result.rss_peak = rss_bytes(pid)

            async def post(update: JSONDict) -> None:
                try:
                    result.answers[str(await telegram.offer_update(update))] += 1
                except aiohttp.ClientError as error:  # closed at the door, say
                    result.answers[type(error).__name__] += 1

            tasks = [asyncio.create_task(post(update)) for update in updates]
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                result.rss_peak = max(result.rss_peak, rss_bytes(pid))
                await asyncio.sleep(0.05)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    result.answers["still waiting at the end"] = people - sum(result.answers.values())
    return result


def report(
    command: str,
    people: int,
    workload: str,
    env: dict[str, str],
    runs: list[Outcome],
    floods: Sequence[Flood] = (),
) -> str:
    shown = {name: env.get(name) or os.environ.get(name) for name in SHOWN_SETTINGS}
    shown["MAX_SENDS_PER_SECOND"] = shown["MAX_SENDS_PER_SECOND"] or "100000 (this bench's)"
    settings = ", ".join(f"{name}={value or 'default'}" for name, value in shown.items())
    plain = next(run for run in runs if not run.traced)
    traced = next((run for run in runs if run.traced), None)
    lines = [
        f"# Memory under a burst: {people:,} new people at once",
        "",
        f"`{command}` ({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, the bot pinned to one; load average "
        f"{os.getloadavg()[0]:.2f} at the end). Settings: {settings}; each person sends "
        f"{'/start' if workload == 'start' else 'one update of the mix'}.",
        "",
        f"**Peak RSS {plain.rss_peak / MB:.0f} MB** ({plain.rss_before / MB:.0f} MB before, "
        f"+{(plain.rss_peak - plain.rss_before) / MB:.0f} MB at the peak of the pile, "
        f"{plain.rss_after / MB:.0f} MB after)",
    ]
    if traced is not None:
        lines[-1] += (
            f"; **retained {traced.retained / MB:.1f} MB** of Python objects once every "
            f"update is answered ({traced.retained / people:,.0f} bytes a person; the most "
            f"alive at once: {traced.traced_peak / MB:.0f} MB)"
        )
    lines[-1] += "."
    lines += [
        "",
        "| run | seconds | deepest pile | refused (offered again) | never answered | RSS before MB "
        "| RSS peak MB | RSS after MB | traced peak MB | retained MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        traced_cells = (
            f"{run.traced_peak / MB:.1f} | {run.retained / MB:.2f}" if run.traced else "- | -"
        )
        lines.append(
            f"| {'tracemalloc' if run.traced else 'as deployed'} | {run.seconds:.1f} "
            f"| {run.deepest:,} "
            f"| {run.refused:,} | {run.missing:,} | {run.rss_before / MB:.1f} "
            f"| {run.rss_peak / MB:.1f} | {run.rss_after / MB:.1f} | {traced_cells} |"
        )
    if traced is not None and traced.top:
        lines += [
            "",
            "What is still alive after the burst, by module (tracemalloc, allocated since it):",
            "",
            "| module | KB | blocks |",
            "| --- | ---: | ---: |",
        ]
        for name, size, count in traced.top:
            short = name.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
            short = short.replace(
                f"{sys.base_prefix}/lib/python{sys.version_info[0]}.{sys.version_info[1]}/", ""
            )
            lines.append(f"| {short} | {size / 1024:,.0f} | {count:,} |")
    lines += [
        "",
        "RSS after the burst includes what the allocator keeps from the peak (freed objects' "
        "arenas are not always returned to the system); retained memory is what Python still "
        "holds, which is what would grow with more people.",
    ]
    return "\n".join(lines + flood_report(people, floods)) + "\n"


def flood_report(people: int, floods: Sequence[Flood]) -> list[str]:
    if not floods:
        return []
    lines = [
        "",
        f"## The backlog bound: {people:,} POSTs at once, watched {floods[0].seconds:g} s, "
        "the bot sending 30 a second",
        "",
        "Each person's /start on its own connection, never offered again (a 503 or a closed "
        "connection costs the person nothing: Telegram delivers the update again).",
        "",
        "| backlog | RSS before MB | RSS peak MB | growth MB | answers in the window |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for run in floods:
        answers = ", ".join(f"{key}: {count:,}" for key, count in sorted(run.answers.items()))
        lines.append(
            f"| {run.bound} | {run.rss_before / MB:.0f} | {run.rss_peak / MB:.0f} "
            f"| {(run.rss_peak - run.rss_before) / MB:.0f} | {answers} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--workload", choices=("start", "mix"), default="start")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose bot runs")
    parser.add_argument(
        "--flood-seconds",
        type=float,
        default=20.0,
        help="how long each flood is watched (0: no flood)",
    )
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    env = dict(item.split("=", 1) for item in args.env)
    people = 200 if args.quick else args.people
    cpus = sorted(os.sched_getaffinity(0))
    pin(0, cpus[-1] if len(cpus) >= 2 else None)
    runs = [
        asyncio.run(one_run(traced, people, args.workload, env, args.root))
        for traced in (False, True)
    ]
    seconds = min(args.flood_seconds, 2.0) if args.quick else args.flood_seconds
    floods = [
        asyncio.run(flood(bound, people, seconds, env, args.root))
        for bound in ((None, "1000000") if seconds > 0 else ())
    ]
    command = " ".join(["python bench/bench_burst_memory.py", *(argv or sys.argv[1:])])
    text = report(command, people, args.workload, env, runs, floods)
    publish(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: what one update costs the bot, end to end, next to a bare python-telegram-bot echo
bot and a bare aiohttp floor, open-loop as Telegram delivers updates.

    python bench/bench_updates.py [--updates 1500] [--rounds 3] [--rate 25] [--quick]
                                  [--bots floor,echo,echo-64,ours] [--mix start=1,press=1,text=1]
                                  [--profile DIR] [--root DIR]

Every bot runs as it is deployed, each in a child process of its own pinned to one CPU, all
side by side, talking over loopback to a minimal Telegram (bench/loopback_telegram.py) that runs
here, pinned to the other CPU. The bots (bench/bench_updates_bots.py): ours (`python -m bot
run`, webhook mode), a bare PTB echo bot at PTB's defaults (the comparison the target is set
on), the same echo taking 64 updates at once as ours does, and a floor without PTB.

Traffic (bench/bench_updates_traffic.py): every update from a new person; Telegram POSTs each
without waiting for the bot to answer the one before (open loop), at most 40 at once.
- **Bursts**: `--updates` updates arrive at once and pile up in the bot, which works through
  them at the concurrency it really has. Per workload: the mix (`--mix` weights of start,
  press and text), then each kind alone (ours); typed texts (the echo and the floor, which
  answer nothing else). CPU per update is the bot process's CPU (all threads, from /proc) from
  the first POST to the last answer, over the updates.
- **Steady**: `--steady` updates of the mix at `--rate` a second (Poisson arrivals; 25 is
  under Telegram's 30 messages a second), for the latency a person sees when the bot keeps up:
  webhook POST to the arrival of the bot's answer.

Unpaced, ours has MAX_SENDS_PER_SECOND=100000 and the echo bots no rate limiter: what an update
costs. Paced (`ours-30`, `echo-30`), both wait for Telegram's 30 messages a second, as a bot that
respects the limit does in a burst. Each figure is the median over `--rounds` rounds; the bots
take turns within a round, so a change in what else the machine does hits all alike. `--root
DIR` runs ours from another checkout (an export of main, say) for a before/after. Results go to
stdout and bench/results/updates.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_updates_bots import (
    KINDS,
    OURS,
    OURS_30,
    SECRET,
    BotKind,
    child_bot,
    cpu_seconds,
    free_port,
    pin,
)
from bench.bench_updates_report import Measure, Results, report
from bench.bench_updates_traffic import Crowd, Press, arrivals, collect_presses, deliver, kinds
from bench.loopback_telegram import LoopbackBotApi, Person, Telegram
from bench.results_file import publish

__all__ = ["OURS", "OURS_30", "SECRET", "child_bot", "free_port", "main", "pin"]

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "updates.md"
FIRST_USER_ID = 6_200_000_001


@dataclass
class Config:
    bots: tuple[BotKind, ...]
    updates: int
    paced_updates: int
    steady: int
    rate: float
    rounds: int
    mix: dict[str, int]
    bot_cpu: int | None
    harness_cpu: int | None
    profile: Path | None
    command: str
    ours_root: Path = ROOT


@dataclass
class Running:
    """One bot, started, with its own loopback Telegram."""

    kind: BotKind
    api: LoopbackBotApi
    telegram: Telegram
    pid: int
    crowd: Crowd


@contextlib.asynccontextmanager
async def started(kind: BotKind, config: Config, first_user: int) -> AsyncIterator[Running]:
    profile = config.profile / f"{kind.name}.txt" if config.profile else None
    async with (
        LoopbackBotApi() as api,
        Telegram(api) as telegram,
        child_bot(
            kind, api, config.bot_cpu, profile, root=config.ours_root if kind.is_ours else ROOT
        ) as pid,
    ):
        yield Running(kind, api, telegram, pid, Crowd(telegram, [], first_user))


async def measure(
    bot: Running, workload: str, count: int, config: Config, rate: float | None, seed: int
) -> Measure:
    """`count` updates of `workload` from new people, delivered open-loop (at `rate`, or all
    at once); the bot's CPU and the latencies."""
    rng = random.Random(seed)
    chosen = kinds(workload, count, config.mix, rng)
    updates = [(kind, *bot.crowd.update(kind, rng)) for kind in chosen]
    at = arrivals(count, rate, rng)
    bot.api.reset_counts()
    harness_before, cpu_before = cpu_seconds(os.getpid()), cpu_seconds(bot.pid)
    delivered = await deliver(bot.telegram, updates, at)
    cpu_after, harness_after = cpu_seconds(bot.pid), cpu_seconds(os.getpid())
    if bot.api.stray_screens:
        raise RuntimeError(f"{bot.api.stray_screens} answers came to a chat that was not waiting")
    return Measure(
        bot=bot.kind.name,
        workload=workload,
        updates=count,
        seconds=delivered.seconds,
        cpu_seconds=cpu_after - cpu_before,
        harness_cpu_seconds=harness_after - harness_before,
        latencies=delivered.latencies,
        calls=Counter(bot.api.calls),
        missing=delivered.missing,
        deepest=delivered.deepest,
    )


async def warm_up(bots: Sequence[Running], config: Config) -> list[Press]:
    """Ours shows real screens to a few people (their buttons are what `press` updates
    press); then every bot gets a small burst, so connections are open and caches filled."""
    presses: list[Press] = []
    for bot in bots:
        if bot.kind.is_ours:
            people = [
                Person(bot.telegram, bot.crowd.next_user_id + i, ("en", "es")[i % 2])
                for i in range(12)
            ]
            bot.crowd.next_user_id += len(people)
            presses = await collect_presses(people, random.Random(7))
            bot.crowd.presses = presses
    for bot in bots:
        await measure(bot, bot.kind.workloads[0], 60, config, None, 99)
    return presses


async def run_all(config: Config) -> Results:
    results = Results()
    async with contextlib.AsyncExitStack() as stack:
        bots = [
            await stack.enter_async_context(started(kind, config, FIRST_USER_ID + i * 10**7))
            for i, kind in enumerate(config.bots)
        ]
        await warm_up(bots, config)
        for bot in bots:
            before = cpu_seconds(bot.pid)
            await asyncio.sleep(1.0)
            results.idle_cpu_ms_per_s[bot.kind.name] = 1000 * (cpu_seconds(bot.pid) - before)
        for round_number in range(config.rounds):
            print(f"round {round_number + 1}/{config.rounds}", flush=True)
            for bot in bots if round_number % 2 == 0 else bots[::-1]:
                count = config.paced_updates if bot.kind.paced else config.updates
                for workload in bot.kind.workloads:
                    measured = await measure(bot, workload, count, config, None, round_number)
                    results.add(measured, steady=False)
                if bot.kind.steady:
                    measured = await measure(
                        bot, bot.kind.workloads[0], config.steady, config, config.rate, round_number
                    )
                    results.add(measured, steady=True)
    return results


def parse_mix(text: str) -> dict[str, int]:
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name not in ("start", "press", "text") or not weight.isdigit():
            raise argparse.ArgumentTypeError(f"not a kind=weight: {part!r}")
        mix[name] = int(weight)
    return mix


def parse_bots(text: str) -> tuple[BotKind, ...]:
    try:
        return tuple(KINDS[name] for name in text.split(","))
    except KeyError as error:
        known = ", ".join(KINDS)
        raise argparse.ArgumentTypeError(f"no such bot: {error}; known: {known}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--updates", type=int, default=1500, help="updates per burst")
    parser.add_argument("--steady", type=int, default=500, help="updates at the steady rate")
    parser.add_argument("--rate", type=float, default=25.0, help="steady arrivals a second")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mix", type=parse_mix, default=parse_mix("start=1,press=1,text=1"))
    parser.add_argument("--bots", type=parse_bots, default=parse_bots(",".join(KINDS)))
    parser.add_argument("--paced-updates", type=int, default=600, help="per paced burst")
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    parser.add_argument("--profile", type=Path, help="record each bot with py-spy here")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout ours runs from")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    cpus = sorted(os.sched_getaffinity(0))
    bot_cpu, harness_cpu = (cpus[0], cpus[1]) if len(cpus) >= 2 else (None, None)
    command = " ".join(["python bench/bench_updates.py", *(argv or sys.argv[1:])])
    config = Config(
        bots=args.bots,
        updates=30 if args.quick else args.updates,
        paced_updates=30 if args.quick else args.paced_updates,
        steady=20 if args.quick else args.steady,
        rate=100.0 if args.quick else args.rate,
        rounds=1 if args.quick else args.rounds,
        mix=args.mix,
        bot_cpu=bot_cpu,
        harness_cpu=harness_cpu,
        profile=args.profile,
        command=command,
        ours_root=args.root,
    )
    pin(0, harness_cpu)
    load_before = os.getloadavg()[0]
    started_at = time.perf_counter()
    results = asyncio.run(run_all(config))
    text = report(
        results, config, load_before, os.getloadavg()[0], time.perf_counter() - started_at
    )
    publish(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: how long `python -m bot run` takes to be ready, next to a bare PTB echo bot.

    python bench/bench_startup.py [--size 10000] [--runs 5] [--latency-ms 100] [--root DIR]
                                  [--compare DIR] [--quick]

Each run starts a fresh process pinned to one CPU against bench/loopback_telegram.py (here, on
the other CPU) and measures from just before it is spawned to the moment it is ready:
- webhook mode: its GET /healthz answers 200 (polled every 5 ms once setWebhook has come);
- polling mode: its first getUpdates call arrives at the Bot API;
- `python -m bot try` (the terminal, stdin closed): until it has shown the welcome and exited.

The bots: ours on the shipped directory, and on 10,000 resources (bench/generate_directory.py's,
seed 1, plus the shipped national and Washington files, as bench/bench_search_bot.py); the echo
bot of bench/bench_updates.py (bench/echo_bot.py, webhook mode). Then the same webhook starts
with every Bot API answer `--latency-ms` late, as Telegram is a round trip away: start-up
makes getMe, a setMyCommands per language and by default, and setWebhook. Then, each in a fresh
process, where the time goes: the interpreter alone, importing what `run` imports, and
`load_content`. `--root DIR` runs another checkout's bot; `--compare DIR` starts another
checkout's bot (say, an export of main) too, in turn with ours, for a before/after. Target:
ready with 10,000 resources in under 2 s. Results go to stdout and bench/results/startup.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_search_bot import directory_with_shipped
from bench.bench_updates_bots import SECRET, free_port, pin
from bench.loopback_telegram import TOKEN, LoopbackBotApi
from bench.processes import stop
from bench.results_file import publish
from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "startup.md"
TARGET_SECONDS = 2.0
RUN = ("-m", "bot", "run")
ECHO = (str(ROOT / "bench" / "echo_bot.py"),)
IMPORTS = (  # what `python -m bot run` imports before it loads the content and starts
    "import time; started = time.perf_counter(); "
    "import gc; gc.disable(); "  # as bot/__main__.py and run_cmd.py do
    "import bot.cli, asyncio, logging; "
    "build = bot.cli.build_parser; build('run') if build.__code__.co_argcount else build(); "
    "from telegram.error import InvalidToken, NetworkError; "
    "from bot.channels.telegram.app import build_application; "
    "from bot.channels.telegram.run import run_until_signalled; "
    "from bot.content import ContentStore, load_content; "
    "from bot.observability.logs import configure_logging; "
    "from bot.settings import Settings; "
    "print(time.perf_counter() - started)"
)
LOAD = (
    "import sys, time; from pathlib import Path; "
    "from bot.content import load_content; "
    "t = time.perf_counter(); r = load_content(Path(sys.argv[1]), Path(sys.argv[2])); "
    "assert r.content is not None; print(time.perf_counter() - t)"
)


@dataclass(frozen=True)
class Start:
    """One kind of start to time."""

    what: str
    command: tuple[str, ...]
    mode: str  # "webhook", "polling" or "try"
    resources: Path
    latency: float = 0.0
    root: Path | None = None  # another checkout's bot (--compare), else --root's


async def one_start(start: Start, root: Path, cpu: int | None) -> float:
    """Seconds from spawning the process to ready."""
    root = start.root or root
    if start.mode == "try":
        return await one_try(start, root, cpu)
    async with LoopbackBotApi(latency=start.latency) as api:
        port = free_port()
        env = {
            **os.environ,
            "PTB_TIMEDELTA": "true",
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "RESOURCES_DIR": str(start.resources),
            "CONVERSATIONS_DIR": str(DEFAULT_CONVERSATIONS),
            "HOST": "127.0.0.1",
            "PORT": str(port),
        }
        if start.mode == "webhook":
            env["WEBHOOK_URL"] = f"http://127.0.0.1:{port}/telegram"
            env["WEBHOOK_SECRET"] = SECRET
        started = time.perf_counter()
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            *start.command,
            env=env,
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        pin(child.pid, cpu)
        try:
            if start.mode == "polling":
                await asyncio.wait_for(api.polling.wait(), 120)
                return (api.first_get_updates or started) - started
            await asyncio.wait_for(api.webhook_set.wait(), 120)
            async with aiohttp.ClientSession() as session:
                while True:
                    with contextlib.suppress(aiohttp.ClientError):
                        async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                            if response.status == 200:
                                return time.perf_counter() - started
                    await asyncio.sleep(0.005)
        finally:
            await stop(child, 30)


async def one_try(start: Start, root: Path, cpu: int | None) -> float:
    started = time.perf_counter()
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "try", "--resources", str(start.resources),
        cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    pin(child.pid, cpu)
    output, _ = await asyncio.wait_for(child.communicate(), 120)
    if child.returncode != 0 or not output:
        raise RuntimeError(f"python -m bot try exited with {child.returncode}")
    return time.perf_counter() - started


def timed_python(code: str, *args: str, root: Path, cpu: int | None) -> float:
    """Wall seconds of a fresh `python -c code args` pinned to `cpu` (or what it prints)."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - this interpreter, with code we wrote
        [sys.executable, "-c", code, *args], cwd=root, stdout=subprocess.PIPE, text=True
    )
    pin(child.pid, cpu)
    out, _ = child.communicate(timeout=300)
    if child.returncode != 0:
        raise RuntimeError(f"python -c failed: {code[:60]}")
    return float(out) if out.strip() else time.perf_counter() - started


def row(label: str, values: list[float]) -> str:
    return (
        f"| {label} | {len(values)} | {statistics.median(values):.2f} | {min(values):.2f} "
        f"| {max(values):.2f} |"
    )


def report(
    command: str,
    size: int,
    runs: dict[Start, list[float]],
    phases: dict[str, list[float]],
    latency_ms: float,
) -> str:
    big = [v for start, values in runs.items() if start.what == f"ours, {size:,}" for v in values]
    worst = max(big) if big else float("nan")
    verdict = "meets" if worst < TARGET_SECONDS else "MISSES"
    shipped = {
        s.mode: statistics.median(v)
        for s, v in runs.items()
        if s.what == "ours, shipped" and not s.latency
    }
    echo = [statistics.median(v) for s, v in runs.items() if s.what == "echo" and not s.latency]
    lines = [
        "# Start-up: `python -m bot run` to ready",
        "",
        f"`{command}` ({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, the bot pinned to one; load average "
        f"{os.getloadavg()[0]:.2f} at the end).",
        "",
        f"**Ready in {shipped.get('webhook', float('nan')):.2f} s on the shipped directory** "
        f"(webhook mode, median; the bare PTB echo bot: "
        f"{echo[0] if echo else float('nan'):.2f} s); **with {size:,} resources at most "
        f"{worst:.2f} s** (target under {TARGET_SECONDS:.0f} s: {verdict} it). From spawning "
        "the process to /healthz answering 200 (webhook), to its first getUpdates (polling), "
        "or, for `try`, to the welcome shown and the process gone.",
        "",
        "| start | runs | median s | min s | max s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for start, values in runs.items():
        late = f", Bot API {start.latency * 1000:.0f} ms away" if start.latency else ""
        lines.append(row(f"{start.what}: {start.mode}{late}", values))
    if any(start.root for start in runs):
        lines += ["", "Each round starts every kind once, in turn, so the other checkout's bot "
                  "meets the same machine as ours."]  # fmt: skip
    lines += [
        "",
        f"With the Bot API {latency_ms:.0f} ms away, the start-up calls show: getMe comes "
        "first (PTB's initialize asks who the bot is), then the command menus and setWebhook "
        "go together, one round trip instead of four.",
        "",
        "Where the time goes (each in a fresh process; medians):",
        "",
        "| step | s |",
        "| --- | ---: |",
    ]
    lines += [f"| {name} | {statistics.median(values):.2f} |" for name, values in phases.items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000, help="synthetic resources")
    parser.add_argument("--runs", type=int, default=5, help="starts of each kind")
    parser.add_argument("--latency-ms", type=float, default=100.0, help="the late Bot API's")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose bot runs")
    parser.add_argument(
        "--compare", type=Path, help="also start this checkout's bot, in turn with ours"
    )
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-cache")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    size = 300 if args.quick else args.size
    count = 1 if args.quick else args.runs
    cpus = sorted(os.sched_getaffinity(0))
    bot_cpu = cpus[0] if len(cpus) >= 2 else None
    pin(0, cpus[-1] if len(cpus) >= 2 else None)
    big = directory_with_shipped(args.cache, size)
    late = args.latency_ms / 1000
    starts = [
        Start("ours, shipped", RUN, "webhook", DEFAULT_RESOURCES),
        Start("ours, shipped", RUN, "polling", DEFAULT_RESOURCES),
        Start("ours, shipped", (), "try", DEFAULT_RESOURCES),
        Start("echo", ECHO, "webhook", DEFAULT_RESOURCES),
        Start(f"ours, {size:,}", RUN, "webhook", big),
        Start(f"ours, {size:,}", RUN, "polling", big),
        Start("ours, shipped", RUN, "webhook", DEFAULT_RESOURCES, late),
        Start("echo", ECHO, "webhook", DEFAULT_RESOURCES, late),
    ]
    if args.compare is not None:
        starts += [
            Start(
                f"{args.compare.name}, shipped", RUN, mode, DEFAULT_RESOURCES, delay, args.compare
            )
            for mode, delay in (("webhook", 0.0), ("try", 0.0), ("webhook", late))
        ]
    timed_python(IMPORTS, root=args.root, cpu=bot_cpu)  # files in the page cache, as on a restart
    runs: dict[Start, list[float]] = {start: [] for start in starts}
    for _ in range(count):
        for start in starts:
            runs[start].append(asyncio.run(one_start(start, args.root, bot_cpu)))
    phases: dict[str, list[float]] = {
        "interpreter alone (start and exit)": [],
        "imports": [],
        "load_content, shipped": [],
        f"load_content, {size:,}": [],
    }
    conversations = str(DEFAULT_CONVERSATIONS)
    for _ in range(count):
        phases["interpreter alone (start and exit)"].append(
            timed_python("pass", root=args.root, cpu=bot_cpu)
        )
        phases["imports"].append(timed_python(IMPORTS, root=args.root, cpu=bot_cpu))
        phases["load_content, shipped"].append(
            timed_python(LOAD, str(DEFAULT_RESOURCES), conversations, root=args.root, cpu=bot_cpu)
        )
        phases[f"load_content, {size:,}"].append(
            timed_python(LOAD, str(big), conversations, root=args.root, cpu=bot_cpu)
        )
    command = " ".join(["python bench/bench_startup.py", *(argv or sys.argv[1:])])
    text = report(command, size, runs, phases, args.latency_ms)
    publish(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

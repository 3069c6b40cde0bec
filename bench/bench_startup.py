"""Benchmark: how long `python -m bot run` takes to be ready with a 10,000-resource directory.

    python bench/bench_startup.py [--size 10000] [--runs 5] [--quick]

The directory is bench/generate_directory.py's (seed 1) plus the shipped national and
Washington files (as bench/bench_search_bot.py), with the shipped conversations/. Each run
starts a fresh `python -m bot run` pinned to one CPU against bench/loopback_telegram.py (here,
on the other CPU) and measures from just before the process is spawned to the moment it is
ready:
- webhook mode: its GET /healthz answers 200 (polled every 5 ms once setWebhook has come);
- polling mode: its first getUpdates call arrives at the Bot API.

Then, each in a fresh process, where the time goes: the interpreter alone, importing what
`run` imports, and `load_content` (directory, index and flow). Target: ready in under 2 s.
Results go to stdout and bench/results/startup.md.
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
from pathlib import Path

import aiohttp

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_search_bot import directory_with_shipped
from bench.bench_updates import SECRET, free_port, pin
from bench.loopback_telegram import TOKEN, LoopbackBotApi
from bench.processes import stop
from bot.content import DEFAULT_CONVERSATIONS

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "startup.md"
TARGET_SECONDS = 2.0
IMPORTS = (  # what `python -m bot run` imports before it loads the content and starts
    "import time; started = time.perf_counter(); "
    "import gc; gc.disable(); "  # as bot/__main__.py and run_cmd.py do
    "import bot.cli, asyncio, logging; "
    "from telegram.error import InvalidToken, NetworkError; "
    "from bot.channels.telegram.app import build_application; "
    "from bot.channels.telegram.run import run_until_signalled; "
    "from bot.content import ContentStore, load_content; "
    "from bot.observability.logs import configure_logging; "
    "from bot.settings import Settings, SettingsError; "
    "print(time.perf_counter() - started)"
)
LOAD = (
    "import sys, time; from pathlib import Path; "
    "from bot.content import load_content; "
    "t = time.perf_counter(); r = load_content(Path(sys.argv[1]), Path(sys.argv[2])); "
    "assert r.content is not None; print(time.perf_counter() - t)"
)


async def one_start(root: Path, mode: str, cpu: int | None) -> float:
    """Seconds from spawning `python -m bot run` to ready, in `mode`."""
    async with LoopbackBotApi() as api:
        port = free_port()
        env = {
            **os.environ,
            "PTB_TIMEDELTA": "true",
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "RESOURCES_DIR": str(root),
            "CONVERSATIONS_DIR": str(DEFAULT_CONVERSATIONS),
            "HOST": "127.0.0.1",
            "PORT": str(port),
        }
        if mode == "webhook":
            env["WEBHOOK_URL"] = f"http://127.0.0.1:{port}/telegram"
            env["WEBHOOK_SECRET"] = SECRET
        started = time.perf_counter()
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        pin(child.pid, cpu)
        try:
            if mode == "polling":
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


def timed_python(code: str, *args: str, cpu: int | None) -> float:
    """Wall seconds of a fresh `python -c code args` pinned to `cpu`."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - this interpreter, with code we wrote
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    pin(child.pid, cpu)
    out, _ = child.communicate(timeout=300)
    if child.returncode != 0:
        raise RuntimeError(f"python -c failed: {code[:60]}")
    return float(out) if out.strip() else time.perf_counter() - started


def report(size: int, runs: dict[str, list[float]], phases: dict[str, list[float]]) -> str:
    worst = max(max(values) for values in runs.values())
    verdict = "meets" if worst < TARGET_SECONDS else "MISSES"
    lines = [
        f"# Start-up with {size:,} resources",
        "",
        f"`python bench/bench_startup.py{'' if size == 10_000 else f' --size {size}'}` "
        f"({platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, the bot pinned to one; load average {os.getloadavg()[0]:.2f} at "
        "the end).",
        "",
        f"**Ready in at most {worst:.2f} s** (target under {TARGET_SECONDS:.0f} s: {verdict} "
        "it), from spawning `python -m bot run` to /healthz answering 200 (webhook mode) or to "
        "its first getUpdates (polling mode).",
        "",
        "| mode | runs | median s | min s | max s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for mode, values in runs.items():
        lines.append(
            f"| {mode} | {len(values)} | {statistics.median(values):.2f} | {min(values):.2f} "
            f"| {max(values):.2f} |"
        )
    lines += [
        "",
        "Where the time goes (each in a fresh process; medians):",
        "",
        "| step | s |",
        "| --- | ---: |",
    ]
    lines += [f"| {name} | {statistics.median(values):.2f} |" for name, values in phases.items()]
    lines += [
        "",
        "The rest of a start is building the Application, asking the Bot API getMe, "
        "setMyCommands (once per language and once by default), setWebhook, and opening the "
        "webhook server; over loopback those take a few tens of milliseconds.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000, help="synthetic resources")
    parser.add_argument("--runs", type=int, default=5, help="starts per mode")
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-cache")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    size = 300 if args.quick else args.size
    count = 1 if args.quick else args.runs
    cpus = sorted(os.sched_getaffinity(0))
    bot_cpu = cpus[0] if len(cpus) >= 2 else None
    pin(0, cpus[-1] if len(cpus) >= 2 else None)
    root = directory_with_shipped(args.cache, size)
    timed_python(IMPORTS, cpu=bot_cpu)  # files in the page cache, as for a restart
    runs: dict[str, list[float]] = {"webhook": [], "polling": []}
    for _ in range(count):
        for mode in runs:
            runs[mode].append(asyncio.run(one_start(root, mode, bot_cpu)))
    phases: dict[str, list[float]] = {
        "interpreter alone (start and exit)": [],
        "imports": [],
        "load_content": [],
    }
    for _ in range(count):
        phases["interpreter alone (start and exit)"].append(timed_python("pass", cpu=bot_cpu))
        phases["imports"].append(timed_python(IMPORTS, cpu=bot_cpu))
        phases["load_content"].append(
            timed_python(LOAD, str(root), str(DEFAULT_CONVERSATIONS), cpu=bot_cpu)
        )
    text = report(size, runs, phases)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The bots bench/bench_updates.py compares, each in a child process of its own.

Unpaced, each as fast as it can (Telegram would refuse a bot that sends over 30 messages a
second, but this is what an update costs):
- `ours`: `python -m bot run` in webhook mode, as deployed (64 updates at once, each chat's
  in turn, the rate limiter with retries) but with MAX_SENDS_PER_SECOND=100000: the limiter
  keeps its books and never makes a call wait.
- `echo`: a bare python-telegram-bot echo bot (bench/echo_bot.py) with PTB's defaults: one
  update at a time, no rate limiter, PTB's own HTTP client (httpx, a pool of 256
  connections). What a bot written from PTB's examples is: the comparison of the target.
- `echo-64`: the same echo bot taking 64 updates at once, as ours does.
- `floor`: no python-telegram-bot at all (bench/floor_bot.py): an aiohttp handler that parses
  the update and makes one raw Bot API call. What an update costs at least, in Python.

Paced at Telegram's 30 messages a second, as a bot that respects the limit runs:
- `ours-30`: ours exactly as deployed (MAX_SENDS_PER_SECOND=30, the default);
- `echo-30`: the echo bot taking 64 updates at once with PTB's AIORateLimiter at 30 a second.

Every bot's CPU is its whole process's (all threads, user + system), read from /proc.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.loopback_telegram import TOKEN, LoopbackBotApi
from bench.processes import stop

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret_0123456789"  # noqa: S105 - a loopback-only test secret
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class BotKind:
    """A bot under test: how to start it, what it is sent, and what it is."""

    name: str
    command: tuple[str, ...]
    workloads: tuple[str, ...]  # "mix", "start", "press", "text": what it is sent, in bursts
    description: str
    env: dict[str, str] = field(default_factory=dict)
    paced: bool = False  # at 30 messages a second: smaller bursts (they take longer)
    steady: bool = True  # also measured at a steady rate

    @property
    def is_ours(self) -> bool:
        return self.command[:2] == ("-m", "bot")


OUR_COMMAND = ("-m", "bot", "run")
ECHO_COMMAND = (str(ROOT / "bench" / "echo_bot.py"),)
PACE = "30"  # Telegram's limit for a bot's messages, and the bot's default
OURS = BotKind(
    "ours",
    OUR_COMMAND,
    ("mix", "start", "press", "text"),
    "`python -m bot run`, webhook mode: 64 updates at once (each chat's in turn), the rate "
    "limiter with retries, MAX_SENDS_PER_SECOND=100000 (unpaced)",
    {"MAX_SENDS_PER_SECOND": "100000"},
    steady=False,
)
ECHO = BotKind(
    "echo",
    ECHO_COMMAND,
    ("text",),
    "bare PTB echo at PTB's defaults: one update at a time, no rate limiter, httpx pool of 256",
    {"ECHO_CONCURRENT_UPDATES": "1"},
)
ECHO_64 = BotKind(
    "echo-64",
    ECHO_COMMAND,
    ("text",),
    "the same echo taking 64 updates at once (as ours), no rate limiter",
    {"ECHO_CONCURRENT_UPDATES": "64"},
    steady=False,
)
FLOOR = BotKind(
    "floor",
    (str(ROOT / "bench" / "floor_bot.py"),),
    ("text",),
    "no PTB: an aiohttp handler that parses the update and makes one raw Bot API call",
    steady=False,
)
OURS_30 = BotKind(
    "ours-30",
    OUR_COMMAND,
    ("mix",),
    "ours exactly as deployed: MAX_SENDS_PER_SECOND=30 (the default)",
    {"MAX_SENDS_PER_SECOND": PACE},
    paced=True,
)
ECHO_30 = BotKind(
    "echo-30",
    ECHO_COMMAND,
    ("text",),
    "the echo taking 64 updates at once, with PTB's AIORateLimiter at 30 a second",
    {"ECHO_CONCURRENT_UPDATES": "64", "ECHO_MAX_SENDS_PER_SECOND": PACE},
    paced=True,
)
KINDS = {kind.name: kind for kind in (FLOOR, ECHO, ECHO_64, OURS, ECHO_30, OURS_30)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pin(pid: int, cpu: int | None) -> None:
    if cpu is not None:
        os.sched_setaffinity(pid, {cpu})


def cpu_seconds(pid: int) -> float:
    """The process's user + system CPU so far, all its threads (from /proc/<pid>/stat)."""
    with Path(f"/proc/{pid}/stat").open("rb") as stat:
        fields = stat.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def rss_bytes(pid: int) -> int:
    """The process's resident memory now (from /proc/<pid>/statm)."""
    with Path(f"/proc/{pid}/statm").open("rb") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextlib.asynccontextmanager
async def child_bot(
    kind: BotKind,
    api: LoopbackBotApi,
    cpu: int | None,
    profile: Path | None,
    *,
    extra_env: dict[str, str] | None = None,
    ready_timeout: float = 60,
    root: Path = ROOT,
) -> AsyncIterator[int]:
    """Starts the bot in a child process (in `root`: ours from another checkout, say), waits
    until its webhook answers /healthz, and yields its pid. With `profile`, py-spy records the
    child into that file."""
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
        **kind.env,
        **(extra_env or {}),
    }
    api.webhook_set.clear()
    api.webhook_url = None
    with tempfile.TemporaryFile() as log:
        child = await asyncio.create_subprocess_exec(
            sys.executable, *kind.command, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT
        )
        pin(child.pid, cpu)
        spy: asyncio.subprocess.Process | None = None
        try:
            await _until_ready(api, port, child, ready_timeout)
            if profile is not None:
                spy = await _py_spy(child.pid, profile)
            yield child.pid
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        finally:
            if spy is not None:
                await stop(spy, 30, signal_name="SIGINT")
            await stop(child, 60)


async def _py_spy(pid: int, out: Path) -> asyncio.subprocess.Process:
    out.parent.mkdir(parents=True, exist_ok=True)
    spy_binary = Path(sys.executable).with_name("py-spy")
    return await asyncio.create_subprocess_exec(
        str(spy_binary), "record", "--pid", str(pid), "--rate", "250", "--format", "raw",
        "--output", str(out),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


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

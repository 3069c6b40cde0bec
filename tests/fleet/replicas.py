"""Replicas of the bot for the fleet test: real `python -m bot run` processes in webhook mode,
sharing one Redis, each on a port of its own (the fake Bot API spreads the POSTs over them, as a
load balancer in front of them would)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.helpers.telegram_bot import WEBHOOK_SECRET, free_port

READY_SECONDS = 60.0


@dataclass
class Replica:
    """One bot process (restartable on the same port), with everything it printed."""

    name: str
    environment: dict[str, str]
    cwd: Path
    port: int = field(default_factory=free_port)
    exit_codes: list[int] = field(default_factory=list)
    _process: asyncio.subprocess.Process | None = None
    _runs: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    async def start(self) -> None:
        self._runs += 1
        with self._log_path(self._runs).open("wb") as log:  # a file: a pipe could fill up
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=self.cwd,
                env=self.environment | {"PORT": str(self.port)},
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )

    def _log_path(self, run: int) -> Path:
        return self.cwd / f"{self.name}-{run}.log"

    async def ready(self, http: aiohttp.ClientSession) -> None:
        """Waits until its /healthz answers 200."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + READY_SECONDS
        healthz = self.url.replace("/telegram", "/healthz")
        while loop.time() < deadline:
            if self._process is not None and self._process.returncode is not None:
                raise AssertionError(f"{self.name} exited: {self.log[-2000:]}")
            try:
                async with http.get(healthz, timeout=aiohttp.ClientTimeout(total=2)) as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        raise AssertionError(f"{self.name} never became healthy")

    async def kill(self) -> None:
        """SIGKILL: no stop, no goodbye, every connection dropped."""
        if self._process is not None:
            self._process.kill()
            await self._finish()

    async def terminate(self) -> None:
        """SIGTERM, as `docker stop` does."""
        if self._process is not None and self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self._process.wait(), 30)
            except TimeoutError:
                self._process.kill()
            await self._finish()

    async def _finish(self) -> None:
        assert self._process is not None
        await self._process.wait()
        self.exit_codes.append(self._process.returncode or 0)
        self._process = None

    @property
    def log(self) -> str:
        """Everything every run of it printed."""
        runs = (self._log_path(run) for run in range(1, self._runs + 1))
        return "".join(path.read_text("utf-8", "replace") for path in runs if path.exists())


def replica_environment(
    tmp_path: Path, api_base_url: str, token: str, redis_url: str, **settings: str
) -> dict[str, str]:
    """What every replica shares (the webhook URL too: the load balancer's)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": api_base_url,
        "WEBHOOK_URL": "http://127.0.0.1:9/telegram",  # the balancer's; the fake spreads it
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "HOST": "127.0.0.1",
        "REDIS_URL": redis_url,
        "WATCH_FILES": "false",
        "PTB_TIMEDELTA": "true",
        **settings,
    }

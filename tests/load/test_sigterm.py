"""`python -m bot run` stopped by SIGTERM (what `docker stop` sends) in the middle of work: it
stops taking updates at once (/healthz stops answering, the webhook refuses, getUpdates
stops), finishes every update it had taken (their screens are sent), and exits 0. What came
after the signal stays at Telegram for the next start."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import WEBHOOK_SECRET, Mode, answers, free_port

PEOPLE = 20
# Each screen's first sendMessage fails after this long, and only the retry sends it: so each
# screen is sent well after SIGTERM, by a process that must still be at work.
SLOW_FAILURE = 1.0


def environment(tmp_path: Path, fake: FakeBotApi, mode: Mode) -> tuple[dict[str, str], str]:
    """The bot's environment, and its /healthz URL (on METRICS_PORT when polling)."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "HOST": "127.0.0.1",
        "API_TIMEOUT_SECONDS": "5",
        "API_RETRY_BACKOFF_SECONDS": "0.05",
        "WATCH_FILES": "false",
    }
    if mode == "webhook":
        env |= {
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "PORT": str(port),
        }
    else:
        env["METRICS_PORT"] = str(port)
    return env, f"http://127.0.0.1:{port}/healthz"


async def health(http: aiohttp.ClientSession, url: str) -> int | None:
    """/healthz's status, or None when nothing answers."""
    try:
        async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as response:
            return response.status
    except aiohttp.ClientError:
        return None


@pytest.mark.parametrize("mode", ["webhook", "polling"])
async def test_sigterm_finishes_what_is_in_flight_and_exits_0(
    fake_bot_api: FakeBotApi, tmp_path: Path, mode: Mode
) -> None:
    env, healthz = environment(tmp_path, fake_bot_api, mode)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    people = [fake_bot_api.user() for _ in range(PEOPLE)]
    late = fake_bot_api.user()
    try:
        async with aiohttp.ClientSession() as http:
            await fake_bot_api.wait_for(lambda: fake_bot_api.calls_to("setMyCommands"), 20)
            taking = "setWebhook" if mode == "webhook" else "getUpdates"
            await fake_bot_api.wait_for(lambda: fake_bot_api.calls_to(taking))
            assert await health(http, healthz) == 200
            fake_bot_api.inject("sendMessage", status=500, delay=SLOW_FAILURE, times=PEOPLE)
            for person in people:
                await person.start()
            sends = fake_bot_api.calls_to
            await fake_bot_api.wait_for(lambda: len(sends("sendMessage")) == PEOPLE, 10)

            process.send_signal(signal.SIGTERM)
            while await health(http, healthz) == 200:  # noqa: ASYNC110 - polling a server
                await asyncio.sleep(0.02)
            # It stopped saying it is healthy before the screens in flight were sent.
            assert not any(map(answers, people))
            await late.start()  # after the signal: not taken, kept by Telegram
            stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
            assert await health(http, healthz) is None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    logs = stdout.decode() + stderr.decode()

    assert process.returncode == 0, logs
    assert "Traceback" not in logs
    assert logs.index("Stopping: no new updates") < logs.index("Stopped")
    assert all(map(answers, people))  # every update in flight was finished
    assert [c.status for c in fake_bot_api.calls_to("sendMessage")] == [500] * PEOPLE + [
        200
    ] * PEOPLE
    assert not answers(late)
    assert [u.payload["message"]["chat"]["id"] for u in fake_bot_api.pending_updates] == [late.id]

"""The floor for bench/bench_updates.py: what an update costs at the least, in Python.

    BOT_TOKEN=... TELEGRAM_API_BASE_URL=http://127.0.0.1:N WEBHOOK_SECRET=... HOST=127.0.0.1 \\
    WEBHOOK_URL=http://127.0.0.1:P/telegram PORT=P python bench/floor_bot.py

No python-telegram-bot: an aiohttp webhook server (POST /telegram checks the secret header in
constant time, parses the JSON, answers 200) whose handler, after answering, makes one raw Bot
API call over one aiohttp ClientSession: sendMessage of the message's text to its chat (any
other update gets "ok"). No objects, no checks beyond the secret, no concurrency limit.
Registers its webhook with setWebhook at start; runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import signal
from typing import Any

import aiohttp
from aiohttp import web

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # a header name # noqa: S105
SESSION_KEY = web.AppKey("session", aiohttp.ClientSession)
API_KEY = web.AppKey("api", str)
SECRET_KEY = web.AppKey("secret", bytes)
TASKS_KEY = web.AppKey("tasks", set[asyncio.Task[None]])
JSON = {"Content-Type": "application/json"}


async def call(session: aiohttp.ClientSession, url: str, params: dict[str, Any]) -> None:
    async with session.post(url, data=json.dumps(params), headers=JSON) as response:
        await response.read()


async def receive_update(request: web.Request) -> web.Response:
    """Answers 200 and, after, sends the text back to the chat."""
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(given, request.app[SECRET_KEY]):
        return web.Response(status=403, text="forbidden")
    update = json.loads(await request.read())
    message = update.get("message") or (update.get("callback_query") or {}).get("message")
    if isinstance(message, dict):
        params = {"chat_id": message["chat"]["id"], "text": message.get("text") or "ok"}
        task = asyncio.create_task(
            call(request.app[SESSION_KEY], f"{request.app[API_KEY]}/sendMessage", params)
        )
        tasks = request.app[TASKS_KEY]  # kept until done: the loop holds tasks weakly
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    return web.Response(status=200, text="ok")


async def report_health(request: web.Request) -> web.Response:
    return web.Response(status=200, text="ok")


async def run(env: dict[str, str]) -> None:
    api = f"{env['TELEGRAM_API_BASE_URL']}/bot{env['BOT_TOKEN']}"
    secret = env["WEBHOOK_SECRET"]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        app = web.Application(client_max_size=1024 * 1024)
        app[SESSION_KEY], app[API_KEY], app[SECRET_KEY] = session, api, secret.encode()
        app[TASKS_KEY] = set()
        app.router.add_post("/telegram", receive_update)
        app.router.add_get("/healthz", report_health)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        await web.TCPSite(runner, env.get("HOST", "127.0.0.1"), int(env["PORT"])).start()
        await call(
            session, f"{api}/setWebhook", {"url": env["WEBHOOK_URL"], "secret_token": secret}
        )
        await stop.wait()
        await runner.cleanup()


def main() -> int:
    asyncio.run(run(dict(os.environ)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

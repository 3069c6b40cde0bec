"""A bare python-telegram-bot bot that echoes text: what bench/bench_updates.py compares ours with.

    BOT_TOKEN=... TELEGRAM_API_BASE_URL=http://127.0.0.1:N WEBHOOK_SECRET=... HOST=127.0.0.1 \\
    WEBHOOK_URL=http://127.0.0.1:P/telegram PORT=P [ECHO_CONCURRENT_UPDATES=1] \\
    [ECHO_MAX_SENDS_PER_SECOND=30] python bench/echo_bot.py

The same python-telegram-bot with PTB's defaults (its own HTTP client, httpx with a pool of 256
connections; one update at a time unless ECHO_CONCURRENT_UPDATES says more; no rate limiter
unless ECHO_MAX_SENDS_PER_SECOND asks for PTB's AIORateLimiter at that rate),
and, where they apply, the Application settings of `bot.channels.telegram.app.build_application`
(Bot API base URL, every timeout, no job queue, no updater), fed by the same kind of webhook
server (aiohttp: POST /telegram checks the secret header in constant time, parses the
JSON into an Update, puts it on the update queue and answers 200; GET /healthz). What it lacks
is everything the real bot does per update: no rate limiter or retries, no content, no engine,
no Erase memory, no metrics, no logging set-up. Each text message is answered with one
sendMessage of the same text. Runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import signal
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # a header name # noqa: S105
APPLICATION_KEY = web.AppKey("application", Application)
SECRET_KEY = web.AppKey("secret", bytes)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the text back."""
    message = update.effective_message
    if message is not None and message.text:
        await context.bot.send_message(message.chat_id, message.text)


def build(
    token: str, api_base_url: str, timeout: float, concurrent: int, max_sends: int | None
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The echo bot: `concurrent` updates at a time (PTB's default: one), with PTB's rate limiter
    at `max_sends` a second if given (PTB's default: none)."""
    builder: Any = ApplicationBuilder()  # its type changes with what is set
    if concurrent > 1:
        builder = builder.concurrent_updates(concurrent)
    if max_sends is not None:
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=max_sends))
    application: Application[Any, Any, Any, Any, Any, Any] = (
        builder.token(token)
        .base_url(f"{api_base_url}/bot")
        .base_file_url(f"{api_base_url}/file/bot")
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .write_timeout(timeout)
        .pool_timeout(timeout)
        .job_queue(None)
        .updater(None)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


async def receive_update(request: web.Request) -> web.Response:
    """Queues the update, after checking the secret (as bot/channels/telegram/webhook.py)."""
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(given, request.app[SECRET_KEY]):
        return web.Response(status=403, text="forbidden")
    if request.content_type != "application/json":
        return web.Response(status=415, text="send application/json")
    application = request.app[APPLICATION_KEY]
    try:
        data: Any = json.loads(await request.read())
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ValueError("not an update")
        update = Update.de_json(data, application.bot)
    except Exception:
        return web.Response(status=400, text="not an update")
    await application.update_queue.put(update)
    return web.Response(status=200, text="ok")


async def report_health(request: web.Request) -> web.Response:
    application = request.app[APPLICATION_KEY]
    return web.Response(status=200 if application.running else 503, text="ok")


async def run(env: dict[str, str]) -> None:
    application = build(
        env["BOT_TOKEN"],
        env["TELEGRAM_API_BASE_URL"],
        float(env.get("API_TIMEOUT_SECONDS", "10")),
        int(env.get("ECHO_CONCURRENT_UPDATES", "1")),
        int(env["ECHO_MAX_SENDS_PER_SECOND"]) if env.get("ECHO_MAX_SENDS_PER_SECOND") else None,
    )
    secret = env["WEBHOOK_SECRET"]
    app = web.Application(client_max_size=1024 * 1024)
    app[APPLICATION_KEY] = application
    app[SECRET_KEY] = secret.encode()
    app.router.add_post("/telegram", receive_update)
    app.router.add_get("/healthz", report_health)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with application:
        await application.start()
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        await web.TCPSite(runner, env.get("HOST", "127.0.0.1"), int(env["PORT"])).start()
        await application.bot.set_webhook(
            env["WEBHOOK_URL"], secret_token=secret, allowed_updates=["message", "callback_query"]
        )
        await stop.wait()
        await runner.cleanup()
        await application.stop()


def main() -> int:
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # as `python -m bot run` does
    asyncio.run(run(dict(os.environ)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

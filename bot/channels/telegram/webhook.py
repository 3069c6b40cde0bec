"""The webhook server: Telegram POSTs updates to /telegram; load balancers GET /healthz.

An update is accepted only with the secret given to setWebhook in the
`X-Telegram-Bot-Api-Secret-Token` header (compared in constant time; 403 otherwise), as JSON
(415), within a size cap (413) and a time limit for its body (408), and when it parses as an
update whose fields the bot reads have the Bot API's types (400; update_shape.py). Then it is
handled, and the answer says what became of it (intake.py): 200 once the person has their
screen (or for a copy of an update answered already), 503 when the bot did not handle it (too
many in hand, stopping, another copy in hand), so that Telegram delivers it again. For a pressed
button the 200 carries answerCallbackQuery (Telegram runs one method given in a webhook's
answer), which stops the button's spinner and saves the bot a Bot API call per press. No
access log and no client address anywhere: the only callers are Telegram and the load
balancer, and their addresses say nothing we need.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update

from bot.channels.request_body import BodyTooLarge, body_of
from bot.channels.telegram.app import BotApplication
from bot.channels.telegram.health import health
from bot.channels.telegram.intake import Intake, Outcome
from bot.channels.telegram.update_shape import shape_problem
from bot.observability.metrics import CONTENT_TYPE

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # a header name # noqa: S105 # nosec B105
MAX_BODY_BYTES = 1024 * 1024  # Telegram's updates are a few kilobytes; a megabyte is plenty
BODY_SECONDS = 10.0  # a body still arriving after this long is given up (408)
APPLICATION_KEY = web.AppKey("application", BotApplication)
SECRET_KEY = web.AppKey("secret", bytes)
INTAKE_KEY = web.AppKey("intake", Intake)
BODY_SECONDS_KEY = web.AppKey("body_seconds", float)


def build_webhook_app(
    application: BotApplication,
    intake: Intake,
    secret: str,
    *,
    with_metrics: bool,
    body_seconds: float | None = None,
) -> web.Application:
    """The aiohttp application that hands updates to `intake` (and, unless metrics have a
    port of their own, serves them)."""
    app = build_monitoring_app(application, with_metrics=with_metrics)
    app[SECRET_KEY] = secret.encode()
    app[INTAKE_KEY] = intake
    app[BODY_SECONDS_KEY] = BODY_SECONDS if body_seconds is None else body_seconds
    app.router.add_post(WEBHOOK_PATH, receive_update)
    return app


def build_monitoring_app(
    application: BotApplication, *, with_metrics: bool = True
) -> web.Application:
    """/healthz, and /metrics: what a load balancer and Prometheus ask for."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[APPLICATION_KEY] = application
    app.router.add_get(HEALTH_PATH, report_health)
    if with_metrics:
        app.router.add_get(METRICS_PATH, report_metrics)
    return app


async def receive_update(request: web.Request) -> web.Response:
    """Handles the update Telegram sent, after checking it really comes from Telegram; answers
    200 once it is handled, 503 when Telegram must deliver it again."""
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(given, request.app[SECRET_KEY]):
        logger.info("Webhook call refused: missing or wrong secret")
        return _plain(403, "forbidden")
    intake = request.app[INTAKE_KEY]
    if not intake.open:
        return _plain(503, "stopping")
    if request.content_type != "application/json":
        return _plain(415, "send application/json")
    try:
        async with asyncio.timeout(request.app[BODY_SECONDS_KEY]):
            body = await body_of(request, MAX_BODY_BYTES)  # no copy left on the request
    except BodyTooLarge:
        return _plain(413, "too large")
    except TimeoutError:
        logger.info("Webhook call refused: its body did not arrive in time")
        too_slow = _plain(408, "the body took too long")
        too_slow.force_close()  # the rest of the body is not waited for either
        return too_slow
    except ConnectionError:  # the caller hung up halfway: routine, one line
        logger.info("Webhook call ended by the caller before its body arrived")
        return _plain(400, "incomplete")
    application = request.app[APPLICATION_KEY]
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not UTF-8 or not JSON, or nested beyond reason
        return _not_an_update("not JSON")
    problem = shape_problem(data)  # fields the bot reads, of the Bot API's types
    if problem is not None:
        return _not_an_update(problem)
    try:
        _drop_unread(data)
        update = Update.de_json(data, application.bot)
    except Exception:  # JSON that python-telegram-bot cannot read as an update
        return _not_an_update("not readable as an update")
    outcome = await intake.take(update)
    if not outcome.delivered:
        return _plain(503, _NOT_HANDLED[outcome])
    if update.callback_query is not None and outcome is Outcome.HANDLED:
        # Telegram carries out one Bot API call given in the answer to its POST: stopping the
        # button's spinner this way spares a call per press (handlers.py does not answer again).
        return web.json_response(
            {"method": "answerCallbackQuery", "callback_query_id": update.callback_query.id}
        )
    return _plain(200, "ok")


_NOT_HANDLED = {
    Outcome.BUSY: "another copy is being handled",
    Outcome.FULL: "too many updates in hand",
    Outcome.STOPPING: "stopping",
    Outcome.UNFINISHED: "not finished before the stop",
}


# A pressed button's update carries the whole pressed message. The bot reads only its id, chat
# and date (can it still be edited?), never its text, entities or keyboard: those are dropped
# before parsing, which they made about half of a press's update.
UNREAD_PRESSED_MESSAGE_FIELDS = ("text", "entities", "reply_markup", "link_preview_options")


def _drop_unread(data: dict[str, Any]) -> None:
    query = data.get("callback_query")
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict):
        for name in UNREAD_PRESSED_MESSAGE_FIELDS:
            message.pop(name, None)


async def report_health(request: web.Request) -> web.Response:
    """Answers 200 while the bot is taking updates, 503 otherwise (health.py)."""
    healthy, why = health(request.app[APPLICATION_KEY])
    return _plain(200 if healthy else 503, why)


async def report_metrics(request: web.Request) -> web.Response:
    """The anonymous counters, in Prometheus' text format."""
    metrics = request.app[APPLICATION_KEY].services.metrics
    response = web.Response(body=metrics.exposition())
    response.headers["Content-Type"] = CONTENT_TYPE
    return response


def _not_an_update(reason: str) -> web.Response:
    """400, saying why. The reason is a fixed text or a field's name, never a value."""
    logger.info("Webhook call refused: not an update (%s)", reason)
    return _plain(400, f"not an update: {reason}")


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text)

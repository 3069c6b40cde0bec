"""Logging: chatty libraries capped, other libraries' arguments dropped, tokens redacted."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from aiohttp.http_exceptions import LineTooLong

from bot.observability.logs import configure_logging, redact

TOKEN = "5550001234:SECRETpart-abcdefghijklmnopqrstuvwx"


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Logging configured as `python -m bot run` does, at DEBUG, into a string."""
    saved = {name: logging.getLogger(name).level for name in ("", "httpx", "telegram")}
    stream = io.StringIO()
    handler = configure_logging("DEBUG", stream)
    try:
        yield stream
    finally:
        logging.getLogger().removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def test_redact_replaces_anything_shaped_like_a_token() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert redact(url) == "https://api.telegram.org/bot[token]/sendMessage"
    assert redact("12:short and 2026-11-28 12:00:00") == "12:short and 2026-11-28 12:00:00"


def test_library_loggers_are_capped_even_at_debug(logs: io.StringIO) -> None:
    logging.getLogger("httpx").info("HTTP Request: POST %s", "url")
    logging.getLogger("httpcore.http11").debug("send_request_headers")
    logging.getLogger("telegram.ext.Application").debug("update %s", {"text": "hi"})
    logging.getLogger("telegram.ext.Application").info("Application started")
    logging.getLogger("bot.channels.telegram.run").debug("own debug line")

    lines = logs.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("telegram.ext.Application: Application started")
    assert lines[1].endswith("bot.channels.telegram.run: own debug line")
    assert logging.getLogger("aiohttp.access").getEffectiveLevel() > logging.CRITICAL


def test_other_libraries_keep_only_their_numbers(logs: io.StringIO) -> None:
    logging.getLogger("aiohttp.server").error("Error handling request from %s", "203.0.113.9")
    logging.getLogger("telegram.ext.Updater").critical(
        "Error while parsing updates! Received data was %r (%d of them)",
        [{"message": {"text": "my secret words"}}],
        3,
    )

    out = logs.getvalue()
    assert "203.0.113.9" not in out and "my secret words" not in out
    assert "Error handling request from [redacted]" in out
    assert "Received data was '[redacted]' (3 of them)" in out


def test_tokens_are_redacted_in_messages_arguments_and_exceptions(logs: io.StringIO) -> None:
    log = logging.getLogger("bot.test")
    log.warning("calling %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
    try:
        raise ConnectionError(f"cannot reach /bot{TOKEN}/getUpdates")
    except ConnectionError:
        log.exception("polling failed")
        logging.getLogger("telegram.ext.Updater").exception("Exception happened while polling")

    out = logs.getvalue()
    assert TOKEN.split(":")[1] not in out
    assert out.count("[token]") == 3
    assert "ConnectionError: cannot reach /bot[token]/getUpdates" in out


def test_a_broken_format_string_is_logged_as_its_template(logs: io.StringIO) -> None:
    logging.getLogger("bot.test").info("two %s %s", "one")
    assert "two %s %s" in logs.getvalue()


def test_a_malformed_request_refused_by_aiohttp_is_one_info_line(logs: io.StringIO) -> None:
    """aiohttp's server logs a request line that is too long at ERROR, with a traceback that
    quotes the request's bytes (a forged web chat link, say): it becomes one line."""
    too_long = "/?s=" + "%C3%A9" * 1400
    try:
        raise LineTooLong(too_long[:100], "8190")
    except LineTooLong:
        logging.getLogger("aiohttp.server").exception("Error handling request from %s", "10.1.2.3")
    [line] = logs.getvalue().splitlines()
    assert " INFO aiohttp.server: Refused a malformed HTTP request (LineTooLong)" in line
    assert "%C3%A9" not in logs.getvalue() and "10.1.2.3" not in logs.getvalue()

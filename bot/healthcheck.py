"""The container's HEALTHCHECK, cheap enough to run every 30 seconds: the standard library
only (no settings, no Telegram stack), run as `python -m bot.healthcheck`.

It asks GET /healthz on 127.0.0.1:$PORT, which every way of running serves: the Telegram bot
in webhook mode on its webhook server, in polling mode on a loopback-only server of its own,
answering 200 only while it takes updates (in polling mode: while getUpdates rounds keep coming
back); the web chat alone (`python -m bot web`) on its own port, answering 200 only while its
start page renders from the content served now (bot/channels/web/health.py). Exit 0 when
healthy, 1 otherwise, with a few words of why.
"""

from __future__ import annotations

import http.client
import os
import sys

TIMEOUT_SECONDS = 3
DEFAULT_PORT = 8080


def check(environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """0 when the local bot says it is healthy, 1 otherwise (printing why)."""
    try:
        port = int(environ.get("PORT", "").strip() or DEFAULT_PORT)
    except ValueError:
        print("unhealthy: PORT is not a number")
        return 1
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        status, why = response.status, response.read(200).decode("utf-8", "replace")
    except OSError as error:
        print(f"unhealthy: {type(error).__name__}")
        return 1
    finally:
        connection.close()
    print("healthy" if status == 200 else f"unhealthy: HTTP {status} {why}".rstrip())
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(check())

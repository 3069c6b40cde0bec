"""`healthcheck`: the container's HEALTHCHECK. In webhook mode, GET /healthz on this machine;
in polling mode there is no HTTP server, so being alive is all there is to check (exit 0)."""

from __future__ import annotations

import argparse
import os
from typing import Any

TIMEOUT_SECONDS = 3


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "healthcheck",
        help="exit 0 when the running bot is healthy (for Docker's HEALTHCHECK)",
        description="In webhook mode (WEBHOOK_URL set), ask http://127.0.0.1:$PORT/healthz and "
        "exit 0 on 200, 1 otherwise. In polling mode there is no HTTP server: exit 0.",
    )
    parser.set_defaults(handler=check_health)


def check_health(args: argparse.Namespace) -> int:
    """Ask the local webhook server whether the bot is taking updates."""
    import http.client

    if not os.environ.get("WEBHOOK_URL", "").strip():
        return 0
    port = int(os.environ.get("PORT", "").strip() or "8080")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("GET", "/healthz")
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {type(error).__name__}")
        return 1
    finally:
        connection.close()
    print("healthy" if status == 200 else f"unhealthy: HTTP {status}")
    return 0 if status == 200 else 1

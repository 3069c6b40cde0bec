"""`healthcheck`: the container's HEALTHCHECK, as a command (bot/healthcheck.py does the work;
the Dockerfile runs that module directly, which imports nothing but the standard library)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "healthcheck",
        help="exit 0 when the running bot or web chat is healthy (for Docker's HEALTHCHECK)",
        description="Ask http://127.0.0.1:$PORT/healthz and exit 0 on 200, 1 otherwise. The "
        "Telegram bot serves it in both modes (in polling mode on 127.0.0.1 only), healthy "
        "while it takes updates; the web chat alone (python -m bot web), healthy while its "
        "start page renders. `python -m bot.healthcheck` does the same, faster.",
    )
    parser.set_defaults(handler=check_health)


def check_health(args: argparse.Namespace) -> int:
    """Asks the local bot (or web chat) whether it is healthy."""
    from bot.healthcheck import check

    return check()

"""`web`: the web chat on its own server (no token needed; settings from the environment)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.starting import content_or_report, settings_or_report
from bot.directory.gc_pause import collector_paused

EXIT_BAD_SETTINGS = 2
EXIT_BAD_CONTENT = 1
EXIT_CANNOT_LISTEN = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "web",
        help="serve the web chat in a browser (no token needed): HOST, PORT",
        description="Serve the bot as a web page on HOST:PORT (default 0.0.0.0:8080), for "
        "phones and computers with no Telegram; nothing is kept about anyone. Stops cleanly on "
        "SIGTERM or Ctrl-C (exit 0). Exit 2 on bad settings, 1 when the directory or the "
        "conversation has errors or the port cannot be opened.",
    )
    parser.set_defaults(handler=run_web)


def run_web(args: argparse.Namespace) -> int:
    """Check the settings, load the content, and serve the web chat until stopped."""
    import asyncio
    import gc
    import logging

    from bot.channels.web.app import web_chat_from
    from bot.channels.web.serve import Listen, serve_until_signalled
    from bot.content import ContentStore
    from bot.observability.logs import configure_logging
    from bot.observability.metrics import Metrics
    from bot.settings import ServerSettings

    settings = settings_or_report(ServerSettings)
    if settings is None:
        return EXIT_BAD_SETTINGS
    configure_logging(settings.log_level)
    with collector_paused():  # as `run` does: what start-up makes lives as long as the process
        content = content_or_report(settings, logging.getLogger("bot.web"))
        gc.freeze()
    if content is None:
        return EXIT_BAD_CONTENT
    chat = web_chat_from(settings, ContentStore(content), Metrics())
    listen = Listen(
        settings.host,
        settings.port,
        settings.resources_dir,
        settings.conversations_dir,
        watch_files=settings.watch_files,
        metrics_port=settings.metrics_port,
    )
    try:
        asyncio.run(serve_until_signalled(chat, listen))
    except OSError as error:
        print(
            f"Cannot start: cannot listen on {settings.host}:{settings.port} "
            f"({error.strerror or type(error).__name__}).",
            file=sys.stderr,
        )
        return EXIT_CANNOT_LISTEN
    return 0

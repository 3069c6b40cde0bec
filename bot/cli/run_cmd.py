"""`run`: the Telegram bot, with settings from the environment (see .env.example)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Any

from bot.cli.starting import content_or_report, settings_or_report
from bot.directory.gc_pause import collector_paused

EXIT_BAD_SETTINGS = 2
EXIT_BAD_CONTENT = 1
EXIT_UNREACHABLE = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the Telegram bot (settings from the environment or .env: see .env.example)",
        description="Run the Telegram bot: polling by default, a webhook server when "
        "WEBHOOK_URL is set. Stops cleanly on SIGTERM or Ctrl-C (exit 0). Exit 2 on bad settings "
        "or a token Telegram refuses, 1 when the directory or the conversation has errors or "
        "the Bot API cannot be reached.",
    )
    parser.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace) -> int:
    """Check the settings, load the content, and run until stopped."""
    # Take PTB's time periods as timedelta now (its future default) rather than have it warn
    # about the old behaviour every time Telegram answers 429.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    # Starting makes objects by the hundred thousand (imports, the content) and frees almost
    # none: the cyclic collector, run every few hundred allocations, would walk them all again.
    with collector_paused():
        import asyncio
        import logging

        from telegram.error import InvalidToken, NetworkError

        from bot.channels.telegram.app import build_application
        from bot.channels.telegram.run import run_until_signalled
        from bot.content import ContentStore
        from bot.observability.logs import configure_logging
        from bot.settings import Settings

        settings = settings_or_report(Settings)
        if settings is None:
            return EXIT_BAD_SETTINGS
        configure_logging(settings.log_level)
        content = content_or_report(settings, logging.getLogger("bot.run"))
        if content is None:
            return EXIT_BAD_CONTENT
        application = build_application(settings, ContentStore(content))
        # What start-up made (modules, the content, the Application) lives as long as the
        # process: out of the collector's sight, its every full pass does not walk a whole
        # directory again (objects by the million at 100k resources). A content replaced by a
        # reload is still freed: it holds no reference cycle, so reference counting frees it.
        gc.freeze()
    try:
        asyncio.run(run_until_signalled(application))
    except InvalidToken:
        print(
            f"Cannot start: the Bot API at {settings.api_base_url} refused BOT_TOKEN "
            "(revoked? ask BotFather for the current one).",
            file=sys.stderr,
        )
        return EXIT_BAD_SETTINGS
    except NetworkError as error:
        print(
            f"Cannot start: the Bot API at {settings.api_base_url} did not answer "
            f"({type(error).__name__}).",
            file=sys.stderr,
        )
        return EXIT_UNREACHABLE
    except OSError as error:
        print(
            f"Cannot start: cannot listen on {settings.host}:{settings.port} "
            f"({error.strerror or type(error).__name__}).",
            file=sys.stderr,
        )
        return EXIT_UNREACHABLE
    return 0

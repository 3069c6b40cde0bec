"""What `run` and `web` do alike before serving: read the settings and load the content, each
refused with its problems on stderr (and no traceback) when it cannot be used."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bot.content import Content
    from bot.settings import ServerSettings

Chosen = TypeVar("Chosen", bound="ServerSettings")


def settings_or_report(kind: type[Chosen]) -> Chosen | None:
    """The settings of `kind` from the environment, `.env` and secrets files; None after
    listing every problem."""
    from bot.settings import ENV_FILE, SECRETS_DIR, SettingsError

    try:
        return kind.from_env(os.environ, env_file=ENV_FILE, secrets_dir=SECRETS_DIR)
    except SettingsError as error:
        print("Cannot start: the settings have problems:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        print("See .env.example for every variable.", file=sys.stderr)
        return None


def content_or_report(settings: ServerSettings, logger: logging.Logger) -> Content | None:
    """The directory and the flow the settings name; None after listing their errors."""
    from bot.content import load_content

    result = load_content(settings.resources_dir, settings.conversations_dir)
    if result.content is None:
        for error_line in result.report.errors:
            print(error_line, file=sys.stderr)
        print("Cannot start: the directory or the conversation has errors.", file=sys.stderr)
        return None
    logger.info("Content loaded: %d warnings", result.report.warning_count)
    return result.content

"""Where every command finds the directory and the flow, the same way for all of them.

A command's own argument wins (its PATH, --resources, --conversations); else RESOURCES_DIR and
CONVERSATIONS_DIR, read as `run` and `web` read them (the environment, then a `.env` file in
the working directory, then files of those names in /run/secrets); else the shipped
resources/ and conversations/. So `validate`, `review` or `cards` look at the directory the
running bot serves, and a copy set in the environment is tried and checked before publishing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.content import Content

# The same files bot/settings.py reads (a test keeps them equal): named here so that a command
# whose environment says everything never imports pydantic-settings (some 30 ms).
ENV_FILE = Path(".env")
SECRETS_DIR = Path("/run/secrets")
VARIABLES = {"resources": "RESOURCES_DIR", "conversations": "CONVERSATIONS_DIR"}
RESOURCES_HELP = "the resources directory (default: RESOURCES_DIR, else resources/)"
CONVERSATIONS_HELP = "the conversation flow (default: CONVERSATIONS_DIR, else conversations/)"


def add_content_arguments(parser: argparse.ArgumentParser) -> None:
    """--resources and --conversations, for a command that reads the directory and the flow."""
    parser.add_argument("--resources", type=Path, default=None, metavar="DIR", help=RESOURCES_HELP)
    parser.add_argument(
        "--conversations", type=Path, default=None, metavar="DIR", help=CONVERSATIONS_HELP
    )


def load_chosen_content(args: argparse.Namespace, advice: str | None = None) -> Content | None:
    """The content of the directories `args` choose, or None after printing its errors (and
    `advice`, if any) to stderr."""
    from bot.content import load_content

    result = load_content(resources_dir(args.resources), conversations_dir(args.conversations))
    if result.content is None:
        for problem in result.report.errors:
            print(problem, file=sys.stderr)
        if advice is not None:
            print(advice, file=sys.stderr)
    return result.content


def resources_dir(given: Path | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """The resources directory: `given`, else RESOURCES_DIR, else the shipped one."""
    return _chosen("resources", given, environ)


def conversations_dir(given: Path | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """The conversations directory: `given`, else CONVERSATIONS_DIR, else the shipped one."""
    return _chosen("conversations", given, environ)


def shown(path: Path) -> str:
    """How a message names a directory: 'resources' for the shipped one, else as given."""
    for name, default in _defaults().items():
        if path == default:
            return name
    return str(path)


def _chosen(name: str, given: Path | None, environ: Mapping[str, str]) -> Path:
    if given is not None:
        return given
    value = environ.get(VARIABLES[name], "").strip() or _from_files(VARIABLES[name])
    return Path(value).expanduser() if value else _defaults()[name]


def _defaults() -> dict[str, Path]:
    from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES

    return {"resources": DEFAULT_RESOURCES, "conversations": DEFAULT_CONVERSATIONS}


def _from_files(variable: str) -> str:
    """The variable from `.env`, else from /run/secrets, read by pydantic-settings' own sources
    as `run` reads them (the environment was read already)."""
    env_file = ENV_FILE if ENV_FILE.is_file() else None
    secrets_dir = SECRETS_DIR if SECRETS_DIR.is_dir() else None
    if env_file is None and secrets_dir is None:
        return ""
    from pydantic_settings import (
        BaseSettings,
        DotEnvSettingsSource,
        PydanticBaseSettingsSource,
        SecretsSettingsSource,
    )

    class ContentDirs(BaseSettings):
        resources_dir: str = ""
        conversations_dir: str = ""

    sources: list[PydanticBaseSettingsSource] = []
    if env_file is not None:
        sources.append(DotEnvSettingsSource(ContentDirs, env_file=env_file))
    if secrets_dir is not None:
        sources.append(SecretsSettingsSource(ContentDirs, secrets_dir=secrets_dir))
    for source in sources:
        value = source().get(variable.lower())
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""

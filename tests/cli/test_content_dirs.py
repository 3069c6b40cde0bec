"""bot/cli/content_dirs.py: every command finds the directory and the flow the same way: its own
argument, else RESOURCES_DIR / CONVERSATIONS_DIR (environment, `.env`, /run/secrets, as `run`
reads them), else the shipped ones.

Regression: `try` honoured RESOURCES_DIR and CONVERSATIONS_DIR, but `validate`, `review`,
`cards`, `link`, `check-links`, `export-hsds` and `import-hsds` looked at the shipped directory
whatever the environment said, so they could pass a directory the bot then refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import settings
from bot.cli import content_dirs, main
from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES
from tests.helpers.editing import edit, shipped_copy

HSDS_EXAMPLE = (
    Path(__file__).resolve().parents[1] / "interop/hsds_reference/examples/service_full.json"
)
FILES_READ = (content_dirs.ENV_FILE, content_dirs.SECRETS_DIR)  # before a test changes them


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the shipped directory and flow, each with a syntax error of its own."""
    resources, conversations = shipped_copy(tmp_path / "staging")
    edit(resources / "washington.yaml", "name: Washington Anti-Trafficking Response Network (WARN)",
         "name: WARN: staging copy", count=1)  # fmt: skip
    edit(conversations / "flow.yaml", "  on_text: search ", "  on_text: search: staging ")
    return resources, conversations


@pytest.fixture(autouse=True)
def no_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No `.env` or /run/secrets of the machine running the tests."""
    monkeypatch.setattr(content_dirs, "ENV_FILE", tmp_path / "absent.env")
    monkeypatch.setattr(content_dirs, "SECRETS_DIR", tmp_path / "absent-secrets")
    monkeypatch.delenv("RESOURCES_DIR", raising=False)
    monkeypatch.delenv("CONVERSATIONS_DIR", raising=False)


def test_the_files_are_the_ones_the_settings_read() -> None:
    assert (settings.ENV_FILE, settings.SECRETS_DIR) == FILES_READ


def test_an_argument_wins_then_the_environment_then_the_shipped_ones(tmp_path: Path) -> None:
    environ = {"RESOURCES_DIR": " ~/staging/resources ", "CONVERSATIONS_DIR": str(tmp_path)}
    assert content_dirs.resources_dir(tmp_path / "given", environ) == tmp_path / "given"
    assert content_dirs.resources_dir(None, environ) == Path.home() / "staging/resources"
    assert content_dirs.conversations_dir(None, environ) == tmp_path
    assert content_dirs.resources_dir(None, {}) == DEFAULT_RESOURCES
    assert content_dirs.conversations_dir(None, {"CONVERSATIONS_DIR": " "}) == (
        DEFAULT_CONVERSATIONS
    )


def test_a_dotenv_file_and_a_secrets_file_count_after_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file, secrets = tmp_path / ".env", tmp_path / "secrets"
    env_file.write_text("BOT_TOKEN=not-read-here\nRESOURCES_DIR=/from/dotenv\n", encoding="utf-8")
    secrets.mkdir()
    (secrets / "CONVERSATIONS_DIR").write_text("/from/secrets\n", encoding="utf-8")
    monkeypatch.setattr(content_dirs, "ENV_FILE", env_file)
    monkeypatch.setattr(content_dirs, "SECRETS_DIR", secrets)
    assert content_dirs.resources_dir(None, {}) == Path("/from/dotenv")
    assert content_dirs.conversations_dir(None, {}) == Path("/from/secrets")
    assert content_dirs.resources_dir(None, {"RESOURCES_DIR": "/env"}) == Path("/env")


def commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command that reads the directory, as staff run it (no directory named)."""
    return {
        "validate": ["validate"],
        "review": ["review"],
        "check-links": ["check-links"],  # refused before any link is checked
        "cards": ["cards", str(tmp_path / "cards.html"), "--region", "wa-king"],
        "link": ["link", "--category", "legal", "--region", "wa-king"],
        "export-hsds": ["export-hsds", str(tmp_path / "hsds")],
        "import-hsds": ["import-hsds", str(HSDS_EXAMPLE), str(tmp_path / "imported.yaml")],
        "evaluate": ["evaluate", "--quiet"],
    }


FLOW_COMMANDS = ("validate", "review", "cards", "link", "evaluate")  # those that read the flow


@pytest.mark.parametrize(
    ("variable", "command"),
    [("RESOURCES_DIR", command) for command in commands(Path())]
    + [("CONVERSATIONS_DIR", command) for command in FLOW_COMMANDS],
)
def test_every_command_reads_the_variables(
    variable: str,
    command: str,
    broken: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = broken[0] if variable == "RESOURCES_DIR" else broken[1]
    monkeypatch.setenv("BOT_USERNAME", "CityInfoBot")
    monkeypatch.setenv(variable, str(folder))
    assert main(commands(tmp_path)[command]) == 1
    out = capsys.readouterr()
    broken_file = folder / ("washington.yaml" if variable == "RESOURCES_DIR" else "flow.yaml")
    assert f"{broken_file}:" in out.out + out.err


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(DEFAULT_RESOURCES)],
        ["review", str(DEFAULT_RESOURCES)],
        ["link", "--category", "legal", "--region", "wa-king", "--resources",
         str(DEFAULT_RESOURCES), "--conversations", str(DEFAULT_CONVERSATIONS)],
        ["export-hsds", "{out}", "--resources", str(DEFAULT_RESOURCES)],
    ],
)  # fmt: skip
def test_an_argument_still_wins_over_the_environment(
    argv: list[str],
    broken: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "CityInfoBot")
    monkeypatch.setenv("RESOURCES_DIR", str(broken[0]))
    monkeypatch.setenv("CONVERSATIONS_DIR", str(broken[1]))
    assert main([word.replace("{out}", str(tmp_path / "hsds")) for word in argv]) == 0
    out = capsys.readouterr()
    assert str(broken[0]) not in out.out + out.err

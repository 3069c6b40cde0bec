"""`python -m bot link` and `python -m bot cards` as an outreach worker runs them."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot.cli import main
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.outreach.chromium import decode_qr_codes, screenshot

ROOT = Path(__file__).resolve().parents[2]
BOT = "SafeHarborBot"
BOT_VARIABLES = ("BOT_USERNAME", "BOT_TOKEN", "TELEGRAM_API_BASE_URL")


@pytest.fixture
def bot_username(monkeypatch: pytest.MonkeyPatch) -> str:
    for name in BOT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_USERNAME", BOT)
    return BOT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


async def run_process(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """Run `python -m bot ...` without blocking the event loop the fake server answers on."""
    clean = {k: v for k, v in os.environ.items() if k not in BOT_VARIABLES}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env={**clean, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.mark.parametrize(
    ("args", "link"),
    [
        (["--category", "legal", "--region", "wa-king"], "?start=legal_wa-king"),
        (["--category", "legal", "--region", "wa-king", "--lang", "es"], "?start=legal_wa-king_es"),
        (["--lang", "es", "--region", "wa-king", "--category", "legal"], "?start=legal_wa-king_es"),
        (["--category", "shelter"], "?start=shelter"),
        (["--command", "emergency", "--lang", "es"], "?start=es_emergency"),
        ([], ""),
    ],
)
def test_link_prints_the_deep_link(
    args: list[str], link: str, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "link", *args)
    assert (code, err) == (0, "")
    assert out == f"https://t.me/{bot_username}{link}\n"


def test_link_writes_a_png_qr_code_of_exactly_the_link(
    tmp_path: Path, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "legal-king.png"
    code, out, err = run(
        capsys, "link", "--category", "legal", "--region", "wa-king", "--qr", str(path)
    )
    assert code == 0
    assert err == f"wrote {path}\n"
    assert decode_qr_codes(Image.open(path)) == [out.strip()]


def test_link_writes_an_svg_qr_code_of_exactly_the_link(
    tmp_path: Path, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "emergency.svg"
    code, out, _ = run(capsys, "link", "--command", "emergency", "--lang", "es", "--qr", str(path))
    assert code == 0
    image = screenshot(path, tmp_path / "rendered.png", width=300, height=300)
    assert decode_qr_codes(image) == [out.strip()] == [f"https://t.me/{BOT}?start=es_emergency"]


def test_unknown_category_exits_2_with_a_suggestion() -> None:
    async def go() -> tuple[int, str, str]:
        return await run_process("link", "--category", "legl", env={"BOT_USERNAME": BOT})

    code, out, err = asyncio.run(go())
    assert (code, out) == (2, "")
    assert err == "error: unknown category 'legl'; did you mean 'legal'?\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "king"], "unknown region 'king'"),
        (["--lang", "de"], "unknown language 'de' (expected one of: en, es)"),
        (["--category", "legal", "--command", "privacy"], "cannot be combined"),
        (["--category", "legal", "--qr", "code.jpg"], "must end in .svg or .png"),
    ],
)
def test_other_mistakes_exit_2(
    args: list[str], message: str, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "link", *args)
    assert (code, out) == (2, "")
    assert message in err


def test_no_username_and_no_token_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in BOT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    code, out, err = run(capsys, "link", "--category", "legal")
    assert (code, out) == (2, "")
    assert "set BOT_USERNAME" in err and "or BOT_TOKEN" in err


async def test_link_asks_get_me_when_only_the_token_is_set(fake_bot_api: FakeBotApi) -> None:
    env = {"BOT_TOKEN": fake_bot_api.token, "TELEGRAM_API_BASE_URL": fake_bot_api.base_url}
    code, out, err = await run_process("link", "--category", "legal", env=env)
    assert (code, err) == (0, "")
    assert out == f"https://t.me/{fake_bot_api.bot_username}?start=legal\n"
    assert [call.ok for call in fake_bot_api.calls_to("getMe")] == [True]


async def test_bot_username_is_used_without_asking_the_bot_api(fake_bot_api: FakeBotApi) -> None:
    env = {
        "BOT_USERNAME": "OtherNameBot",
        "BOT_TOKEN": fake_bot_api.token,
        "TELEGRAM_API_BASE_URL": fake_bot_api.base_url,
    }
    code, out, _ = await run_process("link", "--category", "legal", env=env)
    assert (code, out) == (0, "https://t.me/OtherNameBot?start=legal\n")
    assert fake_bot_api.calls_to("getMe") == []


async def test_a_refused_token_exits_1_and_is_never_printed(fake_bot_api: FakeBotApi) -> None:
    wrong = "987654321:AAE-wrong-token-0123456789abcdefghi"
    env = {"BOT_TOKEN": wrong, "TELEGRAM_API_BASE_URL": fake_bot_api.base_url}
    code, out, err = await run_process("link", "--category", "legal", env=env)
    assert (code, out) == (1, "")
    assert "refused getMe: Unauthorized; check BOT_TOKEN" in err
    assert "wrong-token" not in err and "Traceback" not in err


def test_link_discreet_prints_the_cards_code(
    bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "link", "--category", "legal", "--region", "wa-king", "--discreet")
    assert (code, err) == (0, "")
    assert out == f"https://t.me/{bot_username}?start=h5f\n"  # conversations/cards.yaml


def test_link_web_prints_the_web_chats_link_without_a_username(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in BOT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    args = (
        "link",
        "--category",
        "legal",
        "--region",
        "wa-king",
        "--web",
        "https://help.example.org",
    )
    assert run(capsys, *args, "--discreet") == (0, "https://help.example.org/?start=h5f\n", "")
    assert run(capsys, *args) == (0, "https://help.example.org/?start=legal_wa-king\n", "")
    code, out, err = run(capsys, *args[:-1], "http://help.example.org/")
    assert (code, out) == (2, "")
    assert "give the web chat's public https address" in err


def test_link_discreet_without_a_code_says_which_line_to_add(
    bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "link", "--category", "legal", "--region", "us", "--discreet")
    assert (code, out) == (1, "")
    assert "this card has no code yet: add these lines under card_codes:" in err
    assert re.search(r"^  [a-z][2-9][a-z]: \{category: legal, region: us\}", err, re.MULTILINE)


def test_cards_writes_the_discreet_sheet_and_says_which_card_is_which(
    tmp_path: Path, content: Content, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cards.html"
    code, out, err = run(
        capsys, "cards", str(path), "--region", "wa-king", "--paper", "a4", "--phone", "wa-211"
    )
    cards = len(content.directory.categories) + 1  # and the emergency card
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"wrote {path}: {cards} discreet cards on 1 A4 page(s)"
    assert lines[2] == "  h5f  Legal help, Seattle and King County"
    assert lines[-1] == "  j3f  The emergency screen"
    html = path.read_text(encoding="utf-8")
    assert html.count('<article class="card discreet"') == cards
    assert "No Telegram? Call 211" in html  # Washington 211's number, from the directory


def test_cards_web_prints_the_web_chats_address_with_each_cards_code(
    tmp_path: Path, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cards.html"
    args = ("cards", str(path), "--region", "wa-king", "--web", "https://help.example.org/")
    code, _, err = run(capsys, *args)
    assert (code, err) == (0, "")
    html = path.read_text(encoding="utf-8")
    assert "No Telegram? Go to:" in html
    assert "help.example.org/<wbr>?start=h5f" in html  # the legal card's code, as on its QR
    code, out, err = run(capsys, *args[:-1], "https://user:pw@help.example.org/")
    assert (code, out) == (2, "")
    assert "must not hold a user name or password" in err and "pw" not in err


def test_cards_labelled_for_agencies(
    tmp_path: Path, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cards.html"
    code, out, _ = run(capsys, "cards", str(path), "--labelled", "--category", "legal")
    assert code == 0
    assert out.splitlines()[1:] == [
        f"  t.me/{BOT}?start=legal  Legal help, asks where",
        f"  t.me/{BOT}?start=emergency  The emergency screen",
    ]
    assert "Legal help" in path.read_text(encoding="utf-8")


def test_cards_without_codes_yet_work_once_the_suggested_lines_are_added(
    tmp_path: Path, bot_username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The outreach worker's path to a new set of cards: ask, paste the lines, print."""
    conversations = tmp_path / "conversations"
    shutil.copytree(ROOT / "conversations", conversations)
    path = tmp_path / "cards.html"
    args = ["cards", str(path), "--region", "us", "--conversations", str(conversations)]
    code, out, err = run(capsys, *args)
    assert (code, out) == (1, "")
    assert err.startswith("error: 7 cards have no code yet")
    lines = [line.partition("  #")[0] for line in err.splitlines() if line.startswith("  ")]
    assert len(lines) == 7
    cards_yaml = conversations / "cards.yaml"
    cards_yaml.write_text(
        cards_yaml.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8"
    )
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    printed = {line.split()[0] for line in out.splitlines()[1:-1]}
    assert printed == {line.split(":")[0].strip() for line in lines}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "wa-kin"], "unknown region 'wa-kin'; did you mean 'wa-king'?"),
        (["--lang", "fr"], "unknown language 'fr'"),
        (["--category", "lawyer"], "unknown category 'lawyer'"),
        (["--phone", "555"], "--phone '555' is neither a resource id nor a valid phone number"),
        (["--phone", "wa-21"], "did you mean 'wa-211'?"),
    ],
)
def test_cards_refuses_unknown_ids(
    args: list[str],
    message: str,
    tmp_path: Path,
    bot_username: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "cards.html"
    code, out, err = run(capsys, "cards", str(path), *args)
    assert (code, out) == (2, "")
    assert message in err
    assert not path.exists()

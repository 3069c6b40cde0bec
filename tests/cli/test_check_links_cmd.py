"""`python -m bot check-links`, run as staff would run it, against a local web link_server.

The directory's links name `links.test`, and `--resolve links.test:127.0.0.1` sends them to the
test's link_server: nothing is looked up in DNS or sent off this machine.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.link_server import HOST, LinkServer
from tests.helpers.yaml_directory import ENTRIES_FILE, entry, entry_line, write_directory

ROOT = Path(__file__).resolve().parents[2]
FAST = ("--timeout", "0.5", "--slow", "0.2", "--resolve", f"{HOST}:127.0.0.1")  # /slow: 0.3 s


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


async def run_bot(*args: str) -> Run:
    """Run the CLI without blocking the event loop the test's server runs on."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return Run(process.returncode, stdout.decode(), stderr.decode())


def every_kind(link_server: LinkServer, root: Path) -> Path:
    return write_directory(
        root,
        [
            entry("fine", website=link_server.url("/ok")),
            entry("refuses-head", website=link_server.url("/head-refused")),
            entry("gone", website=link_server.url("/missing"), chat_url=link_server.url("/ok")),
            entry("failing", website=link_server.url("/error")),
            entry("moved", website=link_server.url("/chain/2")),
            entry("far-moved", website=link_server.url("/chain/9")),
            entry("looping", website=link_server.url("/loop-a")),
            entry("sluggish", website=link_server.url("/slow")),
            entry("stuck", website=None, chat_url=link_server.url("/hang")),
        ],
    )


async def test_every_kind_of_link_as_csv(link_server: LinkServer, tmp_path: Path) -> None:
    resources = every_kind(link_server, tmp_path)
    result = await run_bot("check-links", str(resources), *FAST, "--format", "csv")
    assert result.returncode == 1, result.stderr  # some links are broken
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    file = resources / ENTRIES_FILE
    assert [(r["urgency"], r["kind"], r["resource"], r["where"]) for r in rows] == [
        ("high", "broken", rid, f"{file}:{entry_line(file, rid)}")
        for rid in ("failing", "far-moved", "gone", "looping", "stuck")
    ] + [
        ("normal", "redirected", "moved", f"{file}:{entry_line(file, 'moved')}"),
        ("low", "slow", "sluggish", f"{file}:{entry_line(file, 'sluggish')}"),
    ]
    action = {r["resource"]: r["what_to_do"] for r in rows}
    assert "500 Internal Server Error" in action["failing"]
    assert "too many redirects (more than 5)" in action["far-moved"]
    assert "too many redirects (a loop)" in action["looping"]
    assert "no answer within 0.5 s" in action["stuck"]
    assert f"redirects to {link_server.url('/chain/0')}" in action["moved"]
    assert {r.host for r in link_server.requests} == {HOST}


async def test_working_links_exit_0_and_the_text_says_what_was_checked(
    link_server: LinkServer, tmp_path: Path
) -> None:
    resources = write_directory(
        tmp_path,
        [
            entry(
                "fine", website=link_server.url("/ok"), chat_url=link_server.url("/head-refused")
            ),
            entry("moved", website=link_server.url("/chain/1")),
            entry("sluggish", website=link_server.url("/slow")),
            entry("same", website=link_server.url("/ok")),
        ],
    )
    result = await run_bot("check-links", str(resources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["URGENCY", "RESOURCE", "WHERE"]
    assert [line.split()[:2] for line in lines[1:-1]] == [
        ["normal", "moved"],
        ["low", "sluggish"],
    ]
    assert lines[-1] == "5 links checked (4 distinct addresses); 2 to review: 1 redirected, 1 slow"


async def test_markdown_output(link_server: LinkServer, tmp_path: Path) -> None:
    resources = write_directory(tmp_path, [entry("gone", website=link_server.url("/missing"))])
    result = await run_bot("check-links", str(resources), *FAST, "--format", "markdown")
    assert result.returncode == 1
    file = resources / ENTRIES_FILE
    assert result.stdout.splitlines() == [
        "| Urgency | Resource | Where | Last verified | What to do |",
        "|---|---|---|---|---|",
        f"| high | gone | {file}:{entry_line(file, 'gone')} | {entry('gone')['last_verified']} "
        f"| website {link_server.url('/missing')} is broken: 404 Not Found. "
        "Find the right address, or remove it. |",
    ]


async def test_a_directory_with_errors_is_not_checked(
    link_server: LinkServer, tmp_path: Path
) -> None:
    resources = write_directory(
        tmp_path, [entry("broken", website=link_server.url("/ok"), regions=["nowhere"])]
    )
    result = await run_bot("check-links", str(resources), *FAST)
    assert result.returncode == 1
    assert "unknown region 'nowhere'" in result.stdout
    assert link_server.requests == []


async def test_the_overall_timeout_reports_what_was_not_checked(
    link_server: LinkServer, tmp_path: Path
) -> None:
    resources = write_directory(tmp_path, [entry("stuck", website=link_server.url("/hang"))])
    result = await run_bot(
        "check-links", str(resources), *FAST, "--timeout", "5", "--overall-timeout", "0.3"
    )
    assert result.returncode == 1
    assert "was not checked: the overall limit of 0.3 s ran out" in result.stdout


async def test_bad_arguments_are_refused() -> None:
    result = await run_bot("check-links", "--resolve", "links.test:not-an-address")
    assert result.returncode == 2
    assert "expected HOST:ADDRESS" in result.stderr
    result = await run_bot("check-links", "--timeout", "0")
    assert result.returncode == 2

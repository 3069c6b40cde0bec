"""`python -m bot review`, run as staff would run it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from tests.helpers.cli import ROOT, run_bot
from tests.helpers.yaml_directory import ENTRIES_FILE, entry, one_of_each_finding, write_directory

SHIPPED_NEEDS_REVIEW = {
    "ops-seattle",
    "rest-seattle",
    "youthcare",
    "kcba-legal",
    "casa-latina",
    "evergreen-goodwill",
}


def line_of_key(resource_id: str, key: str, path: Path = ROOT / "resources/washington.yaml") -> int:
    """The line of `key:` in the entry `resource_id` of a shipped file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {resource_id}")
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f"{key}:")) + 1


def csv_rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_the_shipped_directory_starts_with_its_needs_review_entries() -> None:
    result = run_bot("review")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["URGENCY", "RESOURCE", "WHERE"]
    first = [line.split()[:2] for line in lines[1:7]]
    assert {resource for _, resource in first} == SHIPPED_NEEDS_REVIEW
    assert {urgency for urgency, _ in first} == {"high"}
    ops = lines[1 + [r for _, r in first].index("ops-seattle")]
    assert f"resources/washington.yaml:{line_of_key('ops-seattle', 'needs_review')}" in ops
    assert lines[-1].startswith(f"{len(lines) - 2} to review: 6 high")


def test_the_shipped_directory_as_csv() -> None:
    result = run_bot("review", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert {r["resource"] for r in rows[:6]} == SHIPPED_NEEDS_REVIEW
    assert {r["kind"] for r in rows[:6]} == {"needs-review"}
    assert "Confirm the phone number (206) 337-6155" in next(
        r["what_to_do"] for r in rows if r["resource"] == "ops-seattle"
    )


def test_one_of_each_finding_in_order(tmp_path: Path) -> None:
    resources, conversations = one_of_each_finding(tmp_path, dt.date.today())
    result = run_bot(
        "review", str(resources), "--conversations", str(conversations), "--format", "csv"
    )
    assert result.returncode == 0, result.stderr  # findings are not failures
    rows = csv_rows(result.stdout)
    assert [(r["urgency"], r["kind"], r["resource"]) for r in rows] == [
        ("urgent", "closed-in-flow", "gone"),
        ("urgent", "closed-in-flow", "closed-line"),
        ("urgent", "unknown-in-flow", "ghost"),
        ("high", "needs-review", "flagged"),
        ("normal", "stale", "older-entry"),
        ("normal", "stale", "old-entry"),
        ("normal", "duplicate", "dup-b"),
        ("low", "no-hours", "no-hours"),
        ("low", "missing-translation", "english-only"),
    ]
    flagged = rows[3]
    assert flagged["where"].startswith(f"{resources / ENTRIES_FILE}:")
    assert flagged["last_verified"] == (dt.date.today() - dt.timedelta(days=30)).isoformat()
    assert flagged["what_to_do"].startswith("Check it: Confirm the phone number.")


def test_older_than_sets_the_threshold(tmp_path: Path) -> None:
    resources, _ = one_of_each_finding(tmp_path, dt.date.today())
    result = run_bot("review", str(resources), "--older-than", "450", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert [r["resource"] for r in csv_rows(result.stdout) if r["kind"] == "stale"] == [
        "older-entry"
    ]


def test_markdown_pastes_as_a_table(tmp_path: Path) -> None:
    resources, conversations = one_of_each_finding(tmp_path, dt.date.today())
    result = run_bot(
        "review", str(resources), "--conversations", str(conversations), "--format", "markdown"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "| Urgency | Resource | Where | Last verified | What to do |",
        "|---|---|---|---|---|",
    ]
    assert len(lines) == 2 + 9
    assert all(line.startswith("| ") and line.count(" | ") == 4 for line in lines[2:])


def test_a_directory_with_errors_exits_1_with_its_errors(tmp_path: Path) -> None:
    resources = write_directory(tmp_path, [entry("broken", regions=["wa-kingg"])])
    result = run_bot("review", str(resources))
    assert result.returncode == 1
    assert "urgent" in result.stdout
    assert f"{resources / ENTRIES_FILE}:" in result.stdout
    assert "unknown region 'wa-kingg'; did you mean 'wa-king'?" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_flow_that_cannot_be_read_exits_1(tmp_path: Path) -> None:
    resources = write_directory(tmp_path, [entry("fine")])
    conversations = tmp_path / "conversations"
    conversations.mkdir()
    (conversations / "flow.yaml").write_text("screens: [\n", encoding="utf-8")
    result = run_bot("review", str(resources), "--conversations", str(conversations))
    assert result.returncode == 1
    assert f"{conversations / 'flow.yaml'}:" in result.stdout


def test_nothing_to_review(tmp_path: Path) -> None:
    resources = write_directory(tmp_path, [entry("fine")])
    for output in ("text", "markdown"):
        result = run_bot("review", str(resources), "--format", output)
        assert (result.returncode, result.stdout) == (0, "Nothing to review.\n")


def test_bad_arguments_are_refused() -> None:
    result = run_bot("review", "--older-than", "-1")
    assert result.returncode == 2
    assert "-1 is not a number of days" in result.stderr


VALIDATE_KINDS = {
    "marked needs_review": "needs-review",
    "last verified": "stale",
    "has no 'es' translation": "missing-translation",
}


def test_review_and_validate_give_the_same_line_for_the_same_entry(tmp_path: Path) -> None:
    """A real edit of the shipped files: WARN last verified long ago, its Spanish text deleted."""
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    washington = resources / "washington.yaml"
    lines = washington.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("  - id: warn\n")
    end = lines.index("    categories: [hotline, legal]\n", start)
    spanish = next(i for i in range(start, end) if lines[i] == "      es: >-\n")
    del lines[spanish : spanish + 4]  # the three lines of the Spanish description go with it
    verified = next(i for i in range(start, len(lines)) if "last_verified:" in lines[i])
    lines[verified] = "    last_verified: 2024-06-01\n"
    washington.write_text("".join(lines), encoding="utf-8")

    validate = run_bot("validate", str(resources))
    said: dict[tuple[str, str], str] = {}
    for line in validate.stdout.splitlines():
        where, _, rest = line.partition(": warning: ")
        entry_id, _, message = rest.partition(": ")
        kind = next((k for words, k in VALIDATE_KINDS.items() if words in message), None)
        if kind:
            said[entry_id, kind] = where
    review = csv_rows(run_bot("review", str(resources), "--format", "csv").stdout)
    listed = {
        (r["resource"], r["kind"]): r["where"]
        for r in review
        if r["kind"] in VALIDATE_KINDS.values()
    }
    assert ("warn", "stale") in said and ("warn", "missing-translation") in said
    assert len([k for k in said if k[1] == "needs-review"]) == 6
    assert listed == said

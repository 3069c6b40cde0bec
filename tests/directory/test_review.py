"""bot/directory/review.py: what staff are asked to look at, in what order, in each format."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.review import (
    CSV_HEADERS,
    Finding,
    Format,
    Urgency,
    render,
    review,
)
from bot.flows.references import flow_references
from tests.helpers.yaml_directory import (
    ENTRIES_FILE,
    entry,
    entry_line,
    one_of_each_finding,
    write_directory,
)

TODAY = dt.date(2026, 11, 28)


def key_line(path: Path, resource_id: str, key: str) -> int:
    """The line of `key:` inside the entry `resource_id` of `path`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = entry_line(path, resource_id)
    return next(
        number
        for number, line in enumerate(lines[start - 1 :], start=start)
        if line.strip().startswith(f"{key}:")
    )


SHIPPED_NEEDS_REVIEW = {
    "ops-seattle",
    "rest-seattle",
    "youthcare",
    "kcba-legal",
    "casa-latina",
    "evergreen-goodwill",
}


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def review_of(resources: Path, conversations: Path | None) -> list[Finding]:
    loaded = load_directory(resources, LoadOptions(today=TODAY))
    flow = flow_references(conversations) if conversations else None
    return review(loaded.directory, loaded.report, today=TODAY, flow=flow)


def test_findings_come_most_urgent_first_then_oldest(tmp_path: Path) -> None:
    resources, conversations = one_of_each_finding(tmp_path, TODAY)
    findings = review_of(resources, conversations)
    assert [(f.urgency, f.kind, f.entry_id) for f in findings] == [
        (Urgency.URGENT, "closed-in-flow", "gone"),  # verified 600 days ago
        (Urgency.URGENT, "closed-in-flow", "closed-line"),  # 6 days ago
        (Urgency.URGENT, "unknown-in-flow", "ghost"),  # not in the directory: no date
        (Urgency.HIGH, "needs-review", "flagged"),
        (Urgency.NORMAL, "stale", "older-entry"),
        (Urgency.NORMAL, "stale", "old-entry"),
        (Urgency.NORMAL, "duplicate", "dup-b"),
        (Urgency.LOW, "no-hours", "no-hours"),  # verified 5 days ago
        (Urgency.LOW, "missing-translation", "english-only"),  # 2 days ago
    ]


def test_each_finding_says_where_and_what_to_do(tmp_path: Path) -> None:
    resources, conversations = one_of_each_finding(tmp_path, TODAY)
    by_kind = {(f.kind, f.entry_id): f for f in review_of(resources, conversations)}
    file = resources / ENTRIES_FILE
    flow = conversations / "flow.yaml"

    flagged = by_kind["needs-review", "flagged"]
    # The line validate gives too: the one to edit.
    assert (flagged.path, flagged.line) == (file, key_line(file, "flagged", "needs_review"))
    assert flagged.last_verified == days_ago(30)
    assert flagged.action == (
        "Check it: Confirm the phone number. Once it is confirmed, delete the needs_review and "
        f"review_note lines and set last_verified: {TODAY.isoformat()}."
    )
    stale = by_kind["stale", "old-entry"]
    assert stale.action.startswith("Not verified for 400 days: check its phone numbers")
    assert stale.line == key_line(file, "old-entry", "last_verified")
    duplicate = by_kind["duplicate", "dup-b"]
    assert duplicate.path == file
    assert entry_line(file, "dup-b") < (duplicate.line or 0) < entry_line(file, "no-hours")
    assert duplicate.action.startswith("Likely duplicate: same phone number as dup-a (")
    english_only = by_kind["missing-translation", "english-only"]
    assert english_only.action == "Add the Spanish ('es') description (description: es: ...)."
    assert english_only.line == key_line(file, "english-only", "description")
    no_hours = by_kind["no-hours", "no-hours"]
    assert no_hours.line == entry_line(file, "no-hours")  # no line to point at: the entry
    # A flow problem is reported where the flow names the resource: that is what to edit.
    closed = by_kind["closed-in-flow", "closed-line"]
    assert (closed.path, closed.line) == (flow, 7)
    assert closed.action.startswith(
        "It is temporarily closed (status at "
        f"{file}:{entry_line(file, 'closed-line')}), but the bot still offers it on "
        "the national lines added when few local ones are found (fallback_resources): "
        "remove it from that list"
    )
    assert by_kind["closed-in-flow", "gone"].line == 13
    assert by_kind["unknown-in-flow", "ghost"].action.startswith(
        "The bot is told to offer this resource on the welcome screen, but no entry has this id"
    )


def test_the_threshold_decides_what_is_stale(tmp_path: Path) -> None:
    resources, _ = one_of_each_finding(tmp_path, TODAY)
    loaded = load_directory(resources, LoadOptions(today=TODAY))
    stale = [
        f.entry_id
        for f in review(loaded.directory, loaded.report, today=TODAY, older_than_days=450)
        if f.kind == "stale"
    ]
    assert stale == ["older-entry"]  # "gone" is older, but inactive: nobody sees it


def test_without_a_flow_there_are_no_flow_findings(tmp_path: Path) -> None:
    resources, _ = one_of_each_finding(tmp_path, TODAY)
    kinds = {f.kind for f in review_of(resources, None)}
    assert not kinds & {"closed-in-flow", "unknown-in-flow"}


def test_a_flow_the_loader_refuses_is_still_read(tmp_path: Path) -> None:
    # The shipped flow names lifeline-988; here it is closed, so load_flow would refuse it.
    resources = write_directory(
        tmp_path,
        [entry("lifeline-988", status="temporarily_closed", last_verified=days_ago(1))],
    )
    findings = review_of(resources, DEFAULT_CONVERSATIONS)
    closed = [f for f in findings if f.kind == "closed-in-flow"]
    # The search fallback, two categories' fallbacks (hotline, therapy), the emergency and
    # about screens.
    in_flow = [f.entry_id for f in closed if f.path == DEFAULT_CONVERSATIONS / "flow.yaml"]
    assert in_flow == ["lifeline-988"] * 5
    # situations.yaml names it too: in `always`, and as a line of several situations
    situations = [f for f in closed if f.path == DEFAULT_CONVERSATIONS / "situations.yaml"]
    assert {f.entry_id for f in situations} == {"lifeline-988"}
    assert any("always" in f.action for f in situations)


def test_a_directory_that_does_not_load_gives_its_errors(tmp_path: Path) -> None:
    # Dated by the test's own today: `entry()` alone dates an entry by the real one, which is
    # "in the future" against a pinned TODAY (and this test failed from 2026-11-29 on).
    broken = entry("broken", categories=["nope"], last_verified=days_ago(1))
    resources = write_directory(tmp_path, [broken])
    loaded = load_directory(resources, LoadOptions(today=TODAY))
    assert loaded.directory is None
    findings = review(loaded.directory, loaded.report, today=TODAY)
    assert [(f.urgency, f.kind) for f in findings] == [(Urgency.URGENT, "error")]
    assert "unknown category 'nope'" in findings[0].action
    assert findings[0].where == f"{resources / ENTRIES_FILE}:{findings[0].line}"


def test_the_shipped_directory_lists_its_needs_review_entries_first() -> None:
    loaded = load_directory(DEFAULT_RESOURCES)
    findings = review(
        loaded.directory,
        loaded.report,
        today=dt.date.today(),
        flow=flow_references(DEFAULT_CONVERSATIONS),
    )
    first = findings[: len(SHIPPED_NEEDS_REVIEW)]
    assert {f.entry_id for f in first} == SHIPPED_NEEDS_REVIEW
    assert {f.kind for f in first} == {"needs-review"}
    assert all(f.kind != "needs-review" for f in findings[len(first) :])


# --- Formats -----------------------------------------------------------------------------------

TRICKY = [
    Finding(
        Urgency.HIGH,
        "needs-review",
        "tricky",
        Path("resources/x.yaml"),
        12,
        'Check it: a "quoted", comma | pipe\nand \x1b[31mred\x1b[0m note.',
        dt.date(2025, 1, 2),
    ),
    Finding(Urgency.URGENT, "error", "", Path("resources/y.yaml"), None, "=HYPERLINK(1)"),
]


def test_csv_has_a_header_and_reads_back(tmp_path: Path) -> None:
    resources, conversations = one_of_each_finding(tmp_path, TODAY)
    findings = review_of(resources, conversations)
    rows = list(csv.DictReader(io.StringIO(render(findings, Format.CSV))))
    assert len(rows) == len(findings)
    assert tuple(rows[0]) == CSV_HEADERS
    for row, finding in zip(rows, findings, strict=True):
        assert row["urgency"] == finding.urgency.label
        assert row["kind"] == finding.kind
        assert row["resource"] == finding.entry_id
        assert row["where"] == finding.where
        assert row["what_to_do"] == finding.action
        assert row["last_verified"] == (
            finding.last_verified.isoformat() if finding.last_verified else ""
        )


def test_csv_quotes_and_defuses_what_it_is_given() -> None:
    tricky, formula = csv.DictReader(io.StringIO(render(TRICKY, Format.CSV)))
    assert tricky["what_to_do"] == 'Check it: a "quoted", comma | pipe and  [31mred [0m note.'
    assert tricky["where"] == "resources/x.yaml:12"
    assert formula["what_to_do"] == "'=HYPERLINK(1)"  # not run as a spreadsheet formula


def test_markdown_is_a_table_of_five_columns(tmp_path: Path) -> None:
    resources, conversations = one_of_each_finding(tmp_path, TODAY)
    findings = review_of(resources, conversations)
    lines = render([*findings, *TRICKY], Format.MARKDOWN).splitlines()
    assert lines[0] == "| Urgency | Resource | Where | Last verified | What to do |"
    assert lines[1] == "|---|---|---|---|---|"
    assert len(lines) == 2 + len(findings) + len(TRICKY)
    for line in lines[:1] + lines[2:]:
        assert line.startswith("| ")
        assert line.endswith(" |")
        assert line.replace("\\|", "").count("|") == 6
    assert lines[2].startswith("| urgent | gone | ")
    assert "\x1b" not in "".join(lines)


def test_text_is_aligned_columns_with_the_action_last(tmp_path: Path) -> None:
    resources, conversations = one_of_each_finding(tmp_path, TODAY)
    findings = review_of(resources, conversations)
    lines = render(findings, Format.TEXT).splitlines()
    assert lines[0].split() == [
        "URGENCY",
        "RESOURCE",
        "WHERE",
        "LAST",
        "VERIFIED",
        "WHAT",
        "TO",
        "DO",
    ]
    action_column = lines[0].index("WHAT TO DO")
    for line, finding in zip(lines[1:], findings, strict=True):
        assert line[action_column:] == finding.action
        assert line.startswith(f"{finding.urgency.label} ")
        assert finding.where in line


def test_text_strips_control_characters() -> None:
    text = render(TRICKY, Format.TEXT)
    assert "\x1b" not in text
    assert len(text.splitlines()) == 3


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (Format.TEXT, "Nothing to review.\n"),
        (Format.MARKDOWN, "Nothing to review.\n"),  # not a table header with no rows
        # A spreadsheet or a script still finds the columns a review has.
        (Format.CSV, "urgency,kind,resource,where,last_verified,what_to_do\n"),
    ],
)
def test_an_empty_review_says_so_or_gives_only_the_header(output: Format, expected: str) -> None:
    assert render([], output) == expected

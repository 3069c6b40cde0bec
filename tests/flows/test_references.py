"""bot/flows/references.py: every resource id the flow names, read even from a flow that the
loader refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.directory.review import FlowReferences
from bot.flows.references import FALLBACK_PLACE, flow_references
from bot.staff_files.problems import Problem, Severity
from tests.helpers.yaml_directory import one_of_each_finding

TODAY = dt.date(2026, 11, 28)


def test_a_flow_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    conversations = tmp_path / "conversations"
    conversations.mkdir()
    (conversations / "flow.yaml").write_text("screens:\n  welcome: [\n", encoding="utf-8")
    references = flow_references(conversations)
    assert references.references == ()
    [problem] = references.problems
    assert problem.severity is Severity.ERROR
    assert problem.path == conversations / "flow.yaml"


def test_flow_references_list_every_place(tmp_path: Path) -> None:
    _, conversations = one_of_each_finding(tmp_path, TODAY)
    references = flow_references(conversations)
    assert references.problems == ()
    assert [(r.resource_id, r.line, r.place) for r in references.references] == [
        ("fine", 7, FALLBACK_PLACE),
        ("closed-line", 7, FALLBACK_PLACE),
        ("gone", 13, "the welcome screen"),
        ("ghost", 13, "the welcome screen"),
    ]


def test_missing_conversations_are_an_error(tmp_path: Path) -> None:
    references = flow_references(tmp_path / "nowhere")
    assert references == FlowReferences(
        problems=(
            Problem(
                Severity.ERROR, tmp_path / "nowhere", None, "no conversation files (*.yaml) found"
            ),
        )
    )

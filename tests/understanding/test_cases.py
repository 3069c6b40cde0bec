"""The table of real-world messages (cases.yaml) through the engine on the shipped content:
every crisis and disclosure row must pass, and 95% of all rows."""

from __future__ import annotations

from pathlib import Path

from bot.content import Content
from bot.understanding.evaluation import MUST_PASS, Case, check, evaluate, load_cases

CASES = Path(__file__).with_name("cases.yaml")


def test_the_table_is_large_and_bilingual() -> None:
    cases = load_cases(CASES)
    assert len(cases) >= 200
    kinds = {case.kind for case in cases}
    assert {"crisis", "disclosure", "need", "place", "not-emergency", "other"} <= kinds
    spanish = [c for c in cases if c.language == "es" or "ñ" in c.text or " el " in c.text]
    assert len(spanish) >= 30


def test_every_crisis_and_disclosure_passes_and_95_percent_overall(content: Content) -> None:
    evaluation = evaluate(content.engine, load_cases(CASES))
    failed = evaluation.failed(MUST_PASS)
    assert not failed, evaluation.report()
    assert evaluation.score >= 0.95, evaluation.report()


def test_a_wrong_expectation_fails(content: Content) -> None:
    """The checker itself: a row that expects the wrong thing does not pass."""
    wrong = Case(
        text="me violaron", kind="disclosure", situation="forced-work", lines=["casa-latina"]
    )
    failures = check(content.engine, wrong).failures
    assert any("situation" in f for f in failures)
    assert "casa-latina not in the answer" in failures

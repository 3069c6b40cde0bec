"""The table of real-world messages (cases.yaml) and the five held-out batches beside it
(held_out.yaml to held_out_20.yaml: written before their authors read the phrase lists) through
the engine on the shipped content: every crisis and disclosure row must pass, and 95% of all
rows."""

from __future__ import annotations

import re
from pathlib import Path

from bot.content import Content
from bot.understanding.evaluation import MUST_PASS, Case, check, evaluate, load_cases

CASES = Path(__file__).with_name("cases.yaml")
# Words only a Spanish (or Spanglish) message has.
SPANISH = re.compile(r"\b(mi|mis|el|los|las|de|que|y|tengo|estoy|quiero|necesito|con|una|ya|se)\b")
HELD_OUT = [
    Path(__file__).with_name(n)
    for n in ("held_out.yaml", *(f"held_out_{n}.yaml" for n in range(2, 21)))
]


def test_the_table_is_large_and_bilingual() -> None:
    cases = load_cases(CASES)
    assert len(cases) >= 200
    kinds = {case.kind for case in cases}
    assert {"crisis", "disclosure", "need", "place", "not-emergency", "other"} <= kinds
    spanish = [c for c in cases if c.language == "es" or "ñ" in c.text or " el " in c.text]
    assert len(spanish) >= 30


def test_the_held_out_batches_are_large_and_bilingual() -> None:
    for path in HELD_OUT:
        cases = load_cases(path)
        assert len(cases) >= 60, path.name
        spanish = [c for c in cases if SPANISH.search(c.text)]
        assert len(spanish) >= len(cases) / 3, path.name
        kinds = {c.kind for c in cases}
        assert {"crisis", "disclosure", "not-emergency"} <= kinds, path.name


def test_every_crisis_and_disclosure_passes_and_95_percent_overall(content: Content) -> None:
    cases = load_cases(CASES) + [c for path in HELD_OUT for c in load_cases(path)]
    evaluation = evaluate(content.engine, cases)
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


def test_a_missed_or_false_emergency_is_named_as_such(content: Content) -> None:
    missed = Case(text="i need a lawyer", kind="crisis", emergency=True)
    assert check(content.engine, missed).failures == ("no emergency screen, one was expected",)
    false_alarm = Case(text="i want to die", kind="not-emergency", emergency=False)
    assert check(content.engine, false_alarm).failures == (
        "the emergency screen came, none was expected",
    )

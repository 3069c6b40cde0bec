"""`python -m bot evaluate`: the score per situation, and a failing row named."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import run_bot


def test_the_shipped_table_passes() -> None:
    result = run_bot("evaluate", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sexual-assault" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("all ")


def test_a_failing_disclosure_row_fails_the_run_and_is_named(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        '- {text: "me violaron", kind: disclosure, situation: forced-work}\n', encoding="utf-8"
    )
    result = run_bot("evaluate", "--cases", str(cases))
    assert result.returncode == 1
    assert "FAIL [disclosure] 'me violaron'" in result.stdout
    assert "situation 'sexual-assault', expected forced-work" in result.stdout

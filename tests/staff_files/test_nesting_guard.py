"""bot/staff_files/nesting_guard.py: deep nesting is refused before PyYAML's C composer, which
would overflow the stack and kill the process.

Regression: a 175 KB file nested 30,000 levels deep segfaulted the running bot during a reload
(in a worker thread, as `asyncio.to_thread` runs it), and 50,000 levels made `validate` and
start-up exit 139. The crashing cases run in a child process, so a crash fails the test instead
of ending the test run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.staff_files.nesting_guard import COMPOSER_MAX_DEPTH, _depth_bound, nested_too_deeply
from bot.staff_files.yaml_source import YamlError, parse_yaml
from tests.helpers.cli import ROOT, run_bot
from tests.helpers.yaml_directory import write_directory

# What the red team sent, and the other ways YAML nests: flow, block, compact block
# sequences on one line, and sequences at their key's column.
HOSTILE = {
    "flow": "' [\\n' * 30_000 + ' ]\\n' * 30_000",
    "flow-50k": "'[' * 50_000 + ']' * 50_000",
    "mappings": "''.join(' ' * i + 'a:\\n' for i in range(30_000)) + ' ' * 30_000 + 'x: 1\\n'",
    "compact": "'- ' * 40_000 + 'a\\n'",
    "indentless": "'k:\\n' + ''.join(' ' * (2 * i) + '- k:\\n' for i in range(15_000)) + 'x'",
}


def run_in_reload_thread(expression: str) -> subprocess.CompletedProcess[str]:
    """Parses the text `expression` builds in a worker thread, as a reload does."""
    script = textwrap.dedent(
        f"""
        import asyncio
        from bot.staff_files.yaml_source import parse_yaml
        text = ({expression}).encode()
        result = asyncio.run(asyncio.to_thread(parse_yaml, text))
        print(type(result).__name__, result.line, result.message)
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_hostile_nesting_is_refused_with_a_line_in_the_reload_thread() -> None:
    for kind, expression in HOSTILE.items():
        result = run_in_reload_thread(expression)
        assert result.returncode == 0, (kind, result.returncode, result.stderr[-300:])
        assert result.stdout.startswith("YamlError "), (kind, result.stdout)
        assert "nested too deeply (more than 40 levels)" in result.stdout, kind


def test_validate_refuses_a_deep_file_instead_of_crashing(tmp_path: Path) -> None:
    root = write_directory(tmp_path, [])
    (root / "deep.yaml").write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    result = run_bot("validate", str(root))
    assert result.returncode == 1, (result.returncode, result.stderr[-300:])
    assert "deep.yaml:1: the file is nested too deeply" in result.stdout + result.stderr


def test_the_line_named_is_where_the_nesting_goes_too_deep() -> None:
    text = "ok: 1\nlist:\n" + "".join("  " * i + "- \n" for i in range(COMPOSER_MAX_DEPTH + 5))
    refused = parse_yaml(text.encode())
    assert isinstance(refused, YamlError)
    assert refused.line == 3 + COMPOSER_MAX_DEPTH - 1  # the first line below the limit's depth


def test_shipped_files_are_far_from_the_limit() -> None:
    for path in [*(ROOT / "resources").glob("*.yaml"), *(ROOT / "conversations").rglob("*.yaml")]:
        assert nested_too_deeply(path.read_text(encoding="utf-8")) is None, path


def test_broken_yaml_is_left_to_the_composer_to_report() -> None:
    text = "a: [1]]\n" + "[" * 500  # the syntax error comes first: that is what to fix
    assert nested_too_deeply(text) is None
    refused = parse_yaml(text.encode())
    assert isinstance(refused, YamlError)
    assert (refused.line, refused.message[:17]) == (1, "YAML syntax error")


def nested(leaf: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.recursive(
        leaf,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text("abc", min_size=1, max_size=3), inner, max_size=3)
        ),
        max_leaves=40,
    )


def event_depth(text: str) -> int:
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            depth -= 1
    return deepest


@settings(max_examples=150, deadline=None)
@given(
    data=nested(st.integers(0, 9) | st.text("xy", max_size=3)),
    flow=st.sampled_from([None, True, False]),
    indent=st.integers(2, 4),
)
def test_the_cheap_bound_is_never_below_the_real_depth(
    data: object, flow: bool | None, indent: int
) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent)
    assert event_depth(text) <= _depth_bound(text)

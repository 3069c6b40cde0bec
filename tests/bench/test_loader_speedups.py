"""The loader's speed-ups (made for bench/bench_directory.py) change nothing it reports.

- Files are read by the fast parser when it is sure to agree with the reference (PyYAML), and
  the lines of warnings are found only when read, one parse per file: the report must be the
  reference's, whatever the layout (flow entries, a dash alone on its line, CRLF, NEL and LINE
  SEPARATOR breaks, a BOM, anchors, several sections in one file, problems across files).
- The garbage collector is paused while loading and restored after, even on failure.
- Phone numbers are parsed once per load, not once to validate and again to find duplicates.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from bot.directory import lines, load, phones
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.staff_files.yaml_source import YamlDocument, YamlError, read_yaml

TODAY = dt.date(2026, 11, 28)
TAXONOMY = """\
categories:
  - id: legal
    emoji: "⚖️"
    label: {en: Legal help, es: Ayuda legal}
    synonyms: {en: [lawyer]}
regions:
  - id: wa
    label: {en: Washington}
"""
MIXED = """\
# comment
regions:
  - id: wa-pierce
    parent: wa
    label: {en: Pierce County}
resources:
  -
    id: dash-alone
    name: Dash Alone Legal
    description: {en: Help.}
    categories: [legal, nope]
    regions: [wa]
    website: https://example.org
    last_verified: 2020-01-01
    needs_review: true
  - {id: flow-one, name: Flow One, description: {en: x}, categories: [legal], regions: [wa-x],
     website: "https://a.org", last_verified: 2020-01-01}
  - &anchor
    id: anchored
    name: Anchored Legal
    description:
      en: >-
        folded
        text
    categories: [legal]
    regions: [wa]
    phones:
      - {kind: voice, number: "(206) 245-0782"}
    last_verified: 2031-01-01
  - id: same-phone
    name: Anchored Legal
    description: {en: y, es: y}
    categories: [legal]
    regions: [wa]
    phones:
      - number: "206-245-0782"
    last_verified: 2026-01-01
categories:
  - id: legal
    emoji: "x"
    label: {en: Again}
    synonyms: {en: [a]}
"""
BLOCK = (
    "resources:\n- id: {id}\n  name: {name}\n  description: {{en: x}}\n  categories: [legal]\n"
    "  regions: [wa]\n  website: https://{id}.org\n  last_verified: 2019-05-05\n"
)


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    (tmp_path / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    (tmp_path / "mixed.yaml").write_text(MIXED, encoding="utf-8")
    crlf = BLOCK.format(id="crlf-one", name="CRLF One") + BLOCK.format(
        id="crlf-two", name="CRLF Two"
    ).removeprefix("resources:\n")
    (tmp_path / "crlf.yaml").write_bytes(crlf.replace("\n", "\r\n").encode())
    odd = BLOCK.format(id="odd-one", name='"Café \u2028 odd"').replace(
        "{en: x}", '{en: "x\x85y"}'
    ) + BLOCK.format(id="odd-two", name="Other").removeprefix("resources:\n")
    (tmp_path / "odd.yaml").write_bytes(b"\xef\xbb\xbf" + odd.encode())
    return tmp_path


def _report(root: Path) -> list[str]:
    return [str(p) for p in load_directory(root, LoadOptions(today=TODAY)).report.problems]


def _plain_files(directory: Path) -> None:
    """Files the fast parser takes, with warnings and errors pointing across files."""
    stale = BLOCK.format(id="plain-one", name="Anchored Legal") + BLOCK.format(
        id="plain-two", name="Plain Two"
    ).removeprefix("resources:\n").replace("last_verified", "needs_review: true\n  last_verified")
    (directory / "plain.yaml").write_text("# clean\n" + stale, encoding="utf-8")
    broken = BLOCK.format(id="plain-one", name="Duplicate Id").replace("[legal]", "[legl]")
    (directory / "plain-errors.yaml").write_text(broken, encoding="utf-8")


def test_the_fast_path_and_lazy_lines_report_what_the_reference_reports(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plain_files(directory)
    fast = _report(directory)
    monkeypatch.setattr(load, "parse_bytes_fast", lambda _raw: None)  # the reference only
    assert _report(directory) == fast
    assert len(fast) > 20
    assert {Path(p.split(":")[0]).name for p in fast} >= {"mixed.yaml", "plain.yaml", "odd.yaml"}


def test_warnings_lines_are_found_only_when_read_one_parse_per_file(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plain_files(directory)
    (directory / "plain-errors.yaml").unlink()
    parsed: list[Path] = []
    original = read_yaml

    def spy(path: Path) -> YamlDocument | YamlError:
        parsed.append(path)
        return original(path)

    monkeypatch.setattr(lines, "read_yaml", spy)
    result = load_directory(directory, LoadOptions(today=TODAY))
    assert result.directory is None  # mixed.yaml has errors; the plain file is still checked
    summary = result.report.summary()
    assert parsed == []  # counting needs no line
    plain = directory / "plain.yaml"
    mixed = directory / "mixed.yaml"
    assert [(p.line, p.message) for p in result.report.warnings if p.path == plain] == [
        (4, f"plain-one: name is almost the same as anchored ({mixed}:18); a duplicate entry?"),
        (4, f"plain-one: name is almost the same as same-phone ({mixed}:30); a duplicate entry?"),
        (5, "plain-one: description has no 'es' translation"),
        (9, "plain-one: last verified 2019-05-05 (2764 days ago): check it again"),
        (12, "plain-two: description has no 'es' translation"),
        (16, "plain-two: marked needs_review"),
        (17, "plain-two: last verified 2019-05-05 (2764 days ago): check it again"),
    ]
    assert parsed.count(plain) == 1  # every line of the file from one parse
    assert summary.endswith("warnings")


def test_a_file_changed_since_loading_has_no_lines_rather_than_wrong_ones(
    directory: Path,
) -> None:
    _plain_files(directory)
    result = load_directory(directory, LoadOptions(today=TODAY))
    plain = directory / "plain.yaml"
    plain.write_text("\n\n" + plain.read_text(encoding="utf-8"), encoding="utf-8")
    stale = [p for p in result.report.warnings if p.path == plain]
    assert stale and all(p.line is None for p in stale)
    assert str(stale[0]).startswith(f"{plain}: warning: plain-")


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_restored(directory: Path, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        load_directory(directory, LoadOptions(today=TODAY))
        assert gc.isenabled() is enabled
        load_directory(directory / "missing", LoadOptions(today=TODAY))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_while_loading_each_phone_number_is_parsed_once() -> None:
    numbers = [f"(206) {exchange}-{line:04d}" for exchange in (245, 267) for line in range(2500)]
    phones._parse_cached.cache_clear()
    with phones.remembering():
        with phones.remembering():  # nested: the outer block keeps what it remembers
            assert all(phones.problem_with(n, sms=False) is None for n in numbers)
        dialled = [phones.dial_string(n) for n in numbers]  # the duplicate check's pass
    assert phones._parse_cached.cache_info().misses == len(numbers) > 4096
    assert dialled[0] == "+12062450000"
    assert phones._remembered is None  # nothing kept once loading is over
    phones.dial_string(numbers[0])  # evicted from the small cache long ago: parsed again
    assert phones._parse_cached.cache_info().misses == len(numbers) + 1

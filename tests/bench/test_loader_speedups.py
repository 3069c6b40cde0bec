"""The loader's speed-ups (made for bench/bench_directory.py) change nothing it reports.

- A problem's line is found by parsing again only its entry's text, not the whole file: it must
  be the line the whole-file parse gives, whatever the layout (flow entries, a dash alone on its
  line, CRLF, NEL and LINE SEPARATOR breaks, a BOM, anchors, several sections in one file).
- The garbage collector is paused while loading and restored after, even on failure.
- Phone numbers are parsed once per load, not once to validate and again to find duplicates.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from bot.directory import load, phones
from bot.directory.load import LoadOptions, load_directory
from bot.yaml_source import Loc

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


def test_lines_found_from_the_entry_alone_are_the_whole_file_lines(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _report(directory)
    used: list[int | None] = []
    original = load._Collector._line_in_entry

    def spy(self: load._Collector, entry: load.Entry, loc: Loc) -> int | None:
        used.append(original(self, entry, loc))
        return used[-1]

    monkeypatch.setattr(load._Collector, "_line_in_entry", spy)
    assert _report(directory) == fast
    assert used and None not in used  # every line came from the entry's own text
    monkeypatch.setattr(load._Collector, "_line_in_entry", lambda *_: None)
    assert _report(directory) == fast  # and the whole-file parse agrees
    assert len(fast) > 15
    assert {Path(p.split(":")[0]).name for p in fast} >= {"mixed.yaml", "crlf.yaml", "odd.yaml"}


def test_a_file_changed_since_loading_falls_back_to_the_whole_file(directory: Path) -> None:
    collector = load._Collector()
    for path in load.yaml_files(directory):
        load._load_file(path, LoadOptions(today=TODAY), collector)
    entry = next(e for e in collector.entries if e.value.id == "anchored")
    line = MIXED.splitlines().index("    last_verified: 2031-01-01") + 1
    assert collector.line_of(entry, ("last_verified",)) == line
    (directory / "mixed.yaml").write_text("\n\n" + MIXED, encoding="utf-8")
    collector._lines = None
    assert collector._line_in_entry(entry, ("last_verified",)) is None  # not the same entry
    assert collector.line_of(entry, ("last_verified",)) == line + 2  # the file as it is now


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

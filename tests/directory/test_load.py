"""The loader: every problem reported at its file and line, hostile input refused cleanly."""

from __future__ import annotations

import datetime as dt
import textwrap
import time
from pathlib import Path

import pytest

from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.staff_files.problems import Report

TODAY = dt.date(2026, 11, 28)

TAXONOMY = """\
categories:
  - id: legal
    emoji: "⚖️"
    label: {en: Legal help, es: Ayuda legal}
    synonyms: {en: [lawyer], es: [abogado]}
  - id: shelter
    emoji: "🏠"
    label: {en: Shelter, es: Refugio}
    synonyms: {en: [bed], es: [cama]}
regions:
  - id: us
    label: {en: United States, es: Estados Unidos}
  - id: wa
    parent: us
    label: {en: Washington, es: Washington}
  - id: wa-king
    parent: wa
    label: {en: King County, es: Condado de King}
"""

GOOD_RESOURCE = """\
  - id: kcba-legal
    name: King County Bar Association
    description: {en: Free legal help., es: Ayuda legal gratuita.}
    categories: [legal]
    regions: [wa-king]
    phones:
      - number: "(206) 267-7100"
    last_verified: 2026-11-01
"""


def write_directory(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "resources"
    root.mkdir()
    (root / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    for name, content in files.items():
        target = root / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def load(root: Path, **options: object) -> Report:
    result = load_directory(root, LoadOptions(today=TODAY, **options))  # type: ignore[arg-type]
    assert (result.directory is None) == (not result.report.ok)
    return result.report


def messages(report: Report) -> list[str]:
    return [str(p) for p in report.problems]


def test_a_good_directory_loads_with_no_problems(tmp_path: Path) -> None:
    root = write_directory(tmp_path, {"legal.yaml": "resources:\n" + GOOD_RESOURCE})
    result = load_directory(root, LoadOptions(today=TODAY))
    assert result.report.problems == ()
    assert result.directory is not None
    resource = result.directory.resource_by_id["kcba-legal"]
    assert resource.phones[0].display == "+1 206-267-7100"
    assert result.directory.region_chain("wa-king") == ("wa-king", "wa", "us")
    assert str(result.directory.origin("kcba-legal")) == f"{root / 'legal.yaml'}:2"


def test_an_invalid_phone_number_is_reported_at_its_line_with_the_resource_id(
    tmp_path: Path,
) -> None:
    root = write_directory(
        tmp_path,
        {"legal.yaml": "resources:\n" + GOOD_RESOURCE.replace('"(206) 267-7100"', "206-267-71000")},
    )
    assert messages(load(root)) == [
        f"{root / 'legal.yaml'}:8: kcba-legal: phones[0].number: "
        "'206-267-71000' is not a valid phone number"
    ]


def test_every_error_is_reported_not_just_the_first(tmp_path: Path) -> None:
    broken = """\
    resources:
      - id: first
        name: First
        description: {en: One.}
        categories: [legl]
        regions: [wa-king]
        website: https://example.org
        last_verified: 2026-01-01
      - id: second
        name: Second
        descripton: {en: Two.}
        categories: [legal]
        regions: [wa-king]
        website: not-a-url
        last_verified: 2026-01-01
    """
    root = write_directory(tmp_path, {"two.yaml": broken})
    path = root / "two.yaml"
    assert [str(p) for p in load(root).errors] == [
        f"{path}:5: first: categories[0]: unknown category 'legl'; did you mean 'legal'?",
        f"{path}:9: second: missing required key 'description'",
        f"{path}:11: second: unknown key 'descripton'; did you mean 'description'?",
        f"{path}:14: second: website: 'not-a-url' is not a well-formed http(s) URL",
    ]


def test_a_typo_in_a_nested_key_suggests_the_nearest_valid_key(tmp_path: Path) -> None:
    resource = GOOD_RESOURCE.replace(
        '      - number: "(206) 267-7100"\n',
        '      - number: "(206) 267-7100"\n        lable: {en: Main line}\n',
    )
    root = write_directory(tmp_path, {"legal.yaml": "resources:\n" + resource})
    assert messages(load(root)) == [
        f"{root / 'legal.yaml'}:9: kcba-legal: phones[0]: unknown key 'lable'; "
        "did you mean 'label'?"
    ]


def test_ids_must_be_unique_across_files(tmp_path: Path) -> None:
    root = write_directory(
        tmp_path,
        {"a.yaml": "resources:\n" + GOOD_RESOURCE, "b.yaml": "resources:\n" + GOOD_RESOURCE},
    )
    assert messages(load(root))[0] == (
        f"{root / 'b.yaml'}:2: kcba-legal: id is already used at {root / 'a.yaml'}:2"
    )


def test_unknown_region_and_region_parent_are_errors(tmp_path: Path) -> None:
    extra = (
        "regions:\n"
        "  - id: wa-pierce\n"
        "    parent: wa-kng\n"
        "    label: {en: Pierce County, es: Condado de Pierce}\n"
        "resources:\n" + GOOD_RESOURCE.replace("[wa-king]", "[wa-kign]")
    )
    root = write_directory(tmp_path, {"more.yaml": extra})
    path = root / "more.yaml"
    assert [str(p) for p in load(root).errors] == [
        f"{path}:3: region wa-pierce: parent: unknown region 'wa-kng'; did you mean 'wa-king'?",
        f"{path}:10: kcba-legal: regions[0]: unknown region 'wa-kign'; did you mean 'wa-king'?",
    ]


def test_a_date_in_the_future_is_an_error(tmp_path: Path) -> None:
    root = write_directory(
        tmp_path,
        {"legal.yaml": "resources:\n" + GOOD_RESOURCE.replace("2026-11-01", "2026-12-25")},
    )
    assert messages(load(root)) == [
        f"{root / 'legal.yaml'}:9: kcba-legal: last_verified: 2026-12-25 is in the future"
    ]


def test_a_shelter_never_publishes_its_address(tmp_path: Path) -> None:
    shelter = GOOD_RESOURCE.replace("[legal]", "[shelter]") + (
        "    address: {street: 1 Main St, city: Seattle}\n"
    )
    root = write_directory(tmp_path, {"shelter.yaml": "resources:\n" + shelter})
    assert messages(load(root)) == [
        f"{root / 'shelter.yaml'}:2: kcba-legal: a shelter must never publish its street "
        "address; remove 'address'"
    ]


def test_times_are_strings_and_a_bad_time_says_how_to_write_it(tmp_path: Path) -> None:
    hours = GOOD_RESOURCE + textwrap.indent(
        "hours:\n  timezone: America/Los_Angeles\n"
        "  weekly:\n    - {days: [mon, fri], opens: 9:00, closes: 17:00}\n",
        "    ",
    )
    root = write_directory(tmp_path, {"legal.yaml": "resources:\n" + hours})
    assert messages(load(root)) == [
        f"{root / 'legal.yaml'}:13: kcba-legal: hours.weekly[0].opens: '9:00' is not a "
        "24-hour time like '09:30' (quote it: \"09:30\")"
    ]


def test_wrong_types_are_clear_errors(tmp_path: Path) -> None:
    wrong = """\
    resources:
      - id: Bad Id!
        name: [not, a, string]
        description: just english
        categories: legal
        regions: [wa-king]
        needs_review: maybe
        website: https://example.org
        last_verified: yesterday
    """
    root = write_directory(tmp_path, {"bad.yaml": wrong})
    errors = [p.message for p in load(root).errors]
    assert errors == [
        "Bad Id!: id: 'Bad Id!' is not a valid id: use lower-case letters, digits and single "
        "hyphens",
        "Bad Id!: name: input should be a valid string (got ['not', 'a', 'string'])",
        "Bad Id!: description: input should be a valid dictionary (got 'just english')",
        "Bad Id!: categories: input should be a valid tuple (got 'legal')",
        "Bad Id!: needs_review: input should be a valid boolean, unable to interpret input "
        "(got 'maybe')",
        "Bad Id!: last_verified: 'yesterday' is not a date the bot can read: write it as "
        "YYYY-MM-DD, for example 2026-11-28",
    ]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        # The line where the bracket opens, not the end of the file where it was found open.
        ("resources:\n  - id: x\n    name: [unclosed\n", 3, "YAML syntax error"),
        # Regression: the line past the end of the file (3) was named.
        ("resources: []\nname without colon", 2, "could not find expected ':'"),
        # Regression: no line, and PyYAML's 'in "<unicode string>", position 18' as message.
        ("resources: []\nx: a\x01b\n", 2, "the character U+0001 is not allowed in YAML"),
        ("resources:\n\t- id: x\n", 2, "a tab is used for indentation: YAML needs spaces"),
        (b"resources:\n  - name: caf\xe9\n", 2, "the file is not UTF-8 (byte 0xe9)"),
        ("", None, "the file is empty"),
        ("# just a comment\n", None, "the file is empty"),
        ("---", None, "the file is empty"),  # regression: named line 2 of a 1-line file
        ("- a\n- b\n", 1, "expected a mapping with 'resources:'"),
        ("resource:\n  - id: x\n", 1, "unknown section 'resource'; did you mean 'resources'?"),
        ("resources: {id: x}\n", 1, "resources: expected a list of entries"),
        ("resources: []\nresources: []\n", 2, "the key 'resources' appears twice"),
        ("a: !!python/object/apply:os.system [ls]\n", 1, "is not allowed here"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested too deeply"),
    ],
)
def test_hostile_or_broken_files_get_a_clear_error_and_no_traceback(
    tmp_path: Path, content: str | bytes, line: int | None, message: str
) -> None:
    root = write_directory(tmp_path, {"broken.yaml": content})
    errors = load(root).errors
    assert len(errors) == 1
    assert errors[0].path == root / "broken.yaml"
    assert errors[0].line == line
    assert message in errors[0].message


def test_a_billion_laughs_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    root = write_directory(tmp_path, {"bomb.yaml": "\n".join(bomb) + "\n"})
    started = time.perf_counter()
    errors = load(root).errors
    assert time.perf_counter() - started < 5  # a generous bound: expanding it would never end
    assert [e.message for e in errors] == [
        "anchors and aliases (&name, *name) are not allowed here"
    ]


def test_a_file_of_tens_of_megabytes_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = write_directory(tmp_path, {})
    with (root / "huge.yaml").open("w", encoding="utf-8") as huge:
        line = "# " + "x" * 1022 + "\n"
        for _ in range(30 * 1024):
            huge.write(line)
    errors = load(root).errors
    assert [(e.path.name, e.message) for e in errors] == [
        (
            "huge.yaml",
            "file is too large (30.0 MB; the limit is 10 MB): split it into several files",
        )
    ]


def test_a_broken_file_does_not_hide_problems_in_the_others(tmp_path: Path) -> None:
    root = write_directory(
        tmp_path,
        {
            "a.yaml": "resources: [\n",
            "b.yaml": "resources:\n" + GOOD_RESOURCE.replace("[legal]", "[lgal]"),
        },
    )
    assert [e.path.name for e in load(root).errors] == ["a.yaml", "b.yaml"]


def test_warnings_flag_what_staff_should_review_without_blocking(tmp_path: Path) -> None:
    entries = """\
    resources:
      - id: old-entry
        name: Old Entry Legal Clinic
        description: {en: Old.}
        categories: [legal]
        regions: [us]
        phones: [{number: "1-888-373-7888"}]
        last_verified: 2024-06-01
      - id: unsure
        name: Unsure Clinic
        description: {en: Unsure., es: Inseguro.}
        categories: [legal]
        regions: [us]
        phones: [{number: "1-888-373-7888"}]
        last_verified: 2026-11-01
        needs_review: true
        review_note: two numbers appear in sources
      - id: old-entry-copy
        name: Old Entry Legal Clinic.
        description: {en: Copy., es: Copia.}
        categories: [legal]
        regions: [us]
        website: https://example.org
        last_verified: 2026-11-01
    """
    root = write_directory(tmp_path, {"w.yaml": entries})
    result = load_directory(root, LoadOptions(today=TODAY))
    assert result.directory is not None
    path = root / "w.yaml"
    assert [str(p) for p in result.report.warnings] == [
        f"{path}:4: warning: old-entry: description has no 'es' translation",
        f"{path}:8: warning: old-entry: last verified 2024-06-01 (910 days ago): check it again",
        f"{path}:14: warning: unsure: phones[0]: same number as old-entry ({path}:2); "
        "a duplicate entry?",
        f"{path}:16: warning: unsure: marked needs_review: two numbers appear in sources",
        f"{path}:19: warning: old-entry-copy: name is almost the same as old-entry ({path}:2); "
        "a duplicate entry?",
    ]


def test_the_staleness_threshold_is_configurable(tmp_path: Path) -> None:
    root = write_directory(tmp_path, {"legal.yaml": "resources:\n" + GOOD_RESOURCE})
    assert load(root).warnings == []
    assert [p.kind for p in load(root, stale_after_days=10).warnings] == ["stale"]


def test_a_missing_directory_is_an_error_not_a_crash(tmp_path: Path) -> None:
    assert "not a directory" in str(load(tmp_path / "nowhere"))

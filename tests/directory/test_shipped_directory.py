"""The directory that ships in resources/: it loads cleanly and its crisis numbers are right.

A wrong crisis number harms people, so the numbers are pinned here by hand. Every expected value
below was copied from the project's checked facts (the shared reference file
`directory-facts.yaml`, verified 2026-11-28). The tests do not read that file: the project must
stand alone, and changing a number should mean changing this test deliberately, after checking it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.directory.catalog import Directory
from bot.directory.load import LoadResult, load_directory, yaml_files
from bot.directory.localized import LocalizedText
from bot.directory.models import PhoneKind, Resource
from bot.staff_files.yaml_source import YamlDocument, read_yaml

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
CATEGORY_IDS = {"hotline", "legal", "therapy", "jobs", "shelter", "medical", "advocacy"}

# Every number the facts file confirms, written as the facts give it. A phone in resources/ that
# is not here was not checked: add it only after checking it against a source.
FACT_NUMBERS = frozenset(
    {
        # national_us
        "1-888-373-7888",  # National Human Trafficking Hotline
        "233733",  # NHTH text (BEFREE)
        "711",  # relay (NHTH TTY, US Dept of Labor TTY)
        "988",  # 988 Suicide & Crisis Lifeline, call and text
        "1-800-799-7233",  # National Domestic Violence Hotline
        "1-800-787-3224",  # NDVH TTY
        "88788",  # NDVH text START
        "1-800-656-4673",  # RAINN
        "741741",  # Crisis Text Line
        "1-844-762-8483",  # StrongHearts Native Helpline
        "1-877-565-8860",  # Trans Lifeline (US)
        "1-877-330-6366",  # Trans Lifeline (Canada)
        "1-800-RUNAWAY",  # National Runaway Safeline: letters only, digits not confirmed
        "66008",  # National Runaway Safeline text
        "1-800-843-5678",  # NCMEC CyberTipline
        "1-866-487-9243",  # US Dept of Labor, Wage and Hour Division
        "1-800-662-4357",  # SAMHSA National Helpline
        "1-800-487-4889",  # SAMHSA TTY
        "435748",  # SAMHSA text (ZIP code)
        "211",  # 211 (national and Washington)
        # emergency_us
        "911",
        # seattle_king_county_washington
        "(206) 337-6155",  # OPS (single source)
        "(206) 451-7378",  # REST (single source)
        "206-245-0782",  # WARN
        "(206) 325-0325",  # API Chaya
        "1-877-922-4292",  # API Chaya toll-free
        "(206) 694-4500",  # YouthCare (single)
        "1-888-201-1014",  # NJP CLEAR, outside King County
        "1-888-387-7111",  # NJP CLEAR*Sr
        "(206) 267-7100",  # KCBA (single; 267/276 disagreement in sources)
        "(206) 267-7028",  # KCBA Records Project (single)
        "1-877-211-9274",  # Washington 211 toll-free
        "1-866-427-4747",  # Crisis Connections
        "(206) 461-3222",  # Crisis Connections
        "1-866-789-1511",  # WA Recovery Help Line
        "1-888-998-6423",  # KCSARC
        "(425) 656-7867",  # DAWN
        "(206) 744-1600",  # Harborview Abuse & Trauma Center
        "(206) 324-9360",  # Seattle Indian Health Board
        "(206) 956-0779",  # Casa Latina (single source)
        "(206) 436-8600",  # WorkSource Seattle-King County
        "(206) 860-5791",  # Evergreen Goodwill (single source)
    }
)

# Numbers from facts entries rated `single`, or whose phone the facts mark "single source, ship
# with needs_review" or "two numbers appear in sources": staff must confirm them before going live.
SINGLE_SOURCE_NUMBERS = frozenset(
    {
        "(206) 337-6155",  # OPS
        "(206) 451-7378",  # REST
        "(206) 694-4500",  # YouthCare
        "(206) 267-7100",  # KCBA
        "(206) 267-7028",  # KCBA Records Project
        "(206) 956-0779",  # Casa Latina
        "(206) 860-5791",  # Evergreen Goodwill
    }
)

# The key crisis numbers: (resource id, kind, SMS keyword, number as the facts give it).
CRISIS_NUMBERS = [
    ("national-human-trafficking-hotline", PhoneKind.VOICE, None, "1-888-373-7888"),
    ("national-human-trafficking-hotline", PhoneKind.SMS, None, "233733"),
    ("lifeline-988", PhoneKind.VOICE, None, "988"),
    ("lifeline-988", PhoneKind.SMS, None, "988"),
    ("lifeline-988", PhoneKind.SMS, "AYUDA", "988"),
    ("rainn", PhoneKind.VOICE, None, "1-800-656-4673"),
    ("domestic-violence-hotline", PhoneKind.VOICE, None, "1-800-799-7233"),
    ("domestic-violence-hotline", PhoneKind.TTY, None, "1-800-787-3224"),
    ("domestic-violence-hotline", PhoneKind.SMS, "START", "88788"),
    ("crisis-text-line", PhoneKind.SMS, "HOME", "741741"),
    ("crisis-text-line", PhoneKind.SMS, "HOLA", "741741"),
    ("warn", PhoneKind.VOICE, None, "206-245-0782"),
    ("crisis-connections", PhoneKind.VOICE, None, "1-866-427-4747"),
    ("emergency-911", PhoneKind.VOICE, None, "911"),
]


def normalized(number: str) -> str:
    """Digits (and the letters of a vanity number) only: '(206) 245-0782' -> '2062450782'."""
    return re.sub(r"[^0-9A-Z]", "", number.upper())


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load_directory(RESOURCES)


@pytest.fixture(scope="module")
def directory(loaded: LoadResult) -> Directory:
    assert loaded.directory is not None, str(loaded.report)
    return loaded.directory


def localized_texts(resource: Resource) -> Iterator[tuple[str, LocalizedText]]:
    """Every translatable text of a resource, with where it is."""
    yield "description", resource.description
    for index, phone in enumerate(resource.phones):
        if phone.label is not None:
            yield f"phones[{index}].label", phone.label
    if resource.hours is not None and resource.hours.note is not None:
        yield "hours.note", resource.hours.note
    if resource.eligibility is not None and resource.eligibility.note is not None:
        yield "eligibility.note", resource.eligibility.note


def test_loads_without_errors(loaded: LoadResult) -> None:
    assert loaded.report.ok, str(loaded.report)
    assert loaded.directory is not None


def test_only_expected_warnings(loaded: LoadResult) -> None:
    # needs_review entries are flagged on purpose; staleness depends on the day the test runs.
    unexpected = [p for p in loaded.report.warnings if p.kind not in {"needs-review", "stale"}]
    assert unexpected == [], "\n".join(str(p) for p in unexpected)


def test_has_enough_resources(directory: Directory) -> None:
    assert len(directory.resources) >= 25


def test_every_category_has_at_least_two_active_resources(directory: Directory) -> None:
    assert {c.id for c in directory.categories} == CATEGORY_IDS
    counts = Counter(c for r in directory.resources if r.is_active for c in r.categories)
    thin = {c: counts[c] for c in CATEGORY_IDS if counts[c] < 2}
    assert thin == {}


def test_every_resource_has_a_spanish_description(directory: Directory) -> None:
    missing = [r.id for r in directory.resources if not r.description.get("es")]
    assert missing == []


def test_every_text_is_translated(directory: Directory) -> None:
    missing = [
        f"{r.id}: {where}"
        for r in directory.resources
        for where, text in localized_texts(r)
        if text.languages != {"en", "es"}
    ]
    untagged = [
        r.id for r in directory.resources if set(r.tags.by_language()) not in (set(), {"en", "es"})
    ]
    assert missing == []
    assert untagged == []


def test_ids_are_unique_across_files() -> None:
    ids: list[str] = []
    for path in yaml_files(RESOURCES):
        document = read_yaml(path)
        assert isinstance(document, YamlDocument), f"{path}: {document}"
        ids.extend(entry["id"] for entry in document.data.get("resources", []))
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert duplicates == []
    assert len(ids) >= 25


def test_no_shelter_publishes_an_address(directory: Directory) -> None:
    shelters = [r for r in directory.resources if "shelter" in r.categories]
    assert len(shelters) >= 2
    assert [r.id for r in shelters if r.address is not None] == []


def test_single_source_numbers_are_marked_for_review(directory: Directory) -> None:
    single = {normalized(n) for n in SINGLE_SOURCE_NUMBERS}
    flagged = [
        r for r in directory.resources if any(normalized(p.number) in single for p in r.phones)
    ]
    assert len(flagged) == 6  # OPS, REST, YouthCare, KCBA, Casa Latina, Evergreen Goodwill
    unreviewed = [r.id for r in flagged if not (r.needs_review and r.review_note)]
    assert unreviewed == []


def test_review_flag_always_says_what_to_check(directory: Directory) -> None:
    assert [r.id for r in directory.resources if r.needs_review and not r.review_note] == []


@pytest.mark.parametrize(("resource_id", "kind", "keyword", "expected"), CRISIS_NUMBERS)
def test_crisis_number_is_exactly_the_checked_one(
    directory: Directory, resource_id: str, kind: PhoneKind, keyword: str | None, expected: str
) -> None:
    resource = directory.resource_by_id[resource_id]
    found = [
        normalized(p.number) for p in resource.phones if p.kind is kind and p.keyword == keyword
    ]
    assert normalized(expected) in found, f"{resource_id}: {kind} {keyword}: {found}"


def test_every_phone_number_is_in_the_checked_list(directory: Directory) -> None:
    allowed = {normalized(n) for n in FACT_NUMBERS}
    unchecked = [
        f"{r.id}: {p.number}"
        for r in directory.resources
        for p in r.phones
        if normalized(p.number) not in allowed
    ]
    assert unchecked == []


def test_runaway_safeline_is_written_in_letters_only(directory: Directory) -> None:
    # The digit form of 1-800-RUNAWAY was not confirmed, so it must never be written out.
    numbers = [p.number for p in directory.resource_by_id["national-runaway-safeline"].phones]
    assert "1-800-RUNAWAY" in numbers


def test_befree_is_not_a_keyword(directory: Directory) -> None:
    # 233733 spells BEFREE on a keypad; texting the word BEFREE to it is not what the facts say.
    keywords = [p.keyword for r in directory.resources for p in r.phones]
    assert "BEFREE" not in keywords


def test_retired_988_lgbtq_youth_option_is_not_offered(directory: Directory) -> None:
    # 988's "Press 3" LGBTQ+ youth option ended in July 2025.
    texts = " ".join(
        t.casefold()
        for r in directory.resources
        for _, text in localized_texts(r)
        for t in text.all_texts()
    )
    for phrase in ("press 3", "marque 3", "oprima 3"):
        assert phrase not in texts


def test_emergency_911_is_a_national_hotline(directory: Directory) -> None:
    emergency = directory.resource_by_id["emergency-911"]
    assert emergency.categories == ("hotline",)
    assert emergency.regions == ("us",)
    # Call 911, and text 911 where it works (the facts: "in many but not all US counties").
    assert [(p.kind, p.number) for p in emergency.phones] == [("voice", "911"), ("sms", "911")]
    assert "not all" in (emergency.phones[1].label.en if emergency.phones[1].label else "")
    assert "text" in emergency.description.en.casefold()

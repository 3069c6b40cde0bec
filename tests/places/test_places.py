"""Places known offline (ZIP codes, cities, counties, states in English and Spanish), the
regions' geography that says which of them the directory covers, and its checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import DEFAULT_RESOURCES, load_content
from bot.directory.everyday_words import KEEP_MISSPELLING, everyday_words, misspelt_words
from bot.directory.load import load_directory
from bot.directory.search import SearchIndex
from bot.flows.events import Located, Typed
from bot.places.gazetteer import gazetteer
from bot.places.reader import PlaceReader
from tests.helpers.content import WEDNESDAY_MORNING
from tests.helpers.yaml_directory import entry, write_directory

PIERCE = """
  - id: wa-pierce
    parent: wa
    label: {en: Tacoma and Pierce County, es: Tacoma y el condado de Pierce}
    geography: {state: WA, counties: [Pierce]}
"""


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    loaded = load_directory(DEFAULT_RESOURCES)
    assert loaded.directory is not None
    return SearchIndex.build(loaded.directory)


def test_the_table_knows_zip_codes_and_their_centres() -> None:
    table = gazetteer()
    seattle = table.zip_code("98104")
    assert seattle is not None and (seattle.state, seattle.county) == ("WA", "King County")
    assert seattle.label("en") == "Seattle, Washington"
    assert table.zip_code("00000") is None
    assert "Pierce County" in table.counties("WA")
    near = table.nearest(47.2529, -122.4443)  # Tacoma
    assert near is not None and near.county == "Pierce County"
    assert table.nearest(0.0, 0.0) is None  # the Gulf of Guinea
    assert table.nearest(float("nan"), 1.0) is None


@pytest.mark.parametrize(
    ("text", "place", "region", "exact"),
    [
        ("98104", "Seattle, Washington", "wa-king", True),
        ("i live in Bellevue", "Bellevue, Washington", "wa-king", True),
        ("Bellvue", "Bellevue, Washington", "wa-king", True),  # misspelt, inside the state
        ("des moines", "Des Moines, Washington", "wa-king", True),  # King County's, not Iowa's
        ("Des Moines Iowa", "Des Moines, Iowa", "us", False),
        ("condado de King", "King County, Washington", "wa-king", True),  # not King County, TX
        ("Tacoma", "Tacoma, Washington", "wa", False),
        ("Spokane", "Spokane, Washington", "wa", False),
        ("Washington", "Washington", "wa", True),  # the state, not the city in DC
        ("washington dc", "Washington, D.C.", "us", False),
        ("Texas", "Texas", "us", False),
        ("TX", "Texas", "us", False),
        ("Oregón", "Oregon", "us", False),
        ("Portland", "Portland, Oregon", "us", False),
        ("Portland, ME", "Portland, Maine", "us", False),
        ("Nueva York", "New York", "us", False),  # the state and its city: the state
        ("st louis", "Saint Louis, Missouri", "us", False),
        # spelt right beats misspelt: "espanol" is one letter from Espanola, WA
        ("terapia en español en bellevue", "Bellevue, Washington", "wa-king", True),
        ("need shelter in tacomma", "Tacoma, Washington", "wa", False),
        # where the person came from is not where they are
        ("moved up from portland, now in spokane", "Spokane, Washington", "wa", False),
        ("a shelter not far from tacoma", "Tacoma, Washington", "wa", False),
    ],
)
def test_places_in_text(
    index: SearchIndex, text: str, place: str, region: str, exact: bool
) -> None:
    from bot.directory.text import words

    tokens = words(text)
    reading = index.places.read(text, tokens, index.matcher.find(tokens))
    assert reading.place is not None and reading.place.label("en") == place
    assert reading.covered is not None
    assert (reading.covered.region, reading.covered.exact) == (region, exact)


@pytest.mark.parametrize(
    "text",
    [
        "i need a home",  # Home, WA
        "is there hope",  # Hope, several states
        "me in the house",  # ME and IN only count in capitals
        "I NEED HELP IN THE MORNING",  # ... and not when all is in capitals
        "la casa",  # LA
        "mesa",  # Mesa, AZ: a table
        "i owe 30000",  # not a ZIP code
        "my folks dont know",  # one letter from Forks, WA: an everyday word is not misspelt
        "terapia en espanol",  # Espanola, WA
        "los tiene escondidos",  # another form of Escondido, CA
        "killer deals",  # one letter from Keller, WA
        # wordfreq's everyday words (bot/directory/everyday_words.txt)
        "estoy sangrando un montón",  # Morton, WA
        "bring me to a shelter",
        "buenas noches",
        "it was the worst night",
        "la pelicula estuvo bien buena",  # Buena, WA: common words that are towns
        "my friend gary keeps texting me",  # Gary, IN: a first name
    ],
)
def test_ordinary_words_are_not_places(index: SearchIndex, text: str) -> None:
    from bot.directory.text import words

    tokens = words(text)
    assert index.places.read(text, tokens, index.matcher.find(tokens)).place is None


def test_a_place_someone_came_from_alone_is_no_place(index: SearchIndex) -> None:
    from bot.directory.text import words

    tokens = words("they flew us up from seattle and we owe for the plane")
    assert index.places.read(" ".join(tokens), tokens, index.matcher.find(tokens)).place is None


def test_without_geography_no_place_is_read(tmp_path: Path) -> None:
    root = write_directory(tmp_path, [entry("a")])
    regions = (root / "regions.yaml").read_text(encoding="utf-8")
    stripped = "\n".join(line for line in regions.splitlines() if "geography:" not in line)
    (root / "regions.yaml").write_text(stripped + "\n", encoding="utf-8")
    directory = load_directory(root).directory
    assert directory is not None
    reader = PlaceReader(directory, ())
    assert reader.phrases == () and reader.read("Texas", ["texas"], []).place is None


def test_adding_pierce_county_takes_only_data(tmp_path: Path) -> None:
    """The README's example: a region with geography, and a resource serving it."""
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    with (resources / "regions.yaml").open("a", encoding="utf-8") as regions:
        regions.write(PIERCE)
    (resources / "pierce.yaml").write_text(
        """resources:
  - id: pierce-shelter
    name: Pierce Safe Place
    description: {en: A shelter in Tacoma., es: Un refugio en Tacoma.}
    categories: [shelter]
    regions: [wa-pierce]
    chat_url: https://pierce.example.org/chat
    hours: {open_24_7: true}
    last_verified: 2026-11-01
""",
        encoding="utf-8",
    )
    content = load_content(resources).content
    assert content is not None
    screen = content.engine.handle(Typed("shelter in Tacoma"), WEDNESDAY_MORNING)
    assert screen.state.region == "wa-pierce"
    assert screen.listed[0] == "pierce-shelter"
    assert "I don't have services listed" not in screen.text
    located = content.engine.handle(Located(47.2529, -122.4443), WEDNESDAY_MORNING)
    assert located.state.region == "wa-pierce"


@pytest.mark.parametrize(
    ("geography", "message"),
    [
        ("{state: WX}", "region wa-pierce: geography: unknown state 'WX'"),
        ("{state: WA, counties: [Peirce]}",
         "region wa-pierce: geography: 'Peirce' is not a county of WA; did you mean 'Pierce'?"),
        ("{state: WA, counties: [King]}",
         "region wa-pierce: geography: King County, WA is already covered by region wa-king "
         "(regions.yaml:{wa_king}); a place belongs to one region"),
        ("{state: OR}", "region wa-pierce: geography: not inside its parent wa's geography"),
        ("{country: US, state: WA}",
         "give either country: US or a state (with counties if need be)"),
    ],
)  # fmt: skip
def test_geography_mistakes_are_named_at_their_line(
    tmp_path: Path, geography: str, message: str
) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    with (resources / "regions.yaml").open("a", encoding="utf-8") as regions:
        regions.write(PIERCE.replace("{state: WA, counties: [Pierce]}", geography))
    lines = (resources / "regions.yaml").read_text(encoding="utf-8").splitlines()
    line = max(n for n, text in enumerate(lines, 1) if "geography: " + geography in text)
    report = load_directory(resources).report
    errors = [f"{p.path.name}:{p.line}: {p.message}" for p in report.errors]
    assert len(errors) == 1 and errors[0].startswith(f"regions.yaml:{line}: "), errors
    wa_king = next(n for n, text in enumerate(lines, 1) if text.strip() == "- id: wa-king")
    assert message.format(wa_king=wa_king) in errors[0]


def test_the_table_is_what_generate_writes(tmp_path: Path) -> None:
    """The committed table is the generator's output for the pinned zipcodes package."""
    pytest.importorskip("zipcodes")
    from bot.places.generate import TABLE, write_table

    fresh = tmp_path / "us_zips.tsv.gz"
    write_table(fresh)
    assert fresh.read_bytes() == TABLE.read_bytes()


def test_no_everyday_word_is_read_as_a_misspelt_place(index: SearchIndex) -> None:
    """The generated list (bot/directory/everyday_words.py: wordfreq's common words the
    search would misread) is honoured: none of them alone is a place, whereas, without the
    list, the search reads each as a misspelling (regenerate it with wordfreq when a state or
    phrases are added)."""
    from bot.directory.text import words

    listed = sorted(everyday_words())
    assert len(listed) > 2000 and not KEEP_MISSPELLING & set(listed)
    sample = listed[:: max(1, len(listed) // 40)]
    assert misspelt_words(sample) == sample  # what the search alone makes of them
    for word in listed:
        tokens = words(word)
        assert index.places.read(word, tokens, index.matcher.find(tokens)).place is None, word

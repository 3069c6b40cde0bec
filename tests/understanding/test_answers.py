"""Answers to typed text and to a shared location: what the buttons carry, paging, order."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.directory import list_order
from bot.flows.events import Located, Pressed, Typed
from bot.flows.screen import Outcome, Screen
from bot.flows.state import unpack
from tests.helpers.content import WEDNESDAY_MORNING


def handle(content: Content, event: Typed | Located | Pressed) -> Screen:
    return content.engine.handle(event, WEDNESDAY_MORNING)


@pytest.mark.parametrize(
    "text", ["the owner keeps my passport in seattle", "me violaron en Bellevue", "abogado tx"]
)
def test_buttons_carry_what_was_understood_never_the_words(content: Content, text: str) -> None:
    screen = handle(content, Typed(text))
    typed = {w.casefold() for w in text.split() if len(w) > 2}
    for button in screen.buttons:
        state = unpack(button.data)
        assert state is not None
        assert not typed & set(button.data.casefold().replace("-", ".").split("."))


def test_more_pages_through_the_same_answer_and_back(content: Content) -> None:
    first = handle(content, Typed("he has my passport"))
    assert first.state.situation == "documents-taken"
    pages = [first]
    while (more := [b for b in pages[-1].buttons if b.label.startswith("More")]) and len(pages) < 9:
        pages.append(handle(content, Pressed(more[0].data)))
    listed = [r for page in pages for r in page.listed]
    assert len(pages) > 1 and len(listed) == len(set(listed))  # no resource twice
    back = [b for b in pages[1].buttons if b.label.startswith("◀")]
    assert handle(content, Pressed(back[0].data)).listed == first.listed
    # the answer's first sentence comes again on every page; the place note only once
    assert all(p.paragraphs[0].text == first.paragraphs[0].text for p in pages)


def test_a_situation_lists_its_own_lines_first_then_by_list_order(content: Content) -> None:
    screen = handle(content, Typed("i was raped in seattle"))
    assert screen.listed[:3] == ("kcsarc", "rainn", "harborview-hatc")  # staff's order
    directory = content.directory
    tagged = [directory.resource_by_id[r] for r in screen.listed[3:]]
    keys = [list_order.sort_key(r, directory.distance(r, "wa-king")) for r in tagged]
    assert keys == sorted(keys)  # then local, priority, 24/7, ...


def test_a_location_outside_the_us_says_so(content: Content) -> None:
    screen = handle(content, Located(48.8566, 2.3522, "fr"))  # Paris
    assert screen.outcome is Outcome.SEARCH_EMPTY
    assert "I could not tell where that location is" in screen.text
    assert screen.state.region is None
    assert "national-human-trafficking-hotline" in screen.listed


def test_a_location_in_seattle_lists_its_help_and_repr_hides_it(content: Content) -> None:
    event = Located(47.6062, -122.3321, "es")
    screen = handle(content, event)
    assert screen.state.region == "wa-king" and screen.state.language == "es"
    assert "Usé su ubicación solo para esta respuesta" in screen.text
    assert "47.6" not in repr(event)
    assert all("47" not in b.data for b in screen.buttons)


def test_a_forged_situation_lands_on_the_start_screen(content: Content) -> None:
    screen = handle(content, Pressed("1.search.en..wa-king.0..not-a-situation"))
    assert screen.state.screen == content.flow.settings.start


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("he hits me", "🆘 In danger right now? Call 911."),
        ("me violaron", "🆘 ¿Está en peligro ahora? Llame al 911."),
        ("they took my passport", "🆘 In danger right now? Call 911."),
    ],
)
def test_a_disclosure_is_answered_with_911_too(content: Content, text: str, danger: str) -> None:
    """The safety net under danger told in words no crisis phrase knows yet ("he's choking my
    sister" was answered as partner violence, with no word of 911)."""
    screen = handle(content, Typed(text))
    assert screen.outcome is Outcome.SEARCH
    assert danger in screen.text
    more = handle(content, Pressed(next(b.data for b in screen.buttons if "▶" in b.label)))
    assert danger in more.text  # every page of it


def test_an_acknowledgement_that_speaks_of_911_is_not_followed_by_it_again(
    content: Content,
) -> None:
    screen = handle(content, Typed("help"))
    assert screen.state.situation == "help"
    assert "If you are in danger right now, call 911." in screen.text
    assert "In danger right now? Call 911." not in screen.text


@pytest.mark.parametrize(
    ("text", "language"),
    [("soy trans", "es"), ("i am trans", "en"), ("help me por favor", "es"), ("trans", "en")],
)
def test_the_little_words_decide_the_language_when_the_phrase_is_both(
    content: Content, text: str, language: str
) -> None:
    """ "trans" is an English and a Spanish phrase: "soy" says which one was typed, even
    where the app speaks English."""
    screen = handle(content, Typed(text, "en"))
    assert screen.state.language == language


@pytest.mark.parametrize(
    "text", ["my boss keeps my passport and doesnt pay me", "he says he will call ICE on me"]
)
def test_a_situations_own_kind_of_help_lists_who_says_they_do_it_first(
    content: Content, text: str
) -> None:
    """Forced work lists legal help: legal aid ("CLEAR Legal Aid", "Free Legal Assistance")
    came after a rape crisis centre's 24/7 line, which gives legal help to its own clients."""
    listed = list(handle(content, Typed(text)).listed)
    pages = listed + list(handle(content, Pressed(_more(content, text))).listed)
    assert pages.index("nwjp-clear") < pages.index("kcsarc")


def _more(content: Content, text: str) -> str:
    screen = handle(content, Typed(text))
    return next(b.data for b in screen.buttons if b.label.startswith("More"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_service_asked_for_by_name_answers_in_the_persons_language(
    content: Content, language: str
) -> None:
    """ "Casa Latina" is a name, in no language: it turned an English chat Spanish."""
    screen = handle(content, Typed("casa latina", language))
    assert screen.listed == ("casa-latina",)
    assert screen.state.language == language


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("goodwill in seattle", "evergreen-goodwill"),
        ("kcsarc seattle", "kcsarc"),
        ("a que hora abre worksource en seattle", "worksource-seattle-king"),
    ],
)
def test_a_service_named_beside_a_place_comes_first(
    content: Content, text: str, first: str
) -> None:
    """One word of a service's name with a place ("goodwill in seattle") is searched for
    there: it used to list everything in King County, Goodwill far down."""
    screen = handle(content, Typed(text))
    assert screen.listed[0] == first
    assert screen.state.region == "wa-king"


def test_a_place_with_words_no_service_uses_lists_the_places_help(content: Content) -> None:
    """ "i live in seattle": "live" names nothing, so it is Seattle's help, local first."""
    screen = handle(content, Typed("i live in seattle"))
    assert screen.listed == handle(content, Typed("seattle")).listed

"""No dead end and no pretence, on the shipped content: every list at any hour with any filter
ends with a line open now, says plainly when nothing is local, and fits the kind of help."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from bot.content import Content, load_content
from bot.directory.entries import LoadOptions
from bot.flows.reach import can_text, reachable_now
from bot.flows.screen import Outcome
from bot.flows.state import State
from tests.flows.screens import INSTANTS, combinations, pages, resource
from tests.helpers.content import SUNDAY_NIGHT, WEDNESDAY_MORNING
from tests.helpers.editing import edit, shipped_copy

SUICIDE_LINES = {"lifeline-988", "crisis-text-line", "crisis-connections"}


def test_every_results_screen_at_any_hour_with_any_filter_offers_a_line_open_now(
    content: Content,
) -> None:
    """Every category x place x "only open now" x "text or chat only", at four instants: every
    page lists a relevant line a person can reach right now, and the words above the list
    are true ("Here is who can help" only above something here; "These lines help" never
    above nothing)."""
    directory = content.directory
    fallbacks = content.flow.settings.category_fallbacks
    body = content.flow.translations.text("en", "results.body")
    checked = 0
    for category, region, open_now, text_only, instant in combinations(content):
        now = INSTANTS[instant]
        state = State("results", "en", category, region, open_now=open_now, text_only=text_only)
        case = (category, region, open_now, text_only, instant)
        for screen in pages(content, state, now):
            checked += 1
            listed = [resource(content, r) for r in screen.listed]
            assert listed, case
            assert any(reachable_now(r, now, text_only=text_only) for r in listed), case
            for line in listed:
                assert category in line.categories or line.id in fallbacks[category], (case, line)
                if text_only:
                    assert can_text(line), (case, line.id)
                if open_now:
                    assert reachable_now(line, now), (case, line.id)
            intro = screen.paragraphs[1].text
            local_here = any(
                category in r.categories and not directory.is_national(r) for r in listed
            )
            if screen.outcome is Outcome.RESULTS and region != "us":
                assert local_here or screen.state.page > 0, case
            if not local_here and region != "us" and screen.state.page == 0:
                assert screen.outcome is Outcome.NO_RESULTS, case
                assert intro != body and intro.endswith(":"), case
    assert checked >= 7 * 3 * 2 * 2 * 4


def test_nothing_local_says_so_before_the_lines_that_help_anywhere(content: Content) -> None:
    """Regression: Jobs outside King County said "Here is who can help" above three national
    lines, one of them a suicide line."""
    screen = content.engine.render(State("results", "en", "jobs", "wa"), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.NO_RESULTS
    assert screen.paragraphs[1].text == (
        "Nothing in Washington State yet for this. These lines help anywhere in the US:"
    )
    assert "lifeline-988" not in screen.listed
    spanish = content.engine.render(State("results", "es", "jobs", "wa"), WEDNESDAY_MORNING)
    assert spanish.paragraphs[1].text.startswith(  # "en Estado de Washington" lacked its "el"
        "Todavía no hay nada para esto en esta zona (Estado de Washington)."
    )


def test_the_whole_country_with_nothing_national_points_to_a_place(content: Content) -> None:
    """Regression: Jobs, "Anywhere in the US" said "Nothing for this in the directory yet",
    though King County has five services for it."""
    screen = content.engine.render(State("results", "en", "jobs", "us"), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.NO_RESULTS
    assert "Nothing for this in the directory" not in screen.text
    assert "change the place" in screen.text
    assert content.index.browse("jobs", "wa-king")  # there are services nearer


def test_only_open_now_never_promises_lines_and_shows_none(content: Content) -> None:
    """Regression: Shelter, Washington State, "Only open now" said "These lines can help
    anywhere in the US." and then listed no line."""
    screen = content.engine.render(
        State("results", "en", "shelter", "wa", open_now=True), SUNDAY_NIGHT
    )
    assert screen.paragraphs[1].text.startswith("Nothing here for this is open right now.")
    assert "national-human-trafficking-hotline" in screen.listed


def test_no_suicide_line_is_offered_as_shelter_jobs_legal_or_medical_help(
    content: Content,
) -> None:
    fallbacks = content.flow.settings.category_fallbacks
    for category in ("shelter", "jobs", "legal", "medical", "advocacy"):
        assert not SUICIDE_LINES & set(fallbacks[category]), category
        for region in ("wa-king", "wa", "us"):
            for screen in pages(content, State("results", "en", category, region), SUNDAY_NIGHT):
                assert not SUICIDE_LINES & set(screen.listed), (category, region)


def test_shelter_in_seattle_still_ends_with_211(content: Content) -> None:
    """Regression: three local results (none for a general adult) was "enough", so 211 was
    never added."""
    listed = [
        r
        for screen in pages(content, State("results", "en", "shelter", "wa-king"), SUNDAY_NIGHT)
        for r in screen.listed
    ]
    assert listed[:3] == ["rest-seattle", "dawn", "youthcare"]
    assert "us-211" in listed


def test_a_page_with_nothing_open_adds_a_line_that_is(tmp_path: Path) -> None:
    resources, conversations = shipped_copy(tmp_path)
    edit(conversations / "flow.yaml", "results_per_page: 5", "results_per_page: 1")
    loaded = load_content(resources, conversations, LoadOptions(today=dt.date(2026, 12, 1)))
    assert loaded.content is not None, str(loaded.report)
    state = State("results", "en", "legal", "wa-king", page=1)
    screen = loaded.content.engine.render(state, SUNDAY_NIGHT)
    assert screen.listed == ("kcba-legal", "national-human-trafficking-hotline")
    assert "None of these is open right now. This line is:" in screen.text
    first = loaded.content.engine.render(replace(state, page=0), SUNDAY_NIGHT)
    assert first.listed == ("kcsarc",)  # open 24/7: nothing added
    assert "This line is:" not in first.text


def test_legal_help_in_king_county_starts_with_a_24_hour_line(content: Content) -> None:
    for language in ("en", "es"):
        screen = content.engine.render(State("results", language, "legal", "wa-king"), SUNDAY_NIGHT)
        assert screen.listed[0] != "casa-latina"
        assert screen.listed[0] == "kcsarc"
        assert "ht-legal-center" not in screen.listed[:2]


def test_where_nothing_is_local_the_lines_staff_chose_come_before_other_national_ones(
    content: Content,
) -> None:
    """Legal help for the whole country starts with the trafficking hotline and 211 (the
    legal list's fallbacks, which know lawyers near the person), not with a federal office
    for wage complaints that happens to be in the category."""
    fallbacks = content.flow.settings.category_fallbacks
    for language in ("en", "es"):
        for category in ("legal", "therapy"):
            state = State("results", language, category, "us")
            listed = [
                r for screen in pages(content, state, WEDNESDAY_MORNING) for r in screen.listed
            ]
            chosen = list(fallbacks[category])
            assert listed[: len(chosen)] == chosen, (language, category, listed)
        legal = [
            r
            for screen in pages(content, State("results", language, "legal", "wa"), SUNDAY_NIGHT)
            for r in screen.listed
        ]
        assert legal.index("national-human-trafficking-hotline") < legal.index("dol-wage-and-hour")
        assert legal.index("warn") < legal.index(
            "national-human-trafficking-hotline"
        )  # local first

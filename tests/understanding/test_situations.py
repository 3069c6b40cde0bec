"""conversations/situations.yaml: loaded with the flow, every mistake at its file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.content import DEFAULT_CONVERSATIONS, Content
from bot.directory.catalog import Directory
from bot.flows.events import Pressed, Typed
from bot.flows.load import load_flow
from bot.flows.reach import can_text
from bot.flows.screen import Outcome
from bot.flows.state import State
from bot.understanding.situations import SITUATIONS_FILE
from tests.helpers.content import WEDNESDAY_MORNING

SPANISH_TU = re.compile(r"\b(tú|tu|tus|te|ti|puedes|tienes|necesitas|quieres|estás|eres)\b", re.I)
GOOD = """\
always: [national-human-trafficking-hotline, lifeline-988]
situations:
  - id: sexual-assault
    acknowledge: {en: I am sorry., es: Lo siento.}
    phrases:
      en: [raped, i was raped]
      es: [me violaron]
    lines: [rainn]
    tags: [sexual assault]
    categories: [hotline]
"""


def conversations_with(tmp_path: Path, situations: str) -> Path:
    root = tmp_path / "conversations"
    shutil.copytree(DEFAULT_CONVERSATIONS, root)
    (root / SITUATIONS_FILE).write_text(situations, encoding="utf-8")
    return root


def problems(tmp_path: Path, directory: Directory, situations: str) -> list[str]:
    root = conversations_with(tmp_path, situations)
    flow, report = load_flow(root, directory)
    found = [f"{p.path.name}:{p.line}: {p.message}" for p in report.errors]
    assert (flow is None) == bool(found)
    return found


def test_a_good_file_loads(tmp_path: Path, content: Content) -> None:
    root = conversations_with(tmp_path, GOOD)
    flow, report = load_flow(root, content.directory)
    assert flow is not None, report
    assert list(flow.situations.by_id) == ["sexual-assault"]
    assert flow.situations.always == ("national-human-trafficking-hotline", "lifeline-988")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("categories: [hotline]", "categories: [hotlines]",
         "situations.yaml:10: situation sexual-assault: unknown category 'hotlines'; "
         "did you mean 'hotline'?"),
        ("lines: [rainn]", "lines: [rain]",
         "situations.yaml:8: situation sexual-assault: lines: unknown resource 'rain'; "
         "did you mean 'rainn'?"),
        ("tags: [sexual assault]", "tags: [sexual asault]",
         "situations.yaml:9: situation sexual-assault: no active resource has the tag "
         "'sexual asault'; did you mean 'sexual assault'?"),
        ("      es: [me violaron]\n", "",
         "situations.yaml:5: situation sexual-assault: no phrases in 'es'"),
        ("{en: I am sorry., es: Lo siento.}", "{en: I am sorry.}",
         "situations.yaml:4: situation sexual-assault: no acknowledgement in 'es'"),
        ("always: [national-human-trafficking-hotline, lifeline-988]",
         "always: [national-human-trafficking-hotline, lifeline-989]",
         "situations.yaml:1: always: unknown resource 'lifeline-989'; "
         "did you mean 'lifeline-988'?"),
        ("    categories: [hotline]\n", "    categories: [hotline]\n    emergncy: true\n",
         "situations.yaml:11: situations[0]: unknown key 'emergncy'; did you mean 'emergency'?"),
        ("    categories: [hotline]\n", "    categories: [hotline]\n    outranks: [runaway]\n",
         "situations.yaml:11: situation sexual-assault: outranks: no other situation is "
         "'runaway'"),
    ],
)  # fmt: skip
def test_each_mistake_is_named_at_its_line(
    tmp_path: Path, content: Content, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    found = problems(tmp_path, content.directory, GOOD.replace(old, new))
    assert found == [expected]


def test_a_phrase_claimed_by_two_situations_is_an_error(tmp_path: Path, content: Content) -> None:
    second = """\
  - id: partner-violence
    acknowledge: {en: Not your fault., es: No es su culpa.}
    phrases:
      en: [hits me, "I WAS RAPED"]
      es: [me pega]
"""
    found = problems(tmp_path, content.directory, GOOD + second)
    assert found == [
        "situations.yaml:14: situation partner-violence: phrase 'I WAS RAPED' is already "
        "situation sexual-assault's (line 6); a phrase must mean one situation"
    ]


def test_the_shipped_situations_are_complete_and_kind(content: Content) -> None:
    situations = content.flow.situations
    assert len(situations) >= 13
    ids = set(situations.by_id)
    for needed in (
        "sexual-assault", "partner-violence", "documents-taken", "controlled", "forced-work",
        "sex-trade", "immigration", "no-safe-place", "self-harm", "threatened",
        "someone-to-talk", "text-only", "help",
    ):  # fmt: skip
        assert needed in ids
    assert {"self-harm", "threatened"} <= {s.id for s in situations if s.emergency}
    assert set(situations.always) == {
        "national-human-trafficking-hotline", "domestic-violence-hotline", "rainn",
        "lifeline-988", "us-211",
    }  # fmt: skip
    for situation in situations:
        spanish = situation.acknowledge["es"]
        assert not SPANISH_TU.search(spanish), (situation.id, spanish)  # usted, as elsewhere
        assert len(situation.acknowledge["en"]) < 200  # one short sentence or two


def test_a_text_only_answer_lists_only_lines_that_take_texts(content: Content) -> None:
    screen = content.engine.handle(Typed("I can't talk, he's in the next room"), WEDNESDAY_MORNING)
    assert screen.state.text_only
    directory = content.directory
    assert screen.listed and all(can_text(directory.resource_by_id[r]) for r in screen.listed)


@pytest.mark.parametrize("region", [None, "wa-king", "wa", "us"])
def test_what_an_acknowledgement_promises_of_the_hours_holds_for_the_lines_under_it(
    content: Content, region: str | None
) -> None:
    """ "These people listen, any time" sat above a line with office hours. Whatever a
    situation's first sentence promises holds on its first page, wherever the person is:
    "the first lines here answer any time" of the first two, "some of them" of one, "these
    lines ... any time" of every line."""
    by_id = content.directory.resource_by_id

    def always_open(resource_id: str) -> bool:
        hours = by_id[resource_id].hours
        return hours is not None and hours.open_24_7

    for situation in content.flow.situations:
        if situation.emergency:
            continue  # the emergency screen: 911 and the 24/7 lines, tested with it
        said = situation.acknowledge["en"]
        if "any time" not in said or situation.lines[0] in said.lower().replace(" ", "-"):
            continue  # no promise, or one about the line it names ("StrongHearts ...")
        state = State("search", "en", region=region, situation=situation.id)
        listed = content.engine.handle(Pressed(state.pack()), WEDNESDAY_MORNING).listed
        if "first lines" in said:
            promised = all(always_open(r) for r in listed[:2])
        elif "some of them" in said:
            promised = any(always_open(r) for r in listed)
        else:
            promised = all(always_open(r) for r in listed)
        assert promised, (situation.id, region, said, listed)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("im 16 and have nowhere to sleep", "en"),
        ("soy menor de edad y no tengo donde vivir", "es"),
        ("me sali de mi casa porque mi padrastro me pega, tengo 14", "es"),
    ],
)
def test_a_young_person_gets_the_youth_lines_first(
    content: Content, text: str, language: str
) -> None:
    """`outranks`: the runaway situation answers before no-safe-place and partner-violence,
    whichever explains more of the message."""
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.state.situation == "runaway"
    assert screen.listed[0] == "national-runaway-safeline"


def test_a_parent_with_children_is_not_sent_to_youth_lines_first(content: Content) -> None:
    screen = content.engine.handle(
        Typed("i need a shelter for me and my kids", "en"), WEDNESDAY_MORNING
    )
    assert screen.state.situation == "no-safe-place"
    assert "national-runaway-safeline" not in screen.listed[:4]


@pytest.mark.parametrize(
    ("text", "language", "emergency"),
    [
        ("he hits me rn", "en", True),
        ("mi esposo me pega ahorita", "es", True),
        ("me esta tocando ahorita", "es", True),
        ("he wont let me leave right now", "en", True),
        ("he hit me last year, now im safe", "en", False),  # "now" alone is no right_now word
        ("i need a lawyer rn", "en", False),  # no urgent situation told
        ("my boss doesnt pay me rn", "en", False),  # forced work is not urgent
        # safe_now: out of harm's way as they write, unless negated
        ("he wont let me leave the house, hes at work rn", "en", False),
        ("no me deja salir de la casa, ahorita esta trabajando", "es", False),
        ("no estoy bien, no me deja salir ahorita", "es", True),
        ("hes at work rn but he said he will kill me tonight", "en", True),  # danger itself
        ("im at work rn and my boss wont let us leave", "en", True),  # where she is: no safety
        ("estoy en el trabajo y el patron no nos deja salir ahorita", "es", True),
        # out of the home where the harm was: "ahorita" is where they sleep now
        (
            "tengo 15 me sali de mi casa xq mi padrastro me pega, ahorita duermo en un carro",
            "es",
            False,
        ),
        # "hasta ahorita": until now, a time gone by
        ("un guardia abusó de mí y nunca se lo conté a nadie hasta ahorita", "es", False),
    ],
)
def test_an_urgent_situation_told_as_happening_now_brings_the_emergency_screen(
    content: Content, text: str, language: str, emergency: bool
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert (screen.outcome is Outcome.EMERGENCY) is emergency, screen.state


def test_right_now_words_are_needed_in_every_language(tmp_path: Path, content: Content) -> None:
    found = problems(tmp_path, content.directory, GOOD + "right_now: {en: [right now]}\n")
    assert found == ["situations.yaml:11: right_now: no words in 'es'"]


def test_safe_now_words_are_needed_in_every_language(tmp_path: Path, content: Content) -> None:
    found = problems(tmp_path, content.directory, GOOD + "safe_now: {es: [estoy bien]}\n")
    assert found == ["situations.yaml:11: safe_now: no words in 'en'"]


def test_where_someone_is_safe_now_asks_for_no_kind_of_help(content: Content) -> None:
    """ "hes at work" is where he is, not a request for job listings."""
    screen = content.engine.handle(
        Typed("he checks my phone and wont let me see my family. hes at work rn", "en"),
        WEDNESDAY_MORNING,
    )
    assert screen.outcome is not Outcome.EMERGENCY
    assert screen.state.situation in {"controlled", "partner-violence"}
    assert screen.state.category is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hace frio", "es"),  # "esta frio y con ..." (an overdose) needs its little words
        ("el puente esta cerrado, hay otra ruta?", "es"),  # "estoy en el puente"
        ("vivo en el segundo piso", "es"),  # "esta en el piso" (someone down)
        ("what motel is cheap around here", "en"),  # "were at a motel"
        ("immigration law help", "en"),  # "my son in law"
    ],
)
def test_a_phrase_of_one_word_and_little_ones_needs_its_little_words(
    content: Content, text: str, language: str
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.outcome is not Outcome.EMERGENCY
    assert screen.state.situation not in {"overdose", "self-harm", "injured", "sex-trade"}
    assert screen.state.situation != "partner-violence"


@pytest.mark.parametrize(
    ("text", "language", "situation"),
    [
        ("estoy en el puente", "es", "self-harm"),
        ("i was raped", "en", "sexual-assault"),
        ("estoy escondida en el baño", "es", "threatened"),
    ],
)
def test_the_same_phrases_typed_whole_still_count(
    content: Content, text: str, language: str, situation: str
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.state.situation == situation


def test_a_negation_before_any_part_of_a_phrase_denies_it(content: Content) -> None:
    """ "<will> <harm> me" found across a sentence: "he'll take the kids. he's never hit me"."""
    text = "he checks my phone and says if i leave he'll take the kids. he's never hit me"
    screen = content.engine.handle(Typed(text, "en"), WEDNESDAY_MORNING)
    assert screen.outcome is not Outcome.EMERGENCY
    assert screen.state.situation in {"partner-violence", "controlled"}


def test_abuse_told_as_going_on_for_years_is_no_emergency_but_is_heard(content: Content) -> None:
    years = content.engine.handle(
        Typed("my partner has been hurting me for years", "en"), WEDNESDAY_MORNING
    )
    assert years.outcome is not Outcome.EMERGENCY
    assert years.state.situation == "partner-violence"
    now = content.engine.handle(Typed("he is hurting me", "en"), WEDNESDAY_MORNING)
    assert now.outcome is Outcome.EMERGENCY


@pytest.mark.parametrize(
    ("text", "language", "situation"),
    [
        ("im trans and my boyfriend hits me", "en", "partner-violence"),
        (
            "soy trans y en el albergue me tratan mal, no me siento segura ahi",
            "es",
            "no-safe-place",
        ),
        ("im native american and my husband beats me", "en", "partner-violence"),
    ],
)
def test_who_someone_is_brings_its_line_beside_what_is_happening(
    content: Content, text: str, language: str, situation: str
) -> None:
    """`identity`: the situation answers first, the identity's own lines right after its lines,
    and "More" keeps them (the identity rides in the buttons' state)."""
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.state.situation == situation
    identity = screen.state.identity
    assert identity is not None
    own = content.flow.situations.by_id[situation].lines
    its_lines = content.flow.situations.by_id[identity].lines
    listed = list(screen.listed)
    every = list(listed)
    current = screen
    more = content.flow.translations.text(screen.state.language, "button.next")
    while (button := next((b for b in current.buttons if b.label == more), None)) is not None:
        current = content.engine.handle(Pressed(button.data, language), WEDNESDAY_MORNING)
        assert current.state.identity == identity
        every += current.listed
    assert set(its_lines) <= set(every)
    first_own = [i for i in listed if i in own]
    assert listed.index(its_lines[0]) > max(listed.index(i) for i in first_own)


def test_a_forged_identity_is_refused(content: Content) -> None:
    """Only a situation marked `identity` may ride as one: anything else is the start screen."""
    told = content.engine.handle(
        Pressed("1.search.en...0..partner-violence.trans", "en"), WEDNESDAY_MORNING
    )
    assert told.state.identity == "trans"
    for forged in (
        "1.search.en...0..partner-violence.self-harm",
        "1.search.en...0..sex-trade.nope",
    ):
        screen = content.engine.handle(Pressed(forged, "en"), WEDNESDAY_MORNING)
        assert screen.state.screen == content.flow.settings.start, forged


@pytest.mark.parametrize(
    ("text", "language", "emergency_situation"),
    [
        (
            "my grandson pushed me down the stairs I cannot get up I think my hip is broken",
            "en",
            "injured",
        ),
        (
            "mi boyfriend me pegó en la cabeza con una botella y estoy sangrando mucho",
            "es",
            "injured",
        ),
        # a situation that brings the emergency screen itself still answers first
        ("he has a gun and my arm is bleeding", "en", "threatened"),
        # a life at risk by one's own hand, before what else the message tells
        (
            "parents kicked me out tonight, im in my car with vodka and my dads oxy",
            "en",
            "self-harm",
        ),
    ],
)
def test_under_the_emergency_screen_a_hurt_body_comes_first(
    content: Content, text: str, language: str, emergency_situation: str
) -> None:
    """`first_in_emergency`: care for the body before who did it, unless a threat or an
    overdose brought the emergency screen."""
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.EMERGENCY
    assert screen.state.situation == emergency_situation
    quiet = content.engine.handle(
        Typed("me duele la cabeza desde que me pego", "es"), WEDNESDAY_MORNING
    )
    assert quiet.outcome is not Outcome.EMERGENCY
    assert quiet.state.situation == "partner-violence"  # no emergency: who did it first


@pytest.mark.parametrize(
    ("text", "language", "situation"),
    [
        ("guys dont talk about this stuff", "en", None),  # not "cant talk"
        ("i dont leave the house much these days", "en", None),  # not "cant leave"
        ("i cant talk", "en", "text-only"),
        ("i can not talk, he is in the next room", "en", "text-only"),  # "can not": "cannot"
        ("i cannot leave the house", "en", "controlled"),
        ("they never pay us", "en", "forced-work"),  # "never" still says "not"
    ],
)
def test_what_someone_cannot_do_is_not_what_they_do_not_do(
    content: Content, text: str, language: str, situation: str | None
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.state.situation == situation, screen.state


@pytest.mark.parametrize(
    ("text", "language", "situation"),
    [
        ("can someone help me file a police report", "en", "report"),
        ("quiero poner una denuncia", "es", "report"),
        ("i want to report my husband he hits me", "en", "partner-violence"),  # what was done
        ("i want to press charges against the guy who raped me", "en", "sexual-assault"),
    ],
)
def test_wanting_to_report_is_heard_and_what_was_done_answers_first(
    content: Content, text: str, language: str, situation: str
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.state.situation == situation
    assert screen.outcome is not Outcome.EMERGENCY


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("el examen de mate me destrozó", "es"),  # math, not "matar"
        ("me muero de risa con el video que me mandó mi prima", "es"),  # nobody's images
        ("i just bombed my driving test, i want to die of embarrassment lol", "en"),
        ("el america nos mató 3 a 0 anoche, que coraje jaja", "es"),  # a score
        ("stuck in the trapped room puzzle of the escape game, any hints?", "en"),
        ("hay algun lugar en Bellevue que me ayude a encontrar chamba", "es"),  # "encontrar"
        ("how do i turn off location tracking on my new iphone? the battery drains", "en"),
        ("my pharmacist said you can overdose on tylenol, is cold medicine ok", "en"),
        # common words a letter from a phrase's (bot/directory/everyday_words.txt)
        ("my mom keeps telling me to get a job", "en"),  # "selling me"
        ("we shared a room and she was willing to help", "en"),  # "scared", "killing"
        ("my son was cooking eggs and eating on the couch", "en"),  # "choking", "beating"
    ],
)
def test_everyday_words_that_look_like_crisis_words_are_none(
    content: Content, text: str, language: str
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.outcome is not Outcome.EMERGENCY
    assert screen.state.situation is None, screen.state


@pytest.mark.parametrize(
    ("text", "language", "situation", "category"),
    [
        ("i am at work now and my manager took my passport", "en", "documents-taken", None),
        ("en mi trabajo no me pagan", "es", "forced-work", None),
        ("no me dejan salir de la casa ni usar el celular", "es", "controlled", None),  # "casa"
        ("my ex keeps showing up at my aunties house", "en", "partner-violence", None),
        ("looking for work", "en", None, "jobs"),  # asked for
        ("busco trabajo en seattle", "es", None, "jobs"),
    ],
)
def test_where_someone_is_asks_for_no_kind_of_help(
    content: Content, text: str, language: str, situation: str | None, category: str | None
) -> None:
    """`whereabouts`: "at work" says where, not that a job is wanted; the situation's own
    lines and categories come first, with no job listings among them."""
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert (screen.state.situation, screen.state.category) == (situation, category)
    if situation is not None and ("work" in text or "trabajo" in text):
        jobs = {r.id for r in content.directory.resources if "jobs" in r.categories}
        assert not jobs & set(screen.listed[:3]) - set(
            content.flow.situations.by_id[situation].lines
        )


def test_whereabouts_are_needed_in_every_language(tmp_path: Path, content: Content) -> None:
    found = problems(tmp_path, content.directory, GOOD + "whereabouts: {en: [at work]}\n")
    assert found == ["situations.yaml:11: whereabouts: no words in 'es'"]


@pytest.mark.parametrize(
    ("text", "language", "situation"),
    [
        ("mi ex ya violó la orden de protección tres veces", "es", "partner-violence"),  # no rape
        ("my ex keeps showing up at my work", "en", "partner-violence"),  # a pattern, told
        ("a regular keeps showing up at my place uninvited", "en", "scared"),
        ("nos amenaza con venir a llevárselos", "es", "partner-violence"),  # custody, not now
    ],
)
def test_what_is_told_as_a_pattern_or_an_order_broken_is_no_emergency(
    content: Content, text: str, language: str, situation: str
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.outcome is not Outcome.EMERGENCY
    assert screen.state.situation == situation


@pytest.mark.parametrize(
    ("text", "language", "served"),
    [
        (
            "im a case manager, where do i refer clients clearing old prostitution charges",
            "en",
            True,
        ),
        (
            "soy trabajadora social, a quien refiero a una clienta para la visa T",
            "es",
            True,
        ),
        ("im a case manager and my husband hits me", "en", False),  # her own story
    ],
)
def test_someone_asking_for_a_person_they_serve_is_answered_as_such(
    content: Content, text: str, language: str, served: bool
) -> None:
    """`for_someone_served`: the same lines, under a sentence for the helper, not the
    acknowledgement written to the person it happened to."""
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    situation = screen.state.situation
    assert situation is not None
    sentence = content.flow.translations.text(language, "answer.for_someone_served")
    acknowledgement = content.flow.situations.by_id[situation].acknowledge[language]
    assert (sentence in screen.text) is served
    assert (acknowledgement in screen.text) is not served
    assert screen.listed[0] == content.flow.situations.by_id[situation].lines[0]


def test_a_goodbye_phrase_needs_its_words_in_order(content: Content) -> None:
    """ "tonight is the night" (a goodbye) in order: "tonight the boss took one of the guys out
    back" is a threat at work, not self-harm."""
    text = "they lock the warehouse at night and tonight the boss took one of the guys out back"
    screen = content.engine.handle(Typed(text, "en"), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.EMERGENCY
    assert screen.state.situation != "self-harm"
    goodbye = content.engine.handle(Typed("tonight is the night. sorry", "en"), WEDNESDAY_MORNING)
    assert goodbye.state.situation == "self-harm"

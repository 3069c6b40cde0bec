"""`conversations/situations.yaml` as staff write it: the file's model, checked field by field
at load (pydantic, each error at its line) and published as the JSON Schema editors use
(`python -m bot schema`). The checks of the file as a whole are situations_checks.py; what the
bot reads messages with, situations.py."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.understanding.lexicon import ClassName

MAX_ID = 16  # a situation id rides in a button's 64 bytes

SituationId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=MAX_ID)
]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
ScreenName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Situation(_Frozen):
    """One situation: how people say it, and what the bot answers."""

    id: SituationId
    emergency: bool = Field(
        default=False, description="Show the emergency screen first (danger, overdose, suicide)."
    )
    alone: bool = Field(
        default=False,
        description="Only when nothing else is understood (a bare 'help' or 'ayuda').",
    )
    general: bool = Field(
        default=False,
        description="A feeling or a need about how to reach help ('scared', 'can only text'): "
        "when a message tells more, the more specific situation answers.",
    )
    first_in_emergency: bool = Field(
        default=False,
        description="When the emergency screen comes, this answers first, unless a situation "
        "that brings it does (an overdose, a threat): a body that is hurt needs care before "
        "who did it.",
    )
    identity: bool = Field(
        default=False,
        description="Who someone is ('im a trans woman', 'native american'), with lines run "
        "for them: when a message tells a situation too, its lines come right after that "
        "situation's own, on every page of the answer.",
    )
    phrases: dict[LanguageCode, tuple[Text, ...]] = Field(
        description="What people write, per language, in any order and any inflection: "
        "'took my passport' also finds 'my passport was took'; misspellings of long words too. "
        "'<harm>' stands for any word of the word class harm (see `words`)."
    )
    exact: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Phrases that need every word, little ones too, in this order: "
        "'in the life' (the sex trade), never just 'life'.",
    )
    acknowledge: dict[LanguageCode, Text] = Field(
        description="One short, warm sentence shown before the lines, per language."
    )
    lines: tuple[Id, ...] = Field(
        default=(), description="Resource ids to show first, in this order (where they serve)."
    )
    for_minors: tuple[Id, ...] = Field(
        default=(),
        description="Resource ids only for people under 18 (the CyberTipline): left out of "
        "the answer when the message says its writer is an adult ('I'm 28', 'tengo 30 años').",
    )
    for_a_child: tuple[Id, ...] = Field(
        default=(),
        description="Resource ids shown right after `lines` when the message says a child is "
        "concerned ('mi hija de 13 conoció a un muchacho por tiktok', 'im 15'), on every page.",
    )
    tags: tuple[Text, ...] = Field(
        default=(), description="Resource tags (any language) that make a resource fit this."
    )
    categories: tuple[Id, ...] = Field(
        default=(), description="Categories whose resources come after the specific ones."
    )
    urgent: bool = Field(
        default=False,
        description="With a `right_now` word ('he is hitting me right now', 'me pega ahorita') "
        "the emergency screen comes first.",
    )
    outranks: tuple[SituationId, ...] = Field(
        default=(),
        description="Situations this one answers before when a message tells both, whatever "
        "explains more of it: a young person with nowhere to sleep needs the youth lines.",
    )


class SituationsFile(_Frozen):
    """conversations/situations.yaml."""

    model_config = ConfigDict(title="Situations file")

    always: tuple[Id, ...] = Field(
        description="24/7 lines every disclosure ends with, after the situation's own."
    )
    words: dict[ClassName, dict[LanguageCode, tuple[Text, ...]]] = Field(
        default_factory=dict,
        description="Word classes: a phrase word written <name> is any of these words, in "
        "any form or misspelling. One word each: 'hurt', not 'hurt badly'.",
    )
    interchangeable: dict[LanguageCode, tuple[tuple[Text, ...], ...]] = Field(
        default_factory=dict,
        description="Groups of words that stand for the first one in every phrase: "
        "[me, her, him] lets 'hits me' find 'hits her'.",
    )
    not_emergency: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Everyday phrases holding a crisis word that say no emergency ('killing "
        "it', 'used to be suicidal', '<chore> is killing me'), typed word for word: the crisis "
        "word inside them does not count.",
    )
    questions: dict[ScreenName, dict[LanguageCode, tuple[Text, ...]]] = Field(
        default_factory=dict,
        description="What people ask about the bot itself, by the screen that answers it: "
        "privacy: {en: [is this confidential, will you call the police]}. Found word for word "
        "(other forms of a word count), and only when the message tells no situation and asks "
        "for no kind of help.",
    )
    telling: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that show a message tells about someone's life ('me', 'my', 'he', "
        "'estoy'): when nothing in such a message is understood, it is answered with the "
        "`always` lines and 'I may not have understood', never 'I could not find that'. One "
        "word each.",
    )
    right_now: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that say it is happening as the person writes ('right now', 'rn', "
        "'ahorita'): with them, an `urgent` situation brings the emergency screen.",
    )
    safe_now: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that say the person is out of harm's way as they write ('hes at "
        "work', 'estoy bien'): with them, a `right_now` word brings no emergency screen "
        "('no me deja salir ... ahorita esta trabajando'); not after a negation ('no estoy "
        "bien'), and never against emergency words or a situation that is an emergency.",
    )
    whereabouts: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that say where someone is or was ('im at work', 'en el trabajo'): "
        "never a kind of help asked for, so a category word inside them lists nothing of its "
        "own ('im at work and my manager took my passport' asks for no job).",
    )
    for_someone_served: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words of someone asking for a person they serve ('im a case manager', "
        "'soy trabajadora social', 'refer a client'): the answer lists the same lines under a "
        "plain sentence for them, not the acknowledgement written to the person it happened to.",
    )
    situations: tuple[Situation, ...]


def situations_file_schema() -> dict[str, Any]:
    """JSON Schema for conversations/situations.yaml (editors use it to autocomplete)."""
    schema = SituationsFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "Situations and what the bot answers. Generated by `python -m bot schema`."
    )
    return schema

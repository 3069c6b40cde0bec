"""The codes printed on outreach cards, checked against the directory and the flow.

A discreet card's link is `t.me/<bot>?start=k7m`: the code says nothing to someone who finds the
card, and the bot reads it as what `card_codes:` maps it to (a category, a region, a language, a
command). Each mistake is an error at its `path:line`: an id that does not exist, a code that
is also a deep-link word (a category, region, language or command would then mean two things),
a code that opens nothing, a command mixed with a category or place, and a `call:` resource that
cannot be printed (missing, closed, or with no number to call).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from bot.directory.catalog import Directory
from bot.directory.checks import named_by
from bot.directory.models import PhoneKind, Resource
from bot.directory.schema_errors import did_you_mean
from bot.flows.deeplink import DeepLink
from bot.flows.flow import Flow, Parts
from bot.flows.models import CardCode

SECTION = "card_codes"


def deep_links(codes: Mapping[str, CardCode]) -> Mapping[str, DeepLink]:
    """What each code opens, as the deep-link parser reads it."""
    return MappingProxyType(
        {
            code: DeepLink(card.category, card.region, card.language, card.command)
            for code, card in codes.items()
        }
    )


def number_to_call(resource: Resource) -> str | None:
    """The number a card prints for `resource`: its first voice line, else its first line."""
    voice = [p.number for p in resource.phones if p.kind is PhoneKind.VOICE]
    return (voice or [p.number for p in resource.phones])[0] if resource.phones else None


def check_card_codes(flow: Flow, parts: Parts, directory: Directory) -> None:
    """Add every problem of the flow's card codes to `parts`."""
    settings = flow.settings
    words = {
        "category": list(directory.category_by_id),
        "region": list(directory.region_by_id),
        "language": list(settings.languages),
        "command": list(settings.commands),
    }
    for code, card in flow.card_codes.items():

        def error(*loc: str, message: str, code: str = code) -> None:
            parts.error(*parts.line(SECTION, code, *loc), f"card code {code!r}: {message}")

        for kind, known in words.items():
            if code in known:
                error(message=f"also a {kind} id, so a link with it would be ambiguous")
            value = getattr(card, kind)
            if value is not None and value not in known:
                named = {"category": directory.categories, "region": directory.regions}
                hint = named_by(value, named.get(kind, ()))
                error(kind, message=f"unknown {kind} {value!r}{hint or did_you_mean(value, known)}")
        if not (card.category or card.region or card.language or card.command):
            error(message="opens nothing: give a category, a region, a language or a command")
        if card.command and (card.category or card.region):
            error(
                "command",
                message="a command opens its own screen: it cannot be combined with a category "
                "or a region",
            )
        if card.call is not None:
            _check_call(card.call, directory, lambda message: error("call", message=message))


def _check_call(resource_id: str, directory: Directory, error: Callable[[str], None]) -> None:
    resource = directory.resource_by_id.get(resource_id)
    if resource is None:
        hint = did_you_mean(resource_id, list(directory.resource_by_id))
        error(f"call: unknown resource {resource_id!r}{hint}")
    elif not resource.is_active:
        error(f"call: {resource_id} is {resource.status.value.replace('_', ' ')}")
    elif number_to_call(resource) is None:
        error(f"call: {resource_id} has no phone number to print")

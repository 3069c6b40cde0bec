"""The locale keys the answers to typed text and shared locations use, with their placeholders
(checked in every language at load, like every other text: bot/flows/checks.py)."""

from __future__ import annotations

# typed text that tells about someone's life ("my", "estoy") but of which nothing was understood
NOT_UNDERSTOOD = "search.not_understood"

ANSWER_KEYS: dict[str, frozenset[str]] = {
    # a place no region lists exactly, inside one that is listed (Tacoma, in Washington)
    "answer.beyond_area": frozenset({"place", "region"}),
    # a place outside every listed region but the country (Texas, Portland)
    "answer.out_of_area": frozenset({"place"}),
    # under a situation's acknowledgement, unless it speaks of 911 itself
    "answer.danger": frozenset(),
    # only a place, inside the area (Bellevue, 98104, a shared location)
    "answer.place": frozenset({"region"}),
    # said under any answer to a shared location
    "answer.location_used": frozenset(),
    # a shared location that is not near any US ZIP code
    "answer.location_unknown": frozenset(),
    NOT_UNDERSTOOD: frozenset(),
    # the button under the emergency screen that leads to the situation's lines
    "button.situation_more": frozenset(),
}

"""What a hostile or broken client can send, as Hypothesis strategies."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from bot.flows.state import MAX_PAGE, State

# Characters that break naive text handling: NUL and other controls, bidirectional marks and
# overrides (U+202E flips what follows), zero-width characters and the BOM, combining marks,
# line and paragraph separators, emoji (astral, and joined with ZWJ), and lone surrogates
# (not valid Unicode, but JSON's \ud800 escape can carry them).
ODD_CHARACTERS = (
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\t",
    "\r",
    "\n",
    "\u0085",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "\u0301",
    "\u0336",
    "\U0001f600",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "\U000e0041",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\u05e2\u05d1\u05e8\u05d9\u05ea",
    "\ufdfd",
    "\u1f00",
    "ǅ",
    "ß",
    "İ",
)
LONE_SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")
# Words the bot reacts to, so that odd characters land next to real searches and emergencies.
MEANINGFUL = (
    "lawyer",
    "abogado",
    "shelter",
    "dónde dormir",
    "therapist near Burien",
    "Seattle",
    "king county",
    "trabajo",
    "911",
    "danger",
    "peligro",
    "help me",
    "/start",
    "legal_wa-king_es",
    "1.results.en.legal.wa-king.0.",
    "<b>",
    "&amp;",
    "{category}",
    "%s",
    "\\",
)


def hostile_text(*, surrogates: bool = False, max_pieces: int = 30) -> st.SearchStrategy[str]:
    """Text built from odd characters, real words and arbitrary Unicode."""
    odd = ODD_CHARACTERS + (LONE_SURROGATES if surrogates else ())
    piece = st.one_of(
        st.sampled_from(odd),
        st.sampled_from(MEANINGFUL),
        st.text(max_size=8),
        st.sampled_from(("a", "é", " ")).map(lambda c: c * 700),  # runs past any cut-off
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


states = st.builds(
    State,
    screen=st.sampled_from(
        ("welcome", "results", "choose_region", "search", "emergency", "erase", "nope")
    ),
    language=st.sampled_from(("en", "es", "fr", "zz")),
    category=st.none() | st.sampled_from(("legal", "shelter", "jobs", "unknown")),
    region=st.none() | st.sampled_from(("wa-king", "wa", "us", "mars")),
    page=st.integers(0, MAX_PAGE),
    open_now=st.booleans(),
    text_only=st.booleans(),
)


@st.composite
def forged_callback_data(draw: st.DrawFn) -> str | bytes | None:
    """Callback data as a modified client could send it: packed states (some valid, some
    naming what does not exist), states edited one character at a time, and arbitrary data."""
    packed = draw(states).pack()
    edited = draw(st.sampled_from(("keep", "insert", "delete", "replace")))
    if edited != "keep" and packed:
        at = draw(st.integers(0, len(packed)))
        char = draw(st.sampled_from((*ODD_CHARACTERS, ".", "-", "_", "0", "9", "A", "\n")))
        if edited == "insert":
            packed = packed[:at] + char + packed[at:]
        elif edited == "delete":
            packed = packed[:at] + packed[at + 1 :]
        else:
            packed = packed[:at] + char + packed[at + 1 :]
    return draw(
        st.one_of(
            st.just(packed),
            hostile_text(surrogates=True, max_pieces=6),
            st.binary(max_size=80),
            st.none(),
        )
    )


@st.composite
def deep_link_payloads(draw: st.DrawFn) -> str:
    """Start payloads: words the bot knows (in any order and case, repeated or not), and
    anything else of Telegram's alphabet, and beyond it."""
    words = draw(
        st.lists(
            st.sampled_from(
                ("legal", "shelter", "wa-king", "wa", "us", "es", "en", "privacy", "emergency")
            )
            | st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True),
            min_size=1,
            max_size=5,
        )
    )
    cases = st.sampled_from(("as typed", "upper", "title"))
    cased = [
        {"as typed": word, "upper": word.upper(), "title": word.title()}[draw(cases)]
        for word in words
    ]
    return draw(
        st.one_of(
            st.just("_".join(cased)),
            st.from_regex(r"[A-Za-z0-9_-]{1,80}", fullmatch=True),
            hostile_text(max_pieces=5),
        )
    )


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile_text(max_pieces=4),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

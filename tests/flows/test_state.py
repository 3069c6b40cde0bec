"""The State codec: round trips, the 64-byte limit, and hostile data that must never raise."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bot.flows.state import MAX_BYTES, MAX_PAGE, State, unpack

ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
screens = st.from_regex(r"[a-z0-9]{1,8}(_[a-z0-9]{1,6}){0,1}", fullmatch=True)
states = st.builds(
    State,
    screen=screens,
    language=st.from_regex(r"[a-z]{2}", fullmatch=True),
    category=st.none() | ids,
    region=st.none() | ids,
    page=st.integers(0, MAX_PAGE),
    open_now=st.booleans(),
    text_only=st.booleans(),
    child=st.booleans(),
)


def test_a_state_packs_small_and_readable() -> None:
    state = State("results", "es", "legal", "wa-king", 2, open_now=True)
    assert state.pack() == "1.results.es.legal.wa-king.2.o"
    assert unpack(state.pack()) == state
    assert unpack(b"1.welcome.en...0.") == State("welcome", "en")
    texting = State("emergency", "en", region="wa-king", open_now=True, text_only=True)
    assert texting.pack() == "1.emergency.en..wa-king.0.ot"
    assert unpack("1.emergency.en..wa-king.0.t") == State(
        "emergency", "en", region="wa-king", text_only=True
    )


@given(states)
def test_every_state_round_trips(state: State) -> None:
    packed = state.pack()
    if len(packed.encode()) <= MAX_BYTES:
        assert unpack(packed) == state
        assert unpack(packed.encode()) == state
    else:
        assert unpack(packed) is None  # never trusted beyond Telegram's limit


@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data: bytes) -> None:
    result = unpack(data)
    assert result is None or isinstance(result, State)


@given(st.text(max_size=100))
def test_random_text_never_raises(data: str) -> None:
    result = unpack(data)
    assert result is None or result.pack() == data


def test_forged_truncated_and_old_data_is_refused() -> None:
    good = State("results", "en", "legal", "wa-king").pack()
    for bad in [
        good[:-3],  # truncated
        "0" + good[1:],  # another version
        good.replace("legal", "LEGAL"),
        good.replace("wa-king", "../etc"),
        good.replace(".0.", ".-1."),
        good.replace(".0.", ".0001."),
        good + ".extra.more.parts",  # a situation and an identity are the only extra ones
        good + ".sex-trade.Trans",  # an identity id is a slug too
        good + ".sex-trade.",  # an empty identity is left out, never written
        good + ".Extra",  # a situation id is a slug
        good + ".",  # an empty situation is left out, never written
        good + "to",  # flags in another order: not what we pack
        good + "co",
        good + "tt",
        good + "x",
        "1.results.english.legal.wa-king.0.",
        "",
        None,
        "1." + "a" * 70,
    ]:
        assert unpack(bad) is None, bad


def test_a_situation_rides_along_and_older_buttons_still_unpack() -> None:
    with_situation = State("search", "es", None, "wa-king", 1, situation="sexual-assault")
    assert with_situation.pack() == "1.search.es..wa-king.1..sexual-assault"
    assert unpack(with_situation.pack()) == with_situation
    assert State("results", "en", "legal", "wa-king").pack() == "1.results.en.legal.wa-king.0."
    # moving to another screen leaves the situation behind; paging keeps it
    assert with_situation.to("results").situation is None


def test_a_child_concerned_is_a_flag() -> None:
    state = State("search", "es", None, None, 0, True, True, "trafficking", child=True)
    assert state.pack() == "1.search.es...0.otc.trafficking"
    assert unpack(state.pack()) == state
    assert not state.to("welcome").child


def test_who_someone_said_they_are_rides_beside_the_situation() -> None:
    told = State("search", "en", None, "wa-king", 1, situation="sex-trade", identity="trans")
    assert told.pack() == "1.search.en..wa-king.1..sex-trade.trans"
    assert unpack(told.pack()) == told
    assert State("search", "en", identity="trans").pack() == "1.search.en...0."  # no situation
    moved = told.to("results")
    assert moved.situation is None and moved.identity is None
    # where it does not fit, the identity is left out, never the situation
    long = State("search", "en", "advocacy", "ca-san-bernardino-co", 999, True, True, "sex-trade")
    assert len(long.pack()) <= MAX_BYTES
    assert replace(long, identity="native").pack() == long.pack()


def test_a_newline_after_a_field_is_refused() -> None:
    """Regression: the field patterns ended in `$`, which also matches before a final newline,
    so forged data such as '1.welcome\\n.en...0.' unpacked to a State whose screen was
    'welcome\\n', and '1.welcome.en...0\\n.' to one that packs differently from the data."""
    parts = State("results", "en", "legal", "wa-king", 1).pack().split(".")
    for index in range(1, 6):
        forged = [*parts[:index], parts[index] + "\n", *parts[index + 1 :]]
        assert unpack(".".join(forged)) is None, forged

"""`bot/directory/bits.py`: sets of resources as bitmasks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.directory.bits import bits_of, positions


@given(st.sets(st.integers(0, 2000)))
def test_bit_sets_round_trip(members: set[int]) -> None:
    assert list(positions(bits_of(members, 2001))) == sorted(members)

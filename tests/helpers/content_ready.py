"""Whether loaded content is ready for typed words (bot/understanding/reading.py's prepare)."""

from __future__ import annotations

from bot.content import ContentStore


def ready_to_read(store: ContentStore) -> bool:
    """Whether what the first typed search would make is made: the phrases and their index."""
    understanding = store.current.engine.understanding
    made = understanding.__dict__
    return "matcher" in made and "_by_deletion" in understanding.matcher._fuzzy.__dict__

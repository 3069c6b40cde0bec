"""Metrics count what happened by the content's own ids, never by what anyone typed."""

from __future__ import annotations

from bot.content import Content
from bot.flows.events import Pressed, Start, Typed
from bot.flows.state import State
from bot.observability.metrics import Metrics
from tests.helpers.content import WEDNESDAY_MORNING


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return value or 0.0


def test_screens_are_counted_by_screen_category_and_region(content: Content) -> None:
    metrics = Metrics()
    engine = content.engine
    results = engine.render(State("results", "en", "legal", "wa-king"), WEDNESDAY_MORNING)
    metrics.count_screen(results, content)
    metrics.count_screen(results, content)
    labels = {"channel": "telegram", "screen": "results", "category": "legal", "region": "wa-king"}
    assert sample(metrics, "bot_screens_shown_total", **labels) == 2


def test_searches_emergencies_and_erase_are_counted_without_their_words(content: Content) -> None:
    metrics = Metrics()
    engine = content.engine
    typed = ["I need a lawyer zqxw-secret", "plugh xyzzy-secret", "estoy en peligro"]
    for text in typed:
        metrics.count_screen(engine.handle(Typed(text), WEDNESDAY_MORNING), content)
    metrics.count_screen(engine.handle(Pressed("1.erase.en...0."), WEDNESDAY_MORNING), content)
    assert sample(metrics, "bot_searches_total", channel="telegram", found="true") == 1
    assert sample(metrics, "bot_searches_total", channel="telegram", found="false") == 1
    assert sample(metrics, "bot_emergency_screens_shown_total", channel="telegram") == 1
    assert sample(metrics, "bot_erase_used_total", channel="telegram") == 1
    exposition = metrics.exposition().decode()
    for text in typed:
        for word in text.split():
            if len(word) > 3 and word not in ("need",):
                assert word not in exposition, word


def test_labels_outside_the_content_are_recorded_as_none(content: Content) -> None:
    metrics = Metrics()
    screen = content.engine.handle(Start(), WEDNESDAY_MORNING)
    forged = type(screen)(
        state=State("made_up_screen", "en", "made-up-category", "made-up-region"),
        paragraphs=screen.paragraphs,
        rows=screen.rows,
    )
    metrics.count_screen(forged, content)
    labels = {"channel": "telegram", "screen": "none", "category": "none", "region": "none"}
    assert sample(metrics, "bot_screens_shown_total", **labels) == 1
    assert "made" not in metrics.exposition().decode()


def test_each_channel_is_counted_apart(content: Content) -> None:
    metrics = Metrics()
    results = content.engine.render(State("results", "en", "legal", "wa-king"), WEDNESDAY_MORNING)
    metrics.count_screen(results, content, "web")
    metrics.count_screen(results, content, "web")
    metrics.count_screen(results, content)
    labels = {"screen": "results", "category": "legal", "region": "wa-king"}
    assert sample(metrics, "bot_screens_shown_total", channel="web", **labels) == 2
    assert sample(metrics, "bot_screens_shown_total", channel="telegram", **labels) == 1

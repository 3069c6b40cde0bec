"""Benchmark: the bot's own share of an update, (state or text) -> Screen -> HTML and keyboard.

    python bench/bench_updates_engine.py [--repeat 200] [--out FILE]

In this process, on the shipped directory and conversation, with the garbage collector on:
`engine.handle(event, now)` then the Telegram rendering (`render`), with what start-up made frozen
out of the collector's sight as `python -m bot run` does, for the kinds of update of
bench/bench_updates.py: /start, a press (a category, a place or "More", the buttons of the
screens a walk through the flow shows) and a typed search (its queries). Reported: the time per
update of each kind, with the cards and buttons kept per content (as the bot runs) and made
again for every screen (what they cost without that machinery; the same output), in alternating
rounds of one run; and, from cProfile, where a typed search's time goes. The rest of an
update's cost (webhook, PTB, the Bot API call) is in bench/results/updates.md. Results go to
stdout and bench/results/updates-engine.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import gc
import os
import platform
import pstats
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_updates_traffic import QUERIES
from bench.results_file import publish
from bot.channels.telegram.render import render
from bot.content import load_content
from bot.directory.text import VARIANT_SIMILARITY, Vocabulary, allowed_typos, variants, words
from bot.flows import buttons, resource_card
from bot.flows.engine import Engine
from bot.flows.events import Event, Pressed, Start, Typed
from bot.flows.state import unpack

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "updates-engine.md"
NOW = dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.UTC)  # a Wednesday, 10:30 in Seattle
# Where a typed search's time goes: (what, a function's file:name as cProfile names it).
PARTS = (
    ("the whole: engine.handle(Typed)", "bot/flows/engine.py", "handle"),
    ("  understanding the words: Understanding.read", "bot/understanding/reading.py", "read"),
    ("  the emergency words check", "bot/understanding/crisis.py", "languages_in"),
    ("  the screen: Engine.render", "bot/flows/engine.py", "render"),
    ("    the answer's services: search_page", "bot/understanding/search_page.py", "search_page"),
    ("    its buttons, each with its packed State", "bot/flows/buttons.py", "rows"),
    ("    the result cards", "bot/flows/resource_card.py", "card"),
    ("the HTML and keyboard for Telegram: render", "bot/channels/telegram/render.py", "render"),
)
ROUNDS = 4  # each way, alternating


def scanned(by_length: Mapping[int, list[str]], word: str) -> dict[str, float]:
    """What `Vocabulary.close` did before its deletion index: every known word of a close
    length (`by_length`, each length's sorted) compared with rapidfuzz, one call per length;
    the same answer in the same order."""
    found = {
        f: 1.0 if f == word else VARIANT_SIMILARITY
        for f in variants(word)
        if f in by_length.get(len(f), ())
    }
    budget = allowed_typos(len(word))
    for length in range(len(word) - budget, len(word) + budget + 1) if budget else ():
        limit = min(budget, allowed_typos(length))
        choices = by_length.get(length, []) if limit else []
        for other, distance, _ in process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None
        ):
            found.setdefault(other, 1 - distance / max(len(word), len(other)))
    return found


def misspellings(engine: Engine, repeat: int) -> list[str]:
    """How a typed word's misspellings are found (the vocabulary of every phrase the bot reads:
    synonyms, places, situations), µs per typed word of the queries, and what the deletion
    index costs to build and hold."""
    vocabularies = {"phrases": engine.understanding.matcher._fuzzy}
    typed = [w for query in QUERIES for w in words(query)]
    lines = [
        "| vocabulary | words | deletion index µs/word | scanning µs/word | index build ms "
        "| index MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, vocabulary in vocabularies.items():
        known = vocabulary._words
        by_length = {n: sorted(w for w in known if len(w) == n) for n in {len(w) for w in known}}

        def scan(word: str, by_length: Mapping[int, list[str]] = by_length) -> dict[str, float]:
            return scanned(by_length, word)

        if any(list(scan(w).items()) != list(vocabulary.close(w).items()) for w in typed):
            raise SystemExit(f"the {name} vocabulary's index and scan disagree")
        began = time.perf_counter()
        _ = Vocabulary(known)._by_deletion  # made when first needed
        build = time.perf_counter() - began
        tracemalloc.start()
        built = Vocabulary(known)
        _ = built._by_deletion
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del built
        rounds = max(3, repeat // 10)
        index_us = _per_word(vocabulary.close, typed, rounds)
        scan_us = _per_word(scan, typed, rounds)
        lines.append(
            f"| {name} | {len(known):,} | {index_us:.1f} | {scan_us:.1f} | {1000 * build:.1f} "
            f"| {held / 1e6:.1f} |"
        )
    return lines


def _per_word(close: Callable[[str], object], typed: Sequence[str], rounds: int) -> float:
    """The fastest round's µs per word."""
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter_ns()
        for word in typed:
            close(word)
        best = min(best, (time.perf_counter_ns() - began) / 1000 / len(typed))
    return best


def presses(engine: Engine, rng: random.Random) -> list[Event]:
    """Buttons a person presses walking the flow: a category, a place, "More"."""
    found: list[Event] = []
    for language in ("en", "es"):
        for _ in range(10):
            screen = engine.handle(Start(None, language), NOW)
            for wanted in ("choose_region", "results", "results"):
                data = [b.data for b in screen.buttons if _leads_to(b.data, wanted)]
                if not data:
                    break
                choice = rng.choice(data)
                found.append(Pressed(choice, language))
                screen = engine.handle(Pressed(choice, language), NOW)
    return found


def _leads_to(data: str, screen: str) -> bool:
    state = unpack(data)
    return state is not None and state.screen == screen


def timed(engine: Engine, events: Sequence[Event], repeat: int) -> list[float]:
    """Microseconds per update, each event `repeat` times over."""
    times: list[float] = []
    for _ in range(repeat):
        for event in events:
            started = time.perf_counter_ns()
            render(engine.handle(event, NOW))
            times.append((time.perf_counter_ns() - started) / 1000)
    return times


@contextlib.contextmanager
def made_every_time(engine: Engine) -> Iterator[Engine]:
    """An engine on the same content that makes its cards and buttons again for every screen
    (it keeps none: the same output)."""
    kept = resource_card.CARDS_KEPT, buttons.ROWS_KEPT
    resource_card.CARDS_KEPT = buttons.ROWS_KEPT = 0
    try:
        yield Engine(engine.flow, engine.directory, engine.index)
    finally:
        resource_card.CARDS_KEPT, buttons.ROWS_KEPT = kept


def profile(run: Callable[[], object]) -> dict[str, float]:
    """Cumulative seconds per PARTS row, and the profiled total under "total"."""
    profiler = cProfile.Profile()
    profiler.runcall(run)
    stats = pstats.Stats(profiler)
    found: dict[str, float] = {}
    for what, file, name in PARTS:
        found[what] = sum(
            cumulative
            for (path, _, function), (_, _, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
            if function == name and path.endswith(file)
        )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else args.repeat
    result = load_content()
    if result.content is None:
        raise SystemExit(str(result.report))
    engine = result.content.engine
    rng = random.Random(1)
    kinds: dict[str, list[Event]] = {
        "start": [Start(None, language) for language in ("en", "es")],
        "press": presses(engine, rng),
        "text": [Typed(query, ("en", "es")[i % 2]) for i, query in enumerate(QUERIES)],
    }
    for events in kinds.values():
        timed(engine, events, 2)  # warm-up
    gc.collect()
    gc.freeze()  # as `python -m bot run` does once the content is loaded
    rows: dict[tuple[str, str], list[float]] = {}
    for _ in range(ROUNDS):
        for way in ("made every time", "kept"):
            keeping = contextlib.nullcontext(engine)
            with made_every_time(engine) if way != "kept" else keeping as measured_engine:
                for kind, events in kinds.items():
                    measured = timed(measured_engine, events, max(1, repeat // ROUNDS))
                    rows.setdefault((kind, way), []).extend(measured)
    spelling = misspellings(engine, repeat)
    texts = kinds["text"]
    parts = profile(lambda: [render(engine.handle(e, NOW)) for _ in range(repeat) for e in texts])
    whole = parts[PARTS[0][0]] or 1.0
    lines = [
        "# The bot's own share of an update: engine and rendering",
        "",
        f"`python bench/bench_updates_engine.py` ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}; load average "
        f"{os.getloadavg()[0]:.2f} at the end). The shipped directory and conversation; "
        "`engine.handle(event, now)` then `render(screen)` for Telegram, garbage collector on.",
        "",
        "| kind | cards and buttons | updates | mean µs | p50 µs | p99 µs |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for (kind, way), values in sorted(rows.items(), key=lambda item: list(kinds).index(item[0][0])):
        ordered = sorted(values)
        lines.append(
            f"| {kind} | {way} | {len(values):,} | {statistics.fmean(values):,.0f} "
            f"| {ordered[len(ordered) // 2]:,.0f} | {ordered[int(0.99 * len(ordered))]:,.0f} |"
        )
    lines += [
        "",
        "Where a typed search's time goes, cards and buttons kept (cProfile, cumulative; its "
        "overhead inflates the whole, the shares hold):",
        "",
        "| part | share of engine.handle |",
        "| --- | ---: |",
    ]
    lines += [f"| {what} | {100 * seconds / whole:.0f}% |" for what, seconds in parts.items()]
    lines += [
        "",
        "Finding a typed word's misspellings (Vocabulary.close, each word of the queries): "
        "the known words filed under their deletions (made at the first search), against "
        "comparing every known word of a close length (rapidfuzz, as before; the same answers):",
        "",
        *spelling,
    ]
    text = "\n".join(lines) + "\n"
    publish(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""bench/bench_updates.py's figures and its report (bench/results/updates.md)."""

from __future__ import annotations

import os
import platform
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.bench_updates import Config

TARGET_RATIO = 1.0  # ours at most the bare echo bot's CPU per update, on the mix


@dataclass
class Measure:
    """One workload on one bot, one round."""

    bot: str
    workload: str
    updates: int
    seconds: float
    cpu_seconds: float
    harness_cpu_seconds: float
    latencies: dict[str, list[float]]  # by kind of update, seconds
    calls: Counter[str]
    missing: int
    deepest: int  # the most updates in the bot's hands (POSTed, not yet answered) at once

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_seconds / self.updates

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def latency_ms(self, quantile: float, kind: str | None = None) -> float:
        if kind is not None:
            values = self.latencies.get(kind, [])
        else:
            values = [value for values in self.latencies.values() for value in values]
        if not values:
            return float("nan")
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]

    @property
    def calls_per_update(self) -> float:
        """The bot's own HTTP calls to the Bot API per update (not those in webhook answers)."""
        own = sum(count for method, count in self.calls.items() if not method.endswith("(reply)"))
        return own / self.updates

    @property
    def harness_load(self) -> float:
        return self.harness_cpu_seconds / self.seconds if self.seconds else 0.0


@dataclass
class Results:
    """Per (bot, workload): one Measure per round, bursts and steady apart."""

    bursts: dict[tuple[str, str], list[Measure]] = field(default_factory=dict)
    steady: dict[tuple[str, str], list[Measure]] = field(default_factory=dict)
    idle_cpu_ms_per_s: dict[str, float] = field(default_factory=dict)

    def add(self, measure: Measure, *, steady: bool) -> None:
        table = self.steady if steady else self.bursts
        table.setdefault((measure.bot, measure.workload), []).append(measure)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ratios(ours: Sequence[Measure], other: Sequence[Measure]) -> list[float]:
    """Round by round, ours' CPU per update over the other's (a tiny run can measure 0)."""
    return [
        m.cpu_ms / o.cpu_ms if o.cpu_ms else float("nan") for m, o in zip(ours, other, strict=True)
    ]


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else "-"


def ratio_line(results: Results, ours: str, against: str, label: str) -> str | None:
    """`ours` on the mix against `against` on texts: the median of the rounds' ratios."""
    mix = results.bursts.get((ours, "mix"))
    other = results.bursts.get((against, "text"))
    if not mix or not other:
        return None
    found = ratios(mix, other)
    return (
        f"- {ours} ({median([m.cpu_ms for m in mix]):.2f} ms) against {label} "
        f"({median([o.cpu_ms for o in other]):.2f} ms): **{median(found):.2f}x** (rounds "
        f"{min(found):.2f}-{max(found):.2f}x)"
    )


def report(
    results: Results, config: Config, load_before: float, load_after: float, wall: float
) -> str:
    bots = {kind.name: kind for kind in config.bots}
    mix_weights = ", ".join(f"{name} {weight}" for name, weight in config.mix.items())
    lines = [
        "# Cost per update, open-loop: our bot, a bare python-telegram-bot echo, a floor",
        "",
        f"`{config.command}` ({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; every bot pinned to CPU {config.bot_cpu}, "
        f"the harness to CPU {config.harness_cpu}; load average {load_before:.2f} before, "
        f"{load_after:.2f} after; {wall / 60:.1f} minutes).",
        "",
    ]
    mix, echo = results.bursts.get(("ours", "mix")), results.bursts.get(("echo", "text"))
    if mix and echo:
        found = median(ratios(mix, echo))
        verdict = "meets" if found <= TARGET_RATIO else "MISSES"
        lines += [
            f"**CPU per update on the mix, in a burst: ours {median([m.cpu_ms for m in mix]):.2f}"
            f" ms, {found:.2f}x a bare python-telegram-bot echo bot at PTB's defaults** "
            f"({median([e.cpu_ms for e in echo]):.2f} ms; target at most {TARGET_RATIO:.1f}x: "
            f"{verdict} it).",
            "",
        ]
    steady = results.steady.get(("ours-30", "mix"))
    if steady:
        lines += [
            f"**Webhook to Bot API, ours as deployed, {config.rate:g} updates a second: p50 "
            f"{median([m.latency_ms(0.5) for m in steady]):.1f} ms, p99 "
            f"{median([m.latency_ms(0.99) for m in steady]):.1f} ms.**",
            "",
        ]
    comparisons = [
        ratio_line(results, ours, against, label)
        for ours, against, label in (
            ("ours", "echo", "the echo at PTB's defaults"),
            ("ours", "echo-64", "the echo taking 64 updates at once"),
            ("ours", "floor", "the floor (aiohttp, no PTB)"),
            ("ours-30", "echo-30", "the echo paced by PTB's AIORateLimiter, both at 30/s"),
        )
    ]
    if any(comparisons):
        lines += [*(line for line in comparisons if line), ""]
    lines += ["The bots:", ""]
    lines += [f"- **{name}**: {kind.description}." for name, kind in bots.items()]
    lines.append(
        f"- The mix: /start, a button pressed and a typed search, weighted {mix_weights}; "
        "every update from a new person."
    )
    lines += [
        "",
        f"## Bursts: {config.updates:,} updates at once ({config.paced_updates:,} for the "
        "paced bots)",
        "",
        "Telegram POSTs them over as many connections as the bot's webhook takes (its "
        "max_connections; 40 unless it says) without waiting for people's answers. CPU: the "
        "bot process, first POST to last answer. The deepest pile: the most updates in the "
        "bot's hands at once (POSTed and not yet answered). Latency: a POST to the bot's answer "
        "in that chat (in a burst, mostly time in a queue). Medians of the rounds (CPU range "
        "beside).",
        "",
        "| bot | workload | CPU ms/update (range) | updates/s | deepest pile | p50 ms | p99 ms "
        "| Bot API HTTP calls/update | harness CPU |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (bot, workload), measures in results.bursts.items():
        cpus = [m.cpu_ms for m in measures]
        lines.append(
            f"| {bot} | {workload} | {median(cpus):.2f} ({spread(cpus)}) "
            f"| {median([m.per_second for m in measures]):,.0f} "
            f"| {median([m.deepest for m in measures]):,.0f} "
            f"| {median([m.latency_ms(0.5) for m in measures]):,.0f} "
            f"| {median([m.latency_ms(0.99) for m in measures]):,.0f} "
            f"| {median([m.calls_per_update for m in measures]):.2f} "
            f"| {median([m.harness_load for m in measures]):.0%} |"
        )
    lines += [
        "",
        f"## Steady: {config.steady:,} updates at {config.rate:g} a second",
        "",
        "Poisson arrivals; the latency a person sees when the bot keeps up (webhook POST to "
        "the Bot API call that answers).",
        "",
        "| bot | workload | kind | CPU ms/update | p50 ms | p90 ms | p99 ms | max ms |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (bot, workload), measures in results.steady.items():
        present = sorted({kind for m in measures for kind in m.latencies})
        for kind in [None, *present] if len(present) > 1 else [None]:
            cpu = f"{median([m.cpu_ms for m in measures]):.2f}" if kind is None else ""
            lines.append(
                f"| {bot} | {workload} | {kind or 'all'} | {cpu} | "
                + " | ".join(
                    f"{median([m.latency_ms(q, kind) for m in measures]):.1f}"
                    for q in (0.5, 0.9, 0.99, 1.0)
                )
                + " |"
            )
    missing = sum(m.missing for table in (results.bursts, results.steady) for ms in table.values()
                  for m in ms)  # fmt: skip
    lines += ["", f"Updates never answered: {missing}."]
    if mix:
        calls = ", ".join(f"{method} {count}" for method, count in sorted(mix[-1].calls.items()))
        lines += [
            "",
            f"Bot API calls in the last round's mix ({mix[-1].updates} updates): {calls}.",
        ]
    idle = ", ".join(f"{bot} {ms:.1f} ms" for bot, ms in results.idle_cpu_ms_per_s.items())
    lines += ["", f"Idle CPU per second of wall time (background work): {idle}."]
    if config.profile is not None:
        lines += profile_section(config.profile, list(bots))
    return "\n".join(lines) + "\n"


# Where a profiled bot's time goes: (what, a substring of a frame, a substring that excludes the
# sample, or ""); a sample counts for a row when a frame of its stack matches. A leading "^"
# matches the innermost frame only (the function running then).
PROFILE_ROWS = (
    ("webhook: receive, check and parse the POST", "receive_update (", ""),
    ("  of which Update.de_json", "de_json (telegram/_update.py", ""),
    ("PTB dispatch and the handlers", "process_update (telegram/ext/_application.py", ""),
    ("  the engine: (state or text) -> Screen", "handle (bot/flows/engine.py", ""),
    ("  rendering the Screen as HTML and a keyboard", "(bot/channels/telegram/render.py", ""),
    ("  Bot API calls (PTB: build, send, parse the answer)", "_post (telegram/_bot.py", ""),
    ("    the rate limiters' own work", "process_request (", "do_request ("),
    ("    the HTTP exchange (the request class)", "do_request (", ""),
    ("      httpx and httpcore", "(httpcore/", ""),
    ("        httpcore's pool: _assign_requests_to_connections", "_assign_requests_to_", ""),
    ("      aiohttp's client", "(aiohttp/client", ""),
    ("    Telegram's answers: JSON and Message.de_json", "parse_json_payload (", ""),
    ("Message.de_json, wherever (answers, pressed messages)", "de_json (telegram/_message.py", ""),
    ("asyncio's own (loop, transports; innermost frame)", "^(asyncio/", ""),
)  # fmt: skip


def profile_section(directory: Path, bots: Sequence[str]) -> list[str]:
    """The share of each bot's py-spy samples of its main thread (busy time: py-spy does not
    sample a thread waiting for the network) in each of PROFILE_ROWS."""
    lines = ["", "## Profile (py-spy, 250 samples a second, the whole run, main thread)", ""]
    found = [bot for bot in bots if (directory / f"{bot}.txt").exists()]
    if not found:
        return [*lines, "No profile was recorded (is py-spy installed and allowed to attach?)."]
    shares = {bot: profile_shares(directory / f"{bot}.txt") for bot in found}
    lines += ["| where | " + " | ".join(found) + " |", "| --- |" + " ---: |" * len(found)]
    for what, _, _ in PROFILE_ROWS:
        lines.append(f"| {what} | " + " | ".join(f"{shares[b][what]:.1f}%" for b in found) + " |")
    lines += ["", "Raw profiles (py-spy's collapsed stacks): " + f"`{directory}`."]
    return lines


def profile_shares(path: Path) -> dict[str, float]:
    total = 0
    counts = dict.fromkeys((what for what, _, _ in PROFILE_ROWS), 0)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit() or stack.startswith("Thread._bootstrap"):
            continue  # another thread: watchfiles and anyio wait in native code, never idle
        count = int(count_text)
        total += count
        leaf = stack.rsplit(";", 1)[-1]
        for what, pattern, exclude in PROFILE_ROWS:
            where = leaf if pattern.startswith("^") else stack
            if pattern.lstrip("^") in where and not (exclude and exclude in stack):
                counts[what] += count
    return {what: 100 * count / (total or 1) for what, count in counts.items()}

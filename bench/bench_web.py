"""Benchmark: what one page of the web chat costs, against a bare aiohttp handler's fixed page.

    python bench/bench_web.py [--people 8] [--requests 300] [--rounds 5] [--quick]

Both servers run as child processes pinned to CPU 0: `python -m bot web` (the real command,
on the shipped directory) and a bare aiohttp application whose one handler returns a fixed page
of the same size with the same headers (this file, with `--serve-bare PORT`). The harness runs
here, pinned to CPU 1: `--people` simulated people at once, each waiting for every page (a
closed loop) over keep-alive connections, as a phone's browser would.

The web chat gets a realistic mix; per person and visit: the start page (Accept-Language en or
es), a category, a place, the next page of results (or "Only open now"), a typed search
(English or Spanish, some naming a place, some emergency words) posted as the page's script
posts it (answered in place), and a deep link. The links are the ones the pages carry (packed
states), worked out from the same content. It is also measured on one kind of page at a time
(start, a results page, a search, and a search without script: the POST's 303 and the GET of
the answer's link, counted as the one page it shows). The bare handler
answers the same number of GETs, just before and just after the mix in every round: the mix's
ratio is taken against those two, since a shared machine's core speed drifts from minute to
minute.

Reported per workload: pages per second; CPU per page (the server process's user+system CPU,
from psutil, over the pages); p50/p99 latency per page at the harness. Figures are medians over
`--rounds` rounds (the servers alternate); the table goes to stdout and bench/results/web.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import socket
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import psutil

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.processes import stop
from bot.channels.web.assets import IN_PLACE_HEADER
from bot.content import load_content
from bot.flows.state import State

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "web.md"
TARGET_RATIO = 2.0
SEARCHES = (
    ("en", "I need a lawyer"),
    ("en", "somewhere to sleep tonight in seattle"),
    ("en", "therapist near Burien"),
    ("en", "he is hurting me"),
    ("es", "necesito un abogado"),
    ("es", "dónde dormir esta noche"),
    ("es", "trabajo en seattle"),
)
DEEP_LINKS = ("legal_wa-king_es", "shelter_wa-king", "emergency", "hotline")

Request = tuple[str, str, dict[str, str] | None, str]  # method, path, form, Accept-Language
SCRIPTED = "POST+"  # a POST as the page's script sends it (answered in place, not with a 303)


def visit(rng: random.Random, categories: Sequence[str], regions: Sequence[str]) -> list[Request]:
    """One person's visit: the pages a person taps through, and one search."""
    language = rng.choice(("en", "es"))
    category, region = rng.choice(categories), rng.choice(regions)
    results = State("results", language, category, region)
    next_page = State("results", language, category, region, page=1)
    open_now = State("results", language, category, region, open_now=True)
    searched_in, words = rng.choice(SEARCHES)
    return [
        ("GET", "/", None, language),
        ("GET", "/?s=" + State("choose_region", language, category).pack(), None, language),
        ("GET", "/?s=" + results.pack(), None, language),
        ("GET", "/?s=" + rng.choice((next_page, open_now)).pack(), None, language),
        (SCRIPTED, "/", {"q": words, "l": searched_in}, language),
        ("GET", "/?start=" + rng.choice(DEEP_LINKS), None, language),
    ]


def workloads(seed: int) -> dict[str, Callable[[random.Random], list[Request]]]:
    content = load_content().content
    if content is None:
        raise SystemExit("the shipped content does not load: run python -m bot validate")
    categories = [c.id for c in content.directory.categories]
    regions = [r.id for r in content.directory.regions if r.selectable]
    return {
        "mix": lambda rng: visit(rng, categories, regions),
        "start": lambda rng: [("GET", "/", None, rng.choice(("en", "es")))],
        "results": lambda rng: [
            (
                "GET",
                "/?s=" + State("results", "en", rng.choice(categories), "wa-king").pack(),
                None,
                "en",
            )
        ],
        "search": lambda rng: [(SCRIPTED, "/", {"q": rng.choice(SEARCHES)[1], "l": "en"}, "en")],
        # without script: the POST's 303 and the GET of the answer's link, one page shown
        "search, no script": lambda rng: [
            ("POST", "/", {"q": rng.choice(SEARCHES)[1], "l": "en"}, "en")
        ],
    }


@dataclass
class Run:
    pages: int
    seconds: float
    cpu_seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_seconds / self.pages

    def latency_ms(self, quantile: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


async def measure(
    server: psutil.Process,
    base: str,
    next_requests: Callable[[random.Random], list[Request]],
    *,
    people: int,
    pages_each: int,
    seed: int,
) -> Run:
    """`people` at once, each asking for `pages_each` pages one after another."""
    latencies: list[float] = []

    async def person(number: int, session: aiohttp.ClientSession) -> None:
        rng = random.Random(seed * 1000 + number)
        queue: list[Request] = []
        for _ in range(pages_each):
            if not queue:
                queue = next_requests(rng)
            method, path, form, language = queue.pop(0)
            headers = {"Accept-Language": language}
            if method == SCRIPTED:
                method, headers[IN_PLACE_HEADER] = "POST", "1"
            began = time.perf_counter()
            async with session.request(method, base + path, data=form, headers=headers) as response:
                body = await response.read()
            latencies.append(time.perf_counter() - began)
            if response.status != 200 or not body.startswith(b"<!doctype html>"):
                raise RuntimeError(f"{method} {path}: {response.status}")

    connector = aiohttp.TCPConnector(limit=people)
    async with aiohttp.ClientSession(connector=connector) as session:
        cpu_before, began = cpu_seconds(server), time.perf_counter()
        await asyncio.gather(*(person(n, session) for n in range(people)))
        seconds, cpu = time.perf_counter() - began, cpu_seconds(server) - cpu_before
    return Run(len(latencies), seconds, cpu, latencies)


def _fixed_page(rng: random.Random) -> list[Request]:
    return [("GET", "/", None, "en")]


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


@contextlib.asynccontextmanager
async def server(args: Sequence[str], port: int) -> AsyncIterator[psutil.Process]:
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WATCH_FILES": "false"}
    env["LOG_LEVEL"] = "WARNING"
    child = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL
    )
    process = psutil.Process(child.pid)
    with contextlib.suppress(AttributeError, OSError):
        process.cpu_affinity([0])
    try:
        await _wait_for(f"http://127.0.0.1:{port}/healthz")
        yield process
    finally:
        await stop(child, 10)


async def _wait_for(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the bare handler ------------------------------------------------------------------------


def serve_bare(port: int) -> None:
    """A fixed page of the web chat's size, with its headers: aiohttp and nothing else."""
    from aiohttp import web

    from bot.channels.web.app import WebOptions, security_headers

    body = ("<!doctype html>" + "x" * 8_000).encode()
    headers = security_headers(WebOptions())

    async def fixed_page(request: web.Request) -> web.Response:
        """Returns the same page to everyone."""
        return web.Response(body=body, content_type="text/html", charset="utf-8", headers=headers)

    app = web.Application()
    app.router.add_get("/", fixed_page)
    app.router.add_get("/healthz", fixed_page)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


# --- the report ------------------------------------------------------------------------------


async def run(options: argparse.Namespace) -> str:
    with contextlib.suppress(AttributeError, OSError):
        psutil.Process().cpu_affinity([1])
    load_before = os.getloadavg()[0]
    chat_port, bare_port = free_port(), free_port()
    kinds = workloads(options.seed)
    results: dict[str, list[Run]] = {name: [] for name in ("bare", *kinds)}
    async with (
        server(["-m", "bot", "web"], chat_port) as chat,
        server([str(Path(__file__)), "--serve-bare", str(bare_port)], bare_port) as bare,
    ):
        # The bare page runs just before and just after the mix in each round, and the mix is
        # compared with the two: on a shared machine the speed of a core drifts by a third
        # from one minute to the next (a round takes about one).
        order = [("bare", _fixed_page), ("mix", kinds["mix"]), ("bare", _fixed_page)]
        order += [(name, requests) for name, requests in kinds.items() if name != "mix"]
        for round_number in range(options.rounds + 1):  # round 0 warms both up
            for name, requests in order:
                process, port = (bare, bare_port) if name == "bare" else (chat, chat_port)
                measured = await measure(
                    process,
                    f"http://127.0.0.1:{port}",
                    requests,
                    people=options.people,
                    pages_each=options.requests,
                    seed=options.seed + round_number,
                )
                if round_number:
                    results[name].append(measured)
    return report(options, results, load_before, os.getloadavg()[0])


def report(
    options: argparse.Namespace, results: dict[str, list[Run]], before: float, after: float
) -> str:
    def median(name: str, figure: Callable[[Run], float]) -> float:
        return statistics.median(figure(r) for r in results[name])

    bare_cpu = median("bare", lambda r: r.cpu_ms)
    # CPU time comes in clock ticks: a tiny run (--quick) may measure none for the bare page.
    bracketing = zip(results["bare"][::2], results["bare"][1::2], strict=True)
    ratios = [
        mix.cpu_ms / max((before.cpu_ms + after.cpu_ms) / 2, 1e-9)
        for mix, (before, after) in zip(results["mix"], bracketing, strict=True)
    ]
    ratio = statistics.median(ratios)
    verdict = "meets it" if ratio <= TARGET_RATIO else "does not meet it"
    command = (
        f"python bench/bench_web.py --people {options.people} --requests {options.requests} "
        f"--rounds {options.rounds}"
    )
    lines = [
        "# Cost per page: the web chat against a bare aiohttp handler",
        "",
        f"`{command}` (CPython {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; each server pinned to CPU 0, the harness to CPU 1; load average "
        f"{before:.2f} before, {after:.2f} after).",
        "",
        f"**CPU per page: the web chat {median('mix', lambda r: r.cpu_ms):.3f} ms (realistic "
        f"mix) against {bare_cpu:.3f} ms for the bare handler: {ratio:.2f}x** (target at most "
        f"{TARGET_RATIO:g}x: {verdict}; the median of the {options.rounds} rounds' ratios, each "
        "the mix against the bare page measured just before and just after it, which "
        f"ranged {min(ratios):.2f}-{max(ratios):.2f}x).",
        "",
        f"{options.people} people at once over keep-alive connections, each waiting for every "
        f"page, {options.requests} pages a person per workload; medians of {options.rounds} "
        "rounds.",
        "",
        "| server | workload | pages/s | CPU ms/page | CPU vs bare | p50 ms | p99 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in results:
        server_name = "bare aiohttp" if name == "bare" else "web chat"
        workload = "fixed page" if name == "bare" else name
        per_second, cpu = median(name, lambda r: r.per_second), median(name, lambda r: r.cpu_ms)
        p50, p99 = (
            median(name, lambda r: r.latency_ms(0.5)),
            median(name, lambda r: r.latency_ms(0.99)),
        )
        lines.append(
            f"| {server_name} | {workload} | {per_second:.0f} | {cpu:.3f} | "
            f"{cpu / max(bare_cpu, 1e-9):.2f}x | {p50:.2f} | {p99:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--requests", type=int, default=300, help="pages a person per workload")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--quick", action="store_true", help="a tiny run, to see that it works")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.serve_bare:
        serve_bare(options.serve_bare)
        return 0
    if options.quick:
        options.people, options.requests, options.rounds = 2, 12, 1
    text = asyncio.run(run(options))
    print(text)
    options.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

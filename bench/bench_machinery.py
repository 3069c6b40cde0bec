"""What each piece of the loader's hand-made speed machinery buys, measured by turning it off.

    python bench/bench_machinery.py [--sizes 1000 10000 100000] [--variants ...]

Variants: `all` (as shipped), `no-fast-yaml` (every file read by PyYAML's CSafeLoader, as
when bot/staff_files/yaml_fast.py declines), `no-gc-pause` (the collector left on while
loading and indexing), `none` (both off). (Until the commit that removed it, a `no-sharing`
variant turned off the value sharing in bot/directory/models.py.) Each size and
variant runs in a fresh process pinned to one CPU, on the directories bench_directory.py
generates: the first load+validate, a reload (least of three), the index build, RSS growth
after load+index, reading every warning's line (what `validate` prints), and the YAML parse
alone. Times are CPU seconds of the process (time.process_time), which a busy neighbour on
the other core disturbs far less than wall-clock time.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil

from bench.bench_directory import TODAY, _generated

VARIANTS = ("all", "no-fast-yaml", "no-gc-pause", "none")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the loader with parts turned off.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "directory-bench"
    )
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # internal: one run
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1])))
        return 0
    print(
        "| resources | variant | load+validate | reload | index build | RSS growth "
        "| warning lines | YAML parse |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        directory = _generated(args.cache, size)
        for variant in args.variants:
            output = subprocess.run(  # noqa: S603 - this very script, with arguments we built
                [sys.executable, __file__, "--measure", str(directory), variant],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(output)
            print(
                f"| {size:,} | {variant} | {r['load_s']:.2f} s | {r['reload_s']:.2f} s "
                f"| {r['build_s']:.2f} s | {r['rss_mb']:.0f} MB | {r['lines_s']:.2f} s "
                f"| {r['yaml_s']:.2f} s |",
                flush=True,
            )
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end", file=sys.stderr)
    return 0


def measure(root: Path, variant: str) -> dict[str, Any]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from bot.directory import gc_pause, load, search
    from bot.directory.entries import LoadOptions
    from bot.staff_files import yaml_fast, yaml_source

    if variant in ("no-fast-yaml", "none"):
        load.parse_bytes_fast = lambda raw: None  # type: ignore[attr-defined]
    if variant in ("no-gc-pause", "none"):
        load.collector_paused = contextlib.nullcontext  # type: ignore[attr-defined,assignment]
        search.collector_paused = contextlib.nullcontext  # type: ignore[attr-defined,assignment]
    process = psutil.Process()
    gc.collect()
    rss_before = process.memory_info().rss
    started = time.process_time()
    result = load.load_directory(root, LoadOptions(today=TODAY))
    loaded = time.process_time()
    if result.directory is None:
        raise SystemExit(f"{root} does not load:\n{result.report}")
    index = search.SearchIndex.build(result.directory)
    built = time.process_time()
    gc.collect()
    rss_mb = (process.memory_info().rss - rss_before) / 1_048_576
    reloads = []
    for _ in range(3):  # the least of three: what the code costs, less what the machine adds
        again = time.process_time()
        second = load.load_directory(root, LoadOptions(today=TODAY))
        reloads.append(time.process_time() - again)
    reload_s = min(reloads)
    lines_started = time.process_time()
    shown = [str(problem) for problem in second.report.warnings]
    lines_s = time.process_time() - lines_started
    files = [path.read_bytes() for path in load.yaml_files(root)]
    yaml_started = time.process_time()
    with gc_pause.collector_paused():
        for raw in files:
            fast = None if variant in ("no-fast-yaml", "none") else yaml_fast.parse_bytes_fast(raw)
            if fast is None:
                yaml_source.parse_yaml(raw)
    yaml_s = time.process_time() - yaml_started
    del index
    return {
        "load_s": loaded - started,
        "reload_s": reload_s,
        "build_s": built - loaded,
        "rss_mb": rss_mb,
        "lines_s": lines_s,
        "warnings": len(shown),
        "yaml_s": yaml_s,
    }


if __name__ == "__main__":
    sys.exit(main())

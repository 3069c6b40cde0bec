"""`python -m bot run`, with a probe of its memory for bench/bench_burst_memory.py.

    MEMORY_PROBE_OUT=FILE python bench/memory_probe.py

Runs the bot exactly as `python -m bot run` does, and answers two signals:
- SIGUSR1: start tracing Python's allocations (tracemalloc, one frame each) from now on;
- SIGUSR2: collect garbage, then write to FILE (JSON): the RSS, and while tracing the
  memory allocated since SIGUSR1 that is still alive, the most there was at once, and the
  modules that hold the most of what is alive.
"""

from __future__ import annotations

import gc
import json
import os
import runpy
import signal
import sys
import tracemalloc
from pathlib import Path
from types import FrameType

TOP_MODULES = 12


def start_tracing(signum: int, frame: FrameType | None) -> None:
    tracemalloc.start(1)


def write_report(signum: int, frame: FrameType | None) -> None:
    gc.collect()
    report: dict[str, object] = {"rss": _rss()}
    if tracemalloc.is_tracing():
        current, peak = tracemalloc.get_traced_memory()
        by_file = tracemalloc.take_snapshot().statistics("filename")
        report |= {
            "traced": current,
            "traced_peak": peak,
            "top": [(str(s.traceback[0].filename), s.size, s.count) for s in by_file[:TOP_MODULES]],
        }
    Path(os.environ["MEMORY_PROBE_OUT"]).write_text(json.dumps(report), encoding="utf-8")


def _rss() -> int:
    with Path("/proc/self/statm").open("rb") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    signal.signal(signal.SIGUSR1, start_tracing)
    signal.signal(signal.SIGUSR2, write_report)
    sys.argv = ["bot", "run"]
    sys.path.insert(0, str(Path.cwd()))  # as `python -m bot`: the bot of the directory it runs in
    runpy.run_module("bot", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()

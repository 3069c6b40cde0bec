"""How hard the hostile-input tests search, and how long one input may take.

CI runs each property a bounded number of times (FUZZ_EXAMPLES, default 300 for the fast pure
ones, a third of that for those that go through the running bot), so the whole folder takes
seconds; `FUZZ_EXAMPLES=5000 pytest tests/fuzz` searches much longer. Every input runs under a
wall-clock bound: one that makes the code hang fails its example instead of stalling CI.
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable
from typing import TypeVar

from hypothesis import HealthCheck, settings

T = TypeVar("T")

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
SECONDS_PER_INPUT = 5.0

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # replaced by `within` (a hang fails the example; slowness alone does not)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LIVE = settings(FUZZ, max_examples=max(10, EXAMPLES // 3))
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="fuzz-input")


def within(seconds: float, call: Callable[[], T]) -> T:
    """call(), failing if it takes more than `seconds` (it may go on running meanwhile)."""
    future = _pool.submit(call)
    try:
        return future.result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        raise AssertionError(f"still running after {seconds}s: it hangs") from None

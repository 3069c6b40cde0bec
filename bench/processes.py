"""Child processes of the benchmarks: the bots under test."""

from __future__ import annotations

import asyncio
import signal


async def stop(
    child: asyncio.subprocess.Process, grace_seconds: float, *, signal_name: str = "SIGTERM"
) -> None:
    """Ask `child` to stop as an operator would (SIGTERM, or `signal_name`); kill it if it takes
    too long."""
    if child.returncode is not None:
        return
    child.send_signal(signal.Signals[signal_name])
    try:
        await asyncio.wait_for(child.wait(), grace_seconds)
    except TimeoutError:
        child.kill()
        await child.wait()

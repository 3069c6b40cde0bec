"""Where a benchmark's report goes: stdout, and its Markdown file under bench/results/."""

from __future__ import annotations

from pathlib import Path


def publish(text: str, out: Path) -> None:
    """Print `text` and write it to `out` (its folder made if need be)."""
    print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")

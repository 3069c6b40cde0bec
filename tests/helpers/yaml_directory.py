"""Resource directories written as YAML files, for tests that run the loader or the CLI.

`write_directory(tmp_path, [entry("a", ...), ...])` copies the shipped categories and regions and
writes the entries to `resources.yaml`; `entry_line` finds where an entry starts, read from the
text itself so tests do not trust the loader they are checking.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

SHIPPED = Path(__file__).resolve().parents[2] / "resources"
ENTRIES_FILE = "resources.yaml"


def entry(resource_id: str, **fields: Any) -> dict[str, Any]:
    """A valid active resource with hours and both languages, unless `fields` say otherwise.

    A field given as None is left out.
    """
    data: dict[str, Any] = {
        "id": resource_id,
        "name": f"Service {resource_id}",
        "description": {"en": f"What {resource_id} does.", "es": f"Qué hace {resource_id}."},
        "categories": ["legal"],
        "regions": ["wa-king"],
        "website": f"https://{resource_id}.example.org/",
        "hours": {"open_24_7": True},
        "last_verified": dt.date.today(),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def write_directory(root: Path, entries: Sequence[dict[str, Any]]) -> Path:
    """A resources directory under `root` with the shipped categories and regions."""
    resources = root / "resources"
    resources.mkdir(parents=True, exist_ok=True)
    for name in ("categories.yaml", "regions.yaml"):
        shutil.copy(SHIPPED / name, resources / name)
    text = yaml.safe_dump(
        {"resources": list(entries)}, sort_keys=False, allow_unicode=True, width=1000
    )
    (resources / ENTRIES_FILE).write_text(text, encoding="utf-8")
    return resources


def entry_line(path: Path, resource_id: str) -> int:
    """The line number of `- id: <resource_id>` in `path`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.strip() == f"- id: {resource_id}")


ONE_OF_EACH_FLOW = """\
settings:
  start: welcome
  on_text: welcome
  emergency: welcome
  languages: [en]
  commands: {start: welcome}
  fallback_resources: [fine, closed-line]
  emergency_words: {en: [danger]}
screens:
  welcome:
    text: welcome.body
    show: resources
    resources: [gone, ghost]
    rows: []
"""


def one_of_each_finding(root: Path, today: dt.date) -> tuple[Path, Path]:
    """A directory and flow with one of every review finding: (resources, conversations).

    Urgent: `gone` (inactive) and `closed-line` (temporarily closed) are offered by the flow,
    which also names `ghost`, an unknown id. High: `flagged` needs review. Normal: `older-entry`
    and `old-entry` are stale; `dup-b` has `dup-a`'s phone number. Low: `no-hours`, and
    `english-only` has no Spanish description.
    """

    def days_ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    resources = write_directory(
        root,
        [
            entry("fine", name="Harbor Legal Aid", last_verified=days_ago(1)),
            entry(
                "flagged",
                name="Cedar Advocacy Group",
                last_verified=days_ago(30),
                needs_review=True,
                review_note="Confirm the phone number",
                phones=[{"number": "(206) 555-0100"}],
            ),
            entry("old-entry", name="Pine Street Clinic", last_verified=days_ago(400)),
            entry("older-entry", name="Maple Workers Center", last_verified=days_ago(500)),
            entry(
                "english-only",
                name="Birch Counseling",
                description={"en": "Only English."},
                last_verified=days_ago(2),
            ),
            entry(
                "dup-a",
                name="Alder Hotline",
                phones=[{"number": "(206) 555-0199"}],
                last_verified=days_ago(3),
            ),
            entry(
                "dup-b",
                name="Willow Helpline",
                phones=[{"number": "206-555-0199"}],
                last_verified=days_ago(4),
            ),
            entry("no-hours", name="Spruce Resource Desk", hours=None, last_verified=days_ago(5)),
            # Closed: offered by the flow (urgent), but asked for nothing else.
            entry(
                "closed-line",
                name="Rowan Crisis Line",
                status="temporarily_closed",
                hours=None,
                description={"en": "Closed for now."},
                last_verified=days_ago(6),
            ),
            entry(
                "gone",
                name="Juniper House",
                status="inactive",
                hours=None,
                last_verified=days_ago(600),
            ),
        ],
    )
    conversations = root / "conversations"
    conversations.mkdir()
    (conversations / "flow.yaml").write_text(ONE_OF_EACH_FLOW, encoding="utf-8")
    return resources, conversations

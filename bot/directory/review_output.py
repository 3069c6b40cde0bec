"""How `review` and `check-links` show their findings: a terminal table, Markdown or CSV.

Text from files and servers never drives the terminal (control characters are blanked), and no
CSV cell starts like a formula a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.directory.review import Finding


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    CSV = "csv"


HEADERS = ("urgency", "resource", "where", "last verified", "what to do")
CSV_HEADERS = ("urgency", "kind", "resource", "where", "last_verified", "what_to_do")


def render(findings: Sequence[Finding], output: Format) -> str:
    """The findings as a terminal table, a Markdown table or CSV (each ends with a newline).

    No findings: "Nothing to review." in text and Markdown; CSV keeps its header row, for the
    spreadsheet or script that reads it.
    """
    if output is Format.CSV:
        return _csv(findings)
    if output is Format.MARKDOWN:
        return _markdown(findings)
    return _text(findings)


def _cells(finding: Finding) -> tuple[str, ...]:
    verified = finding.last_verified.isoformat() if finding.last_verified else ""
    cells = (finding.urgency.label, finding.entry_id, finding.where, verified, finding.action)
    return tuple(_printable(c) for c in cells)


NOTHING = "Nothing to review.\n"


def _text(findings: Sequence[Finding]) -> str:
    if not findings:
        return NOTHING
    rows = [tuple(h.upper() for h in HEADERS), *(_cells(f) for f in findings)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS) - 1)]
    lines = [
        "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]]).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def _markdown(findings: Sequence[Finding]) -> str:
    if not findings:
        return NOTHING  # pasted into an issue or a report, a bare header reads as a mistake

    def row(cells: Iterable[str]) -> str:
        return "| " + " | ".join(_markdown_cell(c) for c in cells) + " |"

    header = tuple(h.capitalize() for h in HEADERS)
    lines = [row(header), "|" + "|".join("---" for _ in header) + "|"]
    lines += [row(_cells(f)) for f in findings]
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;") if text else " "


def _csv(findings: Sequence[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    for finding in findings:
        urgency, entry_id, where, verified, action = _cells(finding)
        cells = (urgency, finding.kind, entry_id, where, verified, action)
        writer.writerow([_spreadsheet_safe(c) for c in cells])
    return out.getvalue()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """One line with no control characters: text from files or servers must not drive the
    terminal (ANSI escapes) or break a row."""
    return _CONTROL.sub(" ", text)


def _spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP's CSV injection advice)."""
    return "'" + cell if cell.startswith(("=", "+", "-", "@")) else cell

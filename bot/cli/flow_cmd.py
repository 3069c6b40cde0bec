"""`flow-diagram`: write the conversation as a Mermaid diagram to docs/flow.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.content import PROJECT_ROOT

DEFAULT_OUTPUT = PROJECT_ROOT / "docs" / "flow.md"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "flow-diagram", help="draw the conversation as a Mermaid diagram (docs/flow.md)"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="FILE")
    parser.set_defaults(handler=run_flow_diagram)


def run_flow_diagram(args: argparse.Namespace) -> int:
    """Load the shipped content and write the diagram."""
    from bot.content import load_content
    from bot.flows.diagram import mermaid

    result = load_content()
    if result.content is None:
        for problem in result.report.errors:
            print(problem, file=sys.stderr)
        return 1
    args.output.write_text(mermaid(result.content.flow), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0

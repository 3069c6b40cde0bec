"""Every resource id the conversation flow names, and where: what `review` checks against the
directory (a closed or unknown resource the flow still offers).

Read from the files themselves, not from a loaded `Flow`, so that it works on a flow the loader
refuses.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from bot.directory.review import FlowReference, FlowReferences
from bot.flows.models import FlowFile
from bot.staff_files.problems import Problem, Severity
from bot.staff_files.yaml_source import YamlDocument, YamlError, read_yaml
from bot.understanding.situations import SITUATIONS_FILE

# Where the bot offers the fallback lines, in words staff know (and the setting's name).
FALLBACK_PLACE = "the national lines added when few local ones are found (fallback_resources)"


def flow_references(conversations: Path) -> FlowReferences:
    """Every resource id in conversations/*.yaml, read from the files themselves.

    This does not check the flow (`validate` does): it must work on a flow the loader refuses,
    e.g. one that still names a resource that has since closed.
    """
    files = sorted(p for p in conversations.glob("*.yaml") if p.is_file())
    if not files:
        problem = Problem(
            Severity.ERROR, conversations, None, "no conversation files (*.yaml) found", "missing"
        )
        return FlowReferences(problems=(problem,))
    references: list[FlowReference] = []
    problems: list[Problem] = []
    for path in files:
        document = read_yaml(path)
        if isinstance(document, YamlError):
            problems.append(Problem(Severity.ERROR, path, document.line, document.message))
            continue
        if path.name == SITUATIONS_FILE:
            references += _situation_references(path, document)
            continue
        try:
            flow = FlowFile.model_validate(document.data)
        except ValidationError:
            message = "the flow cannot be read: run `python -m bot validate` to see why"
            problems.append(Problem(Severity.ERROR, path, document.line_of(()), message))
            continue
        if flow.settings is not None:
            for i, resource_id in enumerate(flow.settings.fallback_resources):
                line = document.line_of(("settings", "fallback_resources", i))
                references.append(FlowReference(resource_id, path, line, FALLBACK_PLACE))
            for category, ids in flow.settings.category_fallbacks.items():
                for i, resource_id in enumerate(ids):
                    line = document.line_of(("settings", "category_fallbacks", category, i))
                    place = (
                        f"the lines added to {category} results when few local ones are found "
                        f"(category_fallbacks: {category})"
                    )
                    references.append(FlowReference(resource_id, path, line, place))
        for name, screen in flow.screens.items():
            for i, pick in enumerate(screen.resources):
                if isinstance(pick, str):  # a {tag: ...} pick names no resource by id
                    line = document.line_of(("screens", name, "resources", i))
                    references.append(FlowReference(pick, path, line, f"the {name} screen"))
    return FlowReferences(tuple(references), tuple(problems))


def _situation_references(path: Path, document: YamlDocument) -> list[FlowReference]:
    """The resources situations.yaml names (`always`, each situation's `lines`), read as
    plainly as the file allows."""
    data = document.data if isinstance(document.data, dict) else {}
    found = []
    always = data.get("always")
    for i, resource_id in enumerate(always if isinstance(always, list) else []):
        if isinstance(resource_id, str):
            line = document.line_of(("always", i))
            found.append(FlowReference(resource_id, path, line, "situations: always"))
    situations = data.get("situations")
    for n, situation in enumerate(situations if isinstance(situations, list) else []):
        lines = situation.get("lines") if isinstance(situation, dict) else None
        for i, resource_id in enumerate(lines if isinstance(lines, list) else []):
            if isinstance(resource_id, str):
                line = document.line_of(("situations", n, "lines", i))
                what = f"situation {situation.get('id')!r}"
                found.append(FlowReference(resource_id, path, line, what))
    return found

"""A Mermaid diagram of the conversation, drawn from the flow itself (never by hand)."""

from __future__ import annotations

from bot.flows.flow import Flow
from bot.flows.models import EachRow, Effect

HEADER = (
    "# Conversation flow\n\n"
    "Generated from `conversations/` by `python -m bot flow-diagram`; do not edit by hand.\n"
    "Rounded boxes are ways in; each arrow is a button (English labels).\n\n"
)


def mermaid(flow: Flow) -> str:
    """The flow as a Mermaid flowchart, in a Markdown document."""
    english = flow.settings.default_language
    texts = flow.translations
    lines = ["```mermaid", "flowchart TD"]
    settings = flow.settings
    entries = [
        ("start_in", "/start or a deep link", settings.start),
        ("text_in", "typed text", settings.on_text),
        ("words_in", "emergency words", settings.emergency),
    ]
    for node, label, target in entries:
        lines.append(f'    {node}(["{label}"]) --> {target}')
    for name, screen in flow.screens.items():
        title = texts.text(english, screen.title) if screen.title else ""
        label = f"{name}<br/>{_clean(title)}" if title else name
        # Double brackets mark screens with side effects (Erase).
        shape = f'[["{label}"]]' if Effect.ERASE in screen.effects else f'["{label}"]'
        lines.append(f"    {name}{shape}")
    for name, screen in flow.screens.items():
        seen: set[tuple[str, str]] = set()
        if screen.when_region_known:
            lines.append(f"    {name} -.->|place already known| {screen.when_region_known}")
        for row in screen.rows:
            if isinstance(row, EachRow):
                edge = (f"each {row.each}", row.goto or name)
            else:
                for button_id in row:
                    button = flow.buttons[button_id]
                    edge = (_clean(texts.text(english, button.label)), button.goto)
                    if edge not in seen:
                        seen.add(edge)
                        lines.append(f'    {name} -->|"{edge[0]}"| {edge[1]}')
                continue
            if edge not in seen:
                seen.add(edge)
                lines.append(f'    {name} -->|"{edge[0]}"| {edge[1]}')
    lines.append("```")
    return HEADER + "\n".join(lines) + "\n"


def _clean(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")

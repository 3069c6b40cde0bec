"""The Mermaid diagram in docs/flow.md is drawn from the flow and kept current."""

from __future__ import annotations

from bot.content import PROJECT_ROOT, Content
from bot.flows.diagram import mermaid


def test_the_committed_diagram_is_current(content: Content) -> None:
    committed = (PROJECT_ROOT / "docs" / "flow.md").read_text(encoding="utf-8")
    assert committed == mermaid(content.flow), (
        "docs/flow.md is out of date: run `python -m bot flow-diagram` and commit it"
    )


def test_the_diagram_has_every_screen_and_button_target(content: Content) -> None:
    diagram = mermaid(content.flow)
    for name in content.flow.screens:
        assert f"    {name}[" in diagram
    assert 'welcome -->|"🆘 Emergency"| emergency' in diagram
    assert "choose_region -.->|place already known| results" in diagram

"""Reading a web chat page as the tests need it: its heading, links and text, parsed properly."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Link:
    text: str
    href: str
    attributes: dict[str, str]


@dataclass
class Page:
    """What a page shows: `text` is all its visible text, `links` every link in order."""

    language: str = ""
    title: str = ""
    headings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    text: str = ""
    scripts: list[str] = field(default_factory=list)

    def link(self, text: str) -> Link:
        """The link whose text is `text` (exactly), failing with what there is."""
        for link in self.links:
            if link.text == text:
                return link
        raise AssertionError(f"no link {text!r}; links: {[x.text for x in self.links]}")

    def hrefs(self, scheme: str) -> list[str]:
        return [link.href for link in self.links if link.href.startswith(scheme)]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: list[str] = []
        self._link: Link | None = None
        self._heading: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.page.language = values.get("lang", "")
        if tag == "a":
            self._link = Link("", values.get("href", ""), values)
        if tag in ("h1", "h2"):
            self._heading = []
        if tag not in ("meta", "link", "input", "br"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.page.links.append(self._link)
            self._link = None
        if tag in ("h1", "h2") and self._heading is not None:
            self.page.headings.append("".join(self._heading))
            self._heading = None
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        inside = self._open[-1] if self._open else ""
        if inside == "title":
            self.page.title += data
        elif inside == "script":
            self.page.scripts.append(data)
        elif inside != "style":
            self._text.append(data)
            if self._link is not None:
                self._link.text += data
            if self._heading is not None:
                self._heading.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join("".join(self._text).split())


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page

"""The extracted article: what `sinmun read --json` prints and what the database caches.

Every string here is plain, cleaned text (no markup, no control characters): renderers put it in
`rich.text.Text` objects, so markup-looking text such as "[bold]" stays literal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Byline:
    name: str  # several authors joined by "·"
    role: str | None = None  # 기자, 특파원, Staff Writer …
    email: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "role": self.role, "email": self.email}


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"text": self.text, "speaker": self.speaker}


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    alt: str = ""
    caption: str = ""  # its caption, credit included ("… /사진=연합뉴스")
    width: int | None = None  # from the page's width/height attributes, in pixels
    height: int | None = None
    # How many of the article's paragraphs come before it (0: above the story, the lead
    # picture); None: not known (drawn after the story).
    after_paragraph: int | None = None

    def to_json(self) -> dict[str, str | int | None]:
        return {
            "src": self.src,
            "alt": self.alt,
            "caption": self.caption or None,
            "width": self.width,
            "height": self.height,
            "after_paragraph": self.after_paragraph,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Image:
        """Inverse of `to_json`; entries cached before captions and sizes load as well."""
        return cls(
            str(data["src"]),
            str(data.get("alt") or ""),
            str(data.get("caption") or ""),
            _count(data.get("width")),
            _count(data.get("height")),
            _count(data.get("after_paragraph"), low=0),
        )


def _count(value: object, low: int = 1) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= 1_000_000:
        return value
    return None


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str

    def to_json(self) -> dict[str, str]:
        return {"text": self.text, "href": self.href}


@dataclass(slots=True)
class ExtractedArticle:
    url: str | None
    title: str
    outlet: str | None = None
    deck: list[str] = field(default_factory=list)
    byline: Byline | None = None
    published: datetime | None = None  # aware
    paragraphs: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The `sinmun read --json` object (also the cache format)."""
        return {
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "deck": list(self.deck),
            "byline": self.byline.to_json() if self.byline else None,
            "published": self.published.isoformat() if self.published else None,
            "paragraphs": list(self.paragraphs),
            "quotes": [q.to_json() for q in self.quotes],
            "images": [i.to_json() for i in self.images],
            "links": [link.to_json() for link in self.links],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExtractedArticle:
        """Inverse of `to_json` (the cached form); raises ValueError on a malformed object."""
        try:
            b = data.get("byline")
            published = data.get("published")
            return cls(
                url=data.get("url"),
                title=str(data.get("title") or ""),
                outlet=data.get("outlet"),
                deck=[str(d) for d in data.get("deck") or ()],
                byline=Byline(str(b["name"]), b.get("role"), b.get("email")) if b else None,
                published=datetime.fromisoformat(published) if published else None,
                paragraphs=[str(p) for p in data.get("paragraphs") or ()],
                quotes=[Quote(str(q["text"]), q.get("speaker")) for q in data.get("quotes") or ()],
                images=[Image.from_json(i) for i in data.get("images") or ()],
                links=[Link(str(x["text"]), str(x["href"])) for x in data.get("links") or ()],
            )
        except (AttributeError, KeyError, TypeError) as exc:
            raise ValueError(f"not an extracted article: {exc}") from None

    def text(self) -> str:
        """Plain text for search and storage: headline, deck and paragraphs."""
        return "\n\n".join([self.title, *self.deck, *self.paragraphs]).strip()

"""What a page's data says about its story, beside the text (embedded.py): headline, deck,
authors and date, read from the objects above the story (Arc's ``headlines.basic``,
``credits.by``, ``display_date``; Next.js and JSON-LD names)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.core.text import clean_text, html_to_text

from .boilerplate import is_boilerplate
from .text_key import text_key

if TYPE_CHECKING:
    from .embedded import EmbeddedStory


def titled(owner: dict[str, Any], headline: str) -> bool:
    for key in ("headline", "title", "headlines", "name"):
        value = owner.get(key)
        if isinstance(value, dict):
            value = value.get("basic")
        t = text_key(value) if isinstance(value, str) else ""
        if len(t) >= 4 and (t in headline or headline in t):
            return True
    return False


def describe(story: EmbeddedStory, owners: list[dict[str, Any]]) -> None:
    """Headline, deck, authors and date from the dicts above the story, nearest first."""
    for owner in owners[:4]:
        if story.headline is None:
            story.headline = _first_text(owner, ("headline", "headlines", "title"))
        if not story.deck:
            deck = _first_text(owner, _DECK_KEYS)
            if deck:  # data decks carry prompts and credits too
                story.deck = [d for d in deck.split("\n") if d and not is_boilerplate(d)]
        if not story.authors:
            story.authors = _authors(owner)
        if story.published is None:
            story.published = _first_text(owner, _DATE_KEYS)


_DECK_KEYS = (
    "subheadlines", "subTitle", "subtitle", "subheadline", "standfirst", "dek", "deck",
    "alternativeHeadline",
)  # fmt: skip
_DATE_KEYS = (
    "display_date", "first_publish_date", "display_time", "datePublished", "publishedAt",
    "published_at", "publishDate", "pubDate", "firstPublished", "deployDt", "firstDeployDt",
)  # fmt: skip


def _first_text(owner: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = owner.get(key)
        if isinstance(value, dict):
            value = value.get("basic")
        if isinstance(value, str) and value.strip() and len(value) <= 1000:
            text = html_to_text(value) if "<" in value else clean_text(value)
            if text:
                return text
    return None


def _authors(owner: dict[str, Any]) -> list[str]:
    credits = owner.get("credits")
    people: Any = credits.get("by") if isinstance(credits, dict) else None
    if people is None:
        people = owner.get("author") or owner.get("authors")
    items = people if isinstance(people, list) else [people]
    names: list[str] = []
    for person in items[:20]:
        name = person.get("name") if isinstance(person, dict) else person
        name = clean_text(name) if isinstance(name, str) else ""
        if name and len(name) <= 80 and name not in names and "http" not in name:
            names.append(name)
    return names

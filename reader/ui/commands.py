"""Command palette: the screen's actions by name, and "Go to feed: …" for every feed."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from reader.core.keymap import DEFAULT_KEYS

# Movement keys make no sense from a palette; everything else is offered.
PALETTE_ACTIONS = [
    action
    for action in DEFAULT_KEYS
    if action not in {"cursor_down", "cursor_up", "open", "top", "bottom", "clear"}
]


def highlight(matcher: Matcher, name: str) -> Content:
    """Matcher.highlight reads its argument as markup; feed titles are data, so not that."""
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content


class SinmunCommands(Provider):
    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from reader.ui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        found: list[tuple[str, Callable[[], object], str]] = []
        for action in PALETTE_ACTIONS:
            found.append(
                (DEFAULT_KEYS[action][1], partial(screen.run_action, action), f"key: {action}")
            )
        found.append(("Go to feed: All", partial(screen.go_to_feed, None), "all articles"))
        for feed in screen.lists.feeds:
            found.append(
                (f"Go to feed: {feed.title}", partial(screen.go_to_feed, feed.id), feed.url)
            )
        return found

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, name), callback, text=name, help=escape(help_text)
                )

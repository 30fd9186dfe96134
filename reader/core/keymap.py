"""The app's actions and their default keys; `[keys]` in the config remaps them.

It lives in the core so the config can be validated without loading the UI.
"""

from __future__ import annotations

# action -> (default keys, comma-separated as Textual takes them; description for help)
DEFAULT_KEYS: dict[str, tuple[str, str]] = {
    "cursor_down": ("j,down", "Move down"),
    "cursor_up": ("k,up", "Move up"),
    "open": ("enter", "Open"),
    "next_article": ("n", "Next article"),
    "previous_article": ("p", "Previous article"),
    "next_unread": ("N", "Next unread article"),
    "previous_unread": ("P", "Previous unread article"),
    "page_down": ("space", "Page the article down"),
    "page_up": ("b", "Page the article up"),
    "next_pane": ("tab", "Next pane"),
    "previous_pane": ("shift+tab", "Previous pane"),
    "top": ("g", "Go to top"),
    "bottom": ("G", "Go to bottom"),
    "search": ("slash", "Search"),
    "region": ("f", "Filter by region"),
    "clear": ("escape", "Back / clear"),
    "refresh": ("r", "Refresh feeds"),
    "toggle_star": ("s", "Star / unstar"),
    "toggle_read": ("m", "Mark read / unread"),
    "mark_all_read": ("A", "Mark all in view read"),
    "toggle_full_text": ("t", "Full text / the feed's summary"),
    "toggle_images": ("i", "Show / hide the article's pictures"),
    "open_browser": ("o", "Open in browser"),
    "copy_link": ("y", "Copy link"),
    "feed_error": ("e", "Show the feed's last error"),
    "help": ("question_mark", "Help"),
    "quit": ("q", "Close the article / quit"),
}


def resolve_keys(overrides: dict[str, str]) -> dict[str, str]:
    """Action -> key string, with the user's overrides applied."""
    keys = {action: default for action, (default, _) in DEFAULT_KEYS.items()}
    keys.update(overrides)
    return keys

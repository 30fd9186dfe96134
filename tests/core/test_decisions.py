from datetime import UTC, datetime

from reader.core.decisions import FetchOutcome, body_digest, classify_fetch, moved_url
from reader.core.models import Feed, FetchResult

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def feed(**kw) -> Feed:
    return Feed(id=1, url="http://a.example/rss", title="A", **kw)


def test_304_is_not_modified_without_parsing():
    result = FetchResult("http://a.example/rss", 304, not_modified=True)
    assert classify_fetch(feed(), result, None) is FetchOutcome.NOT_MODIFIED


def test_same_body_as_last_successful_parse_is_unchanged():
    body = b"<rss/>"
    known = feed(body_hash=body_digest(body), last_success=NOW)
    result = FetchResult("http://a.example/rss", 200, body=body)
    assert classify_fetch(known, result, body_digest(body)) is FetchOutcome.UNCHANGED


def test_new_body_or_never_parsed_feed_is_parsed():
    body = b"<rss/>"
    result = FetchResult("http://a.example/rss", 200, body=body)
    changed = feed(body_hash=body_digest(b"<rss></rss>"), last_success=NOW)
    assert classify_fetch(changed, result, body_digest(body)) is FetchOutcome.PARSE
    # a hash without a success (e.g. the store failed) must not skip the parse
    never = feed(body_hash=body_digest(body))
    assert classify_fetch(never, result, body_digest(body)) is FetchOutcome.PARSE


def test_moved_url_only_for_a_different_permanent_target():
    f = feed()
    assert moved_url(f, FetchResult(f.url, 200)) is None
    assert moved_url(f, FetchResult(f.url, 200, permanent_redirect=f.url)) is None
    moved = FetchResult("https://b.example/rss", 200, permanent_redirect="https://b.example/rss")
    assert moved_url(f, moved) == "https://b.example/rss"

"""The offline newsroom over real HTTP: feeds, pages, validators, codings, weather, faults."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser
import httpx
import pytest

from reader.newsroom import Newsroom
from reader.newsroom.content import ARTICLES, OUTLETS, find_article


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


def _entries(body: bytes, ctype: str) -> tuple[str, list[str]]:
    if "json" in ctype:
        doc = json.loads(body)
        return doc["title"], [i["title"] for i in doc["items"]]
    parsed = feedparser.parse(body, response_headers={"content-type": ctype})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed.feed.title, [e.title for e in parsed.entries]


def test_every_good_feed_parses_and_the_total_is_large(newsroom: Newsroom, client) -> None:
    specs = newsroom.feed_specs()
    assert len(specs) >= 8
    total = 0
    for spec in specs:
        r = client.get(spec.url)
        assert r.status_code == 200, spec.url
        title, titles = _entries(r.content, r.headers["content-type"])
        assert title and titles and all(titles)
        total += len(titles)
    assert total >= 80
    assert total >= len(ARTICLES)  # others may have published extra entries


def test_synthetic_feeds_are_distinct(newsroom: Newsroom, client) -> None:
    one = feedparser.parse(client.get(newsroom.url("/feeds/synthetic/1.xml?items=5")).content)
    two = feedparser.parse(client.get(newsroom.url("/feeds/synthetic/2.xml")).content)
    assert len(one.entries) == 5 and len(two.entries) == 20
    assert not {e.id for e in one.entries} & {e.id for e in two.entries}


def test_feed_formats_cover_rss_rdf_atom_json(newsroom: Newsroom, client) -> None:
    formats = {o.feed_format for o in OUTLETS.values()}
    assert formats == {"rss2", "rss1", "atom", "json"}
    r = client.get(newsroom.url("/feeds/hangang/rdf.xml"))
    assert feedparser.parse(r.content).version == "rss10"
    r = client.get(newsroom.url("/feeds/dongbaek/atom.xml"))
    assert feedparser.parse(r.content).version == "atom10"
    doc = client.get(newsroom.url("/feeds/dalgubeol/feed.json")).json()
    assert doc["version"] == "https://jsonfeed.org/version/1.1"


def test_euc_kr_feed_bytes_and_page(newsroom: Newsroom, client) -> None:
    r = client.get(newsroom.url("/feeds/mudeung/rss.xml"))
    assert r.headers["content-type"].endswith("charset=EUC-KR")
    assert r.content.startswith(b'<?xml version="1.0" encoding="EUC-KR"?>')
    assert "무등일보 지역뉴스".encode("euc-kr") in r.content
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    assert "<title>무등일보 지역뉴스</title>" in r.content.decode("cp949")
    parsed = feedparser.parse(
        r.content, response_headers={"content-type": r.headers["content-type"]}
    )
    assert parsed.feed.title == "무등일보 지역뉴스"
    art = find_article("mudeung", "suneung-gwangju")
    assert art is not None
    page = client.get(newsroom.url(art.path))
    assert b'<meta charset="euc-kr">' in page.content
    assert art.paragraphs[0] in page.content.decode("cp949")


def test_every_article_page_is_served_with_its_text(newsroom: Newsroom, client) -> None:
    for art in ARTICLES:
        r = client.get(newsroom.url(art.path))
        assert r.status_code == 200, art.path
        text = r.content.decode(OUTLETS[art.feed].encoding)
        assert art.paragraphs[-1] in text.replace("&quot;", '"')
    seed_like = find_article("bitgoeul", "ai-hub-gwangju")
    assert seed_like is not None
    html = client.get(newsroom.url(seed_like.path)).text
    for boilerplate in ("기상청 제공", "많이 본 기사", "포토뉴스", "무단전재 및 재배포 금지"):
        assert boilerplate in html
    assert f'<h1 class="headline">(빛고을일보) {seed_like.headline}</h1>' in html
    assert 'property="article:published_time" content="2026-11-' in html


def test_content_hard_cases() -> None:
    basket = find_article("bitgoeul", "basket-craft")
    assert basket is not None and "광주" not in basket.regions
    assert "광주리" in basket.paragraphs[0]
    assert any("경기 광주" in a.regions for a in ARTICLES)
    wire = next(a for a in ARTICLES if a.feed == "nuri")
    assert wire.dateline and wire.dateline.endswith("기자 =")
    quoted = [a for a in ARTICLES if a.quotes]
    assert len(quoted) >= 70
    for a in quoted:
        for q in a.quotes:
            assert any(q.text in p for p in a.paragraphs)
    assert all(a.published.year == 2026 and a.published.month == 11 for a in ARTICLES)


def test_conditional_get_and_request_log(newsroom: Newsroom, client) -> None:
    url = newsroom.url("/feeds/bitgoeul/rss.xml")
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    sent = [r.headers.get("if-none-match") for r in newsroom.requests_to(url)]
    assert etag in sent


def test_publish_changes_the_feed_and_its_etag(client) -> None:
    with Newsroom() as nr:
        url = nr.url("/feeds/bitgoeul/rss.xml")
        before = client.get(url)
        art = nr.publish("bitgoeul", "광주 첫눈… 출근길 빙판 주의", regions=("광주",))
        after = client.get(url, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.headers["etag"] != before.headers["etag"]
        titles = [e.title for e in feedparser.parse(after.content).entries]
        assert titles[0] == "광주 첫눈… 출근길 빙판 주의" and len(titles) == 10
        assert client.get(nr.url(art.path)).status_code == 200


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_content_codings(newsroom: Newsroom, client, coding: str) -> None:
    url = newsroom.url("/feeds/dongbaek/atom.xml")
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    r = client.get(url, headers={"Accept-Encoding": coding})
    assert r.headers["content-encoding"] == coding
    assert int(r.headers["content-length"]) < len(plain.content) / 2
    assert r.content == plain.content  # httpx decoded it


def test_head(newsroom: Newsroom, client) -> None:
    r = client.head(newsroom.url("/feeds/ledger/rss.xml"), headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200 and r.content == b"" and int(r.headers["content-length"]) > 1000
    big = client.head(newsroom.url("/faults/big"))
    assert big.headers["content-length"] == str(50 * 1024 * 1024)


def test_open_meteo_shapes(newsroom: Newsroom, client) -> None:
    url = newsroom.url("/v1/forecast")
    params = {
        "latitude": "35.17,37.57,35.10",
        "longitude": "126.89,126.97,129.03",
        "current": "temperature_2m,weather_code",
        "timezone": "Asia/Seoul",
    }
    many = client.get(url, params=params).json()
    assert isinstance(many, list) and len(many) == 3
    assert [m["latitude"] for m in many] == [35.17, 37.57, 35.10]
    cur = many[0]["current"]
    assert set(cur) == {"time", "interval", "temperature_2m", "weather_code"}
    assert many[0]["current_units"]["temperature_2m"] == "°C" and cur["interval"] == 900
    one = client.get(url, params={**params, "latitude": "35.17", "longitude": "126.89"}).json()
    assert isinstance(one, dict) and one["current"]["temperature_2m"] == cur["temperature_2m"]
    bad = client.get(url, params={"latitude": "95", "longitude": "1", "current": "temperature_2m"})
    assert bad.status_code == 400 and bad.json()["error"] is True and bad.json()["reason"]


def test_kma_hub_text_and_data_go_kr(newsroom: Newsroom, client) -> None:
    newsroom.weather_time = datetime(2026, 11, 27, 5, 10, tzinfo=UTC)
    try:
        r = client.get(
            newsroom.url("/api/typ01/url/kma_sfctm2.php"),
            params={"tm": "202611271400", "stn": "156", "help": "0", "authKey": "demo-key"},
        )
        lines = r.content.decode("euc-kr").splitlines()
        assert lines[0] == "#START7777" and lines[-1] == "#7777END"
        head = lines[1].split()
        row = [ln for ln in lines if not ln.startswith("#")]
        assert len(row) == 1
        cols = row[0].split()
        assert cols[0] == "202611271400" and cols[1] == "156"
        assert head[1:].index("TA") == 11 and -30 < float(cols[11]) < 30
        base = "/1360000/VilageFcstInfoService_2.0/"
        q = {
            "serviceKey": "demo-key",
            "pageNo": "1",
            "numOfRows": "10",
            "dataType": "JSON",
            "base_date": "20261127",
            "base_time": "1400",
            "nx": "58",
            "ny": "74",
        }
        doc = client.get(newsroom.url(base + "getUltraSrtNcst"), params=q).json()["response"]
        assert doc["header"] == {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"}
        items = doc["body"]["items"]["item"]
        assert {i["category"] for i in items} >= {"T1H", "PTY", "REH", "RN1"}
        assert doc["body"]["totalCount"] == 8 and isinstance(items[0]["obsrValue"], str)
        fc = client.get(
            newsroom.url(base + "getUltraSrtFcst"),
            params={**q, "base_time": "1330", "numOfRows": "60"},
        ).json()
        cats = {i["category"] for i in fc["response"]["body"]["items"]["item"]}
        assert {"SKY", "PTY", "T1H"} <= cats
        wrong = client.get(newsroom.url(base + "getUltraSrtNcst"), params={**q, "serviceKey": "x"})
        assert wrong.status_code == 200 and b"SERVICE_KEY_IS_NOT_REGISTERED_ERROR" in wrong.content
        old = client.get(
            newsroom.url(base + "getUltraSrtNcst"), params={**q, "base_date": "20200101"}
        )
        assert old.json()["response"]["header"]["resultCode"] == "03"
    finally:
        newsroom.weather_time = None


def test_weather_failure_switch(client) -> None:
    with Newsroom() as nr:
        url = nr.url("/v1/forecast?latitude=35.17&longitude=126.89&current=temperature_2m")
        assert client.get(url).status_code == 200
        client.post(nr.url("/_control/weather?fail=1&status=429"))
        r = client.get(url)
        assert r.status_code == 429 and r.json()["error"] is True
        nr.weather_failing = False
        assert client.get(url).status_code == 200


def test_faults(newsroom: Newsroom, client) -> None:
    u = newsroom.url
    with pytest.raises(httpx.ReadTimeout):
        client.get(u("/faults/hang"), timeout=0.5)
    with pytest.raises(httpx.ReadTimeout):
        client.get(u("/faults/drip"), timeout=httpx.Timeout(2.0, read=0.3))
    r = client.get(u("/faults/503"))
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
    flaky = u("/faults/flaky?fail=2&id=test-faults")
    assert [client.get(flaky).status_code for _ in range(3)] == [503, 503, 200]
    assert client.get(u("/faults/redirect-ftp")).headers["location"].startswith("ftp://")
    moved = client.get(u("/faults/moved"))
    assert moved.status_code == 301 and moved.headers["location"].endswith(
        "/feeds/bitgoeul/rss.xml"
    )
    reset_errors = (httpx.RemoteProtocolError, httpx.ReadError)
    with pytest.raises(reset_errors), httpx.Client(timeout=2.0) as fresh:
        fresh.get(u("/faults/reset"))
    with pytest.raises(httpx.RemoteProtocolError), httpx.Client(timeout=2.0) as fresh:
        fresh.get(u("/faults/wrong-length"))
    with client.stream("GET", u("/faults/gzip-bomb"), headers={"Accept-Encoding": "gzip"}) as s:
        assert (
            s.headers["content-encoding"] == "gzip" and int(s.headers["content-length"]) < 1_000_000
        )
    bozo = feedparser.parse(client.get(u("/faults/bozo.xml")).content)
    assert bozo.bozo and len(bozo.entries) == 2
    for bad in ("/faults/malformed.xml", "/faults/html", "/feeds/broken.xml"):
        parsed = feedparser.parse(client.get(u(bad)).content)
        assert parsed.bozo and not parsed.entries and not parsed.feed.get("title")
    assert newsroom.broken_feed_urls() == [u("/feeds/broken.xml")]


def test_stop_is_prompt_with_a_hang_in_flight() -> None:
    nr = Newsroom().start()
    errors: list[BaseException] = []

    def hang() -> None:
        try:
            httpx.get(nr.url("/faults/hang"), timeout=10)
        except httpx.HTTPError as exc:
            errors.append(exc)

    t = threading.Thread(target=hang, daemon=True)
    t.start()
    deadline = time.monotonic() + 3
    while not nr.requests_to("/faults/hang") and time.monotonic() < deadline:
        time.sleep(0.01)
    assert nr.requests_to("/faults/hang")
    started = time.monotonic()
    nr.stop()
    assert time.monotonic() - started < 2
    t.join(3)
    assert not t.is_alive() and errors  # the client saw the connection end, not a response

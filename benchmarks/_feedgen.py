"""Generated feeds for the refresh benchmark: RSS 2.0 with mixed Korean/English HTML items.

Deterministic for a given (feed index, seed), so every run of the benchmark serves the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

_PLACES = "광주 서울 부산 대구 전주 순천 제주 강릉 청주 울산 Gwangju".split()  # noqa: SIM905
_SUBJECTS = [
    "{p}시는",
    "{p}시교육청은",
    "정부는",
    "시민단체 관계자들은",
    "지역 상공회의소는",
    "{p} 지역 대학들은",
    "국회 예산결산특별위원회는",
    "환경부와 {p}시는",
]
_OBJECTS = [
    "인공지능 집적단지 조성 사업을",
    "내년도 예산안을",
    "도시철도 2호선 개통 일정을",
    "청년 일자리 지원 방안을",
    "폭염 대비 종합 대책을",
    "전통시장 활성화 계획을",
    "데이터센터 유치 전략을",
    "탄소중립 실천 과제를",
]
_VERBS = [
    "발표했다",
    "추진하기로 했다",
    "재검토하겠다고 밝혔다",
    "확정했다",
    "논의했다",
    "공개했다",
    "점검했다",
]
_QUOTES = [
    "지역 경제에 새로운 활력을 불어넣는 계기가 될 것",
    "시민들의 목소리를 끝까지 듣겠다",
    "속도보다 방향이 중요하다",
    "예산이 제때 집행되도록 최선을 다하겠다",
]
_SPEAKERS = ["이용섭 시장", "김영록 지사", "박진표 위원장", "한 관계자", "최은정 교수"]
_ENGLISH = [
    "The city expects the AI cluster to attract more than 300 startups by 2030.",
    "Officials said the budget would be reviewed again in the spring session.",
    "Local businesses welcomed the plan but asked for clearer timelines.",
    "Critics argue the project lacks an independent environmental assessment.",
    "Ridership on the new line is forecast to reach 120,000 passengers a day.",
]


def _topic(word: str) -> str:
    """``word`` with the topic particle 은/는 chosen by its last syllable's final consonant."""
    last = ord(word[-1]) - 0xAC00
    return word + ("은" if 0 <= last < 11172 and last % 28 else "는")


def _make_vocabulary(size: int = 20_000) -> tuple[list[str], list[float]]:
    """Made-up 2–3 syllable Hangul words with Zipf weights: text then has a realistic number of
    distinct words (for full-text indexes) and compresses like real prose (~5×)."""
    rng = random.Random(12345)
    words = [
        "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(rng.randint(2, 3)))
        for _ in range(size)
    ]
    cum, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1 / rank
        cum.append(total)
    return words, cum


_VOCAB, _VOCAB_CUM = _make_vocabulary()


def _noun(rng: random.Random) -> str:
    return rng.choices(_VOCAB, cum_weights=_VOCAB_CUM)[0]


def _sentence(rng: random.Random, place: str) -> str:
    roll = rng.random()
    if roll < 0.15:
        return escape(rng.choice(_ENGLISH)) + f" ({rng.randint(1, 9999)} won, {_noun(rng)})"
    if roll < 0.35:
        speaker, quote = rng.choice(_SPEAKERS), rng.choice(_QUOTES)
        return (
            f"{_topic(speaker)} “{quote}”이라면서 <strong>{place}</strong>의 "
            f"{_noun(rng)} {_noun(rng)} 협력을 강조했다."
        )
    subject = rng.choice(_SUBJECTS).format(p=place)
    return (
        f"{subject} {rng.randint(2, 28)}일 {_noun(rng)}{rng.choice('에서로과')} "
        f"{_noun(rng)} {rng.choice(_OBJECTS)} {rng.choice(_VERBS)}."
    )


def _article_html(rng: random.Random, place: str, link: str, target_bytes: int) -> str:
    """HTML of about ``target_bytes`` UTF-8 bytes: paragraphs, a link, sometimes an image."""
    parts = [f'<p><img src="{link}.jpg" alt="{place}"></p>'] if rng.random() < 0.3 else []
    size = sum(len(p.encode()) for p in parts)
    while size < target_bytes:
        para = " ".join(_sentence(rng, place) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.2:
            para += f' <a href="{link}#more">자세히 보기 (more)</a>'
        chunk = f"<p>{para}</p>"
        parts.append(chunk)
        size += len(chunk.encode())
    return "\n".join(parts)


@dataclass
class Doc:
    body: bytes
    gzipped: bytes
    etag: str
    last_modified: datetime
    content_type: str = "application/rss+xml; charset=utf-8"


def make_feed(index: int, items: int, base: str, item_bytes: int, seed: int) -> tuple[str, Doc]:
    """One RSS 2.0 feed; deterministic for (index, seed). Half use CDATA, half escaped HTML."""
    rng = random.Random(seed * 1_000_003 + index)
    place = _PLACES[index % len(_PLACES)]
    newest = datetime(2026, 11, 20, 0, 0, tzinfo=UTC) - timedelta(minutes=7 * index)
    path = f"/feeds/{index:04d}.xml"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{place} 벤치일보 {index:03d} (Bench Daily)</title>",
        f"<link>{base}/</link>",
        f"<description>{place} 지역 소식 · regional news #{index}</description>",
        "<language>ko</language>",
        f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>",
    ]
    for j in range(items):
        link = f"{base}/articles/{index:04d}/{j:03d}.html"
        published = newest - timedelta(minutes=37 * j + rng.randint(0, 20))
        html = _article_html(rng, place, link, item_bytes)
        body = f"<![CDATA[{html}]]>" if index % 2 == 0 else escape(html)
        title = f"({place}일보) {rng.choice(_OBJECTS).removesuffix('을').removesuffix('를')} {j}"
        out += [
            "<item>",
            f"<title>{escape(title)}</title>",
            f"<link>{link}</link>",
            f'<guid isPermaLink="false">bench-{seed}-{index:04d}-{j:03d}</guid>',
            f"<pubDate>{format_datetime(published)}</pubDate>",
            f"<dc:creator>{rng.choice(_SPEAKERS).split()[0]} 기자</dc:creator>",
            f"<description>{body}</description>",
            "</item>",
        ]
    out += ["</channel>", "</rss>", ""]
    data = "\n".join(out).encode()
    etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
    return path, Doc(data, gzip.compress(data, 6, mtime=0), etag, newest)

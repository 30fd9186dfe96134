"""A realistic Sinmun database of N articles for the scale benchmarks.

    python benchmarks/make_db.py [N] [--feeds F] [--out PATH] [--seed S]

Builds N articles (default 100,000) spread over F feeds (default 200; about 70 % Korean) through
the public Storage API, one large `apply_feed` per feed as a first refresh would. Articles carry
~1–2 KB of HTML with region mentions in the forms the region filter must handle (광주, 광주시는,
광주의, 광주광역시, Gwangju, Gwangju's …) plus the hard cases (광주리 "basket", 경기 광주 the other
Gwangju), dates spread over six months, about 60 % read (older ones more often) and 1 % starred.
Deterministic for a given (N, F, seed). Prints the path, size and time taken.

Feed URLs point at a closed local port (http://127.0.0.1:9/…) so a stray refresh fails at once
and never reaches the network; `feed_urls(F)` gives them for a matching config.
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.models import ArticleQuery, FeedSpec, ParsedEntry, ParsedFeed
from reader.core.storage import Storage

NEWEST = datetime(2026, 11, 24, 11, 2, tzinfo=UTC)  # the newest article's time
SPAN_DAYS = 180
DEFAULT_FEEDS = 200

# (name, weight, metropolitan?) — 광주 is the reader's home region, so it is common.
_KO_PLACES = [
    ("광주", 12, True), ("서울", 20, True), ("부산", 10, True), ("대구", 6, True),
    ("인천", 6, True), ("대전", 5, True), ("울산", 4, True), ("전주", 4, False),
    ("순천", 3, False), ("제주", 4, False), ("강릉", 3, False), ("청주", 3, False),
    ("창원", 3, False), ("수원", 3, False), ("포항", 2, False), ("원주", 2, False),
]  # fmt: skip
_EN_PLACES = {"광주": "Gwangju", "서울": "Seoul", "부산": "Busan", "대구": "Daegu",
              "인천": "Incheon", "대전": "Daejeon", "울산": "Ulsan", "전주": "Jeonju",
              "순천": "Suncheon", "제주": "Jeju", "강릉": "Gangneung", "청주": "Cheongju",
              "창원": "Changwon", "수원": "Suwon", "포항": "Pohang", "원주": "Wonju"}  # fmt: skip

_KO_SUBJECTS = ["{p}시는", "{p}시교육청은", "{p}시의회는", "{p} 지역 시민단체들은", "{p}경찰청은",
                "{p}상공회의소는", "{p}의 한 대학병원은", "정부와 {p}시는", "{p}광역시는",
                "{p}에서 활동하는 청년 창업가들은", "{p} 소방본부는", "{p} 주민들은"]  # fmt: skip
_KO_OBJECTS = ["인공지능 집적단지 조성 사업을", "내년도 예산안을", "도시철도 2호선 개통 일정을",
               "청년 일자리 지원 방안을", "폭염 대비 종합 대책을", "전통시장 활성화 계획을",
               "데이터센터 유치 전략을", "탄소중립 실천 과제를", "공공의료원 설립 계획을",
               "미세먼지 저감 대책을", "관광객 유치 방안을", "교통 혼잡 해소 대책을",
               "복합쇼핑몰 건립 문제를", "저출생 대응 정책을", "태풍 피해 복구 계획을"]  # fmt: skip
_KO_VERBS = ["발표했다", "추진하기로 했다", "재검토하겠다고 밝혔다", "확정했다", "논의했다",
             "공개했다", "점검했다", "촉구했다", "보류했다",
             "다음 달까지 마련하기로 했다"]  # fmt: skip
_KO_QUOTES = ["지역 경제에 새로운 활력을 불어넣는 계기가 될 것", "시민들의 목소리를 끝까지 듣겠다",
              "속도보다 방향이 중요하다", "예산이 제때 집행되도록 최선을 다하겠다",
              "아직 갈 길이 멀다", "현장의 어려움을 충분히 반영하겠다"]  # fmt: skip
_KO_SPEAKERS = ["이용섭 시장은", "김영록 지사는", "박진표 위원장은", "한 관계자는", "최은정 교수는",
                "상인회 대표는", "시민 김모(45)씨는"]  # fmt: skip
_KO_FILLER = ["이번 결정은 지난해부터 이어진 논의의 결과다.",
              "관련 예산은 총 1조 2천억 원 규모로 알려졌다.",
              "전문가들은 장기적인 관점에서 접근해야 한다고 지적했다.",
              "사업이 계획대로 진행되면 2028년 완공될 예정이다.",
              "주민 설명회는 다음 주 화요일 오후 2시에 열린다.",
              "반대 측은 환경 영향 평가가 충분하지 않았다고 주장했다.",
              "올해 상반기 관련 민원은 전년보다 30% 늘었다."]  # fmt: skip
_KO_TITLES = ["{p}, '{q}' 본격 추진", "{p} {o} 놓고 찬반 팽팽", "[단독] {p} {o} 전면 재검토",
              "{p}서 {o} 첫 공개…시민 관심 집중", "\"{q}\"…{p} 새 청사진",
              "{o} 앞둔 {p}, 남은 과제는", "{p} 청년들 \"일자리가 먼저\"",
              "속보) {p} {o} 확정"]  # fmt: skip
_HARD_KO = ["시장 어귀에서 할머니가 대나무 광주리에 나물을 담아 팔고 있었다.",
            "경기 광주시는 이날 남한산성 일대 교통 대책을 따로 내놨다.",
            "광주리 가득 담긴 사과가 가을 장터의 풍경을 완성했다."]  # fmt: skip

_EN_SUBJECTS = ["{p} city officials", "The {p} metropolitan council", "{p}'s mayor",
                "Residents of {p}", "Police in {p}", "A university hospital in {p}",
                "Business leaders in {p}", "The education office of {p}"]  # fmt: skip
_EN_OBJECTS = ["an artificial-intelligence cluster", "next year's budget",
               "the second subway line", "a youth employment package", "a heatwave plan",
               "a traditional-market revival scheme", "a data-centre bid",
               "a public hospital", "new fine-dust rules", "a tourism campaign"]  # fmt: skip
_EN_VERBS = ["announced", "unveiled", "pushed back", "approved", "questioned", "reviewed"]
_EN_FILLER = ["Officials said the plan would be reviewed again in the spring session.",
              "Local businesses welcomed the plan but asked for clearer timelines.",
              "Critics argue the project lacks an independent environmental assessment.",
              "The programme is expected to cost about 1.2 trillion won over five years.",
              "A public hearing is scheduled for next Tuesday afternoon.",
              "Similar schemes in other cities have had mixed results."]  # fmt: skip
_EN_TITLES = ["{p} {v} {o}", "{p}'s plan for {o} draws criticism", "What {o} means for {p}",
              "{p} residents split over {o}", "Analysis: {p} bets on {o}"]  # fmt: skip
_HARD_EN = ["Gwangju-si in Gyeonggi Province, not the southwestern metropolis, made the move.",
            "The Gwangjuans' association declined to comment."]  # fmt: skip

_KO_OUTLETS = ["광주일보", "전남일보", "무등일보", "남도일보", "연합뉴스", "뉴시스", "부산일보",
               "국제신문", "매일신문", "경인일보", "대전일보", "경향신문", "한겨레",
               "동아일보"]  # fmt: skip
_EN_OUTLETS = ["Korea Herald", "Korea JoongAng Daily", "Korea Times", "Yonhap English",
               "Gwangju News", "Busan Haps"]  # fmt: skip
_KO_SECTIONS = ["전체기사", "정치", "경제", "사회", "문화", "지역", "스포츠", "오피니언"]
_EN_SECTIONS = ["National", "Business", "Society", "Culture", "Local", "Opinion"]
_KO_NAMES = ["박진표", "김민지", "이정훈", "최은정", "정수현", "한지우", "오세훈"]
_EN_NAMES = ["Jane Doe", "Kim Min-ji", "Lee Jung-hoon", "Park Ji-won", "Sam Carter"]


def feed_urls(feeds: int = DEFAULT_FEEDS) -> list[str]:
    """The URLs make_db gives its feeds, in insertion (= id) order."""
    return [f"http://127.0.0.1:9/bench/feed-{i:03d}.xml" for i in range(feeds)]


class _News:
    """Made-up but plausible Korean and English news text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.places = [p for p, _, _ in _KO_PLACES]
        self.cum: list[float] = []
        total = 0.0
        for _, weight, _ in _KO_PLACES:
            total += weight
            self.cum.append(total)

    def place(self) -> str:
        return self.rng.choices(self.places, cum_weights=self.cum)[0]

    def korean(self, p: str, n: int) -> tuple[str, str, list[str]]:
        """(title, summary, paragraphs) of an article mostly about place `p`."""
        r = self.rng
        topic = r.choice(_KO_OBJECTS)[:-1]  # without its object particle (을/를)
        title = r.choice(_KO_TITLES).format(p=p, o=topic, q=r.choice(_KO_QUOTES))
        sentences = []
        for i in range(n):
            roll = r.random()
            if roll < 0.45:
                where = p if i == 0 or r.random() < 0.6 else self.place()
                s = f"{r.choice(_KO_SUBJECTS).format(p=where)} {r.choice(_KO_OBJECTS)} "
                sentences.append(s + f"{r.choice(_KO_VERBS)}.")
            elif roll < 0.65:
                sentences.append(f"{r.choice(_KO_SPEAKERS)} “{r.choice(_KO_QUOTES)}”이라고 말했다.")
            elif roll < 0.654:
                sentences.append(r.choice(_HARD_KO))
            else:
                sentences.append(r.choice(_KO_FILLER))
        name = r.choice(_KO_NAMES)
        paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, n, 2)]
        paragraphs.append(f"/{name} 기자 reporter{r.randrange(100)}@example.co.kr")
        return title, " ".join(sentences[:2]), paragraphs

    def english(self, p: str, n: int) -> tuple[str, str, list[str]]:
        r = self.rng
        en = _EN_PLACES[p]
        title = r.choice(_EN_TITLES).format(p=en, v=r.choice(_EN_VERBS), o=r.choice(_EN_OBJECTS))
        sentences = []
        for i in range(n):
            roll = r.random()
            if roll < 0.5:
                where = en if i == 0 or r.random() < 0.6 else _EN_PLACES[self.place()]
                s = r.choice(_EN_SUBJECTS).format(p=where)
                sentences.append(f"{s} {r.choice(_EN_VERBS)} {r.choice(_EN_OBJECTS)} on Monday.")
            elif roll < 0.68:
                quote = r.choice(_EN_FILLER).rstrip(".")
                sentences.append(f"\u201c{quote},\u201d said {r.choice(_EN_NAMES)}.")
            elif roll < 0.684:
                sentences.append(r.choice(_HARD_EN))
            else:
                sentences.append(r.choice(_EN_FILLER))
        paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, n, 2)]
        return title, " ".join(sentences[:2]), paragraphs


def _html(paragraphs: list[str], rng: random.Random) -> str:
    parts = [f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs]
    if rng.random() < 0.2:
        parts.insert(2, '<figure><img src="https://img.example.kr/a.jpg" alt="현장 사진"></figure>')
    if rng.random() < 0.15:
        parts.insert(1, f"<blockquote>{html.escape(paragraphs[0][:80])}</blockquote>")
    return "\n".join(parts)


def _feed_entries(
    rng: random.Random, news: _News, feed_no: int, count: int, korean: bool
) -> Iterator[ParsedEntry]:
    """`count` entries of one feed, newest first, spread over SPAN_DAYS."""
    minutes = SPAN_DAYS * 24 * 60
    offsets = sorted(rng.randrange(minutes) for _ in range(count))
    if feed_no == 0:
        offsets[0] = 0  # feed 0 holds the newest article
    for i, offset in enumerate(offsets):
        p = news.place()
        n = rng.randint(14, 24) if korean else rng.randint(12, 20)
        title, summary, paragraphs = (news.korean if korean else news.english)(p, n)
        published = NEWEST - timedelta(minutes=offset, seconds=rng.randrange(60))
        yield ParsedEntry(
            key=f"urn:sinmun-bench:{feed_no}:{i}",
            title=title,
            link=f"https://news.example.kr/{feed_no}/{i}.html",
            author=None if rng.random() < 0.3 else rng.choice(_KO_NAMES + _EN_NAMES),
            # a few undated entries: they sort by the first-seen time (a day before NEWEST)
            published=None if (rng.random() < 0.01 and i) else published,
            summary=summary,
            content=_html(paragraphs, rng),
        )


def build(path: Path, n: int, feeds: int = DEFAULT_FEEDS, seed: int = 1) -> dict[str, float]:
    """Create the database at `path` (which must not exist); returns timing figures."""
    if path.exists():
        raise SystemExit(f"{path} exists; remove it or choose another --out")
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    news = _News(rng)
    t0 = time.perf_counter()
    in_apply = 0.0
    storage = Storage(path)
    try:
        urls = feed_urls(feeds)
        per_feed = [n // feeds + (1 if i < n % feeds else 0) for i in range(feeds)]
        read_ids: list[int] = []
        starred_ids: list[int] = []
        next_id = 1
        for feed_no, (url, count) in enumerate(zip(urls, per_feed, strict=True)):
            korean = feed_no % 10 < 7
            outlets, sections = (
                (_KO_OUTLETS, _KO_SECTIONS) if korean else (_EN_OUTLETS, _EN_SECTIONS)
            )
            title = f"{outlets[feed_no % len(outlets)]} · {sections[feed_no % len(sections)]}"
            feed = storage.add_feed(FeedSpec(url), when=NEWEST - timedelta(days=SPAN_DAYS))
            entries = tuple(_feed_entries(rng, news, feed_no, count, korean))
            parsed = ParsedFeed(title, f"https://news.example.kr/{feed_no}/", entries)
            t1 = time.perf_counter()
            storage.apply_feed(
                feed.id, parsed, etag=f'"bench-{feed_no}"', last_modified=None,
                body_hash=f"bench-{feed_no}", when=NEWEST - timedelta(days=1),
            )  # fmt: skip
            in_apply += time.perf_counter() - t1
            for entry in entries:  # a fresh database numbers articles in insertion order
                age_days = (NEWEST - (entry.published or NEWEST)).days
                if rng.random() < (0.75 if age_days > 7 else 0.25):
                    read_ids.append(next_id)
                if rng.random() < 0.01:
                    starred_ids.append(next_id)
                next_id += 1
        t1 = time.perf_counter()
        storage.index_fts()  # as a refresh ends: the full-text index takes them all at once
        in_apply += time.perf_counter() - t1
        storage.set_read(read_ids, True)
        for article_id in starred_ids:
            storage.set_starred(article_id, True)
        # As the app leaves it once idle: the search index whole, each index merged.
        while storage.index_search(2000):
            pass
        storage.optimize_search()
        total = storage.count_articles(ArticleQuery())
        if total != n:
            raise SystemExit(f"expected {n} articles, the database holds {total}")
    finally:
        storage.close()
    return {"seconds": time.perf_counter() - t0, "apply_seconds": in_apply}


def db_size(path: Path) -> int:
    """The database's bytes, WAL and shared-memory files included."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000, help="articles (100000)")
    ap.add_argument("--feeds", type=int, default=DEFAULT_FEEDS, help="feeds (200)")
    ap.add_argument("--out", type=Path, help="database file (default: ./sinmun-N.db)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.n < 1 or args.feeds < 1:
        ap.error("N and --feeds must be at least 1")
    out = args.out or Path(f"sinmun-{args.n}.db")
    figures = build(out, args.n, args.feeds, args.seed)
    seconds, apply_s = figures["seconds"], figures["apply_seconds"]
    print(f"{out.resolve()}")
    print(
        f"{args.n:,} articles in {args.feeds} feeds, {db_size(out) / 1e6:.0f} MB, "
        f"{seconds:.1f} s ({apply_s:.1f} s in apply_feed, {apply_s / args.n * 1e6:.0f} µs/article)"
    )


if __name__ == "__main__":
    main()

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from rich.console import Console, Group
from rich.text import Text

from reader.core.extract import Byline, ExtractedArticle, Image, Link, Quote
from reader.core.extract.render import STYLES, plain_text, render_article

KST = timezone(timedelta(hours=9), "KST")


def _article() -> ExtractedArticle:
    return ExtractedArticle(
        url="http://t.example/a",
        title="광주, ‘AI 중심도시’ 꿈 무르익는다",
        outlet="광주일보",
        deck=["과기부 ‘인공지능 집적단지’ 확정", "지역경제 도약 발판으로"],
        byline=Byline("박진표", "기자", "lucky@kwangju.co.kr"),
        published=datetime(2026, 11, 24, 2, 2, tzinfo=UTC),
        paragraphs=[
            "이용섭 광주시장은 “광주는 씨앗을 뿌렸다”고 말했다. 자세한 내용은 발표 자료에 있다.",
            "A market is a city talking to itself.",
        ],
        quotes=[
            Quote("광주는 씨앗을 뿌렸다", "이용섭 광주시장"),
            Quote("A market is a city talking to itself.", "Rosa Park"),
        ],
        images=[Image("http://t.example/p.jpg", "현장 모습")],
        links=[Link("발표 자료", "http://t.example/doc")],
    )


def _render(width: int) -> tuple[str, Console]:
    console = Console(width=width, record=True, force_terminal=True, color_system=None)
    console.print(Group(*render_article(_article(), width=width, tz=KST)))
    return console.export_text(), console


def test_layout_on_a_wide_terminal_is_centred_at_reading_width() -> None:
    shown, _ = _render(120)
    lines = [ln for ln in shown.splitlines() if ln.strip()]
    assert lines[0].strip() == "광주일보  광주, ‘AI 중심도시’ 꿈 무르익는다"
    assert all(len(ln) - len(ln.lstrip()) == 20 for ln in lines[1:3])  # (120 - 80) / 2
    assert max(len(ln.rstrip()) for ln in lines) <= 100  # 20 + at most 80 columns
    assert "박진표 · 기자 · lucky@kwangju.co.kr · 2026-11-24 11:02 KST" in shown  # user's zone
    assert "발표 자료[1]" in shown  # numbered inline …
    assert "[1] 발표 자료 — http://t.example/doc" in shown  # … and listed at the end
    assert "[image: 현장 모습] http://t.example/p.jpg" in shown
    assert "│ A market is a city talking to itself." in shown  # pull-quote, indented
    assert "— Rosa Park" in shown


def test_narrow_terminal_uses_its_width() -> None:
    shown, _ = _render(40)
    assert max(len(ln.rstrip()) for ln in shown.splitlines()) <= 40


def test_quoted_speech_is_styled() -> None:
    rendered = render_article(_article(), width=80, tz=KST)
    texts = [r.renderable for r in rendered if isinstance(getattr(r, "renderable", None), Text)]
    para = next(t for t in texts if t.plain.startswith("이용섭"))
    start = para.plain.index("광주는 씨앗을 뿌렸다")
    assert any(s.style == STYLES["quote"] and s.start == start for s in para.spans)


def test_plain_text_when_piped() -> None:
    text = plain_text(_article(), KST)
    assert text.startswith("(광주일보) 광주, ‘AI 중심도시’ 꿈 무르익는다\n과기부")
    assert "\x1b" not in text
    assert "    “A market is a city talking to itself.”\n      — Rosa Park" in text
    assert "[1] 발표 자료 — http://t.example/doc" in text


def test_without_headline_for_a_view_that_has_its_own() -> None:
    console = Console(width=80, record=True, force_terminal=True, color_system=None)
    console.print(Group(*render_article(_article(), width=80, tz=KST, headline=False)))
    shown = console.export_text()
    assert "무르익는다" not in shown
    assert shown.lstrip().startswith("과기부 ‘인공지능 집적단지’ 확정")


def test_links_are_listed_by_the_host_they_lead_to() -> None:
    article = _article()
    article.links = [Link("발표 자료", "http://bank.example@evil.example/login")]
    assert "[1] 발표 자료 — http://evil.example/login" in plain_text(article, KST)
    console = Console(width=100, record=True, force_terminal=True, color_system=None)
    console.print(Group(*render_article(article, width=100, tz=KST)))
    shown = console.export_text()
    assert "http://evil.example/login" in shown and "bank.example" not in shown

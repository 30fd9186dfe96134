"""Pictures in the rendered article: in place with their captions (credits set apart) when the
app draws them, listed with their captions when it does not (`sinmun read` on a terminal)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.text import Text

from reader.core.extract import ExtractedArticle, Image
from reader.core.extract.render import STYLES, caption_text, plain_text, render_article

ARTICLE = ExtractedArticle(
    url="https://news.example/1",
    title="광주천 야경",
    deck=["새 조명 설치"],
    paragraphs=["첫째 문단.", "둘째 문단.", "셋째 문단."],
    images=[
        Image("https://i.example/lead.jpg", "야경", "산책로의 밤 /사진=빛고을일보", 640, 360, 0),
        Image("https://i.example/mid.jpg", "조명", after_paragraph=2),
        Image("https://i.example/old.jpg", "옛 사진"),  # place unknown: after the story
        Image("https://i.example/gone.jpg", "없는 사진", after_paragraph=1),
    ],
)


def shown(renderables: list[RenderableType]) -> list[str]:
    console = Console(width=60, record=True, color_system=None)
    console.print(Group(*renderables))
    return [line.strip() for line in console.export_text().splitlines() if line.strip()]


def picture(image: Image, width: int) -> RenderableType | None:
    assert width == 60
    return None if "gone" in image.src else Text(f"<picture {image.alt}>")


def test_pictures_stand_where_they_are_in_the_story() -> None:
    lines = shown(render_article(ARTICLE, width=60, tz=None, headline=False, picture=picture))
    assert lines == [
        "새 조명 설치",
        "<picture 야경>",
        "산책로의 밤  사진=빛고을일보",
        "첫째 문단.",
        "둘째 문단.",
        "<picture 조명>",
        "셋째 문단.",
        "<picture 옛 사진>",
    ]


def test_the_credit_is_styled_as_a_credit() -> None:
    caption = caption_text(ARTICLE.images[0])
    assert caption is not None
    assert [(caption.plain[s.start : s.end], s.style) for s in caption.spans] == [
        ("  사진=빛고을일보", STYLES["credit"])
    ]
    assert caption.style == STYLES["caption"]
    assert caption_text(ARTICLE.images[1]) is None


def test_without_the_app_pictures_are_listed_with_captions() -> None:
    lines = shown(render_article(ARTICLE, width=60, tz=None))
    assert "[image: 야경] https://i.example/lead.jpg" in lines
    assert "산책로의 밤  사진=빛고을일보" in lines
    text = plain_text(ARTICLE, None)
    assert "[image: 야경] https://i.example/lead.jpg\n  산책로의 밤 /사진=빛고을일보" in text

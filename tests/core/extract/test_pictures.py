"""The story's pictures: captions from <figcaption> and Korean caption elements, sizes from the
attributes, places among the paragraphs; the cache format keeps old entries loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.extract import ExtractedArticle, Image, extract_page
from reader.read_command import run_read

LINES = [
    "광주시는 24일 광주천 산책로에 새 조명을 설치했다고 밝혔다.",
    "조명은 해가 진 뒤부터 자정까지 켜지며 계절마다 색을 바꾼다.",
    "시민들은 밤에도 걷기 좋아졌다며 반가워했다고 시는 전했다.",
    "시는 내년에 상류 구간까지 조명을 늘릴 계획이라고 덧붙였다.",
]


def page(body: str) -> ExtractedArticle:
    html = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>광주천 야경, 시민 품으로 - 빛고을일보</title>
<meta property="og:title" content="광주천 야경, 시민 품으로"></head><body>
<header><a href="/">빛고을일보</a><nav><a href="/a">정치</a><a href="/b">경제</a></nav></header>
<article><h1>광주천 야경, 시민 품으로</h1>{body}</article>
<footer>Copyright © 빛고을일보. 무단전재 및 재배포 금지</footer></body></html>"""
    return extract_page(html.encode(), {}, "https://news.example/articles/1")


def test_a_figure_before_the_story_is_the_lead_with_its_figcaption() -> None:
    art = page(
        '<div id="article-body"><figure><img src="/img/lead.jpg" alt="광주천 야경" width="640"'
        ' height="360"><figcaption>광주천 변 산책로의 밤. /사진=빛고을일보</figcaption></figure>'
        + "".join(f"<p>{line}</p>" for line in LINES)
        + "</div>"
    )
    assert art.images == [
        Image(
            "https://news.example/img/lead.jpg",
            "광주천 야경",
            "광주천 변 산책로의 밤. /사진=빛고을일보",
            640,
            360,
            0,
        )
    ]


def test_a_naver_caption_is_kept_though_it_leaves_the_story() -> None:
    # Naver: the story in one element split by <br>, photos in spans with em.img_desc.
    art = page(
        f'<div id="dic_area">{LINES[0]}<br><br>{LINES[1]}<br><br>'
        '<span class="end_photo_org"><img src="https://img.example/p.jpg" alt="" width="600"'
        ' height="400px"><em class="img_desc">조명이 켜진 산책로 (사진=광주시 제공)</em></span>'
        f"<br>{LINES[2]}<br><br>{LINES[3]}</div>"
    )
    assert "조명이 켜진 산책로" not in " ".join(art.paragraphs)  # not story text
    [image] = art.images
    assert image.caption == "조명이 켜진 산책로 (사진=광주시 제공)"
    assert (image.width, image.height) == (600, 400)
    assert image.after_paragraph == 2


@pytest.mark.parametrize("caption_class", ["caption", "photo_caption", "img_desc"])
def test_a_caption_beside_the_photo_box(caption_class: str) -> None:
    art = page(
        '<div class="news_text">'
        + "".join(f"<p>{line}</p>" for line in LINES[:3])
        + '<div class="photo"><img src="/img/b.jpg" alt="산책로"></div>'
        + f'<p class="{caption_class}">밤의 광주천 ⓒ 빛고을일보</p>'
        + f"<p>{LINES[3]}</p></div>"
    )
    [image] = art.images
    assert image.caption == "밤의 광주천 ⓒ 빛고을일보"
    assert image.after_paragraph == 3


def test_pixels_are_left_out_and_lazy_sources_read() -> None:
    art = page(
        "<div class='article'>"
        + f"<p>{LINES[0]}</p>"
        + '<img src="https://track.example/p.gif" width="1" height="1">'
        + '<img src="/img/blank.gif" data-src="/img/real.jpg" alt="진짜 사진">'
        + "".join(f"<p>{line}</p>" for line in LINES[1:])
        + "</div>"
    )
    assert [(i.src, i.after_paragraph) for i in art.images] == [
        ("https://news.example/img/real.jpg", 1)
    ]


def test_old_cache_entries_load_and_the_json_lists_every_field() -> None:
    old = {"url": None, "title": "t", "images": [{"src": "https://i.example/a.jpg", "alt": "a"}]}
    [image] = ExtractedArticle.from_json(old).images
    assert image == Image("https://i.example/a.jpg", "a")
    assert image.to_json() == {
        "src": "https://i.example/a.jpg",
        "alt": "a",
        "caption": None,
        "width": None,
        "height": None,
        "after_paragraph": None,
    }
    odd = {"src": "s", "width": "640", "height": True, "after_paragraph": -1, "caption": 5}
    assert Image.from_json(odd) == Image("s", "", "5")
    art = ExtractedArticle(None, "t", images=[Image("s", "a", "c", 640, 360, 2)])
    assert ExtractedArticle.from_json(json.loads(json.dumps(art.to_json()))) == art


def test_read_json_lists_images_with_caption_and_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "story.html"
    path.write_text(  # a saved page: its pictures' addresses on the web
        "<html><body><article><h1>광주천 야경, 시민 품으로</h1><div id='article-body'>"
        "<figure><img src='https://img.example/lead.jpg' alt='야경' width='640' height='360'>"
        "<figcaption>밤의 산책로 /사진=빛고을일보</figcaption></figure>"
        + "".join(f"<p>{line}</p>" for line in LINES * 3)
        + "</div></article></body></html>",
        encoding="utf-8",
    )
    assert run_read(None, str(path), True) == 0
    [image] = json.loads(capsys.readouterr().out)["images"]
    assert image["src"] == "https://img.example/lead.jpg" and image["alt"] == "야경"
    assert image["caption"] == "밤의 산책로 /사진=빛고을일보"
    assert (image["width"], image["height"]) == (640, 360)

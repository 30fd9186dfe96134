"""Markup mended before trafilatura reads the page (reader/core/extract/story_markup.py)."""

from __future__ import annotations

from lxml import html

from reader.core.extract.story_markup import mend

LEAD = "중소 조선소들이 3년 치 일감을 확보했다. 친환경 선박 발주가 늘어난 덕분이다."
P = "<p>업계는 지역 직업학교와 연계한 교육 과정을 요청하고 있다.</p>"


def _mended(body: str) -> html.HtmlElement:
    tree = html.fromstring(f"<html><body><div id='story'>{body}</div></body></html>")
    mend(tree)
    return tree


def test_bare_text_after_a_photo_box_becomes_a_paragraph() -> None:
    tree = _mended(f"<div class='thumb_area'><figure><img src='a.jpg'></figure></div>{LEAD}<br>")
    paragraphs = tree.xpath("//div[@id='story']/p")
    assert [p.text.strip() for p in paragraphs] == [LEAD]
    short = _mended("<figure><img src='a.jpg'></figure> 사진 <br>")  # a few words: left alone
    assert short.xpath("//div[@id='story']/p") == []


def test_a_text_only_div_between_paragraphs_is_a_subheading() -> None:
    tree = _mended(f"{P}{P}<div class='border_org'>사람이 없으면 배를 못 짓는다</div>{P}")
    assert [h.text for h in tree.iter("h3")] == ["사람이 없으면 배를 못 짓는다"]
    # A sentence, or a div among few paragraphs, stays a div.
    tree = _mended(f"{P}{P}<div>배를 지을 사람이 없다고 업계는 말했다.</div>{P}")
    assert list(tree.iter("h3")) == []
    assert list(_mended(f"{P}<div>짧은 제목</div>{P}").iter("h3")) == []


def test_pull_quote_boxes_and_caption_elements_go_their_tails_stay() -> None:
    tree = _mended(
        "<div class='module-quote'><blockquote>아픈 사람이 배 시간을 기다린다</blockquote>"
        "<p class='who'>누리섬 이장</p></div>"
        "<span class='end_photo_org'><img src='a.jpg'><em class='img_desc'>선착장 풍경. "
        f"사진=누리일보 DB</em></span><br>{LEAD}"
        "<div class='ArticleDetailContent_imageCaption__4lTcq'>"
        "<p>어민들이 배를 대고 있다.</p></div>"
    )
    text = tree.text_content()
    assert "배 시간을" not in text and "이장" not in text
    assert "선착장" not in text and "배를 대고" not in text
    assert LEAD in text and tree.xpath("//img")  # the image itself stays


def test_a_long_element_named_caption_is_kept() -> None:
    story = "본문 문장이다. " * 60
    tree = _mended(f"<div class='caption-layout'>{story}</div>")
    assert "본문 문장이다" in tree.text_content()

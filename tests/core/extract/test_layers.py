"""Dialogs, layers and settings panels removed before trafilatura reads the page (layers.py)."""

from __future__ import annotations

import pytest
from lxml import html

from reader.core.extract.layers import drop_layers, names_layer

P = "<p>업계는 지역 직업학교와 연계한 교육 과정을 요청하고 있다.</p>"


def _mended(body: str) -> html.HtmlElement:
    tree = html.fromstring(f"<html><body><div id='story'>{body}</div></body></html>")
    drop_layers(tree)
    return tree


SUMMARY = "<ul><li>섬 버스를 주민 조합이 맡는다.</li><li>하루 여섯 번 다닌다.</li></ul>"


def test_layers_dialogs_and_hidden_panels_go() -> None:
    tree = _mended(
        f"<div class='view_layer'><div class='layer_head'>자동요약</div>{SUMMARY}</div>"
        "<div class='set_view'><p>이 글자크기로 변경됩니다.</p></div>"
        "<div role='dialog' aria-modal='true'><p>공유하기</p></div>"
        "<div class='ttsSettingBox'>남성 여성</div><div class='newsPopup'>알림 받기</div>"
        f"<p hidden>숨은 안내문</p>{P * 8}"  # the story: most of the page's text
    )
    text = tree.text_content()
    for gone in ("섬 버스", "글자크기", "공유하기", "남성", "알림", "숨은"):
        assert gone not in text
    assert "직업학교" in text


def test_names_that_only_look_like_layers_stay() -> None:
    story = P * 3
    tree = _mended(
        f"<div class='player-box'>{story}</div>"  # "player" is no layer
        f"<div class='_font_setting_target'>{story}</div>"  # Naver's story
        "<p>업계는 <a class='popup' href='/x'>지역 직업학교</a>와 연계한다.</p>"
        "<div class='fs_type1'>글자 크기 1단계로 읽는 본문</div>"
    )
    text = tree.text_content()
    assert text.count("직업학교") == 7
    assert "1단계로 읽는 본문" in text


def test_a_wrapper_named_like_a_layer_keeps_the_story() -> None:
    for name in ("dialog-off-canvas-main-canvas", "modal-enabled"):
        tree = _mended(f"<div class='{name}'><h1>짧은 소식</h1>{P}</div><nav>메뉴</nav>")
        assert "직업학교" in tree.text_content()  # most of the page: the page itself
    long_story = f"<div class='view_layer'>{P * 40}</div>"  # longer than any layer
    assert "직업학교" in _mended(long_story).text_content()


@pytest.mark.parametrize(
    ("names", "layer"),
    [
        (["view_layer"], True),
        (["layer_head"], True),
        (["newsLayer"], True),
        (["layerPopup"], True),
        (["set_view"], True),
        (["tts_setting"], True),
        (["setting_box"], True),
        (["pop_news"], True),
        (["player"], False),
        (["popular", "most-popular"], False),
        (["_font_setting_target"], False),
        (["news_view", "fs_type1"], False),
        (["setting-up"], False),
    ],
)
def test_layer_names(names: list[str], layer: bool) -> None:
    assert names_layer(names) is layer

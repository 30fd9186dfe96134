"""Which byline a page carries (byline_find.py): on body lines, marked texts and metadata, and
on hand-written pages (tests/data/extract/ko_broadcast_signoff.html, ko_profile_box.html)."""

from __future__ import annotations

from types import SimpleNamespace

from reader.core.extract import Byline
from reader.core.extract.byline_find import find_byline
from reader.core.extract.metadata import PageMeta

STORY = "시는 올해 대여소 60곳을 새로 열었고, 출퇴근 시간대 이용이 특히 많았다고 3일 밝혔다."


def _blocks(*texts: str) -> list[tuple[str, str]]:
    return [("p", t) for t in texts]


def test_end_byline_line_is_found_and_dropped() -> None:
    byline, kept = find_byline(
        _blocks(STORY, STORY, "/홍길동 기자 hong@x.example"), [], PageMeta(), None
    )
    assert byline == Byline("홍길동", "기자", "hong@x.example")
    assert kept == _blocks(STORY, STORY)


def test_named_one_of_several_is_widened_from_json_ld() -> None:
    page = PageMeta(ld={"author": [{"name": "박준석"}, {"name": "김태연"}]})
    byline, kept = find_byline(_blocks("박준석 기자 외 1명", STORY), [], page, None)
    assert byline == Byline("박준석·김태연", "기자")
    assert kept == _blocks(STORY)


def test_named_one_of_several_stays_when_metadata_does_not_name_it() -> None:
    page = PageMeta(ld={"author": [{"name": "김태연"}]})
    byline, _ = find_byline(_blocks("박준석 기자 외 1명", STORY), [], page, None)
    assert byline == Byline("박준석", "기자")


def test_outlet_and_photo_credit_are_not_names_in_metadata() -> None:
    doc = SimpleNamespace(author="한국일보; 박준석 기자 외; 김태연")
    page = PageMeta(meta={"og:site_name": "한국일보"})
    byline, _ = find_byline(_blocks(STORY), [], page, doc, ("한국일보",))
    assert byline == Byline("박준석·김태연")


def test_outlet_meta_author_then_reporter() -> None:
    page = PageMeta(authors=[("author", "한국일보"), ("author", "신현주 기자")])
    page.meta["author"] = "한국일보"
    byline, _ = find_byline(_blocks(STORY), [], page, None, ("한국일보",))
    assert byline == Byline("신현주")


def test_meta_byl_list() -> None:
    page = PageMeta(meta={"byl": "By 배윤경,이상현,한수진,김혜진"})
    byline, _ = find_byline(_blocks(STORY), [], page, None)
    assert byline == Byline("배윤경·이상현·한수진·김혜진")


def test_profile_boxes_one_per_reporter_confirmed_by_metadata() -> None:
    page = PageMeta(ld={"author": [{"name": "배윤경"}, {"name": "이상현"}]})
    marked = ["배윤경 기자\nbykj@x.example", "이상현 기자\nlee@x.example", "김관련 기자"]
    byline, _ = find_byline(_blocks(STORY), marked, page, None)
    # 김관련 (a related story's box) is not in the metadata: left out.
    assert byline == Byline("배윤경·이상현", "기자", "bykj@x.example")


def test_profile_box_lines_leave_the_body() -> None:
    marked = ["윤하늘 기자\nsky@x.example\n구독\n다른 기사 보기"]
    blocks = _blocks(STORY, STORY, "윤하늘 기자", "sky@x.example", "구독", "다른 기사 보기")
    byline, kept = find_byline(blocks, marked, PageMeta(), None)
    assert byline == Byline("윤하늘", "기자", "sky@x.example")
    assert kept == _blocks(STORY, STORY)


def test_bare_korean_name_in_a_marked_element() -> None:
    byline, _ = find_byline(_blocks(STORY), ["홍길동", "구독"], PageMeta(), None)
    assert byline == Byline("홍길동")


def test_wire_dateline_is_cut_from_the_first_paragraph() -> None:
    byline, kept = find_byline(
        _blocks("(서울=연합뉴스) 홍길동 기자 = " + STORY, STORY), [], PageMeta(), None
    )
    assert byline == Byline("홍길동", "기자")
    assert kept == _blocks(STORY, STORY)


def test_desk_dateline_gives_way_to_metadata() -> None:
    blocks = _blocks("(서울=연합뉴스) 증권팀 = " + STORY)
    assert find_byline(blocks, [], PageMeta(), None)[0] == Byline("증권팀")
    page = PageMeta(ld={"author": "홍길동"})
    byline, kept = find_byline(blocks, [], page, None)
    assert byline == Byline("홍길동") and kept == _blocks(STORY)


def test_signoff_ending_a_paragraph() -> None:
    blocks = _blocks(STORY, "공사는 3월까지 이어집니다. MBC뉴스 한가람입니다.")
    byline, kept = find_byline(blocks, [], PageMeta(), None)
    assert byline == Byline("한가람", "기자")
    assert kept == _blocks(STORY, "공사는 3월까지 이어집니다.")


def test_photo_credit_is_a_last_resort_only() -> None:
    blocks = _blocks(STORY, "시민들이 자전거를 빌리고 있다. [사진=서민재 기자]")
    assert find_byline(blocks, [], PageMeta(), None)[0] == Byline("서민재", "기자")
    page = PageMeta(ld={"author": "윤하늘"})
    assert find_byline(blocks, [], page, None)[0] == Byline("윤하늘")


def test_credit_lines_at_the_edges_leave_the_body() -> None:
    blocks = _blocks(STORY, "/홍길동 기자", "영상취재: 오세진 / 영상편집: 문소라")
    byline, kept = find_byline(blocks, [], PageMeta(), None)
    assert byline == Byline("홍길동", "기자") and kept == _blocks(STORY)


def test_english_first_marked_byline_not_a_related_storys() -> None:
    marked = ["By Nathan Willis\n\nMarch 25, 2015", "By Jonathan Corbet\n\nMarch 25, 2015"]
    assert find_byline(_blocks(STORY), marked, PageMeta(), None)[0] == Byline("Nathan Willis")


def test_dublin_core_creator_first() -> None:
    page = PageMeta(authors=[("author", "Meta Name"), ("dc:creator", "Creator Name")])
    page.meta["author"] = "Meta Name"
    doc = SimpleNamespace(author="Meta Name")
    assert find_byline(_blocks(STORY), [], page, doc)[0] == Byline("Creator Name")


def test_broadcast_transcript_page(page) -> None:
    art = page("ko_broadcast_signoff.html")
    assert art.byline == Byline("한가람", "기자")
    body = "\n".join(art.paragraphs)
    assert art.paragraphs[-1].endswith("안심할 수 있다고 말합니다.")
    for junk in ("한가람입니다", "영상취재", "영상편집"):
        assert junk not in body


def test_profile_box_page(page) -> None:
    art = page("ko_profile_box.html")
    assert art.byline == Byline("윤하늘·서민재", "기자", "sky@narae.example")
    body = "\n".join(art.paragraphs)
    for junk in ("외 1명", "minjae@", "다른 기사 보기", "사진=서민재"):
        assert junk not in body
    assert art.paragraphs[0].startswith("시험시 공공자전거 이용 건수가")

"""Korean outlets' article layouts (tests/data/extract/layouts/*.html, written for these tests
in the markup each site uses, with their own wording), read in UTF-8 and re-encoded EUC-KR.

Each page must give its headline without site suffixes, the outlet (the newspaper, never the
portal), the deck and nothing of it in the body, the reporters' names, the publication time,
its paragraphs from the first to the last, and none of its furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.core.extract import ExtractedArticle, extract_page

LAYOUTS = Path(__file__).resolve().parents[2] / "data" / "extract" / "layouts"
KST = timezone(timedelta(hours=9))


@dataclass(frozen=True)
class Layout:
    file: str
    url: str
    title: str
    outlet: str
    byline: str | None
    published: datetime
    first: str  # the first paragraph, whole
    last: str  # the last paragraph, whole
    count: int  # paragraphs
    deck: list[str] = field(default_factory=list)
    forbidden: tuple[str, ...] = ()  # furniture that must not be in the body
    speakers: tuple[str | None, ...] | None = None  # the quotes' speakers, when checked


# Furniture every page carries in some form.
COMMON = ("저작권자", "무단", "재배포", "Copyright", "공유", "글자", "관련 기사", "관련기사")

CASES = [
    Layout(
        "ndsoft.html",
        "https://www.bitgoeul.example/news/articleView.html?idxno=512034",
        title="시내버스 막차 30분 늦춘다…심야 노선 4개 신설",
        outlet="빛고을일보",
        deck=["다음 달 1일부터 36개 노선 막차 연장", "대학가·산단 잇는 심야 노선 시범 운행"],
        byline="김하늘",
        published=datetime(2026, 3, 14, 10, 21, tzinfo=KST),
        first="빛고을시가 다음 달부터 시내버스 막차 시간을 30분 늦추고 심야 노선 4개를 새로 "
        "만든다. 밤늦게 일을 마치는 시민들의 귀갓길을 돕기 위해서다.",
        last="한 운수업체 관계자는 “기사 충원이 먼저 이뤄져야 막차 연장이 오래 갈 수 있다”고 "
        "말했다.",
        count=4,
        forbidden=("haneul@", "다른기사", "많이 본", "차고지", "℃", "댓글", "입력"),
    ),
    Layout(
        "naver.html",
        "https://n.news.naver.com/article/999/0000123456",
        title="섬마을 학교에 원격 수업 교실 문 열었다",
        outlet="누리일보",
        deck=[
            "다섯 명 다니는 섬 분교, 도시 학교와 함께 수업",
            "화면 너머 친구와 모둠 활동…교사들도 반겨",
        ],
        byline="박새롬",
        published=datetime(2026, 2, 3, 9, 12, tzinfo=KST),
        first="학생이 다섯 명뿐인 섬마을 초등학교에 도시 학교와 함께 수업하는 원격 교실이 "
        "생겼다. 교육청은 올해 섬과 산간 지역 학교 열 곳에 같은 교실을 만든다.",
        last="교육청은 통신이 끊기는 날에 대비해 위성 회선을 예비로 두고, 수업 자료도 미리 "
        "학교에 내려 보낸다.",
        count=5,  # with the subheading "혼자 하던 모둠 활동, 이제는 여럿이"
        forbidden=("사진=", "대형 화면으로", "saerom@", "네이버", "섹션", "주요뉴스", "구독"),
    ),
    Layout(
        "daum.html",
        "https://v.daum.net/v/20260402161900123",
        title="골목 가게 살리기 상품권, 석 달 만에 완판",
        outlet="동백일보",
        deck=["발행 40억원 어치 모두 팔려", "가게 주인들 “손님 발길 늘었다”"],
        byline="정다운",
        published=datetime(2026, 4, 2, 16, 19, tzinfo=KST),
        first="동네 가게에서만 쓸 수 있는 지역 상품권이 발행 석 달 만에 모두 팔렸다. 동백시는 "
        "2일 올해 발행한 골목 상품권 40억원어치가 모두 판매됐다고 밝혔다.",
        last="시는 하반기에 20억원어치를 더 발행할 계획이다.",
        count=4,
        forbidden=("요약", "자료사진", "dawoon@", "Daum", "원도심 빈 점포"),
    ),
    Layout(  # the reporter only as a bare name in the header; reader layers in the article
        "daum_bare.html",
        "https://v.daum.net/v/20260513125200417",
        title="섬 마을 버스, 주민이 직접 몬다",
        outlet="갈매기신문",
        byline="한지우",
        published=datetime(2026, 5, 13, 12, 52, tzinfo=KST),
        first="배가 닿는 시간에 맞춰 하루 여섯 번 다니는 섬 마을 버스를 이달부터 주민 협동조합이 "
        "운행한다. 갈매기군은 13일 운수회사가 노선을 반납한 뒤 멈췄던 섬 버스를 조합에 맡긴다고 "
        "밝혔다.",
        last="군은 한 해 동안 운행해 본 뒤 다른 섬 두 곳에도 같은 방식을 넓힐지 정한다.",
        count=4,
        forbidden=(
            *("요약", "맥락", "권장", "글자크기", "폰트", "예시", "번역", "Translated", "English"),
            *("日本語", "음성", "남성", "빠름", "링크가 복사", "선착장 대합실"),
        ),
    ),
    Layout(
        "chosun.html",
        "https://www.chosun.com/national/regional/2026/05/01/ABCDEF123456/",
        title="폐교 운동장이 마을 캠핑장으로…주말마다 예약 꽉 차",
        outlet="조선일보",
        deck=["주민 협동조합이 운영, 수익은 마을 기금으로"],
        byline="김바다",
        published=datetime(2026, 5, 1, 1, 20, tzinfo=UTC),
        first="학생이 없어 문을 닫은 시골 학교 운동장이 캠핑장으로 바뀌었다. 주말이면 예약이 한 "
        "달 전에 찬다.",
        last="군은 다른 폐교 두 곳도 같은 방식으로 주민에게 맡길 계획이다.",
        count=4,
        forbidden=("텐트가 늘어서", "관련 기사의 본문", "ad-slot"),
    ),
    Layout(
        "joongang.html",
        "https://www.joongang.co.kr/article/25123456",
        title="동네 약국 심야 당번제 다시 돈다",
        outlet="중앙일보",
        byline="오하늘",
        published=datetime(2026, 6, 10, 5, 0, tzinfo=KST),
        first="밤 10시 이후 문을 여는 동네 약국 당번제가 3년 만에 다시 시행된다. 약사회와 구청은 "
        "다음 달부터 구마다 두 곳씩 돌아가며 자정까지 문을 열기로 했다.",
        last="한 약사는 “처음에는 부담스러웠지만 밤에 찾아오는 부모들을 보면 필요한 일이라는 걸 "
        "안다”고 말했다.",
        count=4,
        forbidden=("중앙포토", "안내문이 붙어", "oh.haneul@", "기자 구독", "응급실"),
    ),
    Layout(
        "donga.html",
        "https://www.donga.com/news/Society/article/all/20260701/130000001/1",
        title="강변 자전거길 끊긴 3km 잇는다",
        outlet="동아일보",
        deck=["둔치 공사 끝나면 하구까지 한 번에", "야간 조명·쉼터 12곳도 새로 설치"],
        byline="윤슬기",
        published=datetime(2026, 7, 1, 3, 0, tzinfo=KST),
        first="강을 따라 이어지던 자전거길 가운데 끊겨 있던 3km 구간이 내년 봄까지 연결된다. "
        "그동안 이 구간에서는 자전거를 끌고 둑길을 올라 차도 옆을 지나야 했다.",
        last="시는 공사 기간에 둑길에 임시 안내요원을 둔다.",
        count=4,
        forbidden=("동아일보DB", "seulgi@", "구독", "공공자전거", "업데이트"),
    ),
    Layout(
        "hani.html",
        "https://www.hani.co.kr/arti/society/environment/1200001.html",
        title="갯벌 지킴이 어민들, 쓰레기 20톤 건졌다",
        outlet="한겨레",
        deck=["조업 쉬는 날 배 띄워 폐어구 수거", "군, 수거량 따라 연료비 지원"],
        byline="한누리",
        published=datetime(2026, 8, 12, 19, 5, tzinfo=KST),
        first="서해안 어민들이 지난 한 해 갯벌에서 건져 올린 쓰레기가 20톤에 이른다. 대부분 "
        "버려진 그물과 통발 같은 폐어구다.",
        last="군은 내년부터 다른 어촌계 다섯 곳으로 사업을 넓힐 계획이다.",
        count=5,  # with the subheading
        forbidden=("항구에 대고", "nuri@", "많이 본", "AI 학습", "등록"),
    ),
    Layout(
        "khan.html",
        "https://www.khan.co.kr/article/202609011200001",
        title="폭염 쉼터 된 은행 객장…주말에도 문 연다",
        outlet="경향신문",
        byline="문가을",
        published=datetime(2026, 9, 1, 12, 0, tzinfo=KST),
        first="은행 영업점 객장이 폭염 쉼터로 바뀐다. 금융권은 9월 말까지 전국 영업점 1200여 곳의 "
        "객장을 주말에도 열어 더위를 피할 곳으로 내놓기로 했다.",
        last="은행연합회 관계자는 “주말에 더 갈 곳이 없다는 말을 듣고 토요일과 일요일도 열기로 "
        "했다”고 설명했다.",
        count=4,
        forbidden=("피하고 있다", "경향닷컴", "도서관", "입력"),
    ),
    Layout(
        "hankook.html",
        "https://www.hankookilbo.com/news/article/A2026100910000001234",
        title='"다리 놓아 달라" 섬 주민 30년 숙원, 예산 문턱서 또 멈췄다',
        outlet="한국일보",
        deck=["연륙교 설계비 3년째 국비 반영 안 돼", "배 끊기면 응급환자 헬기 기다려야"],
        byline="서바름",
        published=datetime(2026, 10, 9, 10, 0, tzinfo=KST),  # data-deploy-dt only
        first="섬과 육지를 잇는 다리를 놓아 달라는 주민들의 요구가 올해도 예산 심사를 넘지 "
        "못했다. 연륙교 설계비는 3년째 정부 예산안에서 빠졌다.",
        last="군은 내년 예산 심사에서 설계비를 다시 요청할 계획이다.",
        count=5,  # with the subheading "배 끊기면 헬기만 기다린다"
        forbidden=("배 시간을 기다려야", "누리섬 이장", "선착장", "bareum@", "확대보기", "12면"),
    ),
    Layout(
        "yonhap.html",
        "https://www.yna.co.kr/view/AKR20261105012300001",
        title="겨울철 전기요금 분할 납부 신청 받는다",
        outlet="연합뉴스",
        byline="강한결",
        published=datetime(2026, 11, 5, 8, 30, tzinfo=KST),
        first="겨울철 난방으로 전기요금이 크게 오르는 가구는 요금을 나눠 낼 수 있다.",
        last='한전 관계자는 "한꺼번에 큰 요금을 내기 어려운 가구의 부담을 덜려는 것"이라고 말했다.',
        count=4,
        forbidden=("연합뉴스) ", "hangyeol@", "제보", "송고", "계량기", "가스요금"),
    ),
    Layout(
        "kbs.html",
        "https://news.kbs.co.kr/news/pc/view/view.do?ncd=8000001",
        title="산불 감시 드론, 올봄 첫 실전 투입",
        outlet="KBS",
        byline="한가을",
        published=datetime(2026, 3, 2, 21, 10, tzinfo=KST),
        first="봄철 산불을 일찍 찾아내기 위해 감시 드론이 처음으로 실전에 투입됩니다. 사람이 "
        "오르기 힘든 능선까지 하루 두 차례 날아다니며 연기를 찾습니다.",
        last="산림청은 드론이 찾은 자리에 진화대가 도착하는 시간을 평균 20분 줄일 수 있을 것으로 "
        "보고 있습니다.",
        count=5,
        forbidden=(
            "[앵커]",
            "[리포트]",
            "[인터뷰]",
            "KBS 뉴스 한가을",
            "촬영기자",
            "동영상",
            "WORLD",
        ),
    ),
    Layout(
        "ytn.html",
        "https://www.ytn.co.kr/_ln/0108_202612151720000001",
        title="[날씨] 내일 아침 영하권 추위…서해안 많은 눈",
        outlet="YTN",
        byline="윤하린",
        published=datetime(2026, 12, 15, 17, 20, tzinfo=KST),
        first="내일은 아침 기온이 영하로 떨어지면서 올겨울 들어 가장 춥겠습니다.",
        last="충남과 전북 서해안에는 모레까지 최대 15cm의 눈이 쌓이겠습니다. 눈이 얼어 길이 "
        "미끄러운 곳이 많겠으니 출근길 안전에 유의하시기 바랍니다.",
        count=5,
        forbidden=("[앵커]", "[캐스터]", "전해드렸습니다", "harin@", "제보", "주요뉴스"),
    ),
    Layout(
        "mk.html",
        "https://www.mk.co.kr/news/business/11400001",
        title="중소 조선소 수주 잔량 3년치 쌓였다",
        outlet="매일경제",
        deck=[
            "친환경 선박 발주 늘며 일감 확보",
            "인력난에 납기 맞추기는 과제",
            "“숙련공 양성에 정부 지원 필요”",
        ],
        byline="신바다",
        published=datetime(2026, 4, 22, 17, 41, 5, tzinfo=KST),
        first="중소 조선소들이 3년 치 일감을 확보했다. 친환경 선박 발주가 늘어난 덕분이다.",
        last="업계는 외국인 인력 배정 확대와 함께 지역 직업학교와 연계한 교육 과정을 요청하고 "
        "있다.",
        count=6,  # with the subheading “사람이 없으면 배를 못 짓는다”
        forbidden=("[신바다 기자]", "사진설명", "좋아요", "sea@", "대형 조선사"),
    ),
    Layout(
        "kwangju.html",
        "http://www.kwangju.co.kr/article.php?aid=1792000000812345001",
        title="빛고을 AI 특화단지 지정…데이터센터 2배로 키운다",
        outlet="광주일보",
        deck=[
            "정부, 인공지능 특화단지 첫 지정지로 광주 확정",
            "자동차·에너지 기업 실증 지원해 지역 산업 키운다",
        ],
        byline="김빛나",
        published=datetime(2026, 10, 28, 19, 30, tzinfo=KST),
        first="광주가 정부의 인공지능(AI) 특화단지로 지정되면서 국가 데이터센터 규모가 두 배로 "
        "커진다. 지역 기업이 데이터와 연산 장비를 함께 쓰는 실증 공간도 늘어난다.",
        last="최누리 과기정통부 장관은 “지역이 디지털 전환의 중심이 돼야 한다”며 “특화단지가 "
        "다른 지역의 본보기가 되도록 돕겠다”고 밝혔다.",
        count=5,
        forbidden=("℃", "기상청", "메뉴", "입력시간", "많이 본 기사", "포토뉴스", "bitna@", "URL"),
        speakers=("김보람 광주시장",) * 2 + ("최누리 과기정통부 장관",) * 2,
    ),
]


def as_euc_kr(raw: bytes) -> bytes:
    """The page as a Korean site serving EUC-KR sends it (CP949 bytes, its charset declared)."""
    html = raw.decode("utf-8").replace('charset="utf-8"', 'charset="euc-kr"')
    return html.encode("cp949")  # strict: every fixture character exists in CP949


def read(case: Layout, encoding: str) -> ExtractedArticle:
    raw = (LAYOUTS / case.file).read_bytes()
    return extract_page(as_euc_kr(raw) if encoding == "euc-kr" else raw, {}, case.url)


def test_at_least_ten_outlets() -> None:
    assert len({c.outlet for c in CASES}) >= 10
    assert sorted(p.name for p in LAYOUTS.glob("*.html")) == sorted(c.file for c in CASES)


@pytest.mark.parametrize("encoding", ["utf-8", "euc-kr"])
@pytest.mark.parametrize("case", CASES, ids=[c.file.removesuffix(".html") for c in CASES])
def test_layout(case: Layout, encoding: str) -> None:
    art = read(case, encoding)
    assert art.title == case.title
    assert art.outlet == case.outlet
    assert art.deck == case.deck
    assert (art.byline.name if art.byline else None) == case.byline
    assert art.published == case.published
    assert art.paragraphs[0] == case.first
    assert art.paragraphs[-1] == case.last
    assert len(art.paragraphs) == case.count, art.paragraphs
    body = "\n".join(art.paragraphs)
    for junk in (*COMMON, *case.forbidden, *case.deck):
        assert junk not in body
    if case.speakers is not None:
        assert tuple(q.speaker for q in art.quotes) == case.speakers


@pytest.mark.parametrize("case", CASES, ids=[c.file.removesuffix(".html") for c in CASES])
def test_euc_kr_reads_the_same(case: Layout) -> None:
    utf8, euc_kr = read(case, "utf-8"), read(case, "euc-kr")
    assert euc_kr == utf8
    assert not re.search(r"[\ufffd]", "\n".join(euc_kr.paragraphs))

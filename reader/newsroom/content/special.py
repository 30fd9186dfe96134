"""Hand-written hard cases for the region filter and the extractor (fictional)."""

# ruff: noqa: E501 -- Korean prose is double-width; splitting sentences mid-phrase reads worse.

from __future__ import annotations

from .korean import Story
from .model import Say


def basket_craft() -> Story:
    """광주리 (basket) is not 광주 (the city): a region filter must not match it by prefix."""
    return (
        "대나무 광주리 짜는 손길… 담양 죽공예 장인의 겨울",
        (
            "60년 외길 걸어온 장인 “대를 잇는 제자 생겨 다행”",
            "죽공예 체험관 광주리 만들기 주말마다 매진",
        ),
        [
            "전남 담양의 한 공방. 얇게 쪼갠 대나무 살이 장인의 손끝에서 엮여 둥근 광주리가 된다. "
            "바닥을 짜고 옆면을 세워 테두리를 두르기까지 꼬박 사흘이 걸린다.",
            "열두 살 때 아버지에게 처음 광주리 짜는 법을 배웠다는 장인 염대숲(72)씨는 60년 동안 "
            "죽공예 한길을 걸어왔다. 플라스틱 바구니에 밀려 광주리를 찾는 사람이 줄었지만 손을 놓지 않았다.",
            Say(
                "염씨",
                "대나무는 거짓말을 안 한다. 손이 게으르면 광주리도 금방 티가 난다",
                "늦게나마 배우겠다는 제자가 둘이나 생겨 다행",
            ),
            "담양군이 운영하는 죽공예 체험관의 ‘나만의 광주리 만들기’ 프로그램은 주말마다 "
            "예약이 꽉 찬다. 완성한 작은 광주리는 직접 가져갈 수 있다.",
        ],
        ("담양",),
    )


def gyeonggi_namhansan() -> Story:
    """경기 광주 (Gyeonggi) shares the name 광주 with the metropolitan city in the south-west."""
    return (
        "남한산성 둘레길 새단장… 경기 광주시 “사계절 명소로”",
        ("경사로 정비·쉼터 12곳 신설", "광주시청~산성 잇는 순환버스도 운행"),
        [
            "경기 광주시가 남한산성 둘레길 7.7㎞ 구간을 새로 단장해 다음 달 1일 다시 개방한다. "
            "가파른 경사로에는 계단과 난간을 설치하고 쉼터 12곳을 새로 만들었다.",
            "광주시는 주말마다 광주시청과 산성 입구를 오가는 순환버스도 운행한다. "
            "전라도 광주와 헷갈린다는 관광객이 많아 안내판에는 ‘경기 광주’를 함께 적었다.",
            Say(
                "서하진 광주시장",
                "남한산성은 경기 광주의 자랑이자 역사 교과서",
                "봄 벚꽃부터 겨울 설경까지 사계절 찾는 명소로 만들겠다",
            ),
        ],
        ("경기 광주",),
    )

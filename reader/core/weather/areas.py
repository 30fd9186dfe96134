"""Where each built-in city lies in the other services' terms: the KMA warning area (특보구역)
the bulletins name it by, and AirKorea's province (시도) with a measuring station in the city.

The warning bulletin names metropolitan cities alone ("광주", "서울(서울동남권)") and other
cities inside their province ("전라남도(순천, 광양)", "강원도(강릉평지, 강원북부산지)").
Configured regions named like a built-in use its entry; others are matched by their own
names and aliases (see `reader.core.weather.warnings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["AREAS", "SIDO_NAMES", "Area", "canonical"]


@dataclass(frozen=True, slots=True)
class Area:
    province: str | None  # canonical (see `canonical`); None for a metropolitan city
    zones: tuple[str, ...]  # the warning zones inside the province that hold the city
    sido: str  # AirKorea's sidoName
    stations: tuple[str, ...] = ()  # AirKorea stations in the city (else the province's mean)


def _a(province: str | None, zones: tuple[str, ...], sido: str, *stations: str) -> Area:
    return Area(province, zones, sido, stations)


AREAS: dict[str, Area] = {
    "강릉": _a("강원", ("강릉평지",), "강원", "옥천동"),
    "서울": _a(None, (), "서울"),
    "인천": _a(None, (), "인천"),
    "원주": _a("강원", ("원주",), "강원", "명륜동"),
    "수원": _a("경기", ("수원",), "경기", "인계동", "광교동"),
    "청주": _a("충북", ("청주",), "충북", "복대동", "사천동"),
    "대전": _a(None, (), "대전"),
    "포항": _a("경북", ("포항",), "경북", "장흥동", "대도동"),
    "대구": _a(None, (), "대구"),
    "전주": _a("전북", ("전주",), "전북", "삼천동"),
    "울산": _a(None, (), "울산"),
    "창원": _a("경남", ("창원",), "경남", "용지동"),
    "광주": _a(None, (), "광주"),
    "부산": _a(None, (), "부산"),
    "순천": _a("전남", ("순천",), "전남", "연향동", "장천동"),
    "홍성": _a("충남", ("홍성",), "충남", "내포"),
    "제주": _a("제주", ("제주도북부",), "제주", "이도동"),
    "김해시": _a("경남", ("김해",), "경남", "동상동", "삼방동"),
    "구미": _a("경북", ("구미",), "경북", "원평동", "형곡동"),
}

# Provinces as the bulletins and AirKorea spell them, old names and new, → one short name.
_PROVINCES = {
    "경기도": "경기",
    "강원도": "강원",
    "강원특별자치도": "강원",
    "충청북도": "충북",
    "충청남도": "충남",
    "전라북도": "전북",
    "전북자치도": "전북",
    "전북특별자치도": "전북",
    "전라남도": "전남",
    "경상북도": "경북",
    "경상남도": "경남",
    "제주도": "제주",
    "제주특별자치도": "제주",
}
SIDO_NAMES = (
    "서울", "부산", "대구", "인천", "광주", "대전", "울산", "경기", "강원",
    "충북", "충남", "전북", "전남", "경북", "경남", "제주", "세종",
)  # fmt: skip
_METRO_SUFFIX = re.compile(r"(특별자치시|특별시|광역시)$")


def canonical(name: str) -> str:
    """ "전라남도" → "전남", "광주광역시" → "광주", "강원특별자치도" → "강원"; else as given."""
    name = "".join(name.split())
    return _PROVINCES.get(name) or _METRO_SUFFIX.sub("", name)

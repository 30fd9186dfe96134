"""Fine dust (미세먼지): PM10 and PM2.5 per region with Korea's four grades.

Grades follow the Ministry of Environment's forecast bands (in force since 2018-03-27), in
whole µg/m³: PM10 좋음 0–30, 보통 31–80, 나쁨 81–150, 매우나쁨 151 and over; PM2.5 좋음 0–15,
보통 16–35, 나쁨 36–75, 매우나쁨 76 and over. So 30 is still 좋음 and 31 is 보통. AirKorea
reports whole numbers; a model value with decimals is rounded half up first (30.4 → 30 좋음,
30.5 → 31 보통). A region's grade is the worse of the two, as the official forecast does.

Sources: Open-Meteo's air-quality API (keyless; CAMS model data; ONE request for every
region, comma-separated coordinates) and, with a data.go.kr key, AirKorea's measured values
(`getCtprvnRltmMesureDnsty`, ONE request for the whole country: sidoName=전국).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from reader.core.weather import datagokr
from reader.core.weather.areas import AREAS, SIDO_NAMES, canonical
from reader.core.weather.base import get
from reader.core.weather.open_meteo import batch_items, batch_url

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.regions import Region

__all__ = [
    "AIRKOREA_PATH",
    "GRADES",
    "AirKorea",
    "AirQuality",
    "OpenMeteoAir",
    "air_quality_url",
    "airkorea_url",
    "grade",
    "parse_air_quality",
    "parse_airkorea",
]

GRADES = ("좋음", "보통", "나쁨", "매우나쁨")
_PM10_TOP = (30, 80, 150)  # the highest whole value of 좋음, 보통, 나쁨
_PM25_TOP = (15, 35, 75)
AIRKOREA_PATH = "/B552584/ArpltnInforInqireSvc/getCtprvnRltmMesureDnsty"
CAMS = "CAMS"  # Open-Meteo's air quality is the Copernicus Atmosphere Monitoring Service's


def _whole(value: float) -> int:
    return math.floor(value + 0.5)


def grade(pm10: float | None, pm25: float | None) -> str | None:
    """The worse of the two grades ("좋음" … "매우나쁨"); None with neither value."""
    found = [i for i in (_index(pm10, _PM10_TOP), _index(pm25, _PM25_TOP)) if i is not None]
    return GRADES[max(found)] if found else None


def pm10_grade(value: float | None) -> str | None:
    i = _index(value, _PM10_TOP)
    return GRADES[i] if i is not None else None


def pm25_grade(value: float | None) -> str | None:
    i = _index(value, _PM25_TOP)
    return GRADES[i] if i is not None else None


def _index(value: float | None, tops: tuple[int, int, int]) -> int | None:
    if value is None:
        return None
    whole = _whole(value)
    return next((i for i, top in enumerate(tops) if whole <= top), len(tops))


@dataclass(frozen=True, slots=True)
class AirQuality:
    pm10: float | None  # µg/m³
    pm25: float | None
    source: str = ""  # "CAMS" | "에어코리아"

    def __post_init__(self) -> None:
        for name in ("pm10", "pm25"):
            v = getattr(self, name)
            ok = isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v < 10_000
            object.__setattr__(self, name, float(v) if ok else None)

    @property
    def grade(self) -> str | None:
        return grade(self.pm10, self.pm25)

    @property
    def level(self) -> int:
        """0–3 (좋음 … 매우나쁨), -1 without values: for colours."""
        g = self.grade
        return GRADES.index(g) if g else -1

    def to_json(self) -> dict[str, Any]:
        return {"pm10": self.pm10, "pm25": self.pm25, "grade": self.grade}

    @classmethod
    def from_json(cls, data: object) -> AirQuality | None:
        if not isinstance(data, dict):
            return None
        return cls(data.get("pm10"), data.get("pm25"), str(data.get("source") or ""))


# --- Open-Meteo (CAMS) ----------------------------------------------------------------------
def air_quality_url(base_url: str, regions: Sequence[Region]) -> str:
    return batch_url(base_url, "/v1/air-quality", regions, "pm10,pm2_5")


class OpenMeteoAir:
    who = "Open-Meteo air quality"

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    async def fetch(
        self, client: HttpClient, regions: Sequence[Region], now: datetime
    ) -> dict[str, AirQuality]:
        located = [r for r in regions if r.lat is not None and r.lon is not None]
        if not located:
            return {}
        url = air_quality_url(self.base_url, located)
        result = await get(client, url, who=self.who, accept="application/json")
        values = parse_air_quality(result.body, len(located))
        return {r.name: v for r, v in zip(located, values, strict=True)}


def parse_air_quality(body: bytes, count: int) -> list[AirQuality]:
    """One AirQuality per requested location, in order (a list; one object for one)."""
    out = []
    for item in batch_items(body, count, OpenMeteoAir.who):
        current = item.get("current") if isinstance(item, dict) else None
        current = current if isinstance(current, dict) else {}
        out.append(AirQuality(current.get("pm10"), current.get("pm2_5"), CAMS))
    return out


# --- AirKorea (에어코리아) ---------------------------------------------------------------------
def airkorea_url(data_url: str, key: str) -> str:
    query = urlencode(
        {"returnType": "json", "numOfRows": 1000, "pageNo": 1, "sidoName": "전국", "ver": "1.0"}
    )
    return f"{data_url.rstrip('/')}{AIRKOREA_PATH}?serviceKey={datagokr.quoted_key(key)}&{query}"


class AirKorea:
    who = "AirKorea"

    def __init__(self, key: str, data_url: str) -> None:
        self.key = key.strip()
        self.data_url = data_url

    async def fetch(
        self, client: HttpClient, regions: Sequence[Region], now: datetime
    ) -> dict[str, AirQuality]:
        url = airkorea_url(self.data_url, self.key)
        result = await get(client, url, who=self.who, accept="application/json, */*;q=0.5")
        return parse_airkorea(result.body, regions)


def sido_of(region: Region) -> str | None:
    """AirKorea's province for a region: a built-in's, or one its names spell."""
    if region.name in AREAS:
        return AREAS[region.name].sido
    for word in region.words:
        if (short := canonical(word)) in SIDO_NAMES:
            return short
    return None


def parse_airkorea(body: bytes, regions: Sequence[Region]) -> dict[str, AirQuality]:
    """Region name → the city's station values (else its province's mean over stations)."""
    rows = datagokr.items(body, AirKorea.who, "air quality answer") or []
    by_sido: dict[str, list[tuple[str, float | None, float | None]]] = {}
    for row in rows:
        province = canonical(str(row.get("sidoName") or ""))
        pm10 = datagokr.number(row.get("pm10Value"), missing_at=10_000)
        pm25 = datagokr.number(row.get("pm25Value"), missing_at=10_000)
        by_sido.setdefault(province, []).append((str(row.get("stationName") or ""), pm10, pm25))
    out: dict[str, AirQuality] = {}
    for region in regions:
        sido = sido_of(region)
        stations = by_sido.get(sido, []) if sido else []
        if not stations:
            continue
        known = AREAS.get(region.name)
        wanted = set(known.stations) if known else set(region.words)
        chosen = [s for s in stations if s[0] in wanted] or stations
        pm10 = _mean([s[1] for s in chosen])
        pm25 = _mean([s[2] for s in chosen])
        if pm10 is not None or pm25 is not None:
            out[region.name] = AirQuality(pm10, pm25, "에어코리아")
    return out


def _mean(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None and v >= 0]
    return round(sum(found) / len(found)) if found else None

"""Weather warnings and fine dust in the services' own shapes, for the tests and the demo.

- ``/1360000/WthrWrnInfoService/getPwnStatus`` (data.go.kr 기상특보 조회서비스, 특보현황조회):
  ``response.header.resultCode`` "00", one item with ``tmFc``, ``tmSeq``, ``tmEf``, ``t6`` (the
  warnings in force, "o 한파주의보 : 광주"), ``t7`` (예비특보) and ``other``; "03"/NO_DATA when
  no status was issued in the last 7 days; key errors as ``<OpenAPI_ServiceResponse>`` XML
  with HTTP 200, as data.go.kr does.
- ``/B552584/ArpltnInforInqireSvc/getCtprvnRltmMesureDnsty`` (AirKorea, 시도별 실시간
  측정정보): ``response.body.items`` is the list itself; values are strings, "-" when missing.
- ``/v1/air-quality`` (Open-Meteo air quality, CAMS): like ``/v1/forecast``, one object per
  location (a list for several), ``current.pm10`` / ``current.pm2_5`` in µg/m³.

``nr.alerts`` holds what they answer: by default one warning (광주 한파주의보) and a plume of
dust over 대구 (나쁨). Tests set ``t6`` (None: NO_DATA), ``dust`` (fixed values everywhere) or
``failing`` ("warnings", "air").
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .content import KST
from .weather import DEMO_KEY, JSON_TYPE, KEY_ERROR_XML, Reply

PWN_STATUS = "/1360000/WthrWrnInfoService/getPwnStatus"
AIRKOREA = "/B552584/ArpltnInforInqireSvc/getCtprvnRltmMesureDnsty"
AIR_QUALITY = "/v1/air-quality"
PATHS = (PWN_STATUS, AIRKOREA, AIR_QUALITY)
DEMO_T6 = "o 한파주의보 : 광주\r\no 풍랑주의보 : 서해남부먼바다"
_XML = "text/xml;charset=UTF-8"
_PLUME = (35.87, 128.60)  # dust gathers over 대구 in the demo

# AirKorea stations (province, name, lat, lon): a few per province, named as the service does.
STATIONS = (
    ("서울", "중구", 37.564, 126.975), ("서울", "종로구", 37.572, 127.005),
    ("부산", "광복동", 35.099, 129.031), ("대구", "수창동", 35.868, 128.594),
    ("인천", "신흥", 37.466, 126.633), ("광주", "농성동", 35.153, 126.890),
    ("대전", "문창동", 36.317, 127.432), ("울산", "신정동", 35.536, 129.311),
    ("세종", "신흥동", 36.592, 127.292), ("경기", "인계동", 37.265, 127.031),
    ("경기", "광교동", 37.292, 127.045), ("강원", "옥천동", 37.757, 128.898),
    ("강원", "명륜동", 37.333, 127.929), ("충북", "복대동", 36.640, 127.442),
    ("충남", "내포", 36.658, 126.673), ("전북", "삼천동", 35.802, 127.117),
    ("전남", "연향동", 34.944, 127.519), ("경북", "장흥동", 35.994, 129.376),
    ("경북", "원평동", 36.125, 128.336), ("경남", "용지동", 35.238, 128.680),
    ("경남", "동상동", 35.236, 128.882), ("제주", "이도동", 33.500, 126.534),
)  # fmt: skip


@dataclass
class AlertsState:
    t6: str | None = DEMO_T6  # None: NO_DATA (no status in the last 7 days)
    issued: datetime | None = None  # aware; None: two hours before the newsroom's clock
    dust: tuple[float, float] | None = None  # (pm10, pm25) everywhere; None: by place
    failing: set[str] = field(default_factory=set)  # "warnings", "air": answer HTTP 500


def _unit(key: str, lo: float, hi: float) -> float:
    h = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") / 2**32
    return lo + (hi - lo) * h


def dust_at(lat: float, lon: float, state: AlertsState) -> tuple[float, float]:
    """(PM10, PM2.5) in µg/m³: clean air with some noise, and the plume over 대구."""
    if state.dust is not None:
        return state.dust
    d = math.hypot(lat - _PLUME[0], lon - _PLUME[1])
    bump = math.exp(-((d / 0.25) ** 2))
    pm10 = _unit(f"pm10{lat:.2f},{lon:.2f}", 14, 42) + 75 * bump
    pm25 = _unit(f"pm25{lat:.2f},{lon:.2f}", 6, 20) + 30 * bump
    return round(pm10, 1), round(pm25, 1)


def reply(path: str, query: dict[str, list[str]], now: datetime, state: AlertsState) -> Reply:
    kind = "air" if path in (AIRKOREA, AIR_QUALITY) else "warnings"
    if kind in state.failing:
        return 500, b"Unexpected errors\n", "text/plain"
    if path == PWN_STATUS:
        return pwn_status(query, now, state)
    if path == AIRKOREA:
        return airkorea(query, now, state)
    return air_quality(query, now, state)


# --- 기상특보 -------------------------------------------------------------------------------
def _header(code: str, msg: str, data_type: str) -> Reply:
    if data_type == "JSON":
        body = {"response": {"header": {"resultCode": code, "resultMsg": msg}}}
        return 200, json.dumps(body).encode(), JSON_TYPE
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><response><header>'
        f"<resultCode>{code}</resultCode><resultMsg>{msg}</resultMsg></header></response>"
    )
    return 200, xml.encode(), _XML


def pwn_status(query: dict[str, list[str]], now: datetime, state: AlertsState) -> Reply:
    data_type = query.get("dataType", ["XML"])[0].upper()
    if query.get("serviceKey", [""])[0] != DEMO_KEY:
        return 200, KEY_ERROR_XML, _XML
    try:
        page, rows = int(query.get("pageNo", ["1"])[0]), int(query.get("numOfRows", ["10"])[0])
    except ValueError:
        return _header("10", "INVALID_REQUEST_PARAMETER_ERROR", data_type)
    if state.t6 is None or page != 1 or rows < 1:
        return _header("03", "NO_DATA", data_type)
    issued = (
        state.issued or now.astimezone(KST).replace(minute=0) - timedelta(hours=2)
    ).astimezone(KST)
    item = {
        "tmFc": int(issued.strftime("%Y%m%d%H%M")),
        "tmSeq": 40 + issued.day,
        "tmEf": int(issued.strftime("%Y%m%d%H%M")),
        "t6": state.t6,
        "t7": "o 없음",
        "other": "o 없음",
    }
    if data_type == "JSON":
        body = {
            "response": {
                "header": {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"},
                "body": {
                    "dataType": "JSON",
                    "items": {"item": [item]},
                    "pageNo": 1,
                    "numOfRows": rows,
                    "totalCount": 1,
                },
            }
        }
        return 200, json.dumps(body, ensure_ascii=False).encode(), JSON_TYPE
    fields = "".join(f"<{k}>{v}</{k}>" for k, v in sorted(item.items()))
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><response><header><resultCode>00</resultCode>'
        "<resultMsg>NORMAL_SERVICE</resultMsg></header><body><dataType>XML</dataType>"
        f"<items><item>{fields}</item></items><numOfRows>{rows}</numOfRows><pageNo>1</pageNo>"
        "<totalCount>1</totalCount></body></response>"
    )
    return 200, xml.encode(), _XML


# --- AirKorea ---------------------------------------------------------------------------------
_SIDOS = {s for s, *_ in STATIONS} | {"전국"}


def _grade(value: float, tops: tuple[int, int, int]) -> str:
    whole = math.floor(value + 0.5)
    return str(next((i for i, top in enumerate(tops) if whole <= top), 3) + 1)


def airkorea(query: dict[str, list[str]], now: datetime, state: AlertsState) -> Reply:
    if query.get("serviceKey", [""])[0] != DEMO_KEY:
        return 200, KEY_ERROR_XML, _XML
    sido = query.get("sidoName", [""])[0]
    json_type = query.get("returnType", ["xml"])[0].lower() == "json"
    if sido not in _SIDOS:
        return _header("10", "INVALID_REQUEST_PARAMETER_ERROR", "JSON" if json_type else "XML")
    hour = now.astimezone(KST).replace(minute=0, second=0, microsecond=0)
    if now.astimezone(KST).minute < 15:  # each hour's values are out at about a quarter past
        hour -= timedelta(hours=1)
    rows = []
    for province, name, lat, lon in STATIONS:
        if sido not in ("전국", province):
            continue
        pm10, pm25 = dust_at(lat, lon, state)
        rows.append(
            {
                "sidoName": province,
                "stationName": name,
                "mangName": "도시대기",
                "dataTime": hour.strftime("%Y-%m-%d %H:%M"),
                "so2Value": "0.003",
                "coValue": "0.4",
                "o3Value": "0.021",
                "no2Value": "0.018",
                "pm10Value": str(math.floor(pm10 + 0.5)),
                "pm25Value": str(math.floor(pm25 + 0.5)),
                "pm10Grade": _grade(pm10, (30, 80, 150)),
                "pm25Grade": _grade(pm25, (15, 35, 75)),
                "pm10Flag": None,
                "pm25Flag": None,
            }
        )
    if name_broken := [r for r in rows if r["stationName"] == "종로구"]:
        # a station out of order, as some always are: values "-", a flag, no grade
        name_broken[0] |= {"pm10Value": "-", "pm25Value": "-", "pm10Grade": None}
        name_broken[0] |= {"pm25Grade": None, "pm10Flag": "통신장애", "pm25Flag": "통신장애"}
    body = {
        "response": {
            "body": {"totalCount": len(rows), "items": rows, "pageNo": 1, "numOfRows": 1000},
            "header": {"resultMsg": "NORMAL_CODE", "resultCode": "00"},
        }
    }
    return 200, json.dumps(body, ensure_ascii=False).encode(), JSON_TYPE


# --- Open-Meteo air quality ----------------------------------------------------------------
_AQ_UNITS = {"pm10": "μg/m³", "pm2_5": "μg/m³", "european_aqi": "EAQI", "us_aqi": "USAQI"}


def _aq_error(reason: str) -> Reply:
    return 400, json.dumps({"error": True, "reason": reason}).encode(), JSON_TYPE


def air_quality(query: dict[str, list[str]], now: datetime, state: AlertsState) -> Reply:
    try:
        lats = [float(x) for x in query["latitude"][0].split(",")]
        lons = [float(x) for x in query["longitude"][0].split(",")]
    except (KeyError, ValueError):
        return _aq_error("Parameter 'latitude' and 'longitude' must be numbers")
    if len(lats) != len(lons):
        return _aq_error(
            "Parameter 'latitude' and 'longitude' must have the same number of elements"
        )
    variables = [v for v in query.get("current", [""])[0].split(",") if v]
    for v in variables:
        if v not in _AQ_UNITS:
            return _aq_error(f"Cannot initialize AirQualityVariable from invalid String value {v}.")
    local = now.astimezone(KST).replace(minute=0, second=0, microsecond=0)
    out = []
    for lat, lon in zip(lats, lons, strict=True):
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return _aq_error(f"Latitude must be in range of -90 to 90°. Given: {lat}.")
        pm10, pm25 = dust_at(lat, lon, state)
        values = {"pm10": pm10, "pm2_5": pm25, "european_aqi": 20, "us_aqi": 40}
        obj: dict[str, object] = {
            "latitude": round(lat, 1),
            "longitude": round(lon, 1),
            "generationtime_ms": 0.1,
            "utc_offset_seconds": 32400,
            "timezone": "Asia/Seoul",
            "timezone_abbreviation": "GMT+9",
            "elevation": 30.0,
        }
        if variables:
            obj["current_units"] = {"time": "iso8601", "interval": "seconds"} | {
                v: _AQ_UNITS[v] for v in variables
            }
            obj["current"] = {"time": local.strftime("%Y-%m-%dT%H:%M"), "interval": 3600} | {
                v: values[v] for v in variables
            }
        out.append(obj)
    body = out[0] if len(out) == 1 else out
    return 200, json.dumps(body, ensure_ascii=False).encode(), JSON_TYPE

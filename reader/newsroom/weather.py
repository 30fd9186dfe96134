"""Weather endpoints in the shapes of Open-Meteo, the KMA API hub (ASOS hourly text) and
data.go.kr's ultra-short nowcast/forecast service. Values are deterministic per coordinate
(or grid point / station), so tests can assert exact numbers; only the time follows ``now``.

Each function takes the parsed query (``dict[str, list[str]]``) and ``now`` (aware) and returns
``(status, body, content_type)``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

from .content import KST

DEMO_KEY = "demo-key"
Reply = tuple[int, bytes, str]
JSON_TYPE = "application/json; charset=utf-8"

# ASOS station id → (name, lat, lon): the seed's 19 cities.
ASOS_STATIONS: dict[int, tuple[str, float, float]] = {
    105: ("강릉", 37.75, 128.89),
    108: ("서울", 37.57, 126.97),
    112: ("인천", 37.48, 126.62),
    114: ("원주", 37.34, 127.95),
    119: ("수원", 37.26, 126.98),
    131: ("청주", 36.64, 127.44),
    133: ("대전", 36.37, 127.37),
    138: ("포항", 36.03, 129.38),
    143: ("대구", 35.88, 128.65),
    146: ("전주", 35.84, 127.12),
    152: ("울산", 35.58, 129.33),
    155: ("창원", 35.17, 128.57),
    156: ("광주", 35.17, 126.89),
    159: ("부산", 35.10, 129.03),
    174: ("순천", 35.02, 127.37),
    177: ("홍성", 36.66, 126.69),
    184: ("제주", 33.51, 126.53),
    253: ("김해시", 35.23, 128.89),
    279: ("구미", 36.13, 128.32),
}
_WMO_CODES = (0, 1, 2, 3, 3, 45, 61, 71)


def _unit(key: str, lo: float, hi: float) -> float:
    """A stable pseudo-random value in [lo, hi) for *key*."""
    h = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") / 2**32
    return lo + (hi - lo) * h


def temperature_at(lat: float, lon: float) -> float:
    """November-ish temperature: warmer in the south, a little noise per place."""
    return round(16.0 - (lat - 33.0) * 2.2 + _unit(f"t{lat:.2f},{lon:.2f}", -2.5, 2.5), 1)


def wmo_code_at(lat: float, lon: float) -> int:
    return _WMO_CODES[int(_unit(f"c{lat:.2f},{lon:.2f}", 0, len(_WMO_CODES)))]


# --- Open-Meteo -------------------------------------------------------------------------------

_OM_UNITS = {
    "temperature_2m": "°C",
    "relative_humidity_2m": "%",
    "apparent_temperature": "°C",
    "is_day": "",
    "precipitation": "mm",
    "rain": "mm",
    "showers": "mm",
    "snowfall": "cm",
    "weather_code": "wmo code",
    "cloud_cover": "%",
    "pressure_msl": "hPa",
    "surface_pressure": "hPa",
    "wind_speed_10m": "km/h",
    "wind_direction_10m": "°",
    "wind_gusts_10m": "km/h",
}


def _om_error(reason: str, status: int = 400) -> Reply:
    return status, json.dumps({"error": True, "reason": reason}).encode(), JSON_TYPE


def _om_value(var: str, lat: float, lon: float, local: datetime) -> float | int:
    t = temperature_at(lat, lon)
    code = wmo_code_at(lat, lon)
    wet = code >= 61
    values: dict[str, float | int] = {
        "temperature_2m": t,
        "apparent_temperature": round(t - _unit(f"a{lat},{lon}", 1, 4), 1),
        "relative_humidity_2m": int(_unit(f"h{lat},{lon}", 35, 95)),
        "is_day": int(7 <= local.hour < 18),
        "precipitation": 0.4 if wet else 0.0,
        "rain": 0.4 if code == 61 else 0.0,
        "showers": 0.0,
        "snowfall": 0.21 if code == 71 else 0.0,
        "weather_code": code,
        "cloud_cover": {0: 0, 1: 20, 2: 55}.get(code, 100),
        "pressure_msl": round(_unit(f"p{lat},{lon}", 1008, 1030), 1),
        "surface_pressure": round(_unit(f"p{lat},{lon}", 1008, 1030) - 6, 1),
        "wind_speed_10m": round(_unit(f"w{lat},{lon}", 2, 25), 1),
        "wind_direction_10m": int(_unit(f"d{lat},{lon}", 0, 360)),
        "wind_gusts_10m": round(_unit(f"w{lat},{lon}", 2, 25) * 1.8, 1),
    }
    return values[var]


def _floats(raw: str, name: str) -> list[float] | str:
    try:
        return [float(x) for x in raw.split(",")]
    except ValueError:
        return f"Cannot initialize Float from invalid String value {raw} for key {name}"


def open_meteo_forecast(query: dict[str, list[str]], now: datetime) -> Reply:
    if "latitude" not in query or "longitude" not in query:
        missing = "latitude" if "latitude" not in query else "longitude"
        return _om_error(f"Value of type 'String' required for key '{missing}'.")
    lats = _floats(query["latitude"][0], "latitude")
    lons = _floats(query["longitude"][0], "longitude")
    if isinstance(lats, str) or isinstance(lons, str):
        return _om_error(lats if isinstance(lats, str) else str(lons))
    if len(lats) != len(lons):
        return _om_error(
            "Parameter 'latitude' and 'longitude' must have the same number of elements"
        )
    for lat, lon in zip(lats, lons, strict=True):
        if not -90 <= lat <= 90:
            return _om_error(f"Latitude must be in range of -90 to 90°. Given: {lat}.")
        if not -180 <= lon <= 180:
            return _om_error(f"Longitude must be in range of -180 to 180°. Given: {lon}.")
    variables = [v for v in query.get("current", [""])[0].split(",") if v]
    for v in variables:
        if v not in _OM_UNITS:
            return _om_error(f"Cannot initialize WeatherVariable from invalid String value {v}.")
    tz_name = query.get("timezone", ["GMT"])[0]
    if tz_name in ("GMT", "UTC"):
        tz, abbr, tz_label = UTC, "GMT", "GMT"
    elif tz_name in ("Asia/Seoul", "auto"):
        tz, abbr, tz_label = KST, "GMT+9", "Asia/Seoul"
    else:
        return _om_error(f"Invalid timezone {tz_name}")
    local = now.astimezone(tz)
    local = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
    results = []
    for lat, lon in zip(lats, lons, strict=True):
        obj: dict[str, object] = {
            "latitude": round(lat, 3),
            "longitude": round(lon, 3),
            "generationtime_ms": 0.05,
            "utc_offset_seconds": int(local.utcoffset().total_seconds()),  # type: ignore[union-attr]
            "timezone": tz_label,
            "timezone_abbreviation": abbr,
            "elevation": round(_unit(f"e{lat},{lon}", 5, 120), 1),
        }
        if variables:
            obj["current_units"] = {"time": "iso8601", "interval": "seconds"} | {
                v: _OM_UNITS[v] for v in variables
            }
            obj["current"] = {"time": local.strftime("%Y-%m-%dT%H:%M"), "interval": 900} | {
                v: _om_value(v, lat, lon, local) for v in variables
            }
        if "hourly" in query or "daily" in query:  # the region detail's forecast
            from .forecast import add_series

            if (reason := add_series(obj, query, lat, lon, local)) is not None:
                return _om_error(reason)
        results.append(obj)
    body = results[0] if len(results) == 1 else results
    return 200, json.dumps(body, ensure_ascii=False).encode(), JSON_TYPE


def open_meteo_failure(status: int) -> Reply:
    if status == 429:
        return _om_error(
            "Minutely API request limit exceeded. Please try again in one minute.", 429
        )
    return _om_error("Service temporarily unavailable", status)


# --- KMA API hub: ASOS hourly (kma_sfctm2.php) -------------------------------------------------

_SFC_HEAD = (
    "# YYMMDDHHMI STN  WD   WS GST  GST  GST     PA     PS PT    PR    TA    TD    HM    PV"
    "     RN     RN     RN     RN     SD     SD     SD WC WP WW                      CA  CA"
    "   CH CT        CT  CT  CT    VS   SS    SI ST    TS    TE    TE    TE    TE  ST   WH BF"
    " IR IX\n"
    "#        KST  ID  16  m/s  WD   WS   TM    hPa    hPa  -   hPa     C     C     %   hPa"
    "     mm    DAY    JUN    INT    HR3    DAY    TOT -- -- ---------------------- TOT MID"
    "  MIN -------- TOP MID LOW                  GD     C     5    10    20    30 SEA    m --"
    "  -  -\n"
)


def _sfc_row(tm: str, stn: int, lat: float, lon: float) -> str:
    ta = temperature_at(lat, lon)
    hm = float(int(_unit(f"h{lat},{lon}", 35, 95)))
    td = round(ta - (100 - hm) / 5, 1)
    ws = round(_unit(f"w{lat},{lon}", 2, 25) / 3.6, 1)
    wd = int(_unit(f"d{lat},{lon}", 0, 360)) // 10
    ps = round(_unit(f"p{lat},{lon}", 1008, 1030), 1)
    code = wmo_code_at(lat, lon)
    ca = {0: 0, 1: 2, 2: 5}.get(code, 9)
    rn = 0.5 if code >= 61 else -9.0
    # Widths follow the real service's fixed-width layout; -9 / -9.0 / -99.0 mean "missing".
    return (
        f"{tm} {stn:3d} {wd:3d} {ws:4.1f} {-9:3d} {-9.0:4.1f} {-9:4d} {ps - 9.6:6.1f} {ps:6.1f}"
        f" {-9:2d} {-9.0:5.1f} {ta:5.1f} {td:5.1f} {hm:5.1f} {-9.0:5.1f}"
        f" {rn:6.1f} {-9.0:6.1f} {-9.0:6.1f} {-9.0:6.1f} {-9.0:6.1f} {-9.0:6.1f} {-9.0:6.1f}"
        f" {-9:2d} {-9:2d} {'-':<22s}{ca:4d} {ca:3d} {-9:4d} {'-':<8s} {-9:3d} {-9:3d} {-9:3d}"
        f" {2000:5d} {-9.0:4.1f} {-9.0:5.2f} {-9:2d} {ta + 0.4:5.1f} {-99.0:5.1f} {-99.0:5.1f}"
        f" {-99.0:5.1f} {-99.0:5.1f} {-9:3d} {-9.0:4.1f} {-9:2d} {3:2d} {-9:2d}\n"
    )


def kma_sfctm2(query: dict[str, list[str]], now: datetime) -> Reply:
    if query.get("authKey", [""])[0] != DEMO_KEY:
        body = {
            "result": {"status": 403, "message": "인증키가 유효하지 않습니다. (invalid authKey)"}
        }
        return 403, json.dumps(body, ensure_ascii=False).encode(), JSON_TYPE
    local = now.astimezone(KST).replace(minute=0, second=0, microsecond=0)
    tm = query.get("tm", [""])[0] or local.strftime("%Y%m%d%H%M")
    if len(tm) != 12 or not tm.isdigit():
        return 200, b"#START7777\n# tm format error (YYYYMMDDHHMI)\n#7777END\n", "text/plain"
    stn = query.get("stn", ["0"])[0] or "0"
    ids = list(ASOS_STATIONS) if stn == "0" else [int(s) for s in stn.split(":") if s.isdigit()]
    when = datetime.strptime(tm, "%Y%m%d%H%M").replace(tzinfo=KST)
    text = "#START7777\n"
    if query.get("help", ["0"])[0] == "1":
        text += "#  기상청 지상관측 시간자료 [입력인수형태][예] ?tm=201007151200&stn=0&help=1\n"
        text += "#  TA: 기온(C), HM: 상대습도(%), WS: 풍속(m/s), 결측은 -9 또는 -99\n"
    text += _SFC_HEAD
    if when <= now:  # no observations from the future
        tm = when.replace(minute=0).strftime("%Y%m%d%H%M")
        for sid in ids:
            if sid in ASOS_STATIONS:
                _, lat, lon = ASOS_STATIONS[sid]
                text += _sfc_row(tm, sid, lat, lon)
    text += "#7777END\n"
    return 200, text.encode("euc-kr", errors="replace"), "text/plain; charset=EUC-KR"


# --- data.go.kr VilageFcstInfoService_2.0 --------------------------------------------------------

KEY_ERROR_XML = (
    b"<OpenAPI_ServiceResponse>\n\t<cmmMsgHeader>\n\t\t<errMsg>SERVICE ERROR</errMsg>\n"
    b"\t\t<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg>\n"
    b"\t\t<returnReasonCode>30</returnReasonCode>\n\t</cmmMsgHeader>\n</OpenAPI_ServiceResponse>"
)
_XML_TYPE = "text/xml;charset=UTF-8"


def _grid_values(nx: int, ny: int) -> dict[str, str]:
    # Invert the grid roughly to a latitude so the south is warmer, as with the other providers.
    lat = 33.0 + (ny - 30) * 0.05
    t = round(16.0 - (lat - 33.0) * 2.2 + _unit(f"g{nx},{ny}", -2.5, 2.5), 1)
    pty = 0 if _unit(f"r{nx},{ny}", 0, 1) < 0.75 else 1
    return {
        "PTY": str(pty),
        "REH": str(int(_unit(f"h{nx},{ny}", 35, 95))),
        "RN1": "0.5" if pty else "0",
        "T1H": f"{t:g}",
        "UUU": f"{_unit(f'u{nx},{ny}', -4, 4):.1f}",
        "VEC": str(int(_unit(f"d{nx},{ny}", 0, 360))),
        "VVV": f"{_unit(f'v{nx},{ny}', -4, 4):.1f}",
        "WSD": f"{_unit(f'w{nx},{ny}', 0.5, 7):.1f}",
        "SKY": ("1", "3", "4")[int(_unit(f"s{nx},{ny}", 0, 3))],
        "LGT": "0",
    }


def _dg_header(code: str, msg: str, data_type: str) -> Reply:
    if data_type == "JSON":
        body = {"response": {"header": {"resultCode": code, "resultMsg": msg}}}
        return 200, json.dumps(body).encode(), JSON_TYPE
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><response><header>'
        f"<resultCode>{code}</resultCode><resultMsg>{msg}</resultMsg></header></response>"
    )
    return 200, xml.encode(), _XML_TYPE


def data_go_kr(operation: str, query: dict[str, list[str]], now: datetime) -> Reply:
    """getUltraSrtNcst (nowcast, obsrValue) and getUltraSrtFcst (6 h forecast, fcstValue)."""

    def q(name: str, default: str = "") -> str:
        return query.get(name, [default])[0]

    data_type = q("dataType", "XML").upper()
    if q("serviceKey") != DEMO_KEY:
        return 200, KEY_ERROR_XML, _XML_TYPE  # the real service answers key errors in XML, 200
    try:
        page, rows = int(q("pageNo", "1")), int(q("numOfRows", "10"))
        nx, ny = int(q("nx")), int(q("ny"))
        base = datetime.strptime(q("base_date") + q("base_time"), "%Y%m%d%H%M").replace(tzinfo=KST)
    except ValueError:
        return _dg_header("10", "INVALID_REQUEST_PARAMETER_ERROR", data_type)
    if not (1 <= nx <= 149 and 1 <= ny <= 253) or base > now or now - base > timedelta(days=1):
        return _dg_header("03", "NO_DATA", data_type)
    vals = _grid_values(nx, ny)
    common = {"baseDate": q("base_date"), "baseTime": q("base_time")}
    items: list[dict[str, object]] = []
    if operation == "getUltraSrtNcst":
        for cat in ("PTY", "REH", "RN1", "T1H", "UUU", "VEC", "VVV", "WSD"):
            items.append(common | {"category": cat, "nx": nx, "ny": ny, "obsrValue": vals[cat]})
    else:
        first = base.replace(minute=0) + timedelta(hours=1)
        for cat in ("LGT", "PTY", "RN1", "SKY", "T1H", "REH", "UUU", "VVV", "VEC", "WSD"):
            for h in range(6):
                at = first + timedelta(hours=h)
                value = vals[cat]
                if cat == "RN1":
                    value = "강수없음" if vals["PTY"] == "0" else "1mm 미만"
                elif cat == "T1H":
                    value = f"{float(vals['T1H']) + (h - 2) * 0.3:.0f}"
                items.append(
                    common
                    | {
                        "category": cat,
                        "fcstDate": at.strftime("%Y%m%d"),
                        "fcstTime": at.strftime("%H%M"),
                        "fcstValue": value,
                        "nx": nx,
                        "ny": ny,
                    }
                )
    total = len(items)
    items = items[(page - 1) * rows : page * rows]
    if data_type == "JSON":
        body = {
            "response": {
                "header": {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"},
                "body": {
                    "dataType": "JSON",
                    "items": {"item": items},
                    "pageNo": page,
                    "numOfRows": rows,
                    "totalCount": total,
                },
            }
        }
        return 200, json.dumps(body, ensure_ascii=False).encode(), JSON_TYPE
    xml_items = "".join(
        "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in it.items()) + "</item>" for it in items
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><response><header>'
        "<resultCode>00</resultCode><resultMsg>NORMAL_SERVICE</resultMsg></header><body>"
        f"<dataType>XML</dataType><items>{xml_items}</items><numOfRows>{rows}</numOfRows>"
        f"<pageNo>{page}</pageNo><totalCount>{total}</totalCount></body></response>"
    )
    return 200, xml.encode(), _XML_TYPE

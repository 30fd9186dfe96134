"""Forecasts for the region detail: Open-Meteo's ``hourly``/``daily`` series (added to a
``/v1/forecast`` answer) and data.go.kr's 단기예보 ``getVilageFcst`` (fcstValue per category
and hour, TMN/TMX for each day's minimum and maximum). Deterministic per place, like the
observations, with a day's swing of a few degrees."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta

from .content import KST
from .weather import DEMO_KEY, JSON_TYPE, KEY_ERROR_XML, Reply, _grid_values, _unit, wmo_code_at

_HOURLY_UNITS = {"temperature_2m": "°C", "weather_code": "wmo code", "precipitation": "mm"}
_DAILY_UNITS = {"temperature_2m_max": "°C", "temperature_2m_min": "°C", "weather_code": "wmo code"}
_BASE_HOURS = (2, 5, 8, 11, 14, 17, 20, 23)  # 단기예보 runs, each out about 10 minutes later


def swing(hour: int) -> float:
    """Degrees above the day's mean: coldest about 06:00, warmest about 15:00."""
    return 4.0 * math.sin((hour - 9) / 24 * 2 * math.pi)


def _hourly_code(lat: float, lon: float, when: datetime) -> int:
    shift = int(_unit(f"s{lat:.2f},{lon:.2f},{when:%d%H}", 0, 8))
    return wmo_code_at(lat, lon) if shift < 6 else (0, 3, 61)[shift - 5]


def add_series(
    obj: dict[str, object], query: dict[str, list[str]], lat: float, lon: float, local: datetime
) -> str | None:
    """Add ``hourly``/``daily`` to one location's answer; an error reason, else None."""
    from .weather import temperature_at

    try:
        days = int(query.get("forecast_days", ["7"])[0])
    except ValueError:
        return "Parameter 'forecast_days' must be an integer"
    if not 0 <= days <= 16:
        return "Forecast days is invalid. Allowed range 0 to 16."
    hourly = [v for v in query.get("hourly", [""])[0].split(",") if v]
    daily = [v for v in query.get("daily", [""])[0].split(",") if v]
    for v in hourly:
        if v not in _HOURLY_UNITS:
            return f"Cannot initialize WeatherVariable from invalid String value {v}."
    for v in daily:
        if v not in _DAILY_UNITS:
            return f"Cannot initialize DailyWeatherVariable from invalid String value {v}."
    mean = temperature_at(lat, lon)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    hours = [midnight + timedelta(hours=h) for h in range(24 * days)]
    temps = [round(mean + swing(t.hour), 1) for t in hours]
    codes = [_hourly_code(lat, lon, t) for t in hours]
    if hourly:
        values = {
            "temperature_2m": temps,
            "weather_code": codes,
            "precipitation": [0.4 if c >= 61 else 0.0 for c in codes],
        }
        obj["hourly_units"] = {"time": "iso8601"} | {v: _HOURLY_UNITS[v] for v in hourly}
        obj["hourly"] = {"time": [t.strftime("%Y-%m-%dT%H:%M") for t in hours]} | {
            v: values[v] for v in hourly
        }
    if daily:
        dates = [midnight + timedelta(days=d) for d in range(days)]
        per_day = [temps[24 * d : 24 * d + 24] for d in range(days)]
        values_d = {
            "temperature_2m_max": [max(t) for t in per_day],
            "temperature_2m_min": [min(t) for t in per_day],
            "weather_code": [max(codes[24 * d : 24 * d + 24]) for d in range(days)],
        }
        obj["daily_units"] = {"time": "iso8601"} | {v: _DAILY_UNITS[v] for v in daily}
        obj["daily"] = {"time": [d.strftime("%Y-%m-%d") for d in dates]} | {
            v: values_d[v] for v in daily
        }
    return None


# --- 단기예보 getVilageFcst -------------------------------------------------------------------
def _header(code: str, msg: str) -> Reply:
    body = {"response": {"header": {"resultCode": code, "resultMsg": msg}}}
    return 200, json.dumps(body).encode(), JSON_TYPE


def vilage_fcst(query: dict[str, list[str]], now: datetime) -> Reply:
    def q(name: str, default: str = "") -> str:
        return query.get(name, [default])[0]

    if q("serviceKey") != DEMO_KEY:
        return 200, KEY_ERROR_XML, "text/xml;charset=UTF-8"
    try:
        page, rows = int(q("pageNo", "1")), int(q("numOfRows", "10"))
        nx, ny = int(q("nx")), int(q("ny"))
        base = datetime.strptime(q("base_date") + q("base_time"), "%Y%m%d%H%M").replace(tzinfo=KST)
    except ValueError:
        return _header("10", "INVALID_REQUEST_PARAMETER_ERROR")
    if base.hour not in _BASE_HOURS or base.minute or rows < 1 or page < 1:
        return _header("10", "INVALID_REQUEST_PARAMETER_ERROR")
    if not (1 <= nx <= 149 and 1 <= ny <= 253) or base + timedelta(minutes=10) > now:
        return _header("03", "NO_DATA")
    mean = float(_grid_values(nx, ny)["T1H"])
    sky, pty = _grid_values(nx, ny)["SKY"], _grid_values(nx, ny)["PTY"]
    items: list[dict[str, object]] = []
    common = {"baseDate": q("base_date"), "baseTime": q("base_time"), "nx": nx, "ny": ny}
    for h in range(1, 24 * 3 - base.hour):
        at = base + timedelta(hours=h)
        temp = round(mean + swing(at.hour))
        values = {
            "TMP": str(temp),
            "SKY": sky,
            "PTY": pty,
            "POP": "60" if pty != "0" else "10",
            "PCP": "1.0mm" if pty != "0" else "강수없음",
            "REH": "60",
            "SNO": "적설없음",
            "WSD": "2.1",
        }
        if at.hour == 6:
            values["TMN"] = f"{mean + swing(6):.1f}"
        if at.hour == 15:
            values["TMX"] = f"{mean + swing(15):.1f}"
        for category, value in values.items():
            items.append(
                common
                | {
                    "category": category,
                    "fcstDate": at.strftime("%Y%m%d"),
                    "fcstTime": at.strftime("%H%M"),
                    "fcstValue": value,
                }
            )
    total = len(items)
    body = {
        "response": {
            "header": {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"},
            "body": {
                "dataType": "JSON",
                "items": {"item": items[(page - 1) * rows : page * rows]},
                "pageNo": page,
                "numOfRows": rows,
                "totalCount": total,
            },
        }
    }
    return 200, json.dumps(body, ensure_ascii=False).encode(), JSON_TYPE

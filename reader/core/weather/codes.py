"""Condition codes → words (Korean and English) and icons.

Three code spaces reach the bar: WMO weather codes from Open-Meteo (a subset of WMO 4677), the
present-weather code ``WW`` of KMA's ASOS observations (full WMO 4677, 00–99), and the SKY/PTY
codes of KMA's village and ultra-short forecasts. Each maps to one `Condition`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ICONS",
    "KMA_PTY",
    "KMA_SKY",
    "WMO_CODES",
    "Condition",
    "cloud_condition",
    "condition_from_code",
    "kma_condition",
    "wmo_condition",
]


@dataclass(frozen=True, slots=True)
class Condition:
    code: str  # "wmo:61", "sky:4", "pty:1"
    ko: str
    en: str
    icon: str  # emoji


# (ko, en, icon)
_CLEAR = ("맑음", "clear", "☀️")
_MOSTLY_CLEAR = ("대체로 맑음", "mainly clear", "🌤\ufe0f")
_PARTLY = ("구름조금", "partly cloudy", "⛅")
_MOSTLY_CLOUDY = ("구름많음", "mostly cloudy", "⛅")
_OVERCAST = ("흐림", "overcast", "☁️")
_FOG = ("안개", "fog", "🌫\ufe0f")
_RIME_FOG = ("서리 안개", "rime fog", "🌫\ufe0f")
_MIST = ("박무", "mist", "🌫\ufe0f")
_HAZE = ("연무", "haze", "🌫\ufe0f")
_DUST = ("황사", "dust", "🌫\ufe0f")
_DRIZZLE_L = ("약한 이슬비", "light drizzle", "🌦\ufe0f")
_DRIZZLE = ("이슬비", "drizzle", "🌦\ufe0f")
_DRIZZLE_H = ("강한 이슬비", "dense drizzle", "🌧\ufe0f")
_FDRIZZLE_L = ("약한 어는 이슬비", "light freezing drizzle", "🌧\ufe0f")
_FDRIZZLE_H = ("강한 어는 이슬비", "dense freezing drizzle", "🌧\ufe0f")
_RAIN_L = ("약한 비", "light rain", "🌦\ufe0f")
_RAIN = ("비", "rain", "🌧\ufe0f")
_RAIN_H = ("강한 비", "heavy rain", "🌧\ufe0f")
_FRAIN_L = ("약한 어는 비", "light freezing rain", "🌧\ufe0f")
_FRAIN_H = ("강한 어는 비", "heavy freezing rain", "🌧\ufe0f")
_SLEET = ("비/눈", "rain and snow", "🌨\ufe0f")
_SNOW_L = ("약한 눈", "light snow", "🌨\ufe0f")
_SNOW = ("눈", "snow", "❄️")
_SNOW_H = ("강한 눈", "heavy snow", "❄️")
_SNOW_GRAINS = ("싸락눈", "snow grains", "🌨\ufe0f")
_SHOWER_L = ("약한 소나기", "light showers", "🌦\ufe0f")
_SHOWER = ("소나기", "showers", "🌦\ufe0f")
_SHOWER_H = ("강한 소나기", "violent showers", "⛈\ufe0f")
_SNOW_SHOWER_L = ("약한 눈소나기", "light snow showers", "🌨\ufe0f")
_SNOW_SHOWER_H = ("강한 눈소나기", "heavy snow showers", "🌨\ufe0f")
_THUNDER = ("뇌우", "thunderstorm", "⛈\ufe0f")
_THUNDER_HAIL = ("우박 동반 뇌우", "thunderstorm with hail", "⛈\ufe0f")
_THUNDER_HAIL_H = ("강한 우박 동반 뇌우", "thunderstorm with heavy hail", "⛈\ufe0f")
_HAIL = ("우박", "hail", "🌨\ufe0f")
_DRIZZLE_SPOTS = ("빗방울", "raindrops", "🌦\ufe0f")
_SLEET_SPOTS = ("빗방울/눈날림", "raindrops and snow flurries", "🌨\ufe0f")
_FLURRIES = ("눈날림", "snow flurries", "🌨\ufe0f")
_NONE = ("강수 없음", "no precipitation", "🌡\ufe0f")
_UNKNOWN = ("알 수 없음", "unknown", "❔")

# Every code Open-Meteo documents for `weather_code`.
WMO_CODES: dict[int, tuple[str, str, str]] = {
    0: _CLEAR,
    1: _MOSTLY_CLEAR,
    2: _PARTLY,
    3: _OVERCAST,
    45: _FOG,
    48: _RIME_FOG,
    51: _DRIZZLE_L,
    53: _DRIZZLE,
    55: _DRIZZLE_H,
    56: _FDRIZZLE_L,
    57: _FDRIZZLE_H,
    61: _RAIN_L,
    63: _RAIN,
    65: _RAIN_H,
    66: _FRAIN_L,
    67: _FRAIN_H,
    71: _SNOW_L,
    73: _SNOW,
    75: _SNOW_H,
    77: _SNOW_GRAINS,
    80: _SHOWER_L,
    81: _SHOWER,
    82: _SHOWER_H,
    85: _SNOW_SHOWER_L,
    86: _SNOW_SHOWER_H,
    95: _THUNDER,
    96: _THUNDER_HAIL,
    99: _THUNDER_HAIL_H,
}

# WMO 4677 present weather in decades, for the codes outside Open-Meteo's list (ASOS `WW`).
_WMO_4677_SPECIAL: dict[int, tuple[str, str, str]] = {
    4: _HAZE,
    5: _HAZE,
    6: _DUST,
    7: _DUST,
    8: _DUST,
    9: _DUST,
    10: _MIST,
    17: _THUNDER,
    18: _SHOWER_H,
    19: _SHOWER_H,
    20: _DRIZZLE,
    21: _RAIN,
    22: _SNOW,
    23: _SLEET,
    24: _FRAIN_L,
    25: _SHOWER,
    26: _SNOW_SHOWER_L,
    27: _HAIL,
    28: _FOG,
    29: _THUNDER,
    68: _SLEET,
    69: _SLEET,
    83: _SLEET,
    84: _SLEET,
    87: _HAIL,
    88: _HAIL,
    89: _HAIL,
    90: _HAIL,
}


def _decade(code: int) -> tuple[str, str, str]:
    if code in _WMO_4677_SPECIAL:
        return _WMO_4677_SPECIAL[code]
    tens = code // 10
    if tens == 0:  # 00–03: cloud development; 11–16: shallow fog, precipitation in sight
        return (_CLEAR, _MOSTLY_CLEAR, _PARTLY, _OVERCAST)[code] if code <= 3 else _HAZE
    return {
        1: _MIST,
        3: _DUST,  # duststorm, sandstorm, blowing snow
        4: _FOG,
        5: _DRIZZLE,
        6: _RAIN,
        7: _SNOW,
        8: _SHOWER,
        9: _THUNDER,
    }.get(tens, _UNKNOWN)


def wmo_condition(code: int) -> Condition:
    """Any WMO 4677 code 0–99 (Open-Meteo's and ASOS `WW`) → a condition; others: unknown."""
    if code in WMO_CODES:
        words = WMO_CODES[code]
    elif 0 <= code <= 99:
        words = _decade(code)
    else:
        words = _UNKNOWN
    return Condition(f"wmo:{code}", *words)


# KMA forecast sky state (2 was "구름조금" before 2019; still seen in archives).
KMA_SKY: dict[int, tuple[str, str, str]] = {
    1: _CLEAR,
    2: _PARTLY,
    3: _MOSTLY_CLOUDY,
    4: _OVERCAST,
}
# KMA precipitation type: 0–4 village forecast, 5–7 ultra-short (nowcast/forecast) only.
KMA_PTY: dict[int, tuple[str, str, str]] = {
    0: _NONE,
    1: _RAIN,
    2: _SLEET,
    3: _SNOW,
    4: _SHOWER,
    5: _DRIZZLE_SPOTS,
    6: _SLEET_SPOTS,
    7: _FLURRIES,
}


# Every icon a condition can carry (the bar must know which are two code points: base + VS16).
ICONS = frozenset(
    words[2]
    for table in (WMO_CODES, _WMO_4677_SPECIAL, KMA_SKY, KMA_PTY)
    for words in table.values()
) | {_MIST[2], _DUST[2], _HAZE[2], _UNKNOWN[2]}


def kma_condition(sky: int | None, pty: int | None) -> Condition | None:
    """Precipitation wins over sky; PTY 0 with no SKY says only "no precipitation"."""
    if pty is not None and pty != 0 and pty in KMA_PTY:
        return Condition(f"pty:{pty}", *KMA_PTY[pty])
    if sky is not None and sky in KMA_SKY:
        return Condition(f"sky:{sky}", *KMA_SKY[sky])
    if pty == 0:
        return Condition("pty:0", *KMA_PTY[0])
    return None


def cloud_condition(tenths: int) -> Condition | None:
    """Total cloud amount in tenths (ASOS `CA_TOT`) → KMA's sky classes (0–5, 6–8, 9–10)."""
    if not 0 <= tenths <= 10:
        return None
    sky = 1 if tenths <= 5 else 3 if tenths <= 8 else 4
    return Condition(f"sky:{sky}", *KMA_SKY[sky])


def condition_from_code(code: object) -> Condition | None:
    """Rebuild a condition from its stored code ("wmo:3", "sky:4", "pty:1")."""
    if not isinstance(code, str) or ":" not in code:
        return None
    space, _, number = code.partition(":")
    try:
        value = int(number)
    except ValueError:
        return None
    if space == "wmo":
        return wmo_condition(value)
    if space == "sky":
        return kma_condition(value, None)
    if space == "pty":
        return kma_condition(None, value)
    return None

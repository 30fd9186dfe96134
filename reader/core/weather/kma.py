"""KMA (기상청): ASOS hourly observations from the API hub, and the data.go.kr nowcast.

Regions with an ASOS station id are read from ONE API-hub call (`kma_sfctm2.php`, stn=0: every
station, fixed-width text). Regions with only a grid point (user regions without a station) are
read from the data.go.kr ultra-short nowcast (`getUltraSrtNcst`, one call per grid point), with
the sky state from the ultra-short forecast when it answers. data.go.kr reports key problems as
XML with HTTP 200 even when JSON was asked for; both services mark missing values with
-9/-99 (ASOS) or ±900 and beyond (forecasts).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from reader.core.weather import datagokr
from reader.core.weather.base import Observation, WeatherError, get, printable
from reader.core.weather.codes import Condition, cloud_condition, kma_condition, wmo_condition

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.regions import Region

__all__ = ["KST", "KmaProvider", "asos_url", "nowcast_url", "parse_asos", "parse_nowcast"]

KST = timezone(timedelta(hours=9), "KST")
WHO = "KMA"
_STEPS = 3  # how many hours back to look for data that is not yet published
_TEXT_ACCEPT = "text/plain, */*;q=0.5"
_JSON_ACCEPT = "application/json, */*;q=0.5"
# ASOS kma_sfctm2 columns (0-based): TA air temperature, RN rain, WC GTS present weather
# (WMO 4677), CA_TOT total cloud in tenths.
_TM, _STN, _TA, _WC, _CA = 0, 1, 11, 22, 25
_NCST_PATH = "/1360000/VilageFcstInfoService_2.0/getUltraSrtNcst"
_FCST_PATH = "/1360000/VilageFcstInfoService_2.0/getUltraSrtFcst"


def asos_url(base_url: str, key: str, tm: datetime) -> str:
    query = urlencode({"tm": tm.astimezone(KST).strftime("%Y%m%d%H%M"), "stn": 0, "help": 0})
    return f"{base_url.rstrip('/')}/api/typ01/url/kma_sfctm2.php?{query}&authKey={_q(key)}"


def nowcast_url(
    data_url: str, key: str, base: datetime, nx: int, ny: int, *, fcst: bool = False
) -> str:
    base = base.astimezone(KST)
    query = urlencode(
        {
            "pageNo": 1,
            "numOfRows": 60,
            "dataType": "JSON",
            "base_date": base.strftime("%Y%m%d"),
            "base_time": base.strftime("%H%M"),
            "nx": nx,
            "ny": ny,
        }
    )
    path = _FCST_PATH if fcst else _NCST_PATH
    return f"{data_url.rstrip('/')}{path}?serviceKey={_q(key)}&{query}"


def _q(key: str) -> str:
    return datagokr.quoted_key(key)


class KmaProvider:
    name = "kma"
    attribution = "기상청 제공"

    def __init__(
        self,
        key: str | None,
        hub_url: str = "https://apihub.kma.go.kr",
        data_url: str = "https://apis.data.go.kr",
    ) -> None:
        self.key = (key or "").strip()
        self.hub_url = hub_url
        self.data_url = data_url

    async def fetch(
        self, client: HttpClient, regions: Sequence[Region], now: datetime
    ) -> list[Observation]:
        if not self.key:
            raise WeatherError(
                "no KMA API key: set kma_key in [weather] or the KMA_API_KEY environment variable",
                key_error=True,
            )
        stations = {r.stn for r in regions if r.stn is not None}
        gridded = [r for r in regions if r.stn is None and r.grid is not None]
        found: dict[int, tuple[float | None, Condition | None, datetime]] = {}
        if stations:
            found = await self._asos(client, stations, now)
        nowcasts = await asyncio.gather(*(self._nowcast(client, r, now) for r in gridded))
        by_name = {r.name: o for r, o in zip(gridded, nowcasts, strict=True)}
        out: list[Observation] = []
        for r in regions:
            if r.name in by_name:
                out.append(by_name[r.name])
            elif r.stn is not None and r.stn in found:
                temperature, condition, observed = found[r.stn]
                out.append(Observation(r.name, r.label, condition, temperature, observed))
            else:
                out.append(Observation(r.name, r.label))
        return out

    async def _asos(
        self, client: HttpClient, stations: set[int], now: datetime
    ) -> dict[int, tuple[float | None, Condition | None, datetime]]:
        """The newest hour that has rows for our stations (stepping back while unpublished)."""
        hour = now.astimezone(KST).replace(minute=0, second=0, microsecond=0)
        for step in range(_STEPS):
            url = asos_url(self.hub_url, self.key, hour - timedelta(hours=step))
            result = await get(client, url, who=WHO, accept=_TEXT_ACCEPT)
            rows = parse_asos(result.body)
            if any(stn in rows for stn in stations):
                return rows
        return {}

    async def _nowcast(self, client: HttpClient, region: Region, now: datetime) -> Observation:
        assert region.nx is not None and region.ny is not None
        # the nowcast for hour HH is published at HH:40
        base = (now.astimezone(KST) - timedelta(minutes=40)).replace(
            minute=0, second=0, microsecond=0
        )
        values: dict[str, float | None] | None = None
        for step in range(_STEPS):
            when = base - timedelta(hours=step)
            url = nowcast_url(self.data_url, self.key, when, region.nx, region.ny)
            result = await get(client, url, who=WHO, accept=_JSON_ACCEPT)
            values = parse_nowcast(result.body)
            if values is not None:
                break
        if values is None:
            return Observation(region.name, region.label)
        pty = values.get("PTY")
        sky = await self._sky(client, region, now) if not pty else None
        condition = kma_condition(sky, int(pty) if pty is not None else None)
        return Observation(region.name, region.label, condition, values.get("T1H"), when)

    async def _sky(self, client: HttpClient, region: Region, now: datetime) -> int | None:
        """SKY from the ultra-short forecast (base HH30, out at HH45); None when it fails."""
        assert region.nx is not None and region.ny is not None
        kst = now.astimezone(KST) - timedelta(minutes=45)
        base = kst.replace(minute=30, second=0, microsecond=0)
        try:
            url = nowcast_url(self.data_url, self.key, base, region.nx, region.ny, fcst=True)
            result = await get(client, url, who=WHO, accept=_JSON_ACCEPT)
            items = _items(result.body)
        except WeatherError:
            return None
        skies = sorted(
            (str(i.get("fcstDate", "")) + str(i.get("fcstTime", "")), _number(i.get("fcstValue")))
            for i in items or ()
            if isinstance(i, dict) and i.get("category") == "SKY"
        )
        for _when, value in skies:
            if value is not None:
                return int(value)
        return None


# --- parsing ------------------------------------------------------------------------------
def _decode(body: bytes) -> str:
    return datagokr.decode(body)


def _xml_error(text: str) -> WeatherError | None:
    return datagokr.xml_error(text, WHO)


def _items(body: bytes) -> list[Any] | None:
    """data.go.kr JSON items; None for NO_DATA; raises WeatherError for every other error."""
    return datagokr.items(body, WHO, "nowcast answer")


def _number(value: object, *, missing_at: float = 900.0) -> float | None:
    return datagokr.number(value, missing_at=missing_at)


def parse_nowcast(body: bytes) -> dict[str, float | None] | None:
    """category → value from getUltraSrtNcst (None for NO_DATA; ±900 and beyond → None)."""
    items = _items(body)
    if items is None:
        return None
    return {
        str(i["category"]): _number(i.get("obsrValue"))
        for i in items
        if isinstance(i, dict) and "category" in i
    }


def parse_asos(body: bytes) -> dict[int, tuple[float | None, Condition | None, datetime]]:
    """Station id → (temperature, condition, observed) from the API hub's fixed-width text."""
    text = _decode(body)
    stripped = text.strip()
    if stripped.startswith("{"):
        raise WeatherError(f"{WHO}: {_hub_json_message(stripped)}")
    if (error := _xml_error(stripped)) is not None:
        raise error
    if "#START7777" not in text and not re.search(r"^\s*\d{12}\s", text, re.MULTILINE):
        raise WeatherError(f"{WHO}: the ASOS answer is not the expected table")
    rows: dict[int, tuple[float | None, Condition | None, datetime]] = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2 or line.lstrip().startswith("#") or not fields[_TM].isdigit():
            continue
        try:
            observed = datetime.strptime(fields[_TM], "%Y%m%d%H%M").replace(tzinfo=KST)
            stn = int(fields[_STN])
        except ValueError:
            continue
        ta = _field(fields, _TA)
        temperature = None if ta is None or ta <= -50.0 else ta  # -99.x: missing
        rows[stn] = (temperature, _asos_condition(fields), observed)
    return rows


def _field(fields: list[str], index: int) -> float | None:
    if index >= len(fields):
        return None
    return _number(fields[index], missing_at=1e9)


def _asos_condition(fields: list[str]) -> Condition | None:
    wc, ca = _field(fields, _WC), _field(fields, _CA)
    if wc is not None and 4 <= wc <= 99:  # 00–03 say how clouds changed, not what they are
        return wmo_condition(int(wc))
    if ca is not None and 0 <= ca <= 10:
        return cloud_condition(int(ca))
    if wc is not None and 0 <= wc <= 3:
        return wmo_condition(int(wc))
    return None  # -9: not observed (most stations are automatic now)


def _hub_json_message(text: str) -> str:
    try:
        data = json.loads(text)
        result = data.get("result", data)
        message = result.get("message") or result.get("msg") or "error"
        status = result.get("status")
    except (ValueError, AttributeError, RecursionError):
        return "unexpected JSON answer"
    if str(status) in ("401", "403") or "인증" in str(message):
        return f"rejected the API key ({printable(str(message), 80)})"
    return printable(str(message), 80)

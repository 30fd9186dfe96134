"""KMA weather warnings (기상특보) from data.go.kr's WthrWrnInfoService, `getPwnStatus`.

One request covers the whole country: the answer's newest item carries ``t6`` (특보발효현황
내용), the warnings in force, one clause per warning::

    o 한파주의보 : 광주, 전라남도(순천, 광양), 강원도(강릉평지, 강원북부산지)
    o 호우경보 : 제주도(제주도산지)

and "o 없음" (sometimes "o 없 음") when none is. ``tmFc`` is when that status was issued.
Clauses name metropolitan cities alone and other places inside their province; a list in
parentheses that ends with "제외" names the parts left out. A warning lifted since is simply
absent from the next status, so each refresh replaces the last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from reader.core.text import clean_text
from reader.core.weather import datagokr
from reader.core.weather.areas import AREAS, canonical
from reader.core.weather.base import WeatherError, get

if TYPE_CHECKING:
    from reader.core.http import HttpClient
    from reader.core.regions import Region

__all__ = [
    "PWN_STATUS_PATH",
    "KmaWarnings",
    "Status",
    "WeatherWarning",
    "parse_status",
    "parse_t6",
    "pwn_status_url",
    "warnings_for",
]

WHO = "KMA warnings"
PWN_STATUS_PATH = "/1360000/WthrWrnInfoService/getPwnStatus"
_LEVELS = ("경보", "주의보")  # 경보 is the stronger one
_CLAUSE = re.compile(r"(?:^|\s)o\s+([^:]+?)\s*:\s*(.*?)(?=\s+o\s|$)")


@dataclass(frozen=True, slots=True)
class WeatherWarning:
    """One warning in force over one region: 한파 · 주의보 · "전라남도(순천)" · issued."""

    kind: str  # 한파, 호우, 대설, 강풍, 풍랑, 건조, 폭염, 태풍, 황사 …
    level: str  # "경보" | "주의보" ("" when the bulletin names neither)
    area: str  # the bulletin's area that holds the region
    issued: datetime | None = None  # aware: when the status listing it was issued

    def __post_init__(self) -> None:
        for name in ("kind", "level", "area"):
            object.__setattr__(self, name, clean_text(getattr(self, name)))

    @property
    def name(self) -> str:
        """ "한파주의보" as the bulletin writes it."""
        return f"{self.kind}{self.level}"

    @property
    def severe(self) -> bool:
        return self.level == "경보"

    def to_json(self) -> dict[str, Any]:
        issued = self.issued.astimezone(UTC).isoformat() if self.issued else None
        return {"kind": self.kind, "level": self.level, "area": self.area, "issued": issued}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WeatherWarning:
        issued = data.get("issued")
        return cls(
            str(data.get("kind") or ""),
            str(data.get("level") or ""),
            str(data.get("area") or ""),
            datetime.fromisoformat(issued) if isinstance(issued, str) else None,
        )


@dataclass(frozen=True, slots=True)
class Clause:
    name: str  # 한파주의보
    places: tuple[tuple[str, tuple[str, ...], bool], ...]  # (top, parts, parts are excluded)


@dataclass(frozen=True, slots=True)
class Status:
    clauses: tuple[Clause, ...]
    issued: datetime | None


def pwn_status_url(data_url: str, key: str) -> str:
    query = urlencode({"pageNo": 1, "numOfRows": 10, "dataType": "JSON"})
    return f"{data_url.rstrip('/')}{PWN_STATUS_PATH}?serviceKey={datagokr.quoted_key(key)}&{query}"


class KmaWarnings:
    """The warnings for the configured regions: one request per refresh, for all of them."""

    name = "kma-warnings"

    def __init__(self, key: str, data_url: str) -> None:
        self.key = key.strip()
        self.data_url = data_url

    async def fetch(
        self, client: HttpClient, regions: Sequence[Region], now: datetime
    ) -> dict[str, tuple[WeatherWarning, ...]]:
        url = pwn_status_url(self.data_url, self.key)
        result = await get(client, url, who=WHO, accept="application/json, */*;q=0.5")
        return warnings_for(regions, parse_status(result.body))


def parse_status(body: bytes) -> Status:
    """The newest status in a getPwnStatus answer (NO_DATA: no warning in the last 7 days)."""
    from reader.core.weather.kma import KST

    found = datagokr.items(body, WHO, "warning status")
    if not found:
        return Status((), None)
    newest = max(found, key=lambda i: (str(i.get("tmFc", "")), _int(i.get("tmSeq"))))
    try:
        issued = datetime.strptime(str(newest.get("tmFc", "")).strip()[:12], "%Y%m%d%H%M")
    except ValueError:
        raise WeatherError(f"{WHO}: the status has no issue time") from None
    t6 = newest.get("t6")
    if not isinstance(t6, str):
        raise WeatherError(f"{WHO}: the status has no warnings text (t6)")
    return Status(parse_t6(t6), issued.replace(tzinfo=KST))


def parse_t6(t6: str) -> tuple[Clause, ...]:
    # t6 is at most 4000 characters (a bigger one lies); controls and escapes go first
    text = " ".join(clean_text(t6[:20_000]).split())
    clauses = []
    for match in _CLAUSE.finditer(text):
        name, places = match.group(1).strip(), match.group(2).strip()
        if not name or "없" in name.replace(" ", "")[:2]:
            continue
        clauses.append(Clause(name.replace(" ", ""), tuple(_places(places))))
    return tuple(clauses)


def _places(text: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """ "광주, 전라남도(순천, 광양), 강원도(강원북부산지 제외)" → places with their parts."""
    out: list[tuple[str, tuple[str, ...], bool]] = []
    depth, top, inner = 0, "", ""
    for ch in text + ",":
        if ch == "(":
            depth += 1
            if depth == 1:
                continue
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0:
                continue
        if depth == 0 and ch == ",":
            if top.strip():
                out.append(_place(top.strip(), inner))
            top, inner = "", ""
        elif depth == 0:
            top += ch
        else:
            inner += ch
    return out[:500]


def _place(top: str, inner: str) -> tuple[str, tuple[str, ...], bool]:
    inner = re.sub(r"\([^)]*\)", "", inner)  # "군산옥도면(어청도 제외)": details of a part
    excluded = inner.strip().endswith("제외")
    inner = inner.strip().removesuffix("제외")
    parts = tuple(p.strip() for p in re.split(r"[,.·]", inner) if p.strip())
    return top.split()[0] if top.split() else top, parts, excluded


def warnings_for(
    regions: Sequence[Region], status: Status
) -> dict[str, tuple[WeatherWarning, ...]]:
    """Region name → the warnings over it, 경보 first, in the bulletin's order."""
    out: dict[str, tuple[WeatherWarning, ...]] = {}
    for region in regions:
        found = []
        for clause in status.clauses:
            area = _area_of(region, clause)
            if area is None:
                continue
            kind, level = _split_name(clause.name)
            found.append(WeatherWarning(kind, level, area, status.issued))
        found.sort(key=lambda w: not w.severe)
        out[region.name] = tuple(dict.fromkeys(found))
    return out


def _split_name(name: str) -> tuple[str, str]:
    for level in _LEVELS:
        if name.endswith(level) and len(name) > len(level):
            return name.removesuffix(level), level
    return name.removesuffix("특보"), ""


def _area_of(region: Region, clause: Clause) -> str | None:
    """The clause's place that holds `region` ("광주", "전라남도(순천)"), else None."""
    known = AREAS.get(region.name)
    words = {canonical(w) for w in region.words if len(w) >= 2}
    for top, parts, excluded in clause.places:
        place = canonical(top)
        if known is None or known.province is None:
            if place in words:  # a metropolitan city, named alone or by some of its parts
                return f"{top}({', '.join(parts)})" if parts and not excluded else top
            if known is not None:
                continue
            # a configured place: its own names among a province's parts ("춘천시" → 춘천)
            zones = tuple({w.removesuffix("시").removesuffix("군") for w in words} | words)
        elif place == known.province:
            zones = known.zones
            if not parts:
                return top  # the whole province
        else:
            continue
        held = [p for p in parts if _holds(p, zones)]
        if excluded and known is not None and not held:
            return top  # the province, less parts that are not ours
        if held and not excluded:
            return f"{top}({', '.join(held)})"
    return None


def _holds(part: str, zones: Sequence[str]) -> bool:
    """A bulletin part ("강릉평지", "순천시") names one of `zones` ("강릉평지", "순천")."""
    part = part.replace(" ", "")
    return any(len(z) >= 2 and part.startswith(z) for z in zones)


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0

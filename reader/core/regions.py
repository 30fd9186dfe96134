"""The regions the weather bar shows and the region filter understands.

The 19 built-in cities are the seed page's strip, in its order. Each carries coordinates (for
Open-Meteo; chosen inside KMA's official grid cell for the city), the KMA forecast grid point
(nx, ny) and the ASOS station id (for KMA's observations). Users replace the list with
``[[regions]]`` in the config; a configured entry named like a built-in inherits what it leaves
out, and a grid point is computed from lat/lon when not given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.core.kma_grid import in_grid, latlon_to_grid
from reader.core.settings import RegionConfig

__all__ = ["BUILTIN_REGIONS", "Region", "find_region", "regions_from_config", "resolve_region"]


@dataclass(frozen=True, slots=True)
class Region:
    name: str  # the key: what the filter and `WeatherBar.RegionPicked` carry
    label: str  # what the bar shows ("홍성(예)")
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    nx: int | None = None  # KMA forecast grid
    ny: int | None = None
    stn: int | None = None  # KMA ASOS station id

    @property
    def words(self) -> tuple[str, ...]:
        """Every spelling that names this region: name, label, aliases (no duplicates)."""
        out: list[str] = []
        for word in (self.name, self.label, *self.aliases):
            if word and word not in out:
                out.append(word)
        return tuple(out)

    @property
    def grid(self) -> tuple[int, int] | None:
        return (self.nx, self.ny) if self.nx is not None and self.ny is not None else None


def _r(
    name: str,
    aliases: tuple[str, ...],
    lat: float,
    lon: float,
    nx: int,
    ny: int,
    stn: int,
    label: str | None = None,
) -> Region:
    return Region(name, label or name, aliases, lat, lon, nx, ny, stn)


# Grid points are KMA's own for each city (서울 60,127 …); stations are the ASOS ids.
BUILTIN_REGIONS: tuple[Region, ...] = (
    _r("강릉", ("Gangneung", "강릉시"), 37.7491, 128.8785, 92, 131, 105),
    _r("서울", ("Seoul", "서울특별시", "서울시"), 37.5665, 126.9780, 60, 127, 108),
    _r("인천", ("Incheon", "인천광역시", "인천시"), 37.4563, 126.7052, 55, 124, 112),
    _r("원주", ("Wonju", "원주시"), 37.3422, 127.9202, 76, 122, 114),
    _r("수원", ("Suwon", "수원시"), 37.2800, 127.0090, 60, 121, 119),
    _r("청주", ("Cheongju", "청주시"), 36.6250, 127.4900, 69, 106, 131),
    _r("대전", ("Daejeon", "대전광역시", "대전시"), 36.3504, 127.3845, 67, 100, 133),
    _r("포항", ("Pohang", "포항시"), 36.0190, 129.3435, 102, 94, 138),
    _r("대구", ("Daegu", "대구광역시", "대구시"), 35.8600, 128.6050, 89, 90, 143),
    _r("전주", ("Jeonju", "전주시"), 35.8242, 127.1480, 63, 89, 146),
    _r("울산", ("Ulsan", "울산광역시", "울산시"), 35.5384, 129.3114, 102, 84, 152),
    _r("창원", ("Changwon", "창원시"), 35.2280, 128.6650, 90, 77, 155),
    _r("광주", ("Gwangju", "광주광역시", "광주시"), 35.1595, 126.8526, 58, 74, 156),
    _r("부산", ("Busan", "Pusan", "부산광역시", "부산시"), 35.1796, 129.0756, 98, 76, 159),
    _r("순천", ("Suncheon", "순천시"), 34.9507, 127.4872, 70, 70, 174),
    _r("홍성", ("Hongseong", "홍성군"), 36.6012, 126.6608, 55, 106, 177, label="홍성(예)"),
    _r("제주", ("Jeju", "제주시", "제주도"), 33.4996, 126.5312, 53, 38, 184),
    _r("김해시", ("Gimhae", "김해"), 35.2300, 128.8950, 95, 77, 253),
    _r("구미", ("Gumi", "구미시"), 36.1195, 128.3446, 84, 96, 279),
)

_BY_NAME = {region.name: region for region in BUILTIN_REGIONS}


def regions_from_config(configured: Sequence[RegionConfig]) -> list[Region]:
    """The configured regions (or the built-ins when none), completed and in order."""
    if not configured:
        return list(BUILTIN_REGIONS)
    return [_complete(rc) for rc in configured]


def _complete(rc: RegionConfig) -> Region:
    base = _BY_NAME.get(rc.name)
    lat = rc.lat if rc.lat is not None else (base.lat if base else None)
    lon = rc.lon if rc.lon is not None else (base.lon if base else None)
    moved = base is not None and rc.lat is not None and (rc.lat, rc.lon) != (base.lat, base.lon)
    nx, ny = rc.nx, rc.ny
    if nx is None or ny is None:
        if base is not None and not moved:
            nx, ny = base.nx, base.ny
        elif lat is not None and lon is not None:
            nx, ny = latlon_to_grid(lat, lon)
            if not in_grid(nx, ny):  # outside Korea: KMA's forecast grid does not reach it
                nx = ny = None
    stn = rc.stn if rc.stn is not None else (base.stn if base and not moved else None)
    aliases = tuple(dict.fromkeys((*rc.aliases, *(base.aliases if base else ()))))
    label = rc.label or (base.label if base else rc.name)
    return Region(rc.name, label, aliases, lat, lon, nx, ny, stn)


def _fold(word: str) -> str:
    return " ".join(word.split()).casefold()


def find_region(regions: Iterable[Region], word: str) -> Region | None:
    """The region that `word` names (name, label or alias; case and spacing aside), else None."""
    wanted = _fold(word)
    if not wanted:
        return None
    for region in regions:
        if any(_fold(w) == wanted for w in region.words):
            return region
    return None


def resolve_region(regions: Iterable[Region], text: str | None) -> str | None:
    """What a region filter typed as `text` filters on: a configured region's name for any of
    its spellings ("Gwangju", "광주광역시" → 광주), else the text itself, spaces collapsed
    (free text, through the word index); None for no text."""
    typed = " ".join((text or "").split())
    if not typed:
        return None
    region = find_region(regions, typed)
    return region.name if region is not None else typed

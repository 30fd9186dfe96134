"""Latitude/longitude ↔ the KMA "DFS" forecast grid (Lambert conformal conic, 5 km cells).

The village and ultra-short forecasts of 기상청 are addressed by grid point (nx, ny), not by
coordinates. This is KMA's published conversion: standard parallels 30° and 60° N, origin
38° N 126° E at grid point (43, 136), earth radius 6371.00877 km, cell size 5 km.
"""

from __future__ import annotations

import math

__all__ = ["GRID_MAX_X", "GRID_MAX_Y", "grid_to_latlon", "in_grid", "latlon_to_grid"]

_RE = 6371.00877  # earth radius, km
_GRID = 5.0  # cell size, km
_SLAT1, _SLAT2 = math.radians(30.0), math.radians(60.0)
_OLON, _OLAT = math.radians(126.0), math.radians(38.0)
_XO, _YO = 43.0, 136.0  # grid point of the origin

GRID_MAX_X, GRID_MAX_Y = 149, 253  # the grid covers 1..149 x 1..253

_re = _RE / _GRID
_sn = math.log(math.cos(_SLAT1) / math.cos(_SLAT2)) / math.log(
    math.tan(math.pi * 0.25 + _SLAT2 * 0.5) / math.tan(math.pi * 0.25 + _SLAT1 * 0.5)
)
_sf = math.tan(math.pi * 0.25 + _SLAT1 * 0.5) ** _sn * math.cos(_SLAT1) / _sn
_ro = _re * _sf / math.tan(math.pi * 0.25 + _OLAT * 0.5) ** _sn


def _xy(lat: float, lon: float) -> tuple[float, float]:
    ra = _re * _sf / math.tan(math.pi * 0.25 + math.radians(lat) * 0.5) ** _sn
    theta = math.radians(lon) - _OLON
    if theta > math.pi:
        theta -= 2.0 * math.pi
    if theta < -math.pi:
        theta += 2.0 * math.pi
    theta *= _sn
    return ra * math.sin(theta) + _XO, _ro - ra * math.cos(theta) + _YO


def latlon_to_grid(lat: float, lon: float) -> tuple[int, int]:
    """The grid point (nx, ny) whose cell holds (lat, lon); KMA rounds half up (+0.5, floor)."""
    if not (-90.0 < lat < 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")
    x, y = _xy(lat, lon)
    return math.floor(x + 0.5), math.floor(y + 0.5)


def in_grid(nx: int, ny: int) -> bool:
    """Whether KMA's grid has this point (the Korean peninsula and nearby seas)."""
    return 1 <= nx <= GRID_MAX_X and 1 <= ny <= GRID_MAX_Y


def grid_to_latlon(nx: float, ny: float) -> tuple[float, float]:
    """The coordinates of grid point (nx, ny): the inverse projection."""
    xn = nx - _XO
    yn = _ro - ny + _YO
    ra = math.copysign(math.hypot(xn, yn), _sn)
    alat = 2.0 * math.atan((_re * _sf / ra) ** (1.0 / _sn)) - math.pi * 0.5
    if abs(xn) <= 0.0:
        theta = 0.0
    elif abs(yn) <= 0.0:
        theta = math.copysign(math.pi * 0.5, xn)
    else:
        theta = math.atan2(xn, yn)
    alon = theta / _sn + _OLON
    return math.degrees(alat), math.degrees(alon)

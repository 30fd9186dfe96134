"""lat/lon ↔ KMA DFS grid, against grid points KMA publishes for these places."""

from __future__ import annotations

import pytest

from reader.core.kma_grid import grid_to_latlon, in_grid, latlon_to_grid

# (place, lat, lon, nx, ny): KMA's own grid points for the city (area code table).
KNOWN = [
    ("서울 종로구", 37.5665, 126.9780, 60, 127),
    ("부산 연제구", 35.1796, 129.0756, 98, 76),
    ("광주", 35.1595, 126.8526, 58, 74),
    ("대전", 36.3504, 127.3845, 67, 100),
    ("울산", 35.5384, 129.3114, 102, 84),
    ("인천", 37.4563, 126.7052, 55, 124),
    ("전주", 35.8242, 127.1480, 63, 89),
    ("순천", 34.9507, 127.4872, 70, 70),
    ("홍성", 36.6012, 126.6608, 55, 106),
    ("제주시", 33.4996, 126.5312, 53, 38),
    ("원주", 37.3422, 127.9202, 76, 122),
    ("구미", 36.1195, 128.3446, 84, 96),
    ("포항", 36.0190, 129.3435, 102, 94),
]


@pytest.mark.parametrize(("place", "lat", "lon", "nx", "ny"), KNOWN, ids=[k[0] for k in KNOWN])
def test_known_grid_points(place: str, lat: float, lon: float, nx: int, ny: int) -> None:
    assert latlon_to_grid(lat, lon) == (nx, ny)


def test_origin_is_grid_point_43_136() -> None:
    assert latlon_to_grid(38.0, 126.0) == (43, 136)
    lat, lon = grid_to_latlon(43, 136)
    assert lat == pytest.approx(38.0, abs=1e-9)
    assert lon == pytest.approx(126.0, abs=1e-9)


@pytest.mark.parametrize(("nx", "ny"), [(60, 127), (98, 76), (58, 74), (1, 1), (149, 253)])
def test_inverse_round_trips(nx: int, ny: int) -> None:
    assert latlon_to_grid(*grid_to_latlon(nx, ny)) == (nx, ny)


def test_cell_is_about_five_km() -> None:
    lat1, lon1 = grid_to_latlon(60, 127)
    lat2, _ = grid_to_latlon(60, 128)
    assert (lat2 - lat1) * 111.0 == pytest.approx(5.0, rel=0.05)
    assert lon1 == pytest.approx(126.98, abs=0.02)


def test_far_places_fall_outside_the_grid() -> None:
    assert in_grid(*latlon_to_grid(37.5665, 126.9780))
    assert not in_grid(*latlon_to_grid(51.5072, -0.1276))  # London
    assert not in_grid(*latlon_to_grid(35.6762, 139.6503))  # Tokyo


@pytest.mark.parametrize(("lat", "lon"), [(91.0, 0.0), (0.0, 181.0), (-90.0, 0.0)])
def test_bad_coordinates_raise(lat: float, lon: float) -> None:
    with pytest.raises(ValueError, match="out of range"):
        latlon_to_grid(lat, lon)

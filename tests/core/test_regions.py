"""The 19 built-in cities and configured regions."""

from __future__ import annotations

from reader.core.kma_grid import latlon_to_grid
from reader.core.regions import BUILTIN_REGIONS, find_region, regions_from_config
from reader.core.settings import RegionConfig

SEED_ORDER = [
    "강릉", "서울", "인천", "원주", "수원", "청주", "대전", "포항", "대구", "전주",
    "울산", "창원", "광주", "부산", "순천", "홍성", "제주", "김해시", "구미",
]  # fmt: skip

# ASOS station ids (KMA's station list).
STATIONS = {
    "강릉": 105, "서울": 108, "인천": 112, "원주": 114, "수원": 119, "청주": 131, "대전": 133,
    "포항": 138, "대구": 143, "전주": 146, "울산": 152, "창원": 155, "광주": 156, "부산": 159,
    "순천": 174, "홍성": 177, "제주": 184, "김해시": 253, "구미": 279,
}  # fmt: skip


def test_builtins_are_the_seed_strip_in_order() -> None:
    assert [r.name for r in BUILTIN_REGIONS] == SEED_ORDER
    assert regions_from_config(()) == list(BUILTIN_REGIONS)


def test_labels_follow_the_seed() -> None:
    labels = {r.name: r.label for r in BUILTIN_REGIONS}
    assert labels["홍성"] == "홍성(예)"
    assert all(label == name for name, label in labels.items() if name != "홍성")


def test_station_ids() -> None:
    assert {r.name: r.stn for r in BUILTIN_REGIONS} == STATIONS


def test_grid_points_match_the_coordinates() -> None:
    for r in BUILTIN_REGIONS:
        assert r.lat is not None and r.lon is not None
        assert latlon_to_grid(r.lat, r.lon) == r.grid, r.name
    grids = {r.name: r.grid for r in BUILTIN_REGIONS}
    assert grids["서울"] == (60, 127)
    assert grids["부산"] == (98, 76)
    assert grids["광주"] == (58, 74)


def test_find_region_by_alias_label_and_case() -> None:
    gwangju = find_region(BUILTIN_REGIONS, "광주")
    assert gwangju is not None and gwangju.name == "광주"
    assert find_region(BUILTIN_REGIONS, "gwangju") is gwangju
    assert find_region(BUILTIN_REGIONS, "광주광역시") is gwangju
    assert find_region(BUILTIN_REGIONS, " Busan ").name == "부산"  # type: ignore[union-attr]
    assert find_region(BUILTIN_REGIONS, "홍성(예)").name == "홍성"  # type: ignore[union-attr]
    assert find_region(BUILTIN_REGIONS, "평양") is None
    assert find_region(BUILTIN_REGIONS, "") is None
    assert "Gwangju" in gwangju.words and gwangju.words[0] == "광주"


def test_configured_builtin_name_inherits_the_rest() -> None:
    [gwangju] = regions_from_config((RegionConfig(name="광주", aliases=("빛고을",)),))
    assert gwangju.grid == (58, 74) and gwangju.stn == 156
    assert gwangju.aliases[0] == "빛고을" and "Gwangju" in gwangju.aliases


def test_custom_korean_place_gets_a_grid_but_no_station() -> None:
    [sejong] = regions_from_config((RegionConfig(name="세종", lat=36.4800, lon=127.2890),))
    assert sejong.label == "세종"
    assert sejong.grid == latlon_to_grid(36.48, 127.289)
    assert sejong.stn is None


def test_place_abroad_has_no_grid() -> None:
    [london] = regions_from_config((RegionConfig(name="London", lat=51.5072, lon=-0.1276),))
    assert london.grid is None and london.stn is None
    assert (london.lat, london.lon) == (51.5072, -0.1276)


def test_moved_builtin_recomputes_grid_and_drops_station() -> None:
    [moved] = regions_from_config((RegionConfig(name="서울", lat=37.65, lon=127.05),))
    assert moved.grid == latlon_to_grid(37.65, 127.05) and moved.grid != (60, 127)
    assert moved.stn is None


def test_configured_order_and_explicit_values_win() -> None:
    regions = regions_from_config(
        (
            RegionConfig(name="제주", label="제주시", nx=52, ny=38, stn=185),
            RegionConfig(name="강릉"),
        )
    )
    assert [r.name for r in regions] == ["제주", "강릉"]
    assert regions[0].label == "제주시" and regions[0].grid == (52, 38) and regions[0].stn == 185


def test_resolve_region_gives_the_name_the_filter_uses() -> None:
    from reader.core.regions import resolve_region

    assert resolve_region(BUILTIN_REGIONS, " Gwangju ") == "광주"
    assert resolve_region(BUILTIN_REGIONS, "광주광역시") == "광주"
    assert resolve_region(BUILTIN_REGIONS, "홍성(예)") == "홍성"
    assert resolve_region(BUILTIN_REGIONS, "강남   역") == "강남 역"  # free text, spaces collapsed
    assert resolve_region(BUILTIN_REGIONS, " \t") is None
    assert resolve_region(BUILTIN_REGIONS, None) is None

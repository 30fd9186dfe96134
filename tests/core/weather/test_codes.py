"""Condition tables: every code has Korean and English words and an icon."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reader.core.weather.codes import (
    ICONS,
    KMA_PTY,
    KMA_SKY,
    WMO_CODES,
    cloud_condition,
    condition_from_code,
    kma_condition,
    wmo_condition,
)

# Every weather_code Open-Meteo documents.
OPEN_METEO_CODES = [0, 1, 2, 3, 45, 48, 51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 71, 73, 75, 77,
                    80, 81, 82, 85, 86, 95, 96, 99]  # fmt: skip


def test_open_meteo_codes_are_all_in_the_table() -> None:
    assert sorted(WMO_CODES) == OPEN_METEO_CODES


def test_every_wmo_code_has_words() -> None:
    for code in range(100):  # WMO 4677, all of it: ASOS reports any of these
        c = wmo_condition(code)
        assert c.code == f"wmo:{code}"
        assert c.ko and c.en != "unknown", code
        assert cell_len(c.icon) == 2, code  # one width everywhere: the ticker measures cells


@pytest.mark.parametrize(
    ("code", "ko", "en"),
    [
        (0, "맑음", "clear"),
        (3, "흐림", "overcast"),
        (45, "안개", "fog"),
        (61, "약한 비", "light rain"),
        (71, "약한 눈", "light snow"),
        (75, "강한 눈", "heavy snow"),
        (95, "뇌우", "thunderstorm"),
        (99, "강한 우박 동반 뇌우", "thunderstorm with heavy hail"),
        (10, "박무", "mist"),  # ASOS present weather beyond Open-Meteo's list
        (68, "비/눈", "rain and snow"),
    ],
)
def test_wmo_words(code: int, ko: str, en: str) -> None:
    c = wmo_condition(code)
    assert (c.ko, c.en) == (ko, en)


def test_out_of_range_wmo_is_unknown_not_an_error() -> None:
    assert wmo_condition(-1).en == "unknown"
    assert wmo_condition(100).ko == "알 수 없음"


def test_kma_sky_and_pty() -> None:
    assert [KMA_SKY[k][0] for k in (1, 3, 4)] == ["맑음", "구름많음", "흐림"]
    assert [KMA_PTY[k][0] for k in range(8)] == [
        "강수 없음", "비", "비/눈", "눈", "소나기", "빗방울", "빗방울/눈날림", "눈날림",
    ]  # fmt: skip
    # precipitation wins over the sky
    assert kma_condition(4, 3).code == "pty:3"  # type: ignore[union-attr]
    assert kma_condition(1, 0).code == "sky:1"  # type: ignore[union-attr]
    assert kma_condition(None, 0).en == "no precipitation"  # type: ignore[union-attr]
    assert kma_condition(None, None) is None
    assert kma_condition(9, None) is None


@pytest.mark.parametrize(("tenths", "sky"), [(0, 1), (5, 1), (6, 3), (8, 3), (9, 4), (10, 4)])
def test_cloud_amount_classes(tenths: int, sky: int) -> None:
    assert cloud_condition(tenths).code == f"sky:{sky}"  # type: ignore[union-attr]


def test_missing_cloud_amount() -> None:
    assert cloud_condition(-9) is None


@pytest.mark.parametrize("code", ["wmo:0", "wmo:95", "sky:4", "pty:1", "pty:0"])
def test_stored_codes_round_trip(code: str) -> None:
    assert condition_from_code(code).code == code  # type: ignore[union-attr]


@pytest.mark.parametrize("code", [None, 3, "", "wmo", "wmo:x", "zzz:1"])
def test_bad_stored_codes(code: object) -> None:
    assert condition_from_code(code) is None


def test_icons_lists_every_icon_in_use() -> None:
    used = {wmo_condition(code).icon for code in range(-1, 101)}
    used |= {kma_condition(sky, None).icon for sky in KMA_SKY}  # type: ignore[union-attr]
    used |= {kma_condition(None, pty).icon for pty in KMA_PTY}  # type: ignore[union-attr]
    assert used <= ICONS

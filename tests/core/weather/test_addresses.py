"""Where each service is asked: `kma_base_url` (API hub) and `kma_data_url` (data.go.kr),
the latter following the former when only that is moved (a mirror or test server serving
both at one root); `air_base_url` following `base_url` the same way."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.core.config import ConfigError, load_config
from reader.core.http import HttpClient
from reader.core.regions import BUILTIN_REGIONS, regions_from_config
from reader.core.settings import (
    AIR_QUALITY_URL,
    DATA_GO_KR_URL,
    Config,
    RegionConfig,
    WeatherConfig,
)
from reader.core.storage import Storage
from reader.core.weather.service import WeatherService, make_provider
from reader.newsroom import Newsroom
from reader.newsroom.weather import ASOS_STATIONS, DEMO_KEY, _grid_values, temperature_at

from .conftest import NOW

NCST = "/1360000/VilageFcstInfoService_2.0/getUltraSrtNcst"
ASOS = "/api/typ01/url/kma_sfctm2.php"


def test_defaults_and_following() -> None:
    default = WeatherConfig()
    assert default.data_url == DATA_GO_KR_URL and default.air_url == AIR_QUALITY_URL
    mirror = WeatherConfig(kma_base_url="http://127.0.0.1:9", base_url="http://127.0.0.1:8")
    assert mirror.data_url == "http://127.0.0.1:9"  # one root serves both KMA services
    assert mirror.air_url == "http://127.0.0.1:8"
    both = replace(mirror, kma_data_url="http://127.0.0.2:9", air_base_url="http://127.0.0.3")
    assert both.data_url == "http://127.0.0.2:9" and both.air_url == "http://127.0.0.3"
    explicit = WeatherConfig(kma_base_url="https://apihub.kma.go.kr")  # the default, spelled out
    assert explicit.data_url == DATA_GO_KR_URL


async def test_only_kma_base_url_reaches_the_newsroom_for_every_region(
    pinned: Newsroom, client: HttpClient, tmp_path: Path
) -> None:
    """The 19 built-in cities (ASOS stations) and 19 regions given by lat/lon alone (grid
    cells computed from the coordinates) — every request goes to the newsroom."""
    user = tuple(
        RegionConfig(name=f"곳{i}", lat=r.lat, lon=r.lon) for i, r in enumerate(BUILTIN_REGIONS)
    )
    regions = [*BUILTIN_REGIONS, *regions_from_config(user)]
    config = WeatherConfig(provider="kma", kma_base_url=pinned.base_url, kma_key=DEMO_KEY)
    assert config.kma_data_url is None  # not set: it follows kma_base_url

    async def http() -> HttpClient:
        return client

    storage = Storage(tmp_path / "db")
    try:
        service = WeatherService(
            replace(Config.default(), weather=config),
            storage,
            http,
            now=lambda: NOW,
            regions=regions,
        )
        report = await service.refresh()
    finally:
        storage.close()
    assert report.error is None
    assert len(pinned.requests_to(ASOS)) == 1  # one call for every station
    grids = {
        (q["nx"][0], q["ny"][0])
        for q in (parse_qs(urlsplit(r.path).query) for r in pinned.requests_to(NCST))
    }
    for builtin, o in zip(BUILTIN_REGIONS, report.observations[:19], strict=True):
        assert builtin.stn is not None and builtin.lat is not None
        _, lat, lon = ASOS_STATIONS[builtin.stn]
        assert o.temperature == temperature_at(lat, lon), builtin.name
    for builtin, region, o in zip(
        BUILTIN_REGIONS, regions[19:], report.observations[19:], strict=True
    ):
        assert (region.nx, region.ny) == (builtin.nx, builtin.ny), builtin.name  # KMA's cell
        assert (str(region.nx), str(region.ny)) in grids
        assert o.temperature == float(_grid_values(builtin.nx, builtin.ny)["T1H"])  # type: ignore[arg-type]
    # nothing went anywhere else: the client would have failed to reach it
    assert all(not r.path.startswith("http") for r in pinned.request_log)


def test_the_provider_gets_the_followed_address() -> None:
    provider = make_provider(WeatherConfig(provider="kma", kma_base_url="http://127.0.0.1:9"))
    assert provider.data_url == "http://127.0.0.1:9"  # type: ignore[attr-defined]


def _error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return str(info.value)


def test_config_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[weather]\nair_quality = false\nair_base_url = "http://127.0.0.1:7"\n', encoding="utf-8"
    )
    weather = load_config(path).weather
    assert weather.air_quality is False and weather.air_url == "http://127.0.0.1:7"
    assert _error(tmp_path, '[weather]\nair_quality = "yes"\n') == (
        f"{path}:2: weather.air_quality: must be true or false, not a string"
    )
    assert _error(tmp_path, '[weather]\n\nair_base_url = "ftp://x"\n').startswith(
        f"{path}:3: weather.air_base_url: must be an http or https URL"
    )
    assert _error(tmp_path, "[weather]\nair_qualty = true\n").startswith(
        f"{path}:2: weather.air_qualty: unknown key"
    )

"""`sinmun weather [--json]` through run_weather, on the lead's Service and the newsroom."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.service import Service
from reader.core.settings import Config, WeatherConfig
from reader.newsroom import Newsroom
from reader.newsroom.weather import DEMO_KEY
from reader.weather_command import run_weather

from .conftest import NOW


def open_service(nr: Newsroom, tmp_path: Path, provider: str = "open-meteo") -> Service:
    weather = WeatherConfig(
        provider=provider,
        base_url=nr.base_url,
        kma_base_url=nr.base_url,
        kma_data_url=nr.base_url,
        kma_key=DEMO_KEY,
    )
    # No retries: a failing answer (503, Retry-After: 1) fails at once, not after two waits.
    cfg = replace(
        Config.default(), weather=weather, feeds=tuple(nr.feed_specs()), network={"retries": 0}
    )
    return Service.open(cfg, tmp_path, now=lambda: NOW)


@pytest.mark.parametrize(
    ("provider", "attribution"), [("open-meteo", "Open-Meteo"), ("kma", "기상청 제공")]
)
def test_json_contract(pinned: Newsroom, tmp_path: Path, provider: str, attribution: str) -> None:
    out = io.StringIO()
    service = open_service(pinned, tmp_path, provider)
    try:
        assert run_weather(service, True, out=out) == 0
    finally:
        service.close()
    data = json.loads(out.getvalue())
    assert data["provider"] == provider and data["attribution"] == attribution
    assert data["stale"] is False and data["error"] is None
    regions = data["regions"]
    assert [r["name"] for r in regions][:3] == ["강릉", "서울", "인천"]
    assert len(regions) == 19 and regions[15]["label"] == "홍성(예)"
    for r in regions:
        assert {"name", "label", "condition", "code", "temperature", "observed", "stale"} <= set(r)
        assert isinstance(r["temperature"], float)
        assert isinstance(r["condition"], str) and r["condition"]
        assert datetime.fromisoformat(r["observed"]).tzinfo is not None
        assert r["stale"] is False


@pytest.fixture
def seoul_time(monkeypatch: pytest.MonkeyPatch):
    """Times print in the user's zone: pin it to Korea's for exact expectations."""
    import time

    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_plain_text(pinned: Newsroom, tmp_path: Path, seoul_time) -> None:
    out = io.StringIO()
    service = open_service(pinned, tmp_path, "kma")
    try:
        assert run_weather(service, False, out=out) == 0
    finally:
        service.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 20
    assert lines[0].startswith("강릉") and "℃" in lines[0]
    assert lines[15].startswith("홍성(예)")
    assert lines[-1] == "기상청 제공 · 에어코리아 · 14:00 갱신"  # dust measured by AirKorea


def test_failure_prints_stale_values_and_exits_1(
    pinned: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = open_service(pinned, tmp_path)
    try:
        assert run_weather(service, True, out=io.StringIO()) == 0
    finally:
        service.close()
    pinned.weather_failing = True
    out = io.StringIO()
    service = open_service(pinned, tmp_path)
    try:
        assert run_weather(service, True, out=out) == 1
    finally:
        service.close()
    data = json.loads(out.getvalue())
    assert data["stale"] is True and data["error"] == "Open-Meteo: HTTP 503 Service Unavailable"
    assert all(r["stale"] and r["temperature"] is not None for r in data["regions"])
    err = capsys.readouterr().err
    assert err == (
        "sinmun: weather: Open-Meteo: HTTP 503 Service Unavailable "
        "(showing the last values, marked stale)\n"
    )


def test_plain_text_marks_stale_with_age(pinned: Newsroom, tmp_path: Path, seoul_time) -> None:
    from reader.core.weather.base import Observation, WeatherReport
    from reader.weather_command import format_report

    observed = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)
    report = WeatherReport(
        "open-meteo",
        "Open-Meteo",
        [Observation("서울", "서울", None, -3.25, observed, stale=True)],
        stale=True,
    )
    text = format_report(report, datetime(2026, 11, 27, 7, 5, tzinfo=UTC))
    assert text == "서울   -3.2℃    (stale)\nOpen-Meteo · 14:00 갱신 · stale (2 h 5 min old)\n"


def test_warnings_and_dust_in_json_and_text(pinned: Newsroom, tmp_path: Path, seoul_time) -> None:
    out = io.StringIO()
    text = io.StringIO()
    for stream, as_json in ((out, True), (text, False)):
        service = open_service(pinned, tmp_path, "kma")
        try:
            assert run_weather(service, as_json, out=stream) == 0
        finally:
            service.close()
    regions = {r["name"]: r for r in json.loads(out.getvalue())["regions"]}
    assert regions["광주"]["warnings"] == [
        {"kind": "한파", "level": "주의보", "area": "광주", "issued": "2026-11-27T03:00:00+00:00"}
    ]
    assert all(r["warnings"] == [] for name, r in regions.items() if name != "광주")
    assert regions["대구"]["air"]["grade"] == "나쁨"
    for r in regions.values():
        assert {"pm10", "pm25", "grade"} <= set(r["air"])
        assert isinstance(r["air"]["pm10"], float)
    lines = {line.split()[0]: line for line in text.getvalue().splitlines()}
    assert "⚠ 한파주의보 (광주, 11-27 12:00 발표)" in lines["광주"]
    assert "미세먼지 나쁨 (PM10 " in lines["대구"]

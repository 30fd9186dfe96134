"""The config schema (reader/core/config_schema.py): every number has a range to check."""

from __future__ import annotations

from reader.core.config_schema import (
    NETWORK_KEYS,
    REGION_KEYS,
    STORAGE_KEYS,
    UI_KEYS,
    WEATHER_KEYS,
)


def test_every_number_key_has_a_range() -> None:
    tables = (WEATHER_KEYS, REGION_KEYS, UI_KEYS, NETWORK_KEYS, STORAGE_KEYS)
    for table in tables:
        for name, spec in table.items():
            if int in spec.types:
                assert spec.low is not None and spec.high is not None, name

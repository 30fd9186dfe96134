"""Item ids in both forms, streams in every spelling, and which server a URL names."""

from __future__ import annotations

import pytest

from reader.core.sync.dialects import (
    dialect_for,
    label_name,
    long_item_id,
    parse_item_id,
    state_name,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("tag:google.com,2005:reader/item/00000000148b9369", 0x148B9369),
        ("tag:google.com,2005:reader/item/2f2", 0x2F2),  # NetNewsWire leaves the zeros out
        ("344429417", 344429417),
        ("1700000000123456", 1700000000123456),  # FreshRSS: the µs an item arrived
        # Google's decimal ids are signed: the high bit makes them negative
        ("tag:google.com,2005:reader/item/f7ffd8c6a2d33f6e", 0xF7FFD8C6A2D33F6E - (1 << 64)),
        ("-576503879633256594", 0xF7FFD8C6A2D33F6E - (1 << 64)),
        ("17870240194076295022", 0xF7FFD8C6A2D33F6E - (1 << 64)),  # the same, unsigned
    ],
)
def test_item_ids_in_every_form_are_one_signed_64_bit_value(text: str, value: int) -> None:
    assert parse_item_id(text) == value


@pytest.mark.parametrize("value", [1, 0x148B9369, (1 << 63) - 1, -1, -(1 << 63)])
def test_the_long_form_goes_back_to_the_same_id(value: int) -> None:
    text = long_item_id(value)
    assert len(text.rsplit("/", 1)[1]) == 16
    assert parse_item_id(text) == value


def test_a_high_id_is_written_as_its_unsigned_hex() -> None:
    assert long_item_id(-1).endswith("/ffffffffffffffff")
    assert parse_item_id(str(-1)) == -1


@pytest.mark.parametrize(
    "text",
    ["", "abc", "tag:google.com,2005:reader/item/xyz", "1" * 21, str(1 << 64), "12.5"],
)
def test_what_is_no_item_id_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_item_id(text)


def test_streams_in_freshrss_and_miniflux_spelling() -> None:
    assert state_name("user/-/state/com.google/read") == "read"
    assert state_name("user/1/state/com.google/starred") == "starred"  # Miniflux
    assert state_name("user/-/label/Tech") is None
    assert label_name("user/1/label/기술 뉴스") == "기술 뉴스"
    assert label_name("feed/42") is None


def test_freshrss_is_known_by_its_api_path() -> None:
    fresh = dialect_for("https://rss.example.org/api/greader.php/")
    assert fresh.name == "freshrss"
    assert fresh.login_url == "https://rss.example.org/api/greader.php/accounts/ClientLogin"
    assert fresh.api("token") == "https://rss.example.org/api/greader.php/reader/api/0/token"
    mini = dialect_for("https://flux.example.org")
    assert mini.name == "greader"
    assert mini.api("edit-tag") == "https://flux.example.org/reader/api/0/edit-tag"

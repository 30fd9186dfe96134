from pathlib import Path

import pytest

from reader.core.config import Config, ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return str(info.value)


def test_missing_file_gives_defaults(tmp_path):
    config = load_config(tmp_path / "nope.toml")
    assert config.feeds == ()
    assert config.weather.provider == "open-meteo"
    assert config.ui.refresh_on_start is True


def test_missing_file_is_an_error_when_named_explicitly(tmp_path):
    with pytest.raises(ConfigError, match=r"nope\.toml: config file not found"):
        load_config(tmp_path / "nope.toml", must_exist=True)


def test_full_config_is_read(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[[feeds]]
url = "https://example.org/rss.xml"
title = "Example"
tags = ["local"]

[[feeds]]
url = "http://example.com/atom"

[weather]
provider = "kma"
base_url = "http://127.0.0.1:9/"
refresh_minutes = 5
kma_key = "abc"

[[regions]]
name = "광주"
aliases = ["Gwangju", "광주광역시"]
lat = 35.17
lon = 126.89

[keys]
next_article = "ctrl+n"

[ui]
refresh_on_start = false
""",
        )
    )
    assert [f.url for f in config.feeds] == [
        "https://example.org/rss.xml",
        "http://example.com/atom",
    ]
    assert config.feeds[0].title == "Example" and config.feeds[0].tags == ("local",)
    assert config.weather.provider == "kma" and config.weather.kma_key == "abc"
    assert config.regions[0].aliases == ("Gwangju", "광주광역시")
    assert config.regions[0].lat == pytest.approx(35.17)
    assert config.keys == {"next_article": "ctrl+n"}
    assert config.ui.refresh_on_start is False


def test_unknown_key_names_file_line_and_key(tmp_path):
    message = error_for(tmp_path, '[weather]\nprovider = "kma"\nrefresh_minuts = 3\n')
    assert message.startswith(f"{tmp_path / 'config.toml'}:3: weather.refresh_minuts: unknown key")


def test_unknown_top_level_table(tmp_path):
    assert ":1: colours: unknown key" in error_for(tmp_path, "[colours]\nbg = 1\n")


def test_wrong_type_in_second_feed(tmp_path):
    text = '[[feeds]]\nurl = "https://a.example/x"\n\n[[feeds]]\nurl = 42\n'
    assert ":5: feeds[2].url: must be a string, not an integer" in error_for(tmp_path, text)


def test_boolean_is_not_an_integer(tmp_path):
    message = error_for(tmp_path, "[ui]\nrefresh_minutes = true\n")
    assert ":2: ui.refresh_minutes: must be an integer, not a boolean" in message


def test_bad_toml_names_line(tmp_path):
    message = error_for(tmp_path, '[[feeds]]\nurl = "https://a.example/x\n')
    assert message.startswith(f"{tmp_path / 'config.toml'}:2: invalid TOML")


def test_non_http_feed_url(tmp_path):
    message = error_for(tmp_path, '[[feeds]]\nurl = "file:///etc/passwd"\n')
    assert ":2: feeds[1].url: must be an http or https URL" in message


def test_unknown_provider_and_key_action(tmp_path):
    assert "weather.provider: must be one of open-meteo, kma" in error_for(
        tmp_path, '[weather]\nprovider = "yr"\n'
    )
    assert ":2: keys.fly: unknown action" in error_for(tmp_path, '[keys]\nfly = "x"\n')


def test_region_needs_lat_and_lon_together(tmp_path):
    message = error_for(tmp_path, '[[regions]]\nname = "X"\nlat = 1.0\n')
    assert "regions[1].lon: missing" in message


def test_not_utf8(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'[ui]\ntheme = "\xff"\n')
    with pytest.raises(ConfigError, match=":2: config is not valid UTF-8"):
        load_config(path)


def test_kma_key_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KMA_API_KEY", "from-env")
    assert load_config(tmp_path / "none.toml").weather.kma_key == "from-env"
    config = load_config(write(tmp_path, '[weather]\nkma_key = "from-file"\n'))
    assert config.weather.kma_key == "from-file"


def test_messages_are_one_line(tmp_path):
    for text in ("[ui\n", "[ui]\nx = 1\n", '[[feeds]]\ntitle = "t"\n', "x = [1,\n"):
        assert "\n" not in error_for(tmp_path, text)


def test_default_is_a_config():
    assert isinstance(Config.default(), Config)

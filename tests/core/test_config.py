from pathlib import Path

import pytest

from reader.core.config import ConfigError, load_config
from reader.core.settings import Config


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


# --- numbers have sane ranges ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[network]\ntotal_timeout = nan\n", ":2: network.total_timeout: must be a number"),
        ("[network]\nread_timeout = inf\n", ":2: network.read_timeout: must be a number"),
        ("[network]\nconnect_timeout = -1\n", ":2: network.connect_timeout: must be more than 0"),
        ("[network]\ntotal_timeout = 0\n", "network.total_timeout: must be more than 0"),
        ("[network]\ntotal_timeout = 1e9\n", "network.total_timeout: must be more than 0 and"),
        ("[network]\nmax_connections = 100000\n", "network.max_connections: must be between 1"),
        ("[network]\nmax_per_host = 0\n", "network.max_per_host: must be between 1"),
        ("[network]\nretries = -1\n", "network.retries: must be between 0"),
        ("[network]\nmax_feed_bytes = 0\n", "network.max_feed_bytes: must be between 1"),
        ("[network]\nmax_page_bytes = 99999999999999\n", "network.max_page_bytes: must be"),
        ("[weather]\nrefresh_minutes = 9223372036854775807\n", "weather.refresh_minutes: must"),
        ("[weather]\nrefresh_minutes = 0\n", "weather.refresh_minutes: must be between 1"),
        ("[ui]\nrefresh_minutes = 20000\n", ":2: ui.refresh_minutes: must be between 1 and"),
        ('[[regions]]\nname = "x"\nlat = nan\nlon = 0\n', ":3: regions[1].lat: must be"),
        ('[[regions]]\nname = "x"\nlat = 0\nlon = -inf\n', ":4: regions[1].lon: must be"),
        ('[[regions]]\nname = "x"\nlat = 0\nlon = 181\n', "regions[1].lon: must be between"),
        ('[[regions]]\nname = "x"\nnx = 0\n', "regions[1].nx: must be between 1 and 149"),
        ('[[regions]]\nname = "x"\nny = 999\n', "regions[1].ny: must be between 1 and 253"),
        ('[[regions]]\nname = "x"\nstn = -5\n', "regions[1].stn: must be between 1"),
        ("[storage]\nkeep_read_days = -1\n", ":2: storage.keep_read_days: must be between 0"),
        ("[storage]\nmax_articles_per_feed = 1.5\n", "must be an integer, not a number"),
        ("[storage]\nkeep = 3\n", ":2: storage.keep: unknown key"),
    ],
)
def test_numbers_out_of_range_are_refused(tmp_path, text, fragment):
    assert fragment in error_for(tmp_path, text)


def test_numbers_in_range_are_read(tmp_path):
    config = load_config(
        write(
            tmp_path,
            "[network]\ntotal_timeout = 0.5\nretries = 0\n"
            "[weather]\nrefresh_minutes = 10080\n"
            "[storage]\nkeep_read_days = 0\nmax_articles_per_feed = 0\n",
        )
    )
    assert config.network_settings().total_timeout == 0.5
    assert config.weather.refresh_minutes == 10080
    assert (config.storage.keep_read_days, config.storage.max_articles_per_feed) == (0, 0)
    default = load_config(tmp_path / "none.toml").storage
    assert (default.keep_read_days, default.max_articles_per_feed) == (90, 2000)


# --- strings that reach HTTP or the screen -------------------------------------------------
@pytest.mark.parametrize(
    "agent",
    ["신문 reader", "Sinmun\\r\\nX-Injected: 1", "tab\\there", "bell\\u0007", "", "x" * 513],
)
def test_user_agent_must_be_printable_ascii(tmp_path, agent):
    message = error_for(tmp_path, f'[network]\nuser_agent = "{agent}"\n')
    assert ":2: network.user_agent: must be printable ASCII" in message


def test_a_plain_user_agent_is_sent_as_written(tmp_path):
    config = load_config(write(tmp_path, '[network]\nuser_agent = "Mozilla/5.0 (X11) Sinmun"\n'))
    assert config.network_settings().user_agent == "Mozilla/5.0 (X11) Sinmun"


@pytest.mark.parametrize(
    "text",
    [
        '[[feeds]]\nurl = "https://a.example/x\\ny"\n',
        '[[feeds]]\nurl = "https://a.example/x y"\n',
        '[weather]\nbase_url = "http://127.0.0.1/\\u001b[2J"\n',
        '[weather]\nkma_key = "k\\r\\nHost: evil"\n',
        '[keys]\nnext_article = "\\u001b[31m"\n',
    ],
)
def test_urls_keys_and_key_names_refuse_controls_and_spaces(tmp_path, text):
    assert ":2: " in error_for(tmp_path, text)


def test_names_that_reach_the_screen_are_cleaned(tmp_path):
    config = load_config(
        write(
            tmp_path,
            '[[feeds]]\nurl = "https://a.example/x"\ntitle = "Evil\\u001b]52;c;cm0K\\u0007 feed"\n'
            'tags = ["\\u202elocal", "\\u001b[2J"]\n\n'
            '[[regions]]\nname = "광주\\u001b[31m"\naliases = ["Gwangju\\u0007", "\\u009b"]\n'
            'label = "광\\u202e주"\n\n'
            '[ui]\nregion = "부산\\u001b[H"\ntheme = "dark\\u0000"\n',
        )
    )
    feed, region = config.feeds[0], config.regions[0]
    assert feed.title == "Evil feed" and feed.tags == ("local",)
    assert (region.name, region.aliases, region.label) == ("광주", ("Gwangju",), "광주")
    assert (config.ui.region, config.ui.theme) == ("부산", "dark")


def test_a_region_name_of_only_controls_is_missing(tmp_path):
    assert "regions[1].name: missing" in error_for(tmp_path, '[[regions]]\nname = "\\u001b[0m"\n')


# --- the file itself -------------------------------------------------------------------------
def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbf[ui]\nregion = "\xea\xb4\x91\xec\xa3\xbc"\n')
    assert load_config(path).ui.region == "광주"


def test_deep_nesting_is_one_error_with_line_and_key(tmp_path):
    deep = "[ui]\ntheme = 1\n[network]\nretries = " + "[" * 5000 + "]" * 5000 + "\n"
    message = error_for(tmp_path, deep)
    assert message == f"{tmp_path / 'config.toml'}:4: retries: nested too deeply"
    inline = "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"
    assert ":1: x: nested too deeply" in error_for(tmp_path, inline)


def test_only_a_regular_file_is_read(tmp_path):
    import os

    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # reading would wait for a writer for ever
    with pytest.raises(ConfigError, match=r"fifo\.toml: config is a pipe or device"):
        load_config(fifo)
    with pytest.raises(ConfigError, match="/dev/zero: config is a pipe or device"):
        load_config(Path("/dev/zero"))
    with pytest.raises(ConfigError, match="config is a folder"):
        load_config(tmp_path)


def test_a_huge_file_is_refused(tmp_path):
    from reader.core.config_file import MAX_CONFIG_BYTES

    path = tmp_path / "config.toml"
    path.write_bytes(b"# padding\n" * (MAX_CONFIG_BYTES // 10 + 1))
    with pytest.raises(ConfigError, match=r"config\.toml: config file too large"):
        load_config(path)

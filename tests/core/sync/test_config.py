"""[sync] in the config: validated like every other table."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.config import ConfigError, check_config_text

GOOD = '[sync]\nservice = "greader"\nurl = "https://rss.example.org/api/greader.php/"\n'
GOOD += 'username = "me"\npassword = "secret"\n'


def test_a_sync_table_is_read() -> None:
    config = check_config_text(Path("c.toml"), GOOD)
    assert config.sync is not None
    assert config.sync.url == "https://rss.example.org/api/greader.php"
    assert (config.sync.username, config.sync.password) == ("me", "secret")
    assert "secret" not in repr(config)
    assert check_config_text(Path("c.toml"), "").sync is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "token = 1\n", "c.toml:6: sync.token: unknown key"),
        (GOOD.replace('"me"', "5"), "c.toml:4: sync.username: must be a string, not an integer"),
        (GOOD.replace('"greader"', '"fever"'), "c.toml:2: sync.service: must be one of greader"),
        ('[sync]\nurl = "https://a.example"\n', "c.toml:1: sync.username: missing"),
        (GOOD.replace("https://", "ftp://"), "c.toml:3: sync.url: must be an http or https URL"),
        (GOOD.replace("https://", "https://me:pw@"), "c.toml:3: sync.url: must not hold a user"),
        (GOOD + 'password_command = "pass rss"\n', "c.toml:6: sync.password_command: give"),
        ("sync = 3\n", "c.toml:1: sync: must be a table"),
    ],
)
def test_a_bad_sync_table_is_one_line_with_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_config_text(Path("c.toml"), text)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value) and "secret" not in str(caught.value)

"""The failure wording's pure helpers; the reasons themselves are tested end to end in test_http."""

from reader.core.http_errors import format_size

MiB = 1024 * 1024


def test_format_size():
    assert format_size(10 * MiB) == "10 MiB"
    assert format_size(1536) == "1.5 KiB"
    assert format_size(900) == "900 bytes"

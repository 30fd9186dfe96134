"""An unexpected error in the app: the terminal gets one line, the traceback goes to a file."""

from __future__ import annotations

import pytest

from tests.ui.conftest import make_app


class Boom(RuntimeError):
    pass


async def test_a_crash_is_logged_beside_the_database_and_said_in_one_line(service):
    app = make_app(service)

    def explode() -> None:
        raise Boom("the reader tripped")

    with pytest.raises(Boom):
        async with app.run_test() as pilot:
            app.call_later(explode)
            await pilot.pause()
            await pilot.pause()
    log = service.storage.path.parent / "crash.log"
    text = log.read_text(encoding="utf-8")
    assert "Boom: the reader tripped" in text and "Traceback" in text
    assert app.crash_message == (
        f"sinmun: unexpected error: Boom: the reader tripped (details in {log})"
    )
    assert app.return_code == 1

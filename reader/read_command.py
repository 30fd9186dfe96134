"""`sinmun read URL|PATH [--json]`: fetch (or read) one article page, extract it, print it.

Styled Rich output on a terminal, plain text when piped, the JSON contract with ``--json``.
Exit status: 0 done, 1 the page could not be fetched or holds no article, 2 bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader import aio
from reader.output import error_line, write_json

if TYPE_CHECKING:
    from reader.core.extract import ExtractedArticle
    from reader.core.service import Service
    from reader.core.settings import Config


class _Usage(Exception):
    pass


def run_read(
    service: Service | None, target: str, as_json: bool, *, config: Config | None = None
) -> int:
    """`config` stands in for `service` (its network settings): the CLI runs `read` without
    opening the database, so it works where the data dir is read-only."""
    from reader.core.extract import ExtractError
    from reader.core.http import FetchError

    try:
        article = _load(service.config if service is not None else config, target)
    except _Usage as exc:
        error_line(f"sinmun read: {exc}")
        return 2
    except FetchError as exc:
        error_line(f"sinmun read: {exc.reason}")
        return 1
    except ExtractError as exc:
        error_line(f"sinmun read: {target}: {exc.reason}")
        return 1
    if as_json:
        write_json(article.to_json())
        return 0
    _show(article)
    return 0


def _load(config: Config | None, target: str) -> ExtractedArticle:
    from reader.core.extract import extract_page
    from reader.core.extract.pipeline import require_text  # an empty article is an error here

    scheme = urlsplit(target).scheme.lower()
    if scheme in ("http", "https"):
        return require_text(aio.run(_fetch(config, target)))
    if scheme == "file":
        target = urlsplit(target).path
    elif len(scheme) > 1 and "://" in target:
        raise _Usage(f"unsupported URL scheme '{scheme}' (expected http://, https:// or a file)")
    path = Path(target)
    cap = _page_cap(config)
    try:
        with path.open("rb") as file:  # at most what a fetched page may be (/dev/zero ends)
            body = file.read(cap + 1)
    except FileNotFoundError:
        raise _Usage(f"{target}: no such file") from None
    except IsADirectoryError:
        raise _Usage(f"{target}: is a directory") from None
    except OSError as exc:
        raise _Usage(f"{target}: cannot read ({exc.strerror or exc})") from None
    if len(body) > cap:
        from reader.core.http_errors import format_size

        raise _Usage(f"{target}: larger than {format_size(cap)}, the page size limit")
    return require_text(extract_page(body, {}, path.resolve().as_uri()))


def _page_cap(config: Config | None) -> int:
    from reader.core.http import NetworkSettings

    settings = config.network_settings() if config is not None else NetworkSettings()
    return settings.max_page_bytes


async def _fetch(config: Config | None, url: str) -> ExtractedArticle:
    from reader.core.extract.fetch import fetch_article
    from reader.core.http import HttpClient, NetworkSettings

    # A client of its own (closed before asyncio.run returns), with the user's network settings.
    settings = config.network_settings() if config is not None else NetworkSettings()
    async with HttpClient(settings) as client:
        return await fetch_article(client, url)


def _show(article: ExtractedArticle) -> None:
    from rich.console import Console, Group

    from reader.core.extract.render import plain_text, render_article

    console = Console(highlight=False)
    if console.is_terminal:
        console.print(Group(*render_article(article, width=console.width, tz=None)))
    else:
        sys.stdout.write(plain_text(article, None))

"""`sinmun read URL|PATH [--json]`: fetch (or read) one article page, extract it, print it.

Styled Rich output on a terminal, plain text when piped, the JSON contract with ``--json``.
Exit status: 0 done, 1 the page could not be fetched or holds no article, 2 bad input.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from reader.core.extract import ExtractedArticle
    from reader.core.service import Service


class _Usage(Exception):
    pass


def run_read(service: Service | None, target: str, as_json: bool) -> int:
    from reader.core.extract import ExtractError
    from reader.core.http import FetchError

    try:
        article = _load(service, target)
    except _Usage as exc:
        print(f"sinmun read: {exc}", file=sys.stderr)
        return 2
    except FetchError as exc:
        print(f"sinmun read: {exc.reason}", file=sys.stderr)
        return 1
    except ExtractError as exc:
        print(f"sinmun read: {target}: {exc.reason}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(article.to_json(), ensure_ascii=False, indent=2))
        return 0
    _show(article)
    return 0


def _load(service: Service | None, target: str) -> ExtractedArticle:
    from reader.core.extract import extract_page

    scheme = urlsplit(target).scheme.lower()
    if scheme in ("http", "https"):
        return asyncio.run(_fetch(service, target))
    if scheme == "file":
        target = urlsplit(target).path
    elif len(scheme) > 1 and "://" in target:
        raise _Usage(f"unsupported URL scheme '{scheme}' (expected http://, https:// or a file)")
    path = Path(target)
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise _Usage(f"{target}: no such file") from None
    except IsADirectoryError:
        raise _Usage(f"{target}: is a directory") from None
    except OSError as exc:
        raise _Usage(f"{target}: cannot read ({exc.strerror or exc})") from None
    return extract_page(body, {}, path.resolve().as_uri())


async def _fetch(service: Service | None, url: str) -> ExtractedArticle:
    from reader.core.extract.fetch import fetch_article
    from reader.core.http import HttpClient, NetworkSettings

    # A client of its own (closed before asyncio.run returns), with the user's network settings.
    settings = service.config.network_settings() if service is not None else NetworkSettings()
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

"""The headless commands of `sinmun`: each takes the service and prints for people or scripts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader import aio
from reader.core.models import ArticleQuery, RefreshProgress, RefreshResult
from reader.core.service import RefreshBusy, Service, Subscription
from reader.core.settings import Config
from reader.core.text import clean_text
from reader.output import error_line, write_json

if TYPE_CHECKING:  # the reader itself (`sinmun` alone) starts without argparse
    import argparse

# Seconds `sinmun refresh` waits for a refresh already running (the app's, an earlier cron
# run's) before it leaves the feeds to that one; `--wait` changes it.
REFRESH_WAIT = 300.0


@contextmanager
def open_service(config: Config, directory: Path) -> Iterator[Service]:
    service = Service.open(config, directory)
    for notice in service.notices:
        error_line(f"sinmun: note: {notice}")
    try:
        yield service
    finally:
        service.close()


def run_app(config: Config, directory: Path) -> int:
    from reader.ui.app import create_app

    # Nothing is started before the first frame: the app starts multiprocessing's resource
    # tracker (with the real stderr) from its refresh worker, when a refresh first needs it.
    with open_service(config, directory) as service:
        create_app(service).run()
    return 0


def run(args: argparse.Namespace, service: Service) -> int:
    if args.command == "refresh":
        wait = REFRESH_WAIT if args.wait is None else args.wait
        return refresh(service, as_json=args.json, wait=wait)
    if args.command == "articles":
        return articles(service, args)
    if args.command == "feeds":
        return feeds(service, args)
    if args.command == "import":
        return import_file(service, Path(args.file))
    if args.command == "read":
        from reader.read_command import run_read

        return run_read(service, args.target, args.json)
    if args.command == "weather":
        from reader.weather_command import run_weather

        return run_weather(service, args.json)
    if args.command == "sync":
        from reader.sync_command import run_sync

        return run_sync(service, args.json)
    if args.command == "mark":
        return mark(service, args.ids, args.change)
    if args.command == "export":
        from reader.core.opml import export_opml

        sys.stdout.write(export_opml(service.feeds()))
        return 0
    raise AssertionError(f"unhandled command {args.command}")


# --- refresh ------------------------------------------------------------------------------
def refresh(service: Service, *, as_json: bool, wait: float | None = REFRESH_WAIT) -> int:
    progress = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None

    async def go() -> list[RefreshResult]:
        try:
            on_wait = progress.waiting if progress is not None else None
            return await service.refresh(on_progress=progress, wait=wait, on_wait=on_wait)
        finally:
            await service.aclose()

    try:
        results = aio.run(go())
    except RefreshBusy as exc:
        # Not a failure: the refresh running now fetches the same feeds (cron overlapping).
        if progress is not None:
            progress.clear()
        error_line(f"sinmun: {exc}; not starting another")
        if as_json:
            write_json([])
        return 0
    if progress is not None:
        progress.clear()
    if as_json:
        write_json([r.to_json() for r in results])
    else:
        _print_summary(results, sys.stdout)
    # Failing feeds are reported, not fatal; only "nothing could be refreshed" is.
    return 1 if results and all(r.status == "error" for r in results) else 0


class _ProgressLine:
    """One self-overwriting status line on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def waiting(self, pid: int | None) -> None:
        by = f" (process {pid})" if pid else ""
        self.stream.write(f"\r\x1b[2KWaiting for the refresh already running{by}…")
        self.stream.flush()

    def __call__(self, p: RefreshProgress) -> None:
        line = f"Refreshing feeds… {p.done}/{p.total}"
        if p.failed:
            line += f", {p.failed} failed"
        if p.waiting:
            line += " · waiting for " + ", ".join(_safe(name) for name in p.waiting)
        # A line that wrapped could not be overwritten in place: keep it within the terminal.
        from reader.cells import fit  # here: Rich's width tables cost a refresh 13 ms to load

        line = fit(line, self._width() - 1).rstrip()
        self.stream.write(f"\r\x1b[2K{line}")
        self.stream.flush()

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return 80

    def clear(self) -> None:
        self.stream.write("\r\x1b[2K")
        self.stream.flush()


def _print_summary(results: list[RefreshResult], out: TextIO) -> None:
    new = sum(r.new for r in results)
    updated = sum(r.updated for r in results)
    unchanged = sum(r.status == "not_modified" for r in results)
    failed = [r for r in results if r.status == "error"]
    feeds = f"{len(results)} feed{'' if len(results) == 1 else 's'}"
    out.write(
        f"{feeds}: {new} new, {updated} updated, {unchanged} not modified, {len(failed)} failed\n"
    )
    for r in results:
        if r.status == "ok" and r.warning:
            out.write(f"  warning  {_safe(r.title)}: {_safe(r.warning)}\n")
    for r in failed:
        name = _safe(r.title) if r.title == r.url else f"{_safe(r.title)} <{_safe(r.url)}>"
        out.write(f"  failed   {name}: {_safe(r.error or '')}\n")


def _safe(text: str) -> str:
    return clean_text(text)


# --- articles -----------------------------------------------------------------------------
def articles(service: Service, args: argparse.Namespace) -> int:
    if args.feed and service.feed(args.feed) is None:
        error_line(f"sinmun: no such feed: {args.feed} (see `sinmun feeds list`)")
        return 2
    query = ArticleQuery(
        feed_url=args.feed,
        unread_only=args.unread,
        starred_only=args.starred,
        search=args.search,
        region=args.region,
    )
    rows = service.articles(query, limit=args.limit)
    if args.json:
        write_json([a.to_json() for a in rows])
        return 0
    for a in rows:
        when = a.published.astimezone().strftime("%Y-%m-%d %H:%M") if a.published else " " * 16
        mark = "●" if not a.read else " "
        star = "★" if a.starred else " "
        sys.stdout.write(f"{mark}{star} {when}  {_safe(a.feed_title)}  {_safe(a.title)}\n")
    return 0


# --- mark ---------------------------------------------------------------------------------
def mark(service: Service, ids: list[int], change: str) -> int:
    """`sinmun mark ID… --read|--unread|--star|--unstar`: the ids `articles --json` prints."""
    ids = list(dict.fromkeys(ids))
    found = [i for i in ids if service.article(i) is not None]
    missing = [i for i in ids if i not in found]
    if change in ("read", "unread"):
        service.set_read(found, change == "read")
    else:
        for article_id in found:
            service.set_starred(article_id, change == "star")
    if found:
        noun = "article" if len(found) == 1 else "articles"
        waiting = ""
        if (status := service.sync_status()) is not None and status.waiting:
            changes = "change" if status.waiting == 1 else "changes"
            waiting = f" ({status.waiting} {changes} waiting for the next sync)"
        done = change.replace("star", "starred")
        sys.stdout.write(f"marked {len(found)} {noun} {done}{waiting}\n")
    if missing:
        error_line(f"sinmun: no article with id {', '.join(map(str, missing))}")
        return 1
    return 0


# --- feeds --------------------------------------------------------------------------------
def feeds(service: Service, args: argparse.Namespace) -> int:
    if args.feeds_command == "list":
        rows = service.feeds()
        if args.json:
            data = [
                {
                    "url": f.url,
                    "title": f.title,
                    "site_link": f.site_link,
                    "tags": list(f.tags),
                    "total": f.total,
                    "unread": f.unread,
                    "last_success": f.last_success.isoformat() if f.last_success else None,
                    "last_error": f.last_error,
                }
                for f in rows
            ]
            write_json(data)
            return 0
        for f in rows:
            tags = f"  [{', '.join(_safe(t) for t in f.tags)}]" if f.tags else ""
            error = f"  (failing: {_safe(f.last_error)})" if f.last_error else ""
            sys.stdout.write(f"{f.unread:>6} {_safe(f.title)}  <{_safe(f.url)}>{tags}{error}\n")
        return 0
    if args.feeds_command == "add":
        return add_feed(service, args.url, args.title)
    if args.feeds_command == "remove":
        if not service.remove_feed(args.url):
            error_line(f"sinmun: no such feed: {args.url}")
            return 1
        sys.stdout.write(f"removed {_safe(args.url)}\n")
        return 0
    raise AssertionError(args.feeds_command)


def add_feed(service: Service, url: str, title: str | None) -> int:
    """`sinmun feeds add URL`: fetched once; a feed, or a page's first advertised feed, is
    subscribed; anything else is refused (exit 1, a ServiceError saying why)."""
    if not url.strip().lower().startswith(("http://", "https://")):
        error_line(f"sinmun: not an http or https URL: {url}")
        return 2

    async def go() -> Subscription:
        try:
            return await service.subscribe(url, title)
        finally:
            await service.aclose_http()

    done = aio.run(go())
    feed = done.feed
    verb = "added" if done.added else "already subscribed to"
    found_on = f" (advertised by {_safe(done.page)})" if done.page else ""
    sys.stdout.write(f"{verb} {_safe(feed.title)} <{_safe(feed.url)}>{found_on}\n")
    if done.others:
        sys.stdout.write("the page also advertises:\n")
        sys.stdout.writelines(f"  {_safe(other)}\n" for other in done.others)
    return 0


def import_file(service: Service, path: Path) -> int:
    from reader.core.opml import SubscriptionFileError, parse_subscriptions

    try:
        data = path.read_bytes()
    except OSError as exc:
        error_line(f"sinmun: {path}: cannot read ({exc.strerror or exc})")
        return 2
    try:
        specs = parse_subscriptions(data)
    except SubscriptionFileError as exc:
        error_line(f"sinmun: {path}: {exc}")
        return 2
    found, added = service.import_feeds(specs)
    sys.stdout.write(f"{path}: {found} feeds found, {added} added, {found - added} already there\n")
    return 0

"""The open article's workers: opening marks it read, renders the feed's summary and reads the
full-text cache; then, at once or when the reader asks, the page is fetched and extracted.
What they find goes to an `ArticleSink` (the screen's `Reading`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from reader.core.models import Article
from reader.ui.screens.worker_base import WorkerBase, worker

if TYPE_CHECKING:
    from reader.core.extract import ExtractedArticle
    from reader.core.html_render import RenderedArticle


class ArticleSink(Protocol):
    """Where the open article's worker sends what it finds (the screen's `Reading`)."""

    def marked_read(self, article: Article) -> None: ...

    def show(self, opened: Opened) -> bool:
        """Show what opening read; True: fetch the page now."""
        ...

    def full_text(self, article: Article, extracted: ExtractedArticle) -> None: ...

    def full_text_failed(self, article: Article, reason: str) -> None: ...


@dataclass(slots=True)
class Opened:
    """What opening an article read: its flags, the feed's summary, the cached full text."""

    article: Article
    body: RenderedArticle
    cached: ExtractedArticle | None
    marked_read: bool  # it was unread: the list and the feed's count change


class ArticleWorkers(WorkerBase):
    """`open_article` and `full_text`: one worker at a time for the open article."""

    @worker(group="full-text", exclusive=True, thread=False, name="Opening")
    async def open_article(self, article: Article, to: ArticleSink) -> None:
        """The one worker of an opened article: marks it read, renders the feed's summary and
        reads the full-text cache (once, in a thread), then fetches the page if `to.show`
        asks for it. Opening another article cancels it (the group is exclusive, shared with
        a page fetched on request)."""
        reading = asyncio.ensure_future(asyncio.to_thread(self._open, article))
        try:
            opened = await asyncio.shield(reading)
        except asyncio.CancelledError:
            # Another article opened first: this one's read mark is written all the same (the
            # thread runs on), and the list must show it once it lands.
            def landed(done: asyncio.Future[Opened]) -> None:
                ok = not done.cancelled() and done.exception() is None and self.node.is_attached
                if ok and done.result().marked_read:
                    to.marked_read(done.result().article)

            reading.add_done_callback(landed)
            raise
        if opened.marked_read:
            to.marked_read(opened.article)
        if to.show(opened):
            await self._fetch(opened.article, to)

    def _open(self, article: Article) -> Opened:
        from reader.core.html_render import render_html

        marked = not article.read
        if marked:
            self.service.set_read([article.id], True)
            article = replace(article, read=True)
        # The feed's own content/summary: shown at once, until (and instead of, when it
        # fails) the full text.
        body = render_html(article.content or article.summary, base_url=article.link)
        cached = self.service.cached_full_article(article.id) if article.link else None
        return Opened(article, body, cached, marked)

    @worker(group="full-text", exclusive=True, thread=False, name="Fetching the full text")
    async def full_text(self, article: Article, to: ArticleSink) -> None:
        """The page of an open article that was held back, now that the reader asks."""
        await self._fetch(article, to)

    async def _fetch(self, article: Article, to: ArticleSink) -> None:
        """Fetch and extract the page (the service caches it): the text, or why there is none."""
        from reader.core.extract import ExtractError
        from reader.core.http import FetchError

        try:
            extracted = await self.service.fetch_full_article(article)
        except (FetchError, ExtractError) as exc:
            to.full_text_failed(article, exc.reason)
            return
        except Exception:
            to.full_text_failed(article, "an unexpected error (see the notification)")
            raise  # on to `ended`, the one place that reports worker errors
        to.full_text(article, extracted)

"""The main screen's article workers: the feed's summary at once, then the page's full text.

Opening an article fetches its link unasked unless the link points at this machine or a private
network and the feed is not served from there (reader.core.url_safety): a feed on the internet
must not make the reader request ``http://127.0.0.1:…`` or ``http://192.168.0.1/``. Such a page
is fetched only when the reader asks (the full-text key), and the summary says so.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual import work
from textual.screen import Screen

from reader.core.models import Article
from reader.core.url_safety import may_auto_fetch, url_host
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView, FullRenderer

if TYPE_CHECKING:
    from reader.core.extract import ExtractedArticle
    from reader.core.html_render import RenderedArticle
    from reader.core.service import Service


def full_links(extracted: ExtractedArticle) -> list[str]:
    """The full text's links in the order its renderer numbers them."""
    return [link.href for link in extracted.links]


class ReadingMixin(Screen):
    """Workers that open an article and fetch its full text, and what applies their results."""

    service: Service
    tz: tzinfo | None
    # The open article whose page waits for the reader to ask, with its summary as shown.
    held: tuple[Article, RenderedArticle] | None = None

    def load_feeds(self) -> object:  # the data mixin's returns its worker
        """Reload the feed list's counts (the data mixin implements this)."""

    def body_for(self, article: Article) -> RenderedArticle:
        """The feed's own content/summary HTML, rendered: shown at once when an article opens,
        until (and instead of, when it fails) the full text. (Runs in a worker thread.)"""
        from reader.core.html_render import render_html

        return render_html(article.content or article.summary, base_url=article.link)

    def auto_fetch(self, article: Article) -> bool:
        """Whether opening ``article`` fetches its page without being asked."""
        return bool(article.link) and may_auto_fetch(article.link or "", article.feed_url)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, name="Opening")
    def load_article(self, article: Article) -> None:
        if not article.read:
            self.service.set_read([article.id], True)
            article = self.service.article(article.id) or article
        body = self.body_for(article)
        cached = self.service.cached_full_article(article.id) if article.link else None
        self.app.call_from_thread(self.show_article, article, body, cached)
        self.app.call_from_thread(self.load_feeds)

    def show_article(
        self, article: Article, body: RenderedArticle, cached: ExtractedArticle | None
    ) -> None:
        view = self.query_one(ArticleView)
        view.update_flags(article)
        view.set_summary(article.id, body, body.links)
        self.query_one(ArticleList).update_article(article.id, read=article.read)
        if view.article is None or view.article.id != article.id:
            return  # another article was opened meanwhile
        self.held = None
        if cached is not None:
            # a second open is instant
            view.set_full(article.id, self.full_renderer(cached), full_links(cached))
        elif self.auto_fetch(article):
            self.load_full_text(article)
        elif article.link:
            self.held = (article, body)
            view.set_summary(article.id, Group(self.held_note(article), body), body.links)

    def held_note(self, article: Article) -> Text:
        from reader.core.keymap import resolve_keys

        key = resolve_keys(dict(self.service.config.keys))["toggle_full_text"].split(",")[0]
        host = url_host(article.link or "") or "an unreadable address"
        return Text(
            f"The full text was not fetched: the link points at {host}, on this machine or a "
            f"private network. Press {key} to fetch it.\n",
            "italic",
        )

    def fetch_held(self) -> bool:
        """Fetch the open article's held page (the reader asked); False if none is held."""
        view = self.query_one(ArticleView)
        if self.held is None or view.article is None or view.article.id != self.held[0].id:
            return False
        article, body = self.held
        self.held = None
        view.open(article, full_text=True)
        view.set_summary(article.id, body, body.links)
        self.load_full_text(article)
        return True

    def full_renderer(self, extracted: ExtractedArticle) -> FullRenderer:
        from reader.core.extract.render import render_article

        tz = self.tz
        return lambda width: Group(*render_article(extracted, width=width, tz=tz, headline=False))

    @work(exclusive=True, group="full-text", exit_on_error=False, name="Fetching the full text")
    async def load_full_text(self, article: Article) -> None:
        """Fetch and extract the page (once; the service caches it). Opening another article
        cancels this one (exclusive group); the summary stays up until the text arrives."""
        from reader.core.extract import ExtractError
        from reader.core.http import FetchError

        view = self.query_one(ArticleView)
        try:
            extracted = await self.service.full_article(article)
        except (FetchError, ExtractError) as exc:
            view.full_failed(article.id, exc.reason)
            return
        except Exception:
            view.full_failed(article.id, "an unexpected error (see the notification)")
            raise  # on to the one place that reports worker errors
        view.set_full(article.id, self.full_renderer(extracted), full_links(extracted))

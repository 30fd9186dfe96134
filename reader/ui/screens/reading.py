"""The open article: its header at once, then what its one worker finds — the feed's summary,
then the full text from the cache or from its page.

Opening an article fetches its link unasked unless the link points at this machine or a private
network and the feed is not served from there (reader.core.url_safety): a feed on the internet
must not make the reader request ``http://127.0.0.1:…`` or ``http://192.168.0.1/``. Such a page
is fetched only when the reader asks (the full-text key), and the summary says so.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import cached_property
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from reader.core.keymap import resolve_keys
from reader.core.models import Article
from reader.core.url_safety import may_auto_fetch, url_host
from reader.ui.screens.article_worker import Opened
from reader.ui.screens.data import Workers
from reader.ui.widgets.article_view import ArticleView, FullRenderer

if TYPE_CHECKING:
    from reader.core.extract import ExtractedArticle
    from reader.core.html_render import RenderedArticle
    from reader.ui.screens.main import MainScreen
    from reader.ui.screens.pictures import Pictures


def auto_fetch(article: Article) -> bool:
    """Whether opening ``article`` fetches its page without being asked."""
    return bool(article.link) and may_auto_fetch(article.link or "", article.feed_url)


def full_links(extracted: ExtractedArticle) -> list[str]:
    """The full text's links in the order its renderer numbers them."""
    return [link.href for link in extracted.links]


class Reading:
    """Opens articles in the view and shows what their worker sends (an `ArticleSink`)."""

    def __init__(self, screen: MainScreen, data: Workers, tz: tzinfo | None) -> None:
        self.screen = screen
        self.data = data
        self.tz = tz
        # The open article whose page waits for the reader to ask, with its summary as shown.
        self.held: tuple[Article, RenderedArticle] | None = None

    @cached_property
    def pictures(self) -> Pictures:
        """The full text's pictures, fetched while it is open (made with the first article
        opened: the first frame shows none)."""
        from reader.ui.screens.pictures import Pictures

        return Pictures(self.screen)

    @property
    def view(self) -> ArticleView:
        return self.screen.query_one(ArticleView)

    def open(self, article: Article) -> None:
        """The header now; the summary, then the full text, follow from one worker."""
        self.pictures.clear()
        self.view.open(article, full_text=auto_fetch(article))
        self.data.open_article(article, self)

    # --- what the worker sends -------------------------------------------------------------
    def marked_read(self, article: Article) -> None:
        self.screen.lists.article_read(article)

    def show(self, opened: Opened) -> bool:
        article, body = opened.article, opened.body
        view = self.view
        view.update_flags(article)
        view.set_summary(article.id, body, body.links)
        if view.article is None or view.article.id != article.id:
            return False  # another article was opened meanwhile
        self.held = None
        if opened.cached is not None:  # a second open is instant
            self.full_text(article, opened.cached)
            return False
        if auto_fetch(article):
            return True
        if article.link:
            self.held = (article, body)
            view.set_summary(article.id, Group(self.held_note(article), body), body.links)
        return False

    def full_text(self, article: Article, extracted: ExtractedArticle) -> None:
        view = self.view
        if view.article is not None and view.article.id == article.id:
            self.pictures.start(article, extracted)  # stand-ins now, pictures as they come
        view.set_full(article.id, self.full_renderer(extracted), full_links(extracted))

    def full_text_failed(self, article: Article, reason: str) -> None:
        self.view.full_failed(article.id, reason)

    # --- a page held back ------------------------------------------------------------------
    def held_note(self, article: Article) -> Text:
        keys = resolve_keys(dict(self.screen.service.config.keys))
        key = keys["toggle_full_text"].split(",")[0]
        host = url_host(article.link or "") or "an unreadable address"
        return Text(
            f"The full text was not fetched: the link points at {host}, on this machine or a "
            f"private network. Press {key} to fetch it.\n",
            "italic",
        )

    def fetch_held(self) -> bool:
        """Fetch the open article's held page (the reader asked); False if none is held."""
        view = self.view
        if self.held is None or view.article is None or view.article.id != self.held[0].id:
            return False
        article, body = self.held
        self.held = None
        view.open(article, full_text=True)
        view.set_summary(article.id, body, body.links)
        self.data.full_text(article, self)
        return True

    def full_renderer(self, extracted: ExtractedArticle) -> FullRenderer:
        from reader.core.extract.render import render_article

        tz, pictures = self.tz, self.pictures

        def render(width: int) -> Group:
            picture = pictures.picture_fn()
            return Group(
                *render_article(extracted, width=width, tz=tz, headline=False, picture=picture)
            )

        return render

"""Messages widgets post to the screen: widgets ask, the screen's workers do the I/O."""

from __future__ import annotations

from textual.message import Message

from reader.core.models import Article, ArticleQuery, Feed


class PageNeeded(Message):
    """The article list wants rows it has not got: page `page` of list `generation`."""

    def __init__(self, generation: int, page: int) -> None:
        super().__init__()
        self.generation = generation
        self.page = page


class ArticleChosen(Message):
    """The user opened the article at `index` of the current list."""

    def __init__(self, index: int, article: Article) -> None:
        super().__init__()
        self.index = index
        self.article = article


class FeedChosen(Message):
    """The user picked a feed-list row: show the articles of `query`."""

    def __init__(self, query: ArticleQuery, label: str, feed: Feed | None) -> None:
        super().__init__()
        self.query = query
        self.label = label
        self.feed = feed

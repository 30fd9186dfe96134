"""The open article's pictures: fetched only while it is open, after its text is on screen.

`start` is called once the full text is shown (its text draws at once, with stand-ins where
the pictures go); one worker of the screen (group "pictures", exclusive: opening another
article cancels it) fetches them through the app's HTTP client, a few at a time, decoded in
threads (reader.core.images). Each arrival redraws the body once per frame at most. A picture
that fails shows its alt text in a frame: failures never reach the worker's error report.

`i` (`toggle`) hides and shows pictures for the session; `[ui] images` sets how it starts.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.ui.widgets import article_image as pictures_ui
from reader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from rich.console import RenderableType

    from reader.core.extract import ExtractedArticle, Image
    from reader.core.extract.render import PictureFn
    from reader.core.images.cache import ImageCache
    from reader.core.images.decisions import ImageMode
    from reader.core.images.load import Picture
    from reader.core.models import Article
    from reader.ui.screens.main import MainScreen

log = logging.getLogger(__name__)
AT_ONCE = 3  # pictures fetched at the same time (the client's per-host limit holds too)
GROUP = "pictures"


@dataclass(slots=True)
class _State:
    article: Article
    extracted: ExtractedArticle
    drawn: list[str]  # the sources drawn, in order
    results: dict[str, Picture]  # arrived (or refused before any fetch)


class Pictures:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        configured = screen.service.config.ui.images
        # The config checked it already; images.decisions (which loads the extraction
        # package, lxml…) is imported only when an article's pictures are handled.
        self.configured: ImageMode = configured if configured in ("lead", "off") else "auto"  # type: ignore[assignment]
        self.on = self.configured != "off"
        self.state: _State | None = None
        self._made: dict[tuple[str, int, int], pictures_ui.Drawn] = {}
        self._redraw_due = False
        self._cache: ImageCache | None = None
        # None: [ui] images = "off", and the terminal was never asked what it can draw.
        self.graphics: pictures_ui.Graphics | None = getattr(screen.app, "graphics", None)

    @property
    def mode(self) -> ImageMode:
        return self.configured if self.on else "off"

    @property
    def cache(self) -> ImageCache:
        if self._cache is None:
            from reader.core.images.cache import FOLDER, ImageCache

            self._cache = ImageCache(self.screen.service.data_dir / FOLDER)
        return self._cache

    @property
    def view(self) -> ArticleView:
        return self.screen.query_one(ArticleView)

    # --- the article's pictures ------------------------------------------------------------
    def picture_fn(self) -> PictureFn | None:
        """For the full text's renderer: None lists the pictures as text (images off)."""
        drawing = self.mode != "off" and self.graphics is not None
        return self.draw if drawing and self.state is not None else None

    def clear(self) -> None:
        """Another article opens (or none): stop fetching, forget what was drawn."""
        self.screen.workers.cancel_group(self.screen, GROUP)
        for made in self._made.values():
            made.cleanup()  # kitty: the terminal frees the picture
        self._made.clear()
        self.state = None

    def start(self, article: Article, extracted: ExtractedArticle) -> None:
        """The full text is on screen: fetch its pictures (those the mode draws)."""
        from reader.core.images.decisions import shown

        self.clear()
        drawn = shown(extracted.images, self.mode)
        self.state = _State(article, extracted, [i.src for i in drawn], {})
        if drawn:
            self._fetch(article, self.state)

    def _fetch(self, article: Article, state: _State) -> None:
        from reader.core.images.decisions import may_fetch
        from reader.core.images.load import Picture

        wanted: list[str] = []
        for src in state.drawn:
            if src in state.results:
                continue
            if may_fetch(src, article.link, article.feed_url):
                wanted.append(src)
            else:
                state.results[src] = Picture(src, failure="not fetched: not a public web address")
        if wanted:
            self.screen.run_worker(
                self._load(state, wanted),
                group=GROUP,
                exclusive=True,
                exit_on_error=False,
                name="Loading pictures",
            )

    async def _load(self, state: _State, wanted: list[str]) -> None:
        from reader.core.images.load import Picture, load_picture

        client = await self.screen.service.http_client()
        room = asyncio.Semaphore(AT_ONCE)

        async def one(src: str) -> None:
            async with room:
                try:
                    picture = await load_picture(client, src, self.cache)
                except Exception as exc:  # a bug, not the picture's fault: still no dialog
                    log.exception("loading %s", src)
                    picture = Picture(src, failure=f"unexpected error ({type(exc).__name__})")
            self.arrived(state, picture)

        await asyncio.gather(*(one(src) for src in wanted))

    def arrived(self, state: _State, picture: Picture) -> None:
        if self.state is not state:
            return  # another article is open now
        state.results[picture.src] = picture
        if not self._redraw_due:
            self._redraw_due = True
            self.screen.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        self._redraw_due = False
        self.view.pictures_changed()

    def toggle(self) -> str:
        """`i`: pictures off, or on again (fetching what the open article still needs)."""
        if self.graphics is None:
            return 'Pictures are off: [ui] images = "off" in the config'
        self.on = not self.on
        view, state = self.view, self.state
        opened = view.article
        if self.on and state is not None and opened is not None and opened.id == state.article.id:
            self.start(state.article, state.extracted)
        view.pictures_changed()
        return "Pictures shown" if self.on else "Pictures hidden"

    # --- drawing (the renderer calls this for each picture, at the column's width) ----------
    def draw(self, image: Image, width: int) -> RenderableType | None:
        from reader.core.images.decisions import is_tracker

        state = self.state
        if state is None:
            return None
        if is_tracker(image):
            return None
        if image.src not in state.drawn:
            return pictures_ui.listed(image)  # "lead": the others are listed where they are
        picture = state.results.get(image.src)
        rows = pictures_ui.max_rows(self.view.scrollable_content_region.height or 24)
        cell = pictures_ui.cell_pixels()
        if picture is None:
            if image.width and image.height:
                cols, high = pictures_ui.fit_cells((image.width, image.height), width, rows, cell)
                return pictures_ui.loading(image, cols, high, width)
            return pictures_ui.loading(image, None, None, width)
        if picture.image is None or self.graphics is None:
            return pictures_ui.failed(image, picture.failure or "unavailable", width)
        cols, high = pictures_ui.fit_cells(picture.image.size, width, rows, cell)
        key = (image.src, cols, high)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = pictures_ui.draw(picture.image, self.graphics, cols, high)
        return pictures_ui.placed(made)

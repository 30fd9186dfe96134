"""An article's numbered links: a digit opens one, `y` and a digit copies one; the footer and
the help say so."""

from __future__ import annotations

from textual.app import App

from reader.core.service import Service
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import make_app, press, screen_text, settle, view_text
from tests.ui.seed import add_article

WIDE = (160, 48)
NARROW = (80, 24)
MANY = [f"https://links.test/{n}" for n in range(1, 13)]  # twelve links, [1] … [12]
CONTENT = "<p>" + " ".join(f'<a href="{url}">link {n}</a>' for n, url in enumerate(MANY, 1))


def _notes(app: App) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_a_digit_opens_that_link_of_the_open_article(service: Service) -> None:
    opened: list[str] = []
    app = make_app(service, open_url=opened.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the full text: "[1] 관련 기사 — https://news.test/ai"
        assert "Press a link's number to open it; y + number copies it." in view_text(app)
        await press(pilot, "1")
        assert opened == ["https://news.test/ai"]
        await press(pilot, "2")
        assert opened == ["https://news.test/ai"]
        assert "No link 2: this article has 1" in _notes(app)


async def test_y_then_a_digit_copies_that_link(service: Service) -> None:
    opened: list[str] = []
    app = make_app(service, open_url=opened.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "y")
        assert app.clipboard == "https://news.test/k1"  # y alone: the article's own link
        await press(pilot, "1")
        assert app.clipboard == "https://news.test/ai"
        assert opened == []
        assert "Copied link 1: https://news.test/ai" in _notes(app)
        await press(pilot, "y", "j", "1")  # another key in between: the digit opens again
        assert opened == ["https://news.test/ai"]


async def test_more_than_ten_links_take_a_number_and_enter(service: Service) -> None:
    opened: list[str] = []
    add_article(service, "http://links.test/feed", "Twelve links", content=CONTENT)
    app = make_app(service, open_url=opened.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the feed's summary: its links numbered [1] … [12]
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == "Twelve links"
        text = view_text(app)
        assert "[12] https://links.test/12" in text
        assert "open it (0 for 10; 1 2 for 12, 1 enter for 1)" in text
        await press(pilot, "1", "2")
        assert opened == [MANY[11]]
        await press(pilot, "1", "enter")  # enter ends the number: not the list's enter
        assert opened == [MANY[11], MANY[0]]
        assert view.article.title == "Twelve links"
        await press(pilot, "0")
        assert opened[-1] == MANY[9]
        await press(pilot, "5")  # 50 is past the end: at once
        assert opened[-1] == MANY[4]
        await press(pilot, "1", "tab", "enter")  # a number left unfinished is dropped
        assert len(opened) == 4
        await press(pilot, "y", "1", "1")  # the article has no link of its own; [11] it has
        assert app.clipboard == MANY[10] and len(opened) == 4


async def test_digits_need_the_article_on_screen(service: Service) -> None:
    opened: list[str] = []
    app = make_app(service, open_url=opened.append)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "escape")  # narrow: back to the list, the article hidden
        await press(pilot, "1")
        assert opened == []
        assert "No numbered links here: open an article that has some" in _notes(app)
        await press(pilot, "enter", "1")
        assert opened == ["https://news.test/ai"]


async def test_the_footer_and_help_show_the_link_keys(service: Service) -> None:
    app = make_app(service)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "tab")  # the article view, nothing open: no links to offer
        assert "1-9 Links" not in screen_text(app).splitlines()[-1]
        await press(pilot, "shift+tab", "enter", "tab")
        assert "1-9 Links" in screen_text(app).splitlines()[-1]
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "Open link [1] … [10] of the article" in text
        assert "Copy link [1] … [10]" in text
    app = make_app(service)
    async with app.run_test(size=NARROW) as pilot:  # no room at 80 columns: the hint says it
        await settle(pilot)
        await press(pilot, "enter")
        assert "q Quit" in screen_text(app).splitlines()[-1]
        assert "Links" not in screen_text(app).splitlines()[-1]

"""Feed HTML → Rich text: structure kept, links numbered, hostile input made harmless."""

from __future__ import annotations

from rich.console import Console

from reader.core.html_render import render_html
from reader.core.text import strip_escapes


def _screen(html: str, width: int = 60, **options: object) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render_html(html, **options))  # type: ignore[arg-type]
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def test_paragraphs_headings_and_inline_styles() -> None:
    article = render_html("<h2>제목</h2><p>첫 <b>문단</b>.</p><p>Second <em>one</em>.</p>")
    assert [block.kind for block in article.blocks] == ["h2", "p", "p"]
    assert article.plain == "제목\n\n첫 문단.\n\nSecond one."
    bold = [span for span in article.blocks[1].text.spans if "bold" in str(span.style)]
    assert article.blocks[1].text.plain[bold[0].start : bold[0].end] == "문단"


def test_whitespace_collapses_but_br_and_pre_keep_lines() -> None:
    article = render_html("<p>one\n   two<br>three</p><pre>  a\n    b</pre>")
    assert article.plain == "one two\nthree\n\n  a\n    b"


def test_links_are_numbered_once_and_listed_at_the_end() -> None:
    html = (
        '<p><a href="https://a.test/1">one</a>, <a href="/rel">two</a>, '
        '<a href="https://a.test/1">one again</a>, <a href="javascript:alert(1)">js</a></p>'
    )
    article = render_html(html, base_url="https://site.test/news/x.html")
    assert article.links == ["https://a.test/1", "https://site.test/rel"]
    assert "one[1], two[2], one again[1], js" in article.plain
    assert _screen(html, base_url="https://site.test/").endswith(
        "Links\n[1] https://a.test/1\n[2] https://site.test/rel"
    )


def test_lists_have_bullets_numbers_and_hanging_indent() -> None:
    html = (
        "<ul><li>a long item that has to wrap onto a second line here</li><li>b</li></ul>"
        '<ol start="3"><li>three</li><li>four</li></ol>'
    )
    lines = _screen(html, width=30).splitlines()
    assert lines[0] == "• a long item that has to wrap"
    assert lines[1].startswith("  onto")  # wrapped text stays right of the bullet
    assert "• b" in lines
    assert "3. three" in lines and "4. four" in lines


def test_blockquotes_are_indented_blocks() -> None:
    text = _screen(
        "<p>He said:</p><blockquote><p>“광주가 도약하는 계기”</p></blockquote><p>end</p>"
    )
    assert text.splitlines() == ["He said:", "", "    “광주가 도약하는 계기”", "", "end"]
    article = render_html("<blockquote>quoted</blockquote>")
    assert article.blocks[0].quote and article.blocks[0].indent == 4


def test_images_are_listed_with_their_alt_text() -> None:
    article = render_html('<p>before</p><img src="/p.jpg" alt="조감도"><img src="x.png">')
    assert "[image: 조감도]" in article.plain and "[image]" in article.plain
    assert article.images == [("/p.jpg", "조감도"), ("x.png", "")]


def test_script_style_and_iframe_are_dropped() -> None:
    html = (
        "<p>keep</p><script>alert('x')</script><style>p{color:red}</style>"
        "<iframe src='https://evil.test'>frame text</iframe><noscript>ns</noscript><p>also</p>"
    )
    assert render_html(html).plain == "keep\n\nalso"


def test_markup_is_never_interpreted() -> None:
    article = render_html("<p>[bold]x[/bold] [@click=app.quit]press[/] [link=http://e]y[/link]</p>")
    assert article.plain == "[bold]x[/bold] [@click=app.quit]press[/] [link=http://e]y[/link]"
    assert all(
        not span.style or "click" not in str(span.style) for span in article.blocks[0].text.spans
    )


def test_control_characters_and_escape_sequences_are_stripped() -> None:
    html = (
        "<p>red\x1b[31m text\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 "
        "\x1b]52;c;SGVsbG8=\x07bell\x07 nul\x00 c1\x9b2J bidi\u202eevil\u202c</p>"
    )
    plain = render_html(html).plain
    assert plain == "red text link bell nul c1 bidievil"  # the C1 CSI went whole
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in plain)
    assert strip_escapes("a\tb\nc\x07") == "a\tb\nc"


def test_entities_and_plain_text_input() -> None:
    assert render_html("Tom &amp; Jerry &lt;3 &#8220;hi&#8221;").plain == "Tom & Jerry <3 “hi”"
    assert render_html("").plain == ""
    assert render_html("<p>unclosed <b>bold <i>both").plain == "unclosed bold both"

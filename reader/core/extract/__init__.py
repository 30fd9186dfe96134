"""Article pages → structured articles (headline, outlet, deck, byline, quotes, body).

Importing this package is cheap: trafilatura loads only when a page is extracted.
"""

from __future__ import annotations

from .model import Byline, ExtractedArticle, Image, Link, Quote
from .pipeline import ExtractError, extract_html, extract_page

__all__ = [
    "Byline",
    "ExtractError",
    "ExtractedArticle",
    "Image",
    "Link",
    "Quote",
    "extract_html",
    "extract_page",
]

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.extract import ExtractedArticle, extract_page

DATA = Path(__file__).resolve().parents[2] / "data" / "extract"


@pytest.fixture
def page():
    """Extract one of the fixture pages under tests/data/extract/."""

    def load(name: str, headers: dict[str, str] | None = None) -> ExtractedArticle:
        return extract_page((DATA / name).read_bytes(), headers or {}, f"http://t.example/{name}")

    return load

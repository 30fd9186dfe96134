"""Calm themes for long reading: low-contrast surfaces, warm text, one quiet accent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.theme import Theme

if TYPE_CHECKING:
    from reader.core.service import Service

DEFAULT_THEME = "sinmun-dark"


def stored_theme(service: Service) -> str | None:
    """The theme picked last time (`[ui] theme` in the config wins over it)."""
    return service.saved_theme()


def store_theme(service: Service, name: str) -> None:
    service.save_theme(name)


THEMES = (
    Theme(
        name="sinmun-dark",
        primary="#7fa1c3",
        secondary="#94a88a",
        accent="#d3a35e",
        foreground="#d8d2c4",
        background="#1b1e23",
        surface="#20242a",
        panel="#2a2f37",
        success="#94b38a",
        warning="#d3a35e",
        error="#d2776f",
        dark=True,
    ),
    Theme(
        name="sinmun-paper",
        primary="#4f6b8a",
        secondary="#6b7f5a",
        accent="#a4672d",
        foreground="#3a3329",
        background="#f3ecdc",
        surface="#ece3cf",
        panel="#e2d7bf",
        success="#5f7f4f",
        warning="#a4672d",
        error="#a64b41",
        dark=False,
    ),
)

"""The command line and the app talk to the Service alone: never to its storage behind it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

READER = Path(__file__).resolve().parents[1] / "reader"


def _reaches_into_storage(source: str) -> list[int]:
    """Lines where `service.storage` (or `self.service.storage`) is used."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "storage":
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if name == "service":
                lines.append(node.lineno)
    return sorted(lines)


MODULES = sorted([*READER.glob("*.py"), *READER.glob("ui/**/*.py")])


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(READER)))
def test_the_cli_and_the_app_use_service_methods_only(module: Path) -> None:
    assert _reaches_into_storage(module.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_reach() -> None:
    assert _reaches_into_storage("x = service.storage.get_feed(u)\ny = self.service.storage") == [
        1,
        2,
    ]

"""What the command line prints: JSON and error lines pass through the one sanitizer
(:mod:`reader.core.text`) at the last step, whatever path their strings took to get here."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from reader.core.text import clean_text, scrub


def write_json(data: object, out: TextIO | None = None) -> None:
    """``data`` as indented JSON: strings scrubbed, NaN/infinities as null (strict JSON)."""
    out = out if out is not None else sys.stdout
    json.dump(scrub(data), out, ensure_ascii=False, indent=2, allow_nan=False)
    out.write("\n")


def error_line(message: str, out: TextIO | None = None) -> None:
    """One line on stderr, cleaned: messages quote URLs, paths and server text."""
    out = out if out is not None else sys.stderr
    print(clean_text(message), file=out)

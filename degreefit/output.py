"""Writing a command's result to stdout: text fitted to what stdout can print, and JSON."""

from __future__ import annotations

import json
import sys

from degreefit.plaintext import can_print, fitted


def write_text(text: str) -> None:
    """Text as written, or with the characters stdout cannot print replaced by plain ones."""
    sys.stdout.write(fitted(text, sys.stdout))
    sys.stdout.flush()


def write_json(document: object) -> None:
    """JSON with its characters as they are, or escaped (\\u2019) where stdout cannot print them."""
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if not can_print(text, sys.stdout):
        text = json.dumps(document, indent=2) + "\n"
    sys.stdout.write(text)
    sys.stdout.flush()

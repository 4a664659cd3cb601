"""How rich draws on a stream: colour and Unicode on a terminal, plain ASCII text otherwise.

The render modules (the text report, the catalog views, the batch summary) draw through
`show`; it is the one place that decides between the two.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any, TextIO

from rich import box
from rich.console import Console

from degreefit.plaintext import can_print, fitted

# rich's SIMPLE box drawn with ASCII: a rule under the header and nothing else.
PLAIN_BOX = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


def show(file: TextIO, draw: Callable[[Console, bool], None], *, least_width: int = 0) -> None:
    """Draw on a terminal with colour and Unicode; otherwise plain: ASCII, no escape codes,
    no trailing spaces (rich pads every line to the width).

    Below `least_width` columns (COLUMNS=10) the drawing is as wide as that all the same: a
    terminal wraps its long lines, where rich, drawing narrower, would cut words to "Yo…".
    """
    probe = Console(file=file)
    width = max(probe.width, least_width)
    # Text from the rule set is printed as written: `[/]` or `[bold]` in a name is no markup.
    literal: dict[str, Any] = {"highlight": False, "markup": False, "emoji": False}
    if probe.is_terminal and not os.environ.get("NO_COLOR") and can_print("█░•“”·−", file):
        draw(Console(file=file, width=width, **literal), True)
        return
    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, no_color=True, force_terminal=False, **literal), False)
    plain = "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    file.write(fitted(plain, file))

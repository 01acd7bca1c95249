"""Text bound for a terminal: control characters from the data removed, rich markup never parsed."""

from __future__ import annotations

import re
from typing import Any, Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what a terminal shows: a service name holding ESC or BEL could move the
# cursor, retitle the window or hide text; one holding U+202E could reverse a line.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """TEXT without control characters (tab and newline kept)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def one_line(text: str) -> str:
    """TEXT on one line: every control character, newlines included, shown as an escape (\\n, \\x1b),
    so a file name holding a newline cannot split an error message in two."""
    if not _ESCAPED.search(text):
        return text
    return _ESCAPED.sub(lambda m: repr(m.group())[1:-1], text)


class SafeConsole(Console):
    """A rich Console that never parses markup in the text it is given (a name holding `[/]` is
    printed as it is) and drops control characters from every text segment it renders; the
    styles rich itself adds are control segments and pass untouched."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("highlight", False)
        kwargs.setdefault("emoji", False)
        super().__init__(**kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and CONTROL.search(segment.text):
                yield Segment(CONTROL.sub("", segment.text), segment.style)
            else:
                yield segment

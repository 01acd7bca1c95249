"""The audit's progress on stderr: rows read, bytes read of the file's size and a percentage, only on a terminal."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def progress_text(rows: int, read: int, total: int | None) -> str:
    """`12,000 rows · 1.2 MB of 3.4 MB (35%)`; without a TOTAL (standard input), no percentage.
    The bytes are estimated from the cells, so the share stops at 99% until the file is done."""
    text = f"{rows:,} rows · {_size(read)}"
    if total:
        text += f" of {_size(total)} ({min(99, int(100 * read / total))}%)"
    return text


def shows_progress(console: Console) -> bool:
    """Only an interactive terminal gets a progress display: never a pipe, a file or a CI log."""
    return console.is_terminal and not os.environ.get("CI")


@contextmanager
def audit_progress(console: Console, path: str | None) -> Iterator[Callable[[int, int], None] | None]:
    """A spinner with rows and bytes read on CONSOLE, for the file at PATH; yields the callback
    the audit reports to (None when CONSOLE is not a terminal: nothing is drawn or counted)."""
    if not shows_progress(console):
        yield None
        return
    total = os.path.getsize(path) if path and os.path.isfile(path) else None
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[read]}"),
                        TimeElapsedColumn(), console=console, transient=True)
    task = progress.add_task("Reading, classifying and auditing the register", read=progress_text(0, 0, total))

    def report(rows: int, read: int) -> None:
        progress.update(task, read=progress_text(rows, read, total))

    with progress:
        yield report

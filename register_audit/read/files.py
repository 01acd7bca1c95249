"""Opening the files a command reads: devices refused, pipes read once, whole reads bounded, each input noted.

Every reader of a user's file (register, rule file, profile, budget, catalogue, policy,
baseline) goes through `read_bytes` or `open_input`, so one place decides what may be read and
how much, and `noted_inputs` knows every file a command read: an output is never written onto
one of them, whatever path, symlink or hard link leads there (render/write.py).
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator

from register_audit.errors import InputError, RegisterAuditError

MiB = 1024 * 1024
# Registers read whole (XLSX, JSON, HTML, DOCX, legacy code pages, pipes): far above any real
# register, low enough that parsing what is read stays inside a few GiB.
MAX_REGISTER_BYTES = 512 * MiB
# Rule files, profiles, catalogues, budgets and policies are a few hundred KiB at most.
MAX_SIDE_FILE_BYTES = 2 * MiB
_CHUNK = MiB
STDIN = "-"

FileId = tuple[int, int]  # (st_dev, st_ino): the file itself, whatever path names it
_INPUTS: ContextVar[set[FileId] | None] = ContextVar("register_audit_inputs", default=None)


_OPEN: ContextVar[list[io.IOBase] | None] = ContextVar("register_audit_open_inputs", default=None)


@contextlib.contextmanager
def input_session() -> Iterator[set[FileId]]:
    """Note every file read inside the block (the CLI runs each command in one); a file left
    open by a reader that stopped early (an error in the header of a streamed CSV) is closed
    when the block ends."""
    token = _INPUTS.set(set())
    opened = _OPEN.set([])
    try:
        yield _INPUTS.get()  # type: ignore[misc]
    finally:
        for handle in _OPEN.get() or ():
            with contextlib.suppress(Exception):
                handle.close()
        _OPEN.reset(opened)
        _INPUTS.reset(token)


def close_at_end(handle: io.IOBase) -> None:
    """Close HANDLE when the current session ends, whether or not its reader got to the end."""
    handles = _OPEN.get()
    if handles is not None:
        handles.append(handle)


def noted_inputs() -> frozenset[FileId]:
    """The (device, inode) of every file read so far in the current session."""
    return frozenset(_INPUTS.get() or ())


def file_id(status: os.stat_result) -> FileId:
    return status.st_dev, status.st_ino


def note_input(path: str | Path) -> None:
    """Record PATH (after following symlinks) as read in the current session; missing files are skipped."""
    noted = _INPUTS.get()
    if noted is None:
        return
    try:
        noted.add(file_id(os.stat(path)))
    except (OSError, ValueError):
        pass


ErrorFactory = Callable[[str, str], RegisterAuditError]


def input_error(shown: str, problem: str) -> RegisterAuditError:
    return InputError(shown, problem)


def error_of(kind: type[RegisterAuditError]) -> ErrorFactory:
    """An error factory for KIND: InputError keeps the path apart, the others get one sentence."""
    if issubclass(kind, InputError):
        return input_error
    return lambda shown, problem: kind(f"{shown}: {problem}")


def is_stream(path: str | Path) -> bool:
    """True for `-` (standard input) and for a pipe or socket, which can be read only once."""
    if str(path) == STDIN:
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def check_readable(path: str | Path, *, what: str, error: ErrorFactory = input_error, shown: str | None = None,
                   missing: str | None = None) -> os.stat_result | None:
    """The status of PATH, a regular file or a stream (None for `-`); an error for anything else
    (MISSING is the sentence for a path that does not exist)."""
    shown = shown if shown is not None else str(path)
    if str(path) == STDIN:
        return None
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise error(shown, missing or f"no such {what}.") from None
    except (OSError, ValueError) as problem:
        raise error(shown, f"cannot read the {what} ({_reason(problem)}).") from None
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise error(shown, f"is a directory, not a {what}.")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise error(shown, f"is a device, not a {what}; give a regular file.")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        raise error(shown, f"is not a regular file, so it cannot be a {what}.")
    return status


def read_bytes(path: str | Path, *, limit: int, what: str, error: ErrorFactory = input_error, shown: str | None = None,
               missing: str | None = None) -> bytes:
    """The whole content of PATH (a file, a pipe, or `-` for standard input), read once and at
    most LIMIT bytes; an error naming the file for a device, a folder, or anything larger."""
    shown = shown if shown is not None else str(path)
    status = check_readable(path, what=what, error=error, shown=shown, missing=missing)
    if status is not None and stat.S_ISREG(status.st_mode) and status.st_size > limit:
        raise error(shown, f"the {what} is larger than {_size(limit)} ({_size(status.st_size)}); {_advice(what)}")
    try:
        with _open_binary(path) as handle:
            note_input(path)
            data = _read_bounded(handle, limit)
    except OSError as problem:
        raise error(shown, f"cannot read the {what} ({_reason(problem)}).") from None
    if data is None:
        raise error(shown, f"the {what} is larger than {_size(limit)} (read from a pipe); {_advice(what)}")
    return data


def read_text(path: str | Path, *, limit: int = MAX_SIDE_FILE_BYTES, what: str, error: ErrorFactory = input_error,
              shown: str | None = None, missing: str | None = None, encoding: str = "utf-8-sig") -> str:
    """READ_BYTES decoded as UTF-8 (a BOM is dropped); an error naming the file and the bad byte."""
    shown = shown if shown is not None else str(path)
    data = read_bytes(path, limit=limit, what=what, error=error, shown=shown, missing=missing)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise error(shown, f"the {what} is not UTF-8 text (byte {problem.start}, line {line}); save it as UTF-8.") from None


# An Office package's parts once inflated: a sheet or document part is parsed as a stream, but
# shared strings are held whole (a few bytes of XML each become a Python string).
MAX_PART_BYTES = 256 * MiB
MAX_SHARED_STRINGS_BYTES = 128 * MiB
MAX_PACKAGE_BYTES = 512 * MiB
# Parts parsed whole into an XML tree (~100 bytes a node, so 40 million `<w:p/>` in 240 MB of
# XML would take gigabytes): a DOCX's document, and every part but a worksheet (styles,
# workbook, numbering), which a register holds a few KiB of.
MAX_DOCUMENT_BYTES = 32 * MiB
MAX_OTHER_XML_BYTES = 16 * MiB


def _part_limit(name: str) -> int:
    lower = name.lower()
    if lower.endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    if lower.startswith("xl/worksheets/") or not lower.endswith((".xml", ".rels")):
        return MAX_PART_BYTES  # a worksheet is read as a stream; media are never parsed
    if lower == "word/document.xml":
        return MAX_DOCUMENT_BYTES
    return MAX_OTHER_XML_BYTES


def check_archive(path: str | Path, data: bytes) -> None:
    """Refuse a zip package (XLSX, DOCX) whose parts inflate past the bounds, before anything
    unpacks it: a zip bomb is a few KiB that claim gigabytes. The claimed sizes are what
    zipfile stops at, so a part that lies about its size is cut there and fails its CRC."""
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader reports a damaged package in its own words
    total = 0
    for info in infos:
        limit = _part_limit(info.filename)
        if info.file_size > limit:
            raise InputError(path, f"its part {info.filename!r} inflates to {_size(info.file_size)}, more than the {_size(limit)} "
                             "a register holds (a zip bomb?); save the register as CSV.")
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        raise InputError(path, f"its parts inflate to {_size(total)} in all, more than {_size(MAX_PACKAGE_BYTES)}; save the register as CSV.")


def open_input(path: str | Path) -> io.BufferedReader:
    """PATH opened for reading in binary, noted as an input (the caller checked it with check_readable)."""
    handle = open(path, "rb")  # noqa: SIM115  (the caller closes it)
    note_input(path)
    return handle  # type: ignore[return-value]


@contextlib.contextmanager
def _open_binary(path: str | Path) -> Iterator[io.BufferedIOBase]:
    if str(path) == STDIN:
        buffer = getattr(sys.stdin, "buffer", None)
        yield buffer if buffer is not None else io.BytesIO(sys.stdin.read().encode("utf-8"))
        return
    try:
        is_pipe = stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, ValueError):
        is_pipe = False
    if is_pipe:
        with _open_pipe(path) as handle:
            yield handle
        return
    with open(path, "rb") as handle:
        yield handle


# How long a named pipe may stay silent before the tool gives up on it: a pipe nobody writes
# into (a FIFO left in a folder, a writer that never started) would block the read for ever.
PIPE_WAIT_SECONDS = 10.0


@contextlib.contextmanager
def _open_pipe(path: str | Path) -> Iterator[io.BufferedIOBase]:
    """A named pipe opened without blocking, read once something is written into it or its
    writer closes it; OSError (ETIMEDOUT) when nothing comes within PIPE_WAIT_SECONDS."""
    import errno
    import select

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        if not poller.poll(PIPE_WAIT_SECONDS * 1000):
            raise OSError(errno.ETIMEDOUT, f"nothing was written into the pipe within {PIPE_WAIT_SECONDS:.0f} s")
        os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def _read_bounded(handle: io.BufferedIOBase, limit: int) -> bytes | None:
    """All of HANDLE, or None as soon as it holds more than LIMIT bytes (a pipe from /dev/zero ends here)."""
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = handle.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def _size(size: int) -> str:
    return f"{size / MiB:.0f} MiB" if size >= MiB else f"{size / 1024:.0f} KiB"


def _advice(what: str) -> str:
    if what == "register file":
        return "save a register this large as UTF-8 CSV, which is read as a stream."
    return f"a {what} is far smaller."


def _reason(problem: BaseException) -> str:
    return getattr(problem, "strerror", None) or type(problem).__name__

"""Writing an output file: atomically, never onto a file the command read, cleaned up when interrupted."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import Iterator

from register_audit.errors import RegisterAuditError
from register_audit.read.files import file_id, noted_inputs


class OutputError(RegisterAuditError):
    """An output path that cannot be written, or that would replace an input."""


def check_output(output: Path, *, option: str = "--output", inputs: tuple[str | Path, ...] = ()) -> None:
    """Refuse OUTPUT when it is a file this command reads (by device and inode, so a symlink,
    a hard link or another spelling of the path is caught), a folder, or not a regular file."""
    shown = _shown(output)
    try:
        status = os.stat(output)
    except FileNotFoundError:
        return
    except OSError as problem:
        raise OutputError(f"{shown}: {option} cannot be checked ({problem.strerror or type(problem).__name__}).") from None
    if stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{shown}: {option} names a directory; give a file path.")
    if not stat.S_ISREG(status.st_mode):
        raise OutputError(f"{shown}: {option} names a device or a pipe, not a file; give a file path, or leave {option} out to print.")
    protected = set(noted_inputs())
    for source in inputs:
        with contextlib.suppress(OSError, ValueError):
            protected.add(file_id(os.stat(source)))
    if file_id(status) in protected:
        raise OutputError(f"{shown}: {option} would overwrite the input file (a file this command reads, by this path or through a link); choose another path.")


def write_atomic(output: Path, text: str | bytes, *, option: str = "--output", inputs: tuple[str | Path, ...] = ()) -> None:
    """Write TEXT (UTF-8, or bytes as they are) to OUTPUT through a temporary file in its folder and a rename, never onto
    an input (check_output). An existing file keeps its permission bits; the temporary file is
    removed on any failure, Ctrl-C or SIGTERM included."""
    output = Path(output)
    check_output(output, option=option, inputs=inputs)
    shown = _shown(output)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{shown}: the folder {_shown(folder)} does not exist.")
    # A lone surrogate that got this far becomes '?': it is no character, and strict UTF-8 would fail.
    data = text if isinstance(text, bytes) else text.encode("utf-8", errors="replace")
    try:
        mode = stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()  # mkstemp makes 0600; a new output is an ordinary file
    made: list[str] = []
    try:
        with _removed_on_signal(made):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
            made.append(tmp)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
            os.replace(tmp, output)
            made.clear()
    except OSError as problem:
        _remove(made)
        raise OutputError(f"{shown}: cannot write the output ({problem.strerror or type(problem).__name__}).") from None
    except BaseException:
        _remove(made)
        raise


def _remove(made: list[str]) -> None:
    for tmp in made:
        Path(tmp).unlink(missing_ok=True)


class _Terminated(BaseException):
    """SIGTERM arrived during a write; raised so the temporary file is removed on the way out."""


@contextlib.contextmanager
def _removed_on_signal(made: list[str]) -> Iterator[None]:
    """While writing, turn SIGTERM into an exception (Ctrl-C already is one), then die by it as before."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except _Terminated:
        _remove(made)
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signal.SIGTERM)  # the default action, now that nothing is left behind
        raise SystemExit(128 + signal.SIGTERM) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _shown(path: Path) -> str:
    return str(path)

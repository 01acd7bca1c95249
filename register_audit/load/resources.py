"""Where the bundled registers and rule sets are, in a checkout and after `pip install .`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # register_audit/


@cache
def bundled(folder: str) -> Path:
    """The bundled `registers` or `rules` folder.

    A wheel carries them inside the package (`_bundled/`); a checkout or an editable install
    reads them from the top of the repository.
    """
    for candidate in (_PACKAGE / "_bundled" / folder, _PACKAGE.parent / folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled {folder!r} folder is missing from this installation")

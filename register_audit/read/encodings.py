"""Telling a text file's encoding: a BOM, UTF-8, or the legacy code page of a Kazakh or Russian file."""

from __future__ import annotations

import codecs
from pathlib import Path

from register_audit.errors import InputError

_SNIFF_BYTES = 64 * 1024
_CHUNK = 1 << 20
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(path: Path, data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or a detected legacy code
    page such as Windows-1251; raise InputError naming the first undecodable byte."""
    return data.decode(detect_encoding(path, data))


def detect_encoding(path: Path, data: bytes) -> str:
    """The encoding of a text file: its BOM, else UTF-8 if every byte fits, else the legacy code
    page charset-normalizer finds most likely; InputError names the first undecodable byte."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                _validate(data, encoding)
            except UnicodeDecodeError as error:
                raise InputError(path, f"starts with a {encoding} byte-order mark but byte {error.start} cannot be decoded as {encoding}.") from None
            return encoding
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(path, "contains NUL bytes: it is a binary file, not a text table (an Excel file must end in .xlsx).")
    try:
        _validate(data, "utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _mostly_utf8(data):
        line = data.count(b"\n", 0, first_bad) + 1
        raise InputError(path, f"byte {first_bad} (line {line}) is not valid UTF-8, though the rest of the file is; re-save the file as UTF-8.")
    from charset_normalizer import from_bytes

    best = from_bytes(data[: _SNIFF_BYTES * 16], cp_isolation=["cp1251", "koi8_r", "cp1252", "latin_1", "cp866", "mac_cyrillic"]).best()
    if best is None:
        raise InputError(path, f"byte {first_bad} is not valid UTF-8 and no other common encoding fits the file; save it as UTF-8.")
    if best.encoding in {"cp1251", "kz1048"}:
        return "kz1048" if _kazakh_code_page(data) else "cp1251"
    try:
        _validate(data, best.encoding)  # the guess was made on the first MiB; the rest must fit too
    except UnicodeDecodeError as error:
        raise InputError(path, f"byte {error.start} cannot be decoded as {best.encoding}, the encoding the start of the file has; save it as UTF-8.") from None
    return best.encoding


def _mostly_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 far outnumbers bad bytes: a UTF-8 file with a stray
    legacy byte, which a code-page guess would turn into mojibake everywhere else."""
    text = data[: _SNIFF_BYTES * 16].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good >= 4 * max(bad, 1)


# In KZ-1048 (Windows Kazakh) these bytes are қ Қ ң Ң ұ Ұ ә Ә; in Windows-1251 they are Macedonian
# or Belarusian letters (ќ ѕ ў ј), which a Kazakh or Russian register never holds together.
_KZ1048_LETTERS = ((0x8D, 0x9D), (0xBD, 0xBE), (0xA1, 0xA2), (0xA3, 0xBC))


def _kazakh_code_page(data: bytes) -> bool:
    """True when a Windows-1251 guess is Windows Kazakh (KZ-1048): two or more Kazakh letters appear."""
    return sum(1 for pair in _KZ1048_LETTERS if any(bytes([b]) in data for b in pair)) >= 2


def _validate(data: bytes, encoding: str) -> None:
    """Decode DATA chunk by chunk, keeping nothing: raises UnicodeDecodeError with the absolute
    offset of the first bad byte, without holding a second copy of a large file."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            raise UnicodeDecodeError(error.encoding, data, start + error.start, start + error.end, error.reason) from None
    decoder.decode(b"", final=True)


def validate_file(path: Path, encoding: str) -> None:
    """Decode the file chunk by chunk, keeping nothing; UnicodeDecodeError at the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            decoder.decode(chunk)
    decoder.decode(b"", final=True)

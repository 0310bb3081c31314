"""Plain text pages: decoding.  UTF-8 (with or without BOM) and UTF-16 with a BOM are taken
as they are; anything else is handed to charset-normalizer, which recognises GBK, GB18030 and
Big5 — the encodings Chinese archives hold — and the result is accepted only if it reads as
text.

>>> decode_text("报道".encode("gbk"))[0]
'报道'
"""
from __future__ import annotations

from ..errors import InputError


def _printable_share(s: str) -> float:
    if not s:
        return 1.0
    bad = sum(1 for c in s if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return 1 - bad / len(s)


def decode_text(data: bytes, name: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a text page; :class:`InputError` when it is not text."""
    label = name or "page"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"{label}: broken UTF-16 text: {exc}") from exc
    if b"\x00" in data[:4096] and not (len(data) > 1 and (data[1:2] == b"\x00" or data[0:1] == b"\x00")):
        raise InputError(f"{label}: binary data, not a text page")
    try:
        text = data.decode("utf-8")
        if _printable_share(text) < 0.98:
            raise InputError(f"{label}: binary data, not a text page")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError as exc:  # pragma: no cover
        raise InputError(f"{label}: not UTF-8, and charset-normalizer is not installed") from exc
    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "big5hkscs", "utf_16", "utf_8"]).best()
    if best is None:
        raise InputError(f"{label}: not text in any encoding pagefix recognises (UTF-8, UTF-16, GBK, Big5)")
    text = str(best)
    if _printable_share(text) < 0.98 or sum(1 for c in text if "\u4e00" <= c <= "\u9fff") < 0.05 * max(1, len(text.strip())):
        raise InputError(f"{label}: binary data, not a text page")
    return text, best.encoding

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
    # the two encodings Chinese archives hold; each decodes some bytes of the other, so keep
    # the reading made of common characters (charset-normalizer as the tie-breaker)
    cands = []
    for enc in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _printable_share(text) >= 0.98:
            cands.append((_commonness(text), enc, text))
    if not cands:
        try:
            from charset_normalizer import from_bytes
        except ImportError as exc:  # pragma: no cover
            raise InputError(f"{label}: not UTF-8, and charset-normalizer is not installed") from exc
        best = from_bytes(data).best()
        if best is None or _printable_share(str(best)) < 0.98:
            raise InputError(f"{label}: not text in any encoding pagefix recognises (UTF-8, UTF-16, GBK, Big5)")
        return str(best), best.encoding
    cands.sort(key=lambda x: -x[0])
    return cands[0][2], cands[0][1]


def _commonness(text: str) -> float:
    """Share of the text's CJK characters that are common in print (simplified or traditional)."""
    from ..resources import get_resources

    res = get_resources()
    uni = res.lm.uni
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    simp = res.script.t2s("".join(cjk))
    return sum(1 for c in simp if uni.get(c, 0) >= 20) / len(cjk)

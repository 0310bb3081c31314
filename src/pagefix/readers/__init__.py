"""Readers: bytes or files of any supported format into page text.

Every reader returns a :class:`Page`: the text pagefix repairs (plain text keeps the file's
characters; OCR formats with coordinates are laid out line by line in reading order, blocks
separated by blank lines).  The format is detected from the content, not the file name.

>>> read_bytes("离开大厂的年轻人".encode("utf-8")).text
'离开大厂的年轻人'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from .text import decode_text


@dataclass(frozen=True)
class Page:
    """One page as read: its text, the format it came from, and the page id."""

    text: str
    format: str = "text"
    id: str | None = None
    encoding: str | None = None
    meta: dict = field(default_factory=dict, compare=False)


def sniff(data: bytes) -> str:
    """The format of a page from its first bytes: ``hocr``, ``alto``, ``pagexml``, ``image``
    or ``text``."""
    head = data[:4096].lstrip()
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    low = head.lower()
    if low.startswith(b"<?xml") or low.startswith(b"<!doctype") or low.startswith(b"<"):
        if b"ocr_page" in low or b"ocrx_word" in low or b"ocr_line" in low:
            return "hocr"
        if b"<alto" in low or b"alto/ns" in low:
            return "alto"
        if b"pagecontent" in low or b"primaresearch.org/pagecontent" in low:
            return "pagexml"
        if b"<html" in low:
            return "hocr"
    return "text"


def read_bytes(data: bytes, name: str | None = None, *, max_bytes: int = 64 * 1024 * 1024) -> Page:
    """Read one page from bytes of any supported format."""
    if not isinstance(data, (bytes, bytearray)):
        raise InputError(f"read_bytes takes bytes, not {type(data).__name__}")
    if len(data) > max_bytes:
        raise InputError(f"{name or 'page'}: {len(data)} bytes is more than the limit of {max_bytes}")
    kind = sniff(bytes(data))
    if kind == "text":
        text, enc = decode_text(bytes(data), name)
        return Page(text, "text", name, enc)
    if kind == "image":
        from .image import read_image
        return read_image(bytes(data), name)
    from .xml import read_xml
    return read_xml(bytes(data), kind, name)


def read_page(path: str) -> Page:
    """Read one page from a file (text in any common encoding, hOCR, ALTO, PAGE XML, or an
    image when Tesseract is installed)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    return read_bytes(data, str(path))

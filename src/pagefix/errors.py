"""The exceptions pagefix raises.  Data-quality problems are never exceptions: they are
warnings on the result.

>>> issubclass(InputError, PagefixError)
True
"""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


class PagefixError(Exception):
    """Root of every error pagefix raises on purpose."""


class InputError(PagefixError, ValueError):
    """The page cannot be read: wrong type, undecodable bytes, a hostile or broken file."""


class ResourceError(PagefixError, RuntimeError):
    """A dictionary, model or converter pagefix needs is missing or unusable."""


class InternalError(PagefixError, AssertionError):
    """An invariant broke (a character lost, an edit that does not replay): a bug in pagefix."""


def check_text(text: object, what: str) -> str:
    """``text`` if it is text pagefix can repair, else :class:`InputError` with what to do:
    bytes, any other type, and a string holding a lone surrogate (what decoding with
    ``errors="surrogateescape"`` or a JSON ``"\\ud974"`` escape leaves: no Unicode character,
    it can be neither converted nor written as UTF-8).

    >>> check_text("中文\\ud974", "repair")
    Traceback (most recent call last):
    ...
    pagefix.errors.InputError: repair: the text holds a lone surrogate, U+D974 at offset 2, which is no Unicode character: decode the page with errors="replace", or use pagefix.read_page(path)
    """
    if isinstance(text, (bytes, bytearray)):
        raise InputError(f"{what} takes str, not bytes: decode the page first "
                         "(for example data.decode('utf-8')), or use pagefix.read_page(path)")
    if not isinstance(text, str):
        raise InputError(f"{what} takes the page text as str, not {type(text).__name__}")
    bad = _SURROGATE.search(text)
    if bad:
        raise InputError(f"{what}: the text holds a lone surrogate, U+{ord(bad.group()):04X} at offset "
                         f"{bad.start()}, which is no Unicode character: decode the page with "
                         'errors="replace", or use pagefix.read_page(path)')
    return text

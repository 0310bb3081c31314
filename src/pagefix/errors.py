"""The exceptions pagefix raises.  Data-quality problems are never exceptions: they are
warnings on the result.

>>> issubclass(InputError, PagefixError)
True
"""
from __future__ import annotations


class PagefixError(Exception):
    """Root of every error pagefix raises on purpose."""


class InputError(PagefixError, ValueError):
    """The page cannot be read: wrong type, undecodable bytes, a hostile or broken file."""


class ResourceError(PagefixError, RuntimeError):
    """A dictionary, model or converter pagefix needs is missing or unusable."""


class InternalError(PagefixError, AssertionError):
    """An invariant broke (a character lost, an edit that does not replay): a bug in pagefix."""

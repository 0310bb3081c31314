"""Images: run Tesseract (when installed) for hOCR, then read that.

The language is the caller's (``--lang``, or ``PAGEFIX_TESSERACT_LANG``); otherwise both Chinese
models together when both are installed (``chi_sim+chi_tra``: the page's script is then
detected from the text, at some cost in speed), else the one that is.  Tesseract's hOCR keeps
the word boxes that the layout reader uses.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from ..errors import InputError, ResourceError

INSTALL_HINT = ("Tesseract is not installed. On Debian or Ubuntu: "
                "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra")


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def pick_lang(installed: list[str]) -> str:
    """The Tesseract language for a page of unknown script, from the installed models.

    >>> pick_lang(["eng", "chi_sim", "chi_tra", "osd"]), pick_lang(["chi_tra"])
    ('chi_sim+chi_tra', 'chi_tra')
    """
    chinese = [m for m in ("chi_sim", "chi_tra") if m in installed]
    if not chinese:
        raise ResourceError("Tesseract has no Chinese model. On Debian or Ubuntu: "
                            "apt-get install tesseract-ocr-chi-sim tesseract-ocr-chi-tra")
    return "+".join(chinese)


def _installed(exe: str) -> list[str]:
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60).stdout
    return [ln.strip() for ln in out.splitlines()[1:] if ln.strip()]


def read_image(data: bytes, name: str | None = None, lang: str | None = None):
    from .xml import read_xml

    exe = shutil.which("tesseract")
    if exe is None:
        raise ResourceError(INSTALL_HINT)
    lang = lang or os.environ.get("PAGEFIX_TESSERACT_LANG") or pick_lang(_installed(exe))
    with tempfile.TemporaryDirectory(prefix="pagefix-") as tmp:
        src = os.path.join(tmp, "page.img")
        with open(src, "wb") as f:
            f.write(data)
        base = os.path.join(tmp, "out")
        try:
            subprocess.run([exe, src, base, "-l", lang, "hocr"], check=True, capture_output=True, timeout=600)
        except subprocess.CalledProcessError as exc:
            raise InputError(f"{name or 'image'}: Tesseract failed: {exc.stderr.decode('utf-8', 'replace')[-300:]}") from exc
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"{name or 'image'}: Tesseract took more than 600 s") from exc
        with open(base + ".hocr", "rb") as f:
            hocr = f.read()
    page = read_xml(hocr, "hocr", name)
    return page

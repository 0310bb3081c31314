"""Images through Tesseract (issue 4); skipped where Tesseract is not installed."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import FIXTURES
from pagefix import cli

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None
    or "chi_sim" not in subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout,
    reason="needs Tesseract with chi_sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")


def test_png_page_end_to_end(tmp_path):
    out = tmp_path / "page.json"
    assert cli.main(["repair", str(FIXTURES / "ocr" / "pd0033.png"), "--format", "json", "-o", str(out)]) == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    gold = json.loads((FIXTURES / "ocr" / "pd0033.gold.json").read_text(encoding="utf-8"))
    assert d["articles"]
    # the headlines Tesseract reads come out as some article's title or text
    text = "".join((a["title"] or "") + "".join(a["paragraphs"]) for a in d["articles"])
    assert sum(1 for g in gold["articles"] if g["title"] and g["title"][:4] in text) >= 1


"""Shared test helpers: fixture paths and the optional ../shared folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def load_gold(name: str) -> tuple[str, dict]:
    base = FIXTURES / name
    return base.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(
        base.with_name(base.name + ".gold.json").read_text(encoding="utf-8"))


needs_shared = pytest.mark.skipif(not (SHARED / "bench" / "pagebench.py").exists(),
                                  reason="needs ../shared (the benchmark and corpora), absent here")

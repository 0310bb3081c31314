"""Shared test helpers: fixture paths and gold pages."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def load_gold(name: str) -> tuple[str, dict]:
    base = FIXTURES / name
    return base.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(
        base.with_name(base.name + ".gold.json").read_text(encoding="utf-8"))


"""Schedule documents for tests, built in code (no fixture files)."""

from __future__ import annotations

import json
from pathlib import Path


def schedule_2027(**changes) -> dict:
    """A made-up 2027 notice (test data, not the real one): 春节 02-05..02-12 with Saturday 02-20 worked."""
    document = {
        "year": 2027,
        "source": "测试用：国务院办公厅关于2027年部分节假日安排的通知",
        "holidays": [
            {"name": "元旦", "dates": ["2027-01-01", "2027-01-02", "2027-01-03"]},
            {"name": "春节", "dates": [f"2027-02-{d:02d}" for d in range(5, 13)]},
            {"name": "国庆节", "dates": [f"2027-10-{d:02d}" for d in range(1, 8)]},
        ],
        "makeup_workdays": ["2027-02-20", "2027-09-26", "2027-10-09"],
    }
    document.update(changes)
    return document


def write_document(directory: Path, document: dict, name: str = "2027.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path

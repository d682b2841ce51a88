"""100,000 rows: the size of a district's target directory with room to spare (issue 7: "100,000 rows work").

Run on SQLite and on PostgreSQL like every test; the time is printed (``-s``) but not asserted. Measured on the
2-core CI machine: see docs/targets-import.md, "Performance".
"""

from __future__ import annotations

import csv
import shutil
import time

import pytest

from sanxiang.inspections import imports
from sanxiang.inspections.models import ImportRun, Target
from sanxiang.records.models import Event
from tests.inspections.test_import_support import TODAY, credit_code, row

pytestmark = pytest.mark.django_db
ROWS = 100_000


def write_large_csv(path, count: int, *, start: int = 0, risk: str | None = None):
    columns = imports.COLUMNS
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number in range(start, start + count):
            values = row(number)
            if risk:
                values["风险等级"] = risk
            writer.writerow([values[c] for c in columns])
    return path


@pytest.fixture(scope="module")
def large_csv(tmp_path_factory):
    """100,000 valid rows, written once for the module."""
    return write_large_csv(tmp_path_factory.mktemp("large") / "targets.csv", ROWS)


def test_a_100000_row_file_imports_in_one_go_and_a_second_import_updates_in_place(large_csv, tmp_path):
    path = large_csv
    seen = {"validate": 0, "write": 0}

    def progress(phase, done, total):
        seen[phase] = max(seen[phase], done)

    started = time.perf_counter()
    report = imports.targets_import(actor=None, path=path, today=TODAY, progress=progress)
    first = time.perf_counter() - started
    assert (report.created, report.rejected, Target.objects.count()) == (ROWS, 0, ROWS)
    assert seen == {"validate": ROWS, "write": ROWS}

    # Half the rows again with a new risk class, plus 1,000 new rows: updated in place, one event per import.
    path = write_large_csv(tmp_path / "again.csv", ROWS // 2 + 1000, start=ROWS // 2, risk="D")
    started = time.perf_counter()
    again = imports.targets_import(actor=None, path=path, today=TODAY)
    second = time.perf_counter() - started
    changed = sum(1 for n in range(ROWS // 2, ROWS) if "ABCD"[n % 4] != "D")
    assert (again.created, again.updated, again.unchanged) == (1000, changed, ROWS // 2 - changed)
    assert Target.objects.count() == ROWS + 1000
    assert Target.objects.get(credit_code=credit_code(ROWS - 2)).risk_class == "D"
    assert Event.objects.filter(action="target.import").count() == 2
    assert ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).count() == 2
    print(f"\n100,000 rows: first import {first:.1f} s, re-import of 51,000 rows {second:.1f} s")


def test_a_100000_row_file_with_one_bad_row_at_the_end_imports_nothing(large_csv, tmp_path):
    path = shutil.copy(large_csv, tmp_path / "targets.csv")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        bad = row(ROWS, **{"风险等级": "Z"})
        csv.writer(handle).writerow([bad[c] for c in imports.COLUMNS])
    report = imports.targets_import(actor=None, path=path, today=TODAY)
    assert [error.row for error in report.errors] == [ROWS + 2]
    assert Target.objects.count() == 0

"""Bulk working-day arithmetic against numpy.busday_offset on the same data (docs: shared/design/benchmarks.md).

    .venv/bin/python bench/workdays.py            # 1,000,000 dates (runs in a few seconds)
    .venv/bin/python bench/workdays.py --n 10000000 --runs 9

Start dates are uniform over 2019-01-01..2025-12-31 (fixed seed), each with its own offset of 1..30 working
days. The baseline is ``numpy.busday_offset(starts, offsets, roll="backward", weekmask="1111111",
holidays=<every non-working day>)``: with every day a "business day" except the non-working ones, a
non-working start rolls back to the previous working day, so both compute "the n-th working day after the
start". The script checks that every answer agrees, then prints medians of --runs timings of each (run
alternately), and last the ratio of our time to numpy's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time

import numpy as np

from sanxiang.core.workdays import WorkCalendar, builtin_schedules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of start dates (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7); medians shown")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()

    calendar = WorkCalendar(builtin_schedules().values())
    rng = np.random.default_rng(args.seed)
    first, last = np.datetime64("2019-01-01"), np.datetime64("2025-12-31")
    starts = first + rng.integers(0, int((last - first).astype("int64")) + 1, size=args.n).astype(
        "timedelta64[D]"
    )
    offsets = rng.integers(1, 31, size=args.n)
    holidays = np.array(
        [d for d in _days(dt.date(2019, 1, 1), dt.date(2026, 12, 31)) if not calendar.is_working_day(d)],
        dtype="datetime64[D]",
    )
    calendar.add_working_days_bulk(starts[:10], offsets[:10])  # builds the lookup table once, as in use

    ours = calendar.add_working_days_bulk(starts, offsets)
    theirs = np.busday_offset(starts, offsets, roll="backward", weekmask="1111111", holidays=holidays)
    if not np.array_equal(ours, theirs):
        bad = int(np.flatnonzero(ours != theirs)[0])
        print(
            f"MISMATCH at {starts[bad]} + {offsets[bad]}: ours {ours[bad]}, numpy {theirs[bad]}",
            file=sys.stderr,
        )
        return 1

    ours_s, numpy_s = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        calendar.add_working_days_bulk(starts, offsets)
        t1 = time.perf_counter()
        np.busday_offset(starts, offsets, roll="backward", weekmask="1111111", holidays=holidays)
        t2 = time.perf_counter()
        ours_s.append(t1 - t0)
        numpy_s.append(t2 - t1)
    ours_median, numpy_median = statistics.median(ours_s), statistics.median(numpy_s)
    print(f"dates {args.n}")
    print(f"holidays_given_to_numpy {holidays.size}")
    print(f"runs {args.runs} (medians below)")
    print("answers_agree yes")
    print(f"ours_seconds {ours_median:.4f}")
    print(f"numpy_busday_offset_seconds {numpy_median:.4f}")
    print(f"ratio_vs_numpy {ours_median / numpy_median:.2f} (goal <= 2.0)")
    return 0


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


if __name__ == "__main__":
    sys.exit(main())

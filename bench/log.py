"""Record log benchmark: append rate (durable commits, one event per transaction) from one writer and from
four processes, on SQLite and PostgreSQL; full verification against a plain hashlib loop over the same leaves.

    python bench/log.py [--n 500] [--verify-n 20000] [--runs 3] [--database-url postgresql://…/sx_bench]

PostgreSQL comes from ``--database-url`` or ``BENCH_DATABASE_URL`` (the database is created when missing, and
its log tables are emptied: never point this at a real deployment). SQLite runs in a temporary directory.
Each figure is the median of ``--runs`` runs. The baseline measured in the same run is a bare single-row
INSERT + COMMIT loop (psycopg / sqlite3, durable commits as the server is set up) from one and from four
processes on the same database: the most one event per transaction can reach there. Writers are forked
processes. On PostgreSQL both sequencers are measured (``inline``: numbered under the head lock in the
writer's transaction; ``batch``, the default there: committed unnumbered when the head is taken, numbered in
batches right after the commits by the writers themselves, or, ``batch+process``, by a sequencer process as
``sanxiang worker`` runs it — their time runs until every event is numbered). Goals (issue 3):
PostgreSQL >= 500 events/s from one writer, >= 1,500/s from four; verification ratio (hashlib loop time /
verification time) >= 0.4, for verification as ``sanxiang log verify`` runs it by default (one process per CPU,
``verify.default_jobs``); the ratio in one process is printed too. Large size: ``--n 5000 --verify-n 1000000``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEQUENCERS = ("inline", "batch", "batch+process")


def child(args) -> None:
    """Runs in a fresh interpreter whose environment selects the database."""
    import multiprocessing

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
    django.setup()
    import hashlib

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from sanxiang.records import protection, sequencer, verify
    from sanxiang.records.models import Checkpoint, Event, LogHead, PendingEvent, PersonalCommitmentSalt
    from sanxiang.records.services import event_append, integrate_pending

    call_command("migrate", verbosity=0)

    def reset():
        with transaction.atomic(), protection.suspended(connection):
            PendingEvent.objects.all().delete()
            PersonalCommitmentSalt.objects.all().delete()
            Checkpoint.objects.all().delete()
            Event.objects.all().delete()
            LogHead.objects.all().delete()
        if connection.vendor == "postgresql":
            # The head row is rewritten on every append and pending rows are deleted when numbered; this
            # server may run without autovacuum, so clear the dead versions the previous run left (a
            # deployment's autovacuum does this on its own). The events deleted above exist only in this
            # bench (a log never deletes): left in the index, every new seq would be checked against the
            # dead entries of the earlier runs with the same seq.
            with connection.cursor() as cursor:
                for table in ("records_loghead", "records_pendingevent", "records_event"):
                    cursor.execute(f"VACUUM {table}")

    def append(count: int, writer: int) -> None:
        for i in range(count):
            with transaction.atomic():
                event_append(
                    actor=None, action="case.note", subject_type="cases.case", subject_id=f"{writer}-{i}",
                    payload={"writer": writer, "i": i, "opinion": "同意立案"},
                )  # fmt: skip

    def worker(count, writer, barrier):
        connections.close_all()
        barrier.wait()
        append(count, writer)
        connections.close_all()

    def run_sequencer(stop, ready):
        connections.close_all()
        sequencer.run(stop, ready=ready)

    def numbered() -> None:
        """Wait until every committed event is numbered (counted: the figures are of numbered events)."""
        if with_process:
            while PendingEvent.objects.exists():
                time.sleep(0.0005)
        else:
            integrate_pending()  # nothing left in practice: each commit was followed by its numbering
        assert not PendingEvent.objects.exists()

    # batch+process: the batch sequencer with a sequencer process running (as `sanxiang worker` runs it).
    sequencers = ["inline", "batch", "batch+process"] if connection.vendor == "postgresql" else ["inline"]
    results = {"ratio": [], "ratio_one": [], "verify_s": [], "verify_one_s": [], "hashlib_s": []}
    ctx = multiprocessing.get_context("fork")
    for _run in range(args.runs):
        for label in sequencers:
            settings.LOG_SEQUENCER = label.removesuffix("+process")  # the forked processes inherit it
            with_process = label.endswith("+process")
            for writers in (1, 4):
                reset()
                connections.close_all()
                stop, ready = ctx.Event(), ctx.Event()
                runner = ctx.Process(target=run_sequencer, args=(stop, ready)) if with_process else None
                if runner is not None:
                    runner.start()
                    assert ready.wait(60), "the sequencer process did not start"
                barrier = ctx.Barrier(writers + 1)
                procs = [ctx.Process(target=worker, args=(args.n, w, barrier)) for w in range(writers)]
                started = start_together(procs, barrier)
                join_all(procs, "writer")
                numbered()
                rate = writers * args.n / (time.perf_counter() - started)
                if runner is not None:
                    stop.set()
                    runner.join()
                name = "one" if writers == 1 else "four"
                results.setdefault(f"{name}_{label}", []).append(rate)
                assert list(Event.objects.order_by("seq").values_list("seq", flat=True)) == list(
                    range(writers * args.n)
                )
    settings.LOG_SEQUENCER = "inline"

    # Verification: grow the log to --verify-n entries, then time verify_log against a hashlib loop.
    have = Event.objects.count()
    if have < args.verify_n:
        append(args.verify_n - have, 9)
    head = LogHead.objects.get()
    leaves = [e.encode() for e in Event.objects.order_by("seq").values_list("entry", flat=True)]
    jobs = verify.default_jobs()  # as `sanxiang log verify` runs unless told
    for _run in range(args.runs):
        started = time.perf_counter()
        report = verify.verify_log(evidence=False, jobs=jobs)
        verify_s = time.perf_counter() - started
        assert report.ok, report.problems
        started = time.perf_counter()
        report_one = verify.verify_log(evidence=False, jobs=1)
        verify_one_s = time.perf_counter() - started
        assert report_one.ok, report_one.problems
        started = time.perf_counter()
        for data in leaves:
            h = hashlib.new(head.hash_name)
            h.update(b"\x00")
            h.update(data)
            h.digest()
        hashlib_s = time.perf_counter() - started
        results["verify_s"].append(verify_s)
        results["verify_one_s"].append(verify_one_s)
        results["hashlib_s"].append(hashlib_s)
        results["ratio"].append(hashlib_s / verify_s)
        results["ratio_one"].append(hashlib_s / verify_one_s)
    print(
        json.dumps(
            {k: statistics.median(v) for k, v in results.items()}
            | {"hash": head.hash_name, "size": len(leaves), "jobs": report.jobs}
        )
    )


# The machine's limit, measured in the same run: a bare single-row INSERT + COMMIT loop (durable commits, the
# server's own settings), from one process and from four, on the same database. It is what one event per
# transaction can at best reach: the log adds a lock, two more statements and hashing to each commit.

BASELINE_TABLE = "bench_commit_baseline"


def _pg_commit_loop(url: str, count: int, writer: int, barrier) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        barrier.wait()
        for i in range(count):
            conn.execute(
                f"INSERT INTO {BASELINE_TABLE} (writer, i, note) VALUES (%s, %s, %s)", [writer, i, "同意立案"]
            )
            conn.commit()


def _sqlite_commit_loop(path: str, count: int, writer: int, barrier) -> None:
    import sqlite3

    conn = sqlite3.connect(path, timeout=20, isolation_level=None)
    conn.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;")
    barrier.wait()
    for i in range(count):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            f"INSERT INTO {BASELINE_TABLE} (writer, i, note) VALUES (?, ?, ?)", [writer, i, "同意立案"]
        )
        conn.execute("COMMIT")
    conn.close()


def commit_baseline(target: str, processes: int, count: int) -> float:
    """Commits per second of ``processes`` processes each running ``count`` INSERT + COMMIT; ``target`` is a
    PostgreSQL URL or an SQLite file path (same PRAGMAs as the application: WAL, synchronous=NORMAL)."""
    import multiprocessing

    postgres = target.startswith(("postgres://", "postgresql://"))
    if postgres:
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
            conn.execute(
                f"CREATE TABLE {BASELINE_TABLE} (id bigserial PRIMARY KEY, writer int, i int, note text)"
            )
    else:
        import sqlite3

        conn = sqlite3.connect(target, isolation_level=None)
        conn.executescript(
            f"PRAGMA journal_mode=WAL; DROP TABLE IF EXISTS {BASELINE_TABLE}; "
            f"CREATE TABLE {BASELINE_TABLE} (id integer PRIMARY KEY, writer int, i int, note text);"
        )
        conn.close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes + 1)
    loop = _pg_commit_loop if postgres else _sqlite_commit_loop
    procs = [ctx.Process(target=loop, args=(target, count, w, barrier)) for w in range(processes)]
    started = start_together(procs, barrier)
    join_all(procs, f"baseline commit loop on {target}")
    return processes * count / (time.perf_counter() - started)


def start_together(procs, barrier) -> float:
    """Start the processes, which wait at ``barrier`` (one party more than them: this process), release them
    at once and return that moment (``time.perf_counter()``)."""
    for p in procs:
        p.start()
    barrier.wait()
    return time.perf_counter()


def join_all(procs, what: str) -> None:
    for p in procs:
        p.join()
    if any(p.exitcode for p in procs):
        raise SystemExit(f"{what} failed")


def baseline_medians(target: str, args) -> dict[str, float]:
    one = [commit_baseline(target, 1, args.n) for _ in range(args.runs)]
    four = [commit_baseline(target, 4, args.n) for _ in range(args.runs)]
    if target.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
    return {"one": statistics.median(one), "four": statistics.median(four)}


def run_backend(label: str, env_extra: dict, args) -> dict:
    env = dict(os.environ, **env_extra)
    command = [sys.executable, os.path.abspath(__file__), "--child", "--n", str(args.n),
               "--verify-n", str(args.verify_n), "--runs", str(args.runs)]  # fmt: skip
    out = subprocess.run(command, env=env, capture_output=True, text=True, cwd=os.path.dirname(HERE))
    if out.returncode != 0:
        raise SystemExit(f"{label} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_postgres_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.strip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500, help="events per writer")
    parser.add_argument("--verify-n", type=int, default=20000, help="log size for the verification figure")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(
        f"# record log benchmark: n={args.n} per writer, verify size {args.verify_n}, median of {args.runs}"
    )
    ratios, ones = [], []
    baselines: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        figures = {"sqlite": run_backend("sqlite", {"SANXIANG_DATA_DIR": tmp, "DATABASE_URL": ""}, args)}
        baselines["sqlite"] = baseline_medians(os.path.join(tmp, "baseline.sqlite3"), args)
    if args.database_url:
        ensure_postgres_database(args.database_url)
        with tempfile.TemporaryDirectory() as tmp:
            figures["postgresql"] = run_backend(
                "postgresql", {"SANXIANG_DATA_DIR": tmp, "DATABASE_URL": args.database_url}, args
            )
        baselines["postgresql"] = baseline_medians(args.database_url, args)
    for name, f in figures.items():
        base = baselines[name]
        print(f"{name}_baseline_insert_commit_one_process_per_s {base['one']:.0f}")
        print(f"{name}_baseline_insert_commit_four_processes_per_s {base['four']:.0f}")
        for label in SEQUENCERS:
            if f"one_{label}" not in f:
                continue
            one, four = f[f"one_{label}"], f[f"four_{label}"]
            print(
                f"{name}_{label}_append_one_writer_events_per_s {one:.0f} (ours/baseline {one / base['one']:.2f})"
            )
            print(
                f"{name}_{label}_append_four_writers_events_per_s {four:.0f} "
                f"(ours/baseline {four / base['four']:.2f})"
            )
        print(
            f"{name}_verify_{f['size']}_{f['hash']}_one_process_s {f['verify_one_s']:.3f} "
            f"(hashlib loop {f['hashlib_s']:.3f}; median of the runs' ratios {f['ratio_one']:.2f})"
        )
        print(
            f"{name}_verify_{f['size']}_{f['hash']}_{f['jobs']}_processes_s {f['verify_s']:.3f} "
            f"(hashlib loop {f['hashlib_s']:.3f}; median of the runs' ratios {f['ratio']:.2f})"
        )
        ratios.append(f["ratio"])
        ones.append(f["ratio_one"])
    if "postgresql" in figures:
        f = figures["postgresql"]
        for label in SEQUENCERS:
            default = {
                "batch": " (the default on PostgreSQL, no sequencer process)",
                "batch+process": " (the default with `sanxiang worker` running)",
            }.get(label, "")
            print(
                f"postgresql_append_goal {label}{default}: one>=500: {f[f'one_{label}']:.0f}, "
                f"four>=1500: {f[f'four_{label}']:.0f}"
            )
    print(f"verify_ratio_one_process_vs_hashlib_loop {min(ones):.2f}")
    jobs = sorted({f["jobs"] for f in figures.values()})
    print(
        f"verify_ratio_vs_hashlib_loop {min(ratios):.2f} (goal >= 0.4; `sanxiang log verify` as it runs by "
        f"default: {'/'.join(map(str, jobs))} processes)"
    )


if __name__ == "__main__":
    main()

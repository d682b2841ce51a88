"""Case workflow benchmark: walk N complete general-procedure cases through the service layer and measure the
share of time spent appending to the record log (``event_append``, timed by wrapping it here).

    python bench/cases.py [--n 30] [--runs 3] [--database-url postgresql://127.0.0.1/sx_bench_cases]

Each case: 案源登记 → 立案 → 现场检查 (record, party signature, complete) → 调查终结 → 送审 → 审核同意 → 事先告知 →
陈述申辩 (waived) → 决定 → 送达 → 缴款 → 执行完毕 → 结案: 14 service calls, 14 log events, plus the three documents
those steps need (告知书, 决定书, 结案报告: draft and issue, .docx rendered, no PDF). PostgreSQL comes from
``--database-url`` or ``BENCH_DATABASE_URL`` (created when missing; its tables are rebuilt: never point this at
a real deployment); SQLite runs in a temporary directory. Prints cases/s and the log share (goal < 30 %) as
medians of ``--runs`` runs. Large size: ``--n 300``.
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


def child(n: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
    django.setup()
    import io

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sanxiang.accounts import demo as accounts_demo
    from sanxiang.catalog import demo as catalog_demo
    from sanxiang.documents import demo as documents_demo

    accounts_demo.load_demo(io.StringIO())
    catalog_demo.load_demo(io.StringIO())
    documents_demo.load_demo(io.StringIO())

    import sanxiang.records.services as log_services
    from sanxiang.cases import activity_services, demo, execution_services, services
    from sanxiang.review import services as review_services

    spent = [0.0]
    original = log_services.event_append

    def timed_append(**kw):
        start = time.perf_counter()
        try:
            return original(**kw)
        finally:
            spent[0] += time.perf_counter() - start

    # Every module that imported event_append by name gets the timed one.
    from sanxiang.documents import numbering as documents_numbering
    from sanxiang.documents import services as documents_services

    for module in (services, activity_services, execution_services, review_services, documents_services,
                   documents_numbering):  # fmt: skip
        module.event_append = timed_append

    from django.utils import timezone

    people = demo._people()
    today = timezone.localdate()
    started = time.perf_counter()
    for i in range(n):
        case = demo._investigating(people, f"基准测试 {i}", demo._org(f"基准测试单位{i}", f"MB{i:07d}"))
        services.case_end_investigation(actor=people["chenzhiqiang"], case=case)
        demo._submit(people, case)
        review_services.review_opinion_sign(actor=people["maxiaoyan"], case=case, findings=demo.OK)
        demo._issue(people, case, "penalty_notice")
        services.case_notify(actor=people["zhangwei"], case=case)
        services.case_record_statement(actor=people["zhangwei"], case=case, waived=True, hearing_waived=True)
        services.case_close_statement_period(actor=people["zhangwei"], case=case)
        demo._issue(people, case, "penalty_decision", issuer="wangjianguo")
        services.case_decide(actor=people["wangjianguo"], case=case)
        services.case_serve(actor=people["zhangwei"], case=case, method="direct", signed_on=today)
        execution_services.payment_record(
            actor=people["zhangwei"], case=case, amount="3000", receipt_number=f"B{i}"
        )
        execution_services.case_complete_execution(actor=people["zhangwei"], case=case)
        demo._issue(people, case, "closing_report", issuer="chenzhiqiang")
        services.case_close(actor=people["chenzhiqiang"], case=case)
    elapsed = time.perf_counter() - started
    return {"cases": n, "seconds": elapsed, "log_seconds": spent[0]}


def run_once(n: int, database_url: str | None) -> dict:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        env["SANXIANG_DATA_DIR"] = tmp
        if database_url:
            env["DATABASE_URL"] = database_url
            _reset_postgres(database_url)
        else:
            env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise SystemExit(out.stderr[-3000:])
        return json.loads(out.stdout.strip().splitlines()[-1])


def _reset_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        sys.path.insert(0, os.path.dirname(HERE))
        print(json.dumps(child(args.child)))
        return
    targets = [("sqlite", None)] + ([("postgresql", args.database_url)] if args.database_url else [])
    for label, url in targets:
        results = [run_once(args.n, url) for _ in range(args.runs)]
        rate = statistics.median(r["cases"] / r["seconds"] for r in results)
        share = statistics.median(r["log_seconds"] / r["seconds"] for r in results)
        print(f"{label} cases_per_s {rate:.2f} (n={args.n}, runs={args.runs}, 14 service calls per case)")
        print(f"{label} log_share {share * 100:.1f} % (goal < 30 %)")


if __name__ == "__main__":
    main()

"""Portal benchmark (issue 6): Chinese search over N published decisions on PostgreSQL, and the rate at which a
decision page is served from the project's page cache, against nginx serving a saved copy of the same page.

    python bench/portal.py [--n 20000] [--runs 3] [--duration 10] [--database-url postgresql://…/sx_bench_portal]

1. Fills ``portal_publisheddecision`` with N deterministic decisions (seed 20261127) by ``COPY``; the GIN search
   index is dropped for the load and rebuilt after it, then ANALYZE. The database comes from ``--database-url``
   or ``BENCH_DATABASE_URL`` (created when missing; its tables are rebuilt: never point this at a deployment).
2. Starts the portal with ``sanxiang serve`` (gunicorn) on 127.0.0.1 and measures search latency end to end
   (HTTP GET of the decision list with ``?q=``, one client, sequential, after one warm-up pass): 2-character
   words (common, medium and rare), longer phrases, a party and a 文号 filter; p50/p99 over all requests.
3. ``wrk`` on 127.0.0.1 against one decision page (a) served by gunicorn through the WSGI fast path from the
   page file, (b) through the nginx front of ``sanxiang portal nginx-config`` (``portal/nginx.py``, started with
   ``TZ=Asia/Shanghai``) in front of that gunicorn, which serves the same page file itself (checked: gunicorn's
   access log does not grow while the front answers), and (c) against nginx serving a saved copy of the same
   bytes; runs alternate; medians of ``--runs``. Both nginx have the same workers and ``access_log off``.

Prints p50/p99, the three rates and, as the last line, the ratio of the nginx front to the saved copy (goals:
search p99 < 100 ms; page >= 0.3x nginx). Stops everything it started (gunicorn and nginx by their process
ids). Large size: ``--n 1000000``; ``--load-only`` fills the database and stops (seed it outside the benchmark
lock, then run again: the loaded rows are reused).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sanxiang.portal.search import search_text_for  # noqa: E402 (pure module, no Django)

SEED = 20261127
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/sx_bench_portal"
SANXIANG = [sys.executable, "-m", "sanxiang"]

# Weighted phrase pools: how often a word occurs decides which query plan PostgreSQL takes, so the queries cover
# a word in most decisions (罚款), in a few percent (消毒, 诊所) and in very few (血液透析).
BUSINESSES = [("美容美发店", 30), ("宾馆", 20), ("游泳馆", 10), ("足浴店", 15), ("口腔诊所", 6), ("中医诊所", 4),
              ("供水公司", 3), ("学校", 4), ("消毒产品公司", 3), ("血液透析中心", 0.05), ("放射诊疗所", 0.3)]  # fmt: skip
PLACES = ["人民路", "建设路", "解放路", "中山路", "新华路", "滨江路", "和平路", "胜利路", "光明路", "迎宾路"]
VIOLATIONS = [
    ("未取得公共场所卫生许可证擅自营业", 30),
    ("从业人员未取得有效健康合格证明从事直接为顾客服务的工作", 20),
    ("未按照规定对公共用品用具进行清洗消毒", 8),
    ("未按规定对公共场所进行卫生检测", 10),
    ("使用非卫生技术人员从事医疗卫生技术工作", 4),
    ("诊所未经批准擅自变更执业地点", 2),
    ("供水单位未取得卫生许可证供水", 2),
    ("医疗废物未按规定分类收集", 3),
    ("未建立传染病疫情报告制度", 2),
    ("放射诊疗场所未设置警示标志", 0.2),
]
FACTS = [
    "经查，当事人于{d}在{p}经营场所内营业，现场检查时未能出示有关证明。",
    "执法人员现场检查发现，{b}存放的公共用品用具未见清洗消毒记录。",
    "当事人的行为违反了有关法律法规的规定，事实清楚，证据确凿。",
    "当事人在陈述申辩期限内未提出陈述申辩意见，也未要求听证。",
    "本机关依法对当事人的经营场所进行了监督检查，并制作了现场笔录。",
    "当事人积极配合调查，如实陈述违法事实，主动消除违法行为危害后果。",
    "经复查，当事人已按要求完成整改，取得了相关许可证件。",
    "现场抽取的样品经检验不符合卫生标准要求。",
]
PENALTIES = ["警告", "警告，罚款人民币{a}元", "罚款人民币{a}元", "没收违法所得，罚款人民币{a}元"]
QUERIES = [
    "罚款",
    "消毒",
    "诊所",
    "宾馆",
    "透析",
    "游泳",
    "清洗消毒",
    "健康合格证明",
    "放射诊疗",
    "医疗废物",
    "许可",
]


def weighted(rng: random.Random, pool: list[tuple[str, float]]) -> str:
    return rng.choices([w for w, _ in pool], weights=[f for _, f in pool])[0]


def decision_rows(n: int, today: dt.date):
    """Deterministic published decisions (roughly 250 characters of text each), as COPY rows."""
    rng = random.Random(SEED)
    for i in range(1, n + 1):
        business = weighted(rng, BUSINESSES)
        place = rng.choice(PLACES)
        party = f"某某{place}{rng.randint(1, 999)}号{business}"
        violation = weighted(rng, VIOLATIONS)
        decided = today - dt.timedelta(days=rng.randint(0, 1500))
        amount = rng.choice([500, 1000, 2000, 3000, 5000, 10000, 20000])
        penalty = rng.choice(PENALTIES).format(a=amount)
        number = f"某卫{rng.choice('公医水传放职')}罚〔{decided.year}〕{i}号"
        facts = [f.format(d=f"{decided:%Y年%m月%d日}", p=place, b=business) for f in rng.sample(FACTS, 3)]
        text = (f"当事人：{party}。{''.join(facts)}当事人{violation}的行为，依据有关规定，本机关决定给予{penalty}"
                "的行政处罚。如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。")  # fmt: skip
        published = dt.datetime.combine(decided + dt.timedelta(days=rng.randint(1, 7)), dt.time(9, 0), dt.UTC)
        display_until = decided + dt.timedelta(days=rng.choice([365, 1095, 1825]))
        yield (
            i, "penalty", "某区卫生健康局", "11430602MB1234567X", number, party, "", violation, penalty, decided,
            published, display_until, text, "",
            search_text_for(number=number, party_name=party, violation_type=violation, penalty_content=penalty,
                            text=text),
        )  # fmt: skip


COLUMNS = ("disclosure_id, category, agency_name, agency_code, number, party_name, party_code, violation_type, "
           "penalty_content, decided_on, published_at, display_until, text, withdrawal_reason, search_text")  # fmt: skip


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def load(url: str, n: int, env: dict) -> float:
    """Migrate, then replace the published decisions by N generated ones; returns the seconds it took."""
    import psycopg

    subprocess.run([*SANXIANG, "migrate", "--verbosity", "0"], env=env, check=True)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        existing = conn.execute(
            "SELECT count(*), coalesce(max(disclosure_id), 0) FROM portal_publisheddecision"
        )
        count, top = existing.fetchone()
        if count == n and top == n:
            print(f"# reusing {n} decisions already loaded", flush=True)
            return 0.0
        conn.execute("TRUNCATE portal_publisheddecision RESTART IDENTITY")
        conn.execute("DROP INDEX IF EXISTS portal_decision_search")
        today = dt.date.today()
        with conn.cursor() as cur, cur.copy(f"COPY portal_publisheddecision ({COLUMNS}) FROM STDIN") as copy:
            for row in decision_rows(n, today):
                copy.write_row(row)
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute(
            "CREATE INDEX portal_decision_search ON portal_publisheddecision USING gin (search_vector)"
        )
        conn.execute("VACUUM ANALYZE portal_publisheddecision")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


def search_latencies(base: str, queries: list[dict], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per request, by query."""
    for params in queries:  # warm-up pass, not timed
        fetch(f"{base}/portal/decisions/?{urllib.parse.urlencode(params)}")
    times: dict[str, list[float]] = {urllib.parse.urlencode(p): [] for p in queries}
    for _ in range(rounds):
        for params in queries:
            started = time.perf_counter()
            page = fetch(f"{base}/portal/decisions/?{urllib.parse.urlencode(params)}")
            times[urllib.parse.urlencode(params)].append((time.perf_counter() - started) * 1000)
            assert "检索结果" in page.decode(), params
    return times


def query_latencies(env: dict, queries: list[dict], rounds: int) -> list[float]:
    """Milliseconds of the search query alone (``selectors``, in this process: no HTTP, no template)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from sanxiang.portal import selectors

    def once(params: dict) -> float:
        started = time.perf_counter()
        listed = selectors.decisions_listed(today=timezone.localdate())
        selectors.page_of(selectors.decisions_filtered(listed, selectors.DecisionFilters(**params)), 1)
        return (time.perf_counter() - started) * 1000

    for params in queries:
        once(params)
    return [once(params) for _ in range(rounds) for params in queries]


def wrk_rate(url: str, duration: int, connections: int, threads: int) -> float:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", url],
        capture_output=True, text=True, check=True, timeout=duration + 60,
    ).stdout  # fmt: skip
    if re.search(r"Non-2xx or 3xx responses", out):
        raise SystemExit(f"wrk saw errors against {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


NGINX_CONF = """worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  types {{ text/html html; }}
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {tmp}/root;
    location / {{ default_type "text/html; charset=utf-8"; }}
  }}
}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=10, help="timed passes over the search queries")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument(
        "--load-only",
        action="store_true",
        help="load the decisions and stop (seed outside the benchmark lock)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sx-bench-portal-"))
    tmp.chmod(0o755)  # nginx's workers run as nobody when started by root
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(DATABASE_URL=args.database_url, SANXIANG_DATA_DIR=str(tmp / "data"), PYTHONPATH=str(ROOT))
    ensure_database(args.database_url)
    seconds = load(args.database_url, args.n, env)
    print(f"decisions {args.n} loaded_in_s {seconds:.1f}", flush=True)
    if args.load_only:
        shutil.rmtree(tmp, ignore_errors=True)
        return

    cores = os.cpu_count() or 1
    port, nginx_port, front_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [*SANXIANG, "serve", "--bind", f"127.0.0.1:{port}", "--no-migrate"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    nginx: list[int] = []  # master process ids
    try:
        wait_for(f"{base}/portal/", server)
        queries = [{"q": q} for q in QUERIES] + [{"party": "口腔诊所"}, {"number": "〔2026〕12"}]
        by_query = search_latencies(base, queries, args.rounds)
        for query, ms in by_query.items():
            print(f"# {urllib.parse.unquote_plus(query)}: median {statistics.median(ms):.1f} ms", flush=True)
        times = [ms for values in by_query.values() for ms in values]
        p50 = statistics.median(times)
        p99 = statistics.quantiles(times, n=100)[98]
        db_times = query_latencies(env, queries, args.rounds)
        db_p99 = statistics.quantiles(db_times, n=100)[98]
        print(f"search_requests {len(times)} queries {len(queries)}", flush=True)
        print(f"search_query_p50_ms {statistics.median(db_times):.1f} (selector only)", flush=True)
        print(f"search_query_p99_ms {db_p99:.1f} (selector only)", flush=True)
        print(f"search_p50_ms {p50:.1f} (HTTP, page rendered)", flush=True)
        print(f"search_p99_ms {p99:.1f} (HTTP, page rendered; goal < 100)", flush=True)

        page_url = f"{base}/portal/decisions/{args.n // 2}/"
        page = fetch(page_url)  # renders it into the page cache (a page file)
        assert fetch(page_url) == page
        (tmp / "root").mkdir()
        (tmp / "root" / "decision.html").write_bytes(page)
        (tmp / "nginx.conf").write_text(NGINX_CONF.format(workers=cores, tmp=tmp, port=nginx_port))
        subprocess.run(["/usr/sbin/nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], check=True)
        nginx.append(int((tmp / "nginx.pid").read_text()))
        nginx_url = f"http://127.0.0.1:{nginx_port}/decision.html"
        assert fetch(nginx_url) == page

        from sanxiang.portal import nginx as front_config  # Django is set up (query_latencies)

        front_dir = tmp / "front"
        front_dir.mkdir()
        (front_dir / "nginx.conf").write_text(
            front_config.full_config(
                listen=f"127.0.0.1:{front_port}",
                upstream=f"127.0.0.1:{port}",
                workers=str(cores),
                runtime_dir=front_dir,
                access_log="off",
            )
        )
        subprocess.run(
            ["/usr/sbin/nginx", "-p", str(front_dir), "-c", str(front_dir / "nginx.conf")],
            env={"PATH": os.environ.get("PATH", ""), "TZ": "Asia/Shanghai"}, check=True,
        )  # fmt: skip
        nginx.append(int((front_dir / "nginx.pid").read_text()))
        front_url = f"http://127.0.0.1:{front_port}/portal/decisions/{args.n // 2}/"
        log.flush()
        before = (tmp / "gunicorn.log").read_text().count(f"/portal/decisions/{args.n // 2}/")
        assert all(fetch(front_url) == page for _ in range(5))
        time.sleep(0.5)
        after = (tmp / "gunicorn.log").read_text().count(f"/portal/decisions/{args.n // 2}/")
        if (
            before < 2
        ):  # the two fetches through gunicorn above: the check below can only see a log written as it goes
            raise SystemExit("gunicorn's access log does not show the page requests: cannot check the front")
        if after != before:
            raise SystemExit(f"the nginx front passed the page to gunicorn ({after - before} requests)")

        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        ours, fronted, theirs = [], [], []
        for _ in range(args.runs):
            ours.append(wrk_rate(page_url, args.duration, args.connections, 2))
            fronted.append(wrk_rate(front_url, args.duration, args.connections, 2))
            theirs.append(wrk_rate(nginx_url, args.duration, args.connections, 2))
        rate, front, baseline = statistics.median(ours), statistics.median(fronted), statistics.median(theirs)
        print(
            f"page_bytes {len(page)} runs {args.runs} wrk -t2 -c{args.connections} -d{args.duration}s "
            f"load_average before {load_before} after {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            flush=True,
        )
        print(
            f"decision_page_rps {rate:.0f} (gunicorn fast path, page file; {rate / baseline:.2f}x)",
            flush=True,
        )
        print(f"front_rps {front:.0f} (nginx front, page file)", flush=True)
        print(f"nginx_rps {baseline:.0f} (saved copy)", flush=True)
        print(
            f"ratio_vs_nginx {front / baseline:.2f} (nginx front; goal >= 0.3); "
            f"search_p99_ms {p99:.1f} (goal < 100)",
            flush=True,
        )
    finally:
        for pid in nginx:
            os.kill(pid, signal.SIGQUIT)
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

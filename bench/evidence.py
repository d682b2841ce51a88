"""Evidence ingest (stream, SM3-hash, write, fsync, rename to the hash key) against ``openssl dgst -sm3`` on the
same file (shared/design/benchmarks.md).

    .venv/bin/python bench/evidence.py                     # 64 MiB file, 5 runs of each (well under a minute)
    .venv/bin/python bench/evidence.py --size-mib 1024     # the issue's figure: 1 GiB

The file is generated once (fixed seed) in a temporary folder and read once so that both sides read it from
the page cache. Each run of ours is a fresh child process that ingests the file into an empty local evidence
store (``EvidenceStore.ingest``: the code path of ``evidence_add`` without the database row) and reports its own
time and peak RSS (``resource.getrusage``, the whole process: interpreter and Django included) and the peak
of Python allocations during the ingest (tracemalloc). Runs alternate with openssl; medians are printed, and
last the ratio openssl time / our time (goal >= 0.8: ours at most 25 % slower than hashing alone).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MiB = 1024 * 1024


def child(source: str, store_dir: str) -> None:
    """One ingest in this (fresh) process; prints JSON with seconds, digest, peak RSS and traced peak."""
    import resource
    import tracemalloc

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
    import django

    django.setup()
    from django.core.files.storage import FileSystemStorage

    from sanxiang.records.evidence_store import EvidenceStore

    store = EvidenceStore(FileSystemStorage(location=store_dir), "sm3")
    started = time.perf_counter()
    with open(source, "rb") as handle:
        blob = store.ingest(handle)
    seconds = time.perf_counter() - started
    # A second, untimed ingest under tracemalloc (which slows allocation) for the peak of Python allocations.
    traced_store = EvidenceStore(FileSystemStorage(location=f"{store_dir}-traced"), "sm3")
    tracemalloc.start()
    with open(source, "rb") as handle:
        traced_store.ingest(handle)
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "digest": blob.digest,
                "rss_mib": peak_kib / 1024,
                "traced_mib": traced / MiB,
            }
        )
    )


def openssl(source: Path) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(
        ["openssl", "dgst", "-sm3", "-r", str(source)], capture_output=True, check=True, text=True
    )
    return time.perf_counter() - started, out.stdout.split()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size-mib", type=int, default=64, help="file size in MiB (default 64; the issue: 1024)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5); medians shown")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--child", nargs=2, metavar=("SOURCE", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0

    work = Path(tempfile.mkdtemp(prefix="sx-bench-evidence-"))
    try:
        source = work / "bodycam.bin"
        rng = random.Random(args.seed)
        block = rng.randbytes(MiB)
        with source.open("wb") as handle:
            for i in range(args.size_mib):
                handle.write(i.to_bytes(8, "big") + block[8:])
        openssl(source)  # warm the page cache

        ours, theirs, rss, traced = [], [], [], []
        for run in range(args.runs):
            store = work / f"store-{run}"
            result = subprocess.run([sys.executable, __file__, "--child", str(source), str(store)],
                                    capture_output=True, text=True, check=True)  # fmt: skip
            measured = json.loads(result.stdout.strip().splitlines()[-1])
            shutil.rmtree(store)
            shutil.rmtree(f"{store}-traced")
            seconds, digest = openssl(source)
            if digest != measured["digest"]:
                print(f"MISMATCH: ours {measured['digest']}, openssl {digest}", file=sys.stderr)
                return 1
            ours.append(measured["seconds"])
            theirs.append(seconds)
            rss.append(measured["rss_mib"])
            traced.append(measured["traced_mib"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ours_s, openssl_s = statistics.median(ours), statistics.median(theirs)
    print(f"file_mib {args.size_mib}")
    print(f"runs {args.runs}")
    print(f"ours_s {ours_s:.3f} ({args.size_mib / ours_s:.0f} MiB/s)")
    print(f"openssl_dgst_sm3_s {openssl_s:.3f} ({args.size_mib / openssl_s:.0f} MiB/s)")
    print(f"peak_rss_mib {max(rss):.1f} (whole process; goal < 100)")
    print(f"peak_traced_mib {max(traced):.1f} (Python allocations during the ingest)")
    print(f"ratio_vs_openssl {openssl_s / ours_s:.2f} (goal >= 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

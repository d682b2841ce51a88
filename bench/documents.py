"""Decisions rendered per second on one core: .docx (docxtpl) and PDF/A-2b (LibreOffice kept running).

Baseline in the same run: python-docx writing the same (already filled) document without a template engine, the
floor for producing a .docx in Python. Goal (issue 5): >= 20 .docx/s and >= 1 PDF/s.

    SANXIANG_DATA_DIR=/tmp/sx-bench .venv/bin/python bench/documents.py [--n 60] [--pdf 10] [--runs 3]

Pins itself to one CPU (os.sched_setaffinity); the converter process is started once before timing (its own
process, also pinned to the same CPU when the machine allows).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

import jinja2  # noqa: E402
from docx import Document as Docx  # noqa: E402

from sanxiang.documents import converter, default_templates, rendering, samples  # noqa: E402


def _rate(func, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        func()
    return n / (time.perf_counter() - start)


def _cpu_rate(func, n: int) -> float:
    """Per second of this process's CPU time: what a shared, loaded machine does not distort."""
    start = time.process_time()
    for _ in range(n):
        func()
    return n / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=60, help=".docx renders per run")
    parser.add_argument("--pdf", type=int, default=10, help="PDF conversions per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    template = (default_templates.DIRECTORY / "penalty_decision.docx").read_bytes()
    context = samples.sample_context("penalty_decision")
    filled = rendering.render_docx(template, context)

    def baseline():
        out = io.BytesIO()
        Docx(io.BytesIO(filled)).save(out)

    docx_rates = [_rate(lambda: rendering.render_docx(template, context), args.n) for _ in range(args.runs)]
    base_rates = [_rate(baseline, args.n) for _ in range(args.runs)]
    # The same renders with a fresh Jinja2 environment per render (how it was before the compiled templates
    # were kept per template source): the gain of rendering.CompilingOnceEnvironment, measured in this run.
    cached_env = rendering.jinja_env
    rendering.jinja_env = lambda: jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    uncached_cpu = statistics.median(
        _cpu_rate(lambda: rendering.render_docx(template, context), args.n) for _ in range(args.runs)
    )
    rendering.jinja_env = cached_env
    docx_cpu = statistics.median(
        _cpu_rate(lambda: rendering.render_docx(template, context), args.n) for _ in range(args.runs)
    )
    base_cpu = statistics.median(_cpu_rate(baseline, args.n) for _ in range(args.runs))
    already = converter.is_running()
    converter.ensure_running()
    converter.to_pdfa(filled)  # warm-up: first conversion loads the Writer filters
    pdf_rates = [_rate(lambda: converter.to_pdfa(rendering.render_docx(template, context)), args.pdf)
                 for _ in range(args.runs)]  # fmt: skip
    if not already:
        converter.stop()
    docx, base, pdf = (statistics.median(r) for r in (docx_rates, base_rates, pdf_rates))
    print(f"runs {args.runs} (median), {args.n} .docx and {args.pdf} PDF per run, one core")
    print(f"baseline_python_docx_save_per_s {base:.1f}")
    print(f"docx_per_s {docx:.1f} (goal >= 20)")
    print(f"pdf_per_s {pdf:.2f} (goal >= 1, render + convert)")
    print(f"cpu_time: docx_per_cpu_s {docx_cpu:.1f}, without_compile_cache {uncached_cpu:.1f}, "
          f"baseline_per_cpu_s {base_cpu:.1f}")  # fmt: skip
    print(f"ratio_docx_vs_baseline {docx / base:.2f}")


if __name__ == "__main__":
    main()

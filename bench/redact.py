"""Redaction speed against Microsoft Presidio's analyzer on the same text (docs: shared/design/benchmarks.md).

    .venv/bin/python bench/redact.py                 # 10 MB, 3 runs: ~2 CPU-minutes, Presidio most of it
    .venv/bin/python bench/redact.py --mb 1 --runs 3  # quick

The text is generated deterministically (--seed) from the templates of the redaction corpus
(tests/publicity/corpus/make_corpus.py): decisions of ~1,300 characters, each with its case's KNOWN data.
Both engines get the text one decision at a time, as the publication pipeline does:

- ours: ``redaction.find(text, known, Policy(detect_unknown_names=False))`` — patterns + known values;
  then, as a second figure, with unknown-name detection on (the default);
- Presidio: ``AnalyzerEngine`` with a blank spaCy pipeline (``spacy.blank("zh")`` wrapped in a
  ``SpacyNlpEngine``, no model download), a registry holding only regex ``PatternRecognizer``s equivalent to
  ours (ID numbers with the GB 11643 check digit in ``validate_result``, partly masked IDs, mobile, landline,
  bank account, e-mail, plate), and the known values of the decision as an ad-hoc deny-list recognizer.

Times are the CPU time of this process (``time.process_time``; both engines are single-threaded): the machine is
shared, and wall-clock time measured other sessions' load as much as ours. Runs alternate; the medians of
--runs timings are printed, the last line is the headline ratio (goal >= 10x).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sanxiang.publicity import redaction  # noqa: E402
from sanxiang.publicity.redaction_patterns import id_check_digit  # noqa: E402


def corpus_generator():
    spec = importlib.util.spec_from_file_location(
        "make_corpus", ROOT / "tests/publicity/corpus/make_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def generate(megabytes: float, seed: int) -> list[tuple[str, dict]]:
    make = corpus_generator()
    rng = random.Random(seed)
    docs, size, number = [], 0, 0
    while size < megabytes * 1_000_000:
        number += 1
        case = make.Case(rng, number)
        template = make.TEMPLATES[rng.randrange(len(make.TEMPLATES))]
        text, _, _ = make.parse(template(case))
        docs.append((text, make.known_of(case)))
        size += len(text.encode("utf-8"))
    return docs


def presidio_analyzer():
    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankChinese(SpacyNlpEngine):
        def load(self) -> None:
            self.nlp = {"zh": spacy.blank("zh")}

    class IdNumber(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return id_check_digit(pattern_text[:17]) == pattern_text[17].upper()

    b, e = r"(?<![0-9A-Za-z*])", r"(?![0-9A-Za-z*])"
    recognizers = [
        IdNumber(
            "ID_NUMBER",
            name="id18",
            supported_language="zh",
            patterns=[Pattern("id18", rf"{b}\d{{17}}[\dXx]{e}", 0.9)],
        ),
        PatternRecognizer(
            "ID_NUMBER",
            name="id_other",
            supported_language="zh",
            patterns=[
                Pattern("id15", rf"{b}\d{{6}}\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{{3}}{e}", 0.6),
                Pattern("id_masked", rf"{b}\d{{2,6}}\*{{4,12}}\d{{1,4}}[\dXx]?{e}", 0.6),
            ],
        ),
        PatternRecognizer(
            "PHONE",
            name="phone",
            supported_language="zh",
            patterns=[
                Pattern("mobile", r"(?<!\d)(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)", 0.7),
                Pattern("mobile_masked", r"(?<!\d)1[3-9]\d\*{4}\d{4}(?!\d)", 0.7),
                Pattern("landline", r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}-?)[2-9]\d{6,7}(?!\d)", 0.5),
            ],
            context=["电话", "手机", "联系"],
        ),
        PatternRecognizer(
            "BANK_ACCOUNT",
            name="account",
            supported_language="zh",
            patterns=[Pattern("account", r"(?<!\d)\d{4}(?:[ -]?\d{2,4}){3,4}(?:[ -]?\d{1,3})?(?!\d)", 0.4)],
            context=["账号", "卡号", "账户", "银行"],
        ),
        PatternRecognizer(
            "EMAIL",
            name="email",
            supported_language="zh",
            patterns=[
                Pattern(
                    "email",
                    r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
                    0.9,
                )
            ],
        ),
        PatternRecognizer(
            "PLATE",
            name="plate",
            supported_language="zh",
            patterns=[
                Pattern(
                    "plate",
                    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·• -]?[A-HJ-NP-Z0-9]{5,6}",
                    0.7,
                )
            ],
        ),
    ]
    registry = RecognizerRegistry(supported_languages=["zh"])
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)
    engine = BlankChinese(models=[{"lang_code": "zh", "model_name": "blank"}])
    engine.load()
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["zh"])


def presidio_known(known: dict):
    from presidio_analyzer import PatternRecognizer

    values = []
    for person in known["persons"]:
        values += [
            person["name"],
            *person.get("id_numbers", []),
            *person.get("phones", []),
            *person.get("addresses", []),
        ]
        values += [*person.get("emails", []), *person.get("accounts", []), *person.get("plates", [])]
    return PatternRecognizer("KNOWN", name="known", supported_language="zh", deny_list=values)


def run_ours(docs, knowns, policy) -> float:
    start = time.process_time()
    for (text, _), known in zip(docs, knowns, strict=True):
        redaction.find(text, known, policy)
    return time.process_time() - start


def run_presidio(analyzer, docs) -> float:
    start = time.process_time()
    for text, known in docs:
        analyzer.analyze(text=text, language="zh", ad_hoc_recognizers=[presidio_known(known)])
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="megabytes of UTF-8 text (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3); medians shown")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()

    docs = generate(args.mb, args.seed)
    megabytes = sum(len(text.encode("utf-8")) for text, _ in docs) / 1_000_000
    knowns = [redaction.Known.from_json(known) for _, known in docs]
    analyzer = presidio_analyzer()
    patterns_known = redaction.Policy(detect_unknown_names=False)
    full = redaction.Policy()
    print(f"text: {megabytes:.1f} MB, {len(docs)} decisions, seed {args.seed}; medians of {args.runs} runs")

    run_ours(docs[:50], knowns[:50], full)  # warm the caches (surname list, compiled patterns)
    ours, ours_full, theirs = [], [], []
    for _ in range(args.runs):
        ours.append(run_ours(docs, knowns, patterns_known))
        ours_full.append(run_ours(docs, knowns, full))
        theirs.append(run_presidio(analyzer, docs))
    rate = megabytes / statistics.median(ours)
    rate_full = megabytes / statistics.median(ours_full)
    rate_presidio = megabytes / statistics.median(theirs)
    print(f"presidio_analyzer (regex recognizers + known deny list, blank spaCy zh) {rate_presidio:.2f} MB/s")
    print(f"ours_with_unknown_names {rate_full:.2f} MB/s  ratio_vs_presidio {rate_full / rate_presidio:.1f}")
    print(f"ours_patterns_and_known {rate:.2f} MB/s")
    print(f"ratio_vs_presidio {rate / rate_presidio:.1f} (goal >= 10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

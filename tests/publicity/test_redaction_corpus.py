"""The redaction engine on the annotated corpus (tests/publicity/corpus/README.md), with known values off and on.

Asserted: recall 100 % on ID and phone numbers both ways; names of third persons >= 95 % with known values; no
mask on an organisation name, a credit code or a 文号; the names the policy keeps are kept. Printed (run with
``-s``, or ``python -m tests.publicity.test_redaction_corpus``): recall per kind, names without known values.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sanxiang.publicity.redaction import Known, Policy, find

CORPUS = Path(__file__).parent / "corpus"
ROLE_OF_WHO = {"party": "party", "legal_representative": "legal_representative", "third": "other"}


@dataclass
class Figures:
    expected: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    masked_keep: list = field(default_factory=list)  # organisation names, credit codes, 文号 touched
    masked_kept_names: list = field(default_factory=list)  # names the policy keeps, masked anyway
    missed: list = field(default_factory=list)
    extra: list = field(default_factory=list)  # masked spans that touch no annotated span (over-masking)

    def recall(self, key: str) -> float:
        return self.found[key] / self.expected[key] if self.expected[key] else 1.0

    def lines(self, title: str) -> list[str]:
        out = [title]
        for key in sorted(self.expected):
            out.append(f"  {key:34s} {self.found[key]:4d}/{self.expected[key]:<4d} {self.recall(key):7.1%}")
        out.append(f"  masked spans touching no annotation: {len(self.extra)}")
        return out


def cases() -> list[tuple[str, str, dict]]:
    return [
        (
            path.stem,
            path.with_suffix(".txt").read_text(encoding="utf-8"),
            json.loads(path.read_text(encoding="utf-8")),
        )
        for path in sorted(CORPUS.glob("case*.json"))
    ]


def evaluate(*, use_known: bool, subset: str | None = None) -> Figures:
    figures = Figures()
    for name, text, doc in cases():
        if subset and subset != (
            doc["template"] if doc["template"] in ("handwritten", "heldout", "heldout2") else "templates"
        ):
            continue
        policy = Policy(**doc["policy"])
        known = Known.from_json(doc["known"]) if use_known else None
        covered = set()
        spans = find(text, known, policy)
        for span in spans:
            assert text[span.start : span.end] == span.text
            covered.update(range(span.start, span.end))
        annotated = {i for expected in doc["spans"] for i in range(expected["start"], expected["end"])}
        figures.extra += [
            (name, s.kind, s.text) for s in spans if not annotated.intersection(range(s.start, s.end))
        ]
        for expected in doc["spans"]:
            chars = range(expected["start"], expected["end"])
            if expected["kind"] == "person_name" and not policy.masks_name_of(ROLE_OF_WHO[expected["who"]]):
                if any(i in covered for i in chars):
                    figures.masked_kept_names.append((name, expected["text"]))
                continue
            key = expected["kind"] + (f" ({expected['who']})" if "who" in expected else "")
            figures.expected[key] += 1
            if all(i in covered for i in chars):
                figures.found[key] += 1
            else:
                figures.missed.append((name, key, expected["text"]))
        for keep in doc["keep"]:
            if any(i in covered for i in range(keep["start"], keep["end"])):
                figures.masked_keep.append((name, keep["kind"], keep["text"]))
    return figures


def test_the_corpus_has_at_least_30_annotated_texts_with_the_real_failures():
    docs = cases()
    assert len(docs) >= 30
    texts = "".join(text for _, text, _ in docs)
    assert "********" in texts and "**********" in texts  # partly masked ID numbers
    kinds = Counter(span["kind"] for _, _, doc in docs for span in doc["spans"])
    assert set(kinds) == {"id_number", "phone", "bank_account", "person_name", "address", "email", "plate"}


@pytest.mark.parametrize("use_known", [False, True], ids=["known-off", "known-on"])
def test_corpus_recall_and_nothing_masked_that_must_stay(use_known):
    figures = evaluate(use_known=use_known)
    print("\n".join(figures.lines(f"redaction corpus, known values {'on' if use_known else 'off'}:")))
    assert figures.recall("id_number") == 1.0, figures.missed
    assert figures.recall("phone") == 1.0, figures.missed
    if use_known:
        assert figures.recall("person_name (third)") >= 0.95, figures.missed
    assert figures.masked_keep == []
    assert figures.masked_kept_names == []


def main() -> None:
    for use_known in (False, True):
        for subset in (None, "templates", "handwritten", "heldout", "heldout2"):
            figures = evaluate(use_known=use_known, subset=subset)
            title = f"known values {'on' if use_known else 'off'}, {subset or 'all'}:"
            print("\n".join(figures.lines(title)))
            for missed in figures.missed:
                print("  missed", *missed)
            for extra in figures.extra:
                print("  extra", *extra)


if __name__ == "__main__":
    main()

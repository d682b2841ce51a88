"""Chinese text search over published decisions: character bigrams (a pure module, no Django imports).

Chinese has no spaces between words, so a word index cannot find 消毒 inside 未对公共用品消毒. The portal indexes
every pair of neighbouring characters instead (消毒 → "消毒"; 公共用品 → "公共 共用 用品"): a query of n ≥ 2
Chinese characters matches a decision that holds all its n-1 bigrams, which for a 2-character word is exactly the
decisions containing it. Runs of Latin letters and digits are kept whole (lower-cased), so 文号 parts such as
"2026" are tokens too. The publisher stores ``search_text_for(...)`` in ``PublishedDecision.search_text``; the
databases index it (docs/portal.md: PostgreSQL a GIN index over the tokens, SQLite a LIKE over the tokens).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Han ideographs (basic, extension A, compatibility) and the ASCII/full-width-normalised letters and digits.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(rf"[{_HAN}]+")

MAX_QUERY_CHARS = 40


def _normalise(value: str) -> str:
    # NFKC folds full-width digits and letters (２０２６ → 2026) as agencies type both.
    return unicodedata.normalize("NFKC", value or "").lower()


def _run_tokens(run: str) -> list[str]:
    if not _HAN_RUN.fullmatch(run):
        return [run]
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(value: str) -> list[str]:
    """The index tokens of ``value`` in order of first appearance, each once."""
    seen: dict[str, None] = {}
    for run in _RUNS.findall(_normalise(value)):
        for token in _run_tokens(run):
            seen.setdefault(token, None)
    return list(seen)


def search_text_for(
    *, number: str, party_name: str, violation_type: str, penalty_content: str, text: str
) -> str:
    """The text indexed for search, derived only from the public fields of a published decision: its tokens,
    each once, separated by single spaces (the order does not matter)."""
    seen: dict[str, None] = {}
    for field in (number, party_name, violation_type, penalty_content, text):
        for token in tokens(field):
            seen.setdefault(token, None)
    return " ".join(seen)


@dataclass(frozen=True)
class Term:
    """One token a match must contain; ``prefix`` for a query of one lone Han character, which matches every
    token starting with it (消 finds 消毒)."""

    token: str
    prefix: bool = False


def query_terms(query: str, *, partial_tail: bool = False) -> list[Term]:
    """The terms a decision must all contain to match ``query``; empty when the query has no searchable
    character (punctuation only). Long queries are cut at ``MAX_QUERY_CHARS`` characters.

    Latin/digit words match whole (``2026``). With ``partial_tail`` (the 文号 filter, which the caller checks
    with a substring match anyway), a Latin/digit word that ends the query may be unfinished (〔2026〕12 for
    〔2026〕125号) and is left out instead of matched as a prefix, which over a large index is slow."""
    text = _normalise(query)[:MAX_QUERY_CHARS]
    runs = _RUNS.findall(text)
    if partial_tail and runs and not _HAN_RUN.fullmatch(runs[-1]) and text.rstrip().endswith(runs[-1]):
        runs = runs[:-1]
    terms: dict[str, Term] = {}
    for run in runs:
        for token in _run_tokens(run):
            terms.setdefault(token, Term(token))
    if len(terms) == 1 and len(runs) == 1 and len(runs[0]) == 1 and _HAN_RUN.fullmatch(runs[0]):
        return [Term(runs[0], prefix=True)]
    return list(terms.values())


def tsquery(terms: list[Term]) -> str:
    """PostgreSQL ``tsquery`` text for ``terms`` (AND). Tokens hold only letters, digits and Han characters,
    so quoting them is enough."""
    return " & ".join(f"'{t.token}'" + (":*" if t.prefix else "") for t in terms)


def like_patterns(terms: list[Term]) -> list[str]:
    """SQLite ``LIKE`` patterns for ``terms`` over `` `` + search_text + `` ``` (every one must match)."""
    return [f"% {t.token}%" if t.prefix else f"% {t.token} %" for t in terms]

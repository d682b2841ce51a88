"""Reads of the public copy. The portal reads only its own tables (``portal.models``) and the record log's public
checkpoints; it imports nothing from the case tables, so it cannot show what was never published
(tests/portal/test_isolation.py checks the imports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, DateField, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from sanxiang.portal import search
from sanxiang.portal.models import PublicCertificate, PublishedDecision, RegistryVersion

PAGE_SIZE = 20
MAX_PAGE = 500


@dataclass(frozen=True)
class DecisionFilters:
    """The public filters of the decision list (全文检索、当事人、文号、决定日期、类别); empty means any."""

    q: str = ""
    party: str = ""
    number: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    category: str = ""


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


# PostgreSQL has two ways to the newest matches: walk the (-decided_on, -id) index testing each row (fast when
# matches are common), or take every match from the GIN index and sort them (fast when they are rare). Its row
# estimates for bigram combinations are poor (the bigrams of one phrase are not independent), and a wrong choice
# costs seconds on a million rows, so the portal chooses itself: it counts the matches among the newest
# ``PROBE_ROWS`` decisions. From ``COMMON_MATCHES`` on (1.6 %) a page fills within about a thousand rows of the
# walk; below, the matches are few enough to fetch and sort (tests/portal, bench/portal.py).
PROBE_ROWS = 500
COMMON_MATCHES = 8
_VECTOR = '"portal_publisheddecision"."search_vector"'


def _pg_text_match(qs: QuerySet, terms: list[search.Term], contains: dict[str, str]) -> QuerySet:
    query = search.tsquery(terms) if terms else ""
    found = COMMON_MATCHES
    if terms:
        probe = (
            "SELECT count(*) FROM (SELECT search_vector FROM portal_publisheddecision "
            f"ORDER BY decided_on DESC, id DESC LIMIT {PROBE_ROWS}) AS newest WHERE search_vector @@ %s::tsquery"
        )
        with connections[qs.db].cursor() as cursor:
            cursor.execute(probe, [query])
            found = cursor.fetchone()[0]
    if found >= COMMON_MATCHES:
        # Common: newest first along the btree. A CASE hides the tests from the planner's (tiny) estimates,
        # which would otherwise send it to a full scan.
        tests, params = [], []
        for column, value in contains.items():  # the cheap tests first: AND stops at the first false
            tests.append(f'strpos(upper("portal_publisheddecision"."{column}"), upper(%s)) > 0')
            params.append(value)
        if terms:
            tests.append(f"{_VECTOR} @@ %s::tsquery")
            params.append(query)
        common = f"CASE WHEN {' AND '.join(tests)} THEN true ELSE false END"
        return qs.filter(RawSQL(common, params, output_field=BooleanField()))
    # Rare: every match from the GIN index, then sorted (the btree cannot serve ``decided_on + 0``).
    rare = qs.filter(RawSQL(f"{_VECTOR} @@ %s::tsquery", [query], output_field=BooleanField()))
    rare = rare.filter(**{f"{column}__icontains": value for column, value in contains.items()})
    newest = RawSQL('"portal_publisheddecision"."decided_on" + 0', [], output_field=DateField())
    return rare.order_by(newest.desc(), "-id")


def _text_match(qs: QuerySet, terms: list[search.Term], contains: dict[str, str]) -> QuerySet:
    """Decisions whose public text holds every one of ``terms`` (search.py: character bigrams) and whose
    ``contains`` columns hold their value (case-insensitive)."""
    if not terms and not contains:
        return qs
    if connections[qs.db].vendor == "postgresql":
        return _pg_text_match(qs, terms, contains)
    qs = qs.filter(**{f"{column}__icontains": value for column, value in contains.items()})
    if not terms:
        return qs
    qs = qs.annotate(_tokens=Concat(Value(" "), "search_text", Value(" "), output_field=TextField()))
    for term in terms:
        needle = f" {term.token}" if term.prefix else f" {term.token} "
        qs = qs.filter(_tokens__contains=needle)
    return qs


def decisions_filtered(qs: QuerySet, filters: DecisionFilters) -> QuerySet:
    """``qs`` narrowed by the public filters; 当事人 and 文号 go through the search index, then are checked on
    their own field."""
    terms = search.query_terms(filters.q)
    contains = {}
    if filters.party:
        terms += search.query_terms(filters.party)
        contains["party_name"] = filters.party
    if filters.number:
        terms += search.query_terms(filters.number, partial_tail=True)
        contains["number"] = filters.number
    if filters.date_from:
        qs = qs.filter(decided_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(decided_on__lte=filters.date_to)
    if filters.category:
        qs = qs.filter(category=filters.category)
    return _text_match(qs, list(dict.fromkeys(terms)), contains)


def decisions_listed(*, today: dt.date) -> QuerySet[PublishedDecision]:
    """Decisions in the public listing: not withdrawn, display period not over (the last day of the period
    included), newest decision first. Withdrawn ones are in ``withdrawals``; ended ones stay reachable by
    their page (history)."""
    return (
        PublishedDecision.objects.filter(withdrawn_at__isnull=True)
        .filter(Q(display_until__isnull=True) | Q(display_until__gte=today))
        .defer("text", "search_text")
        .order_by("-decided_on", "-id")
    )


def page_of(qs: QuerySet, number: int, size: int = PAGE_SIZE) -> Page:
    """One page without counting the rest (a count over a million matches costs more than the page)."""
    number = min(max(number, 1), MAX_PAGE)
    start = (number - 1) * size
    rows = list(qs[start : start + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)


def decision_get(pk: int) -> PublishedDecision | None:
    """Any published decision, listed or not (withdrawn, or display period over: history)."""
    return PublishedDecision.objects.filter(pk=pk).first()


def withdrawals() -> QuerySet[PublishedDecision]:
    """Withdrawn decisions, newest withdrawal first (撤回公告)."""
    return (
        PublishedDecision.objects.filter(withdrawn_at__isnull=False)
        .defer("text", "search_text")
        .order_by("-withdrawn_at", "-id")
    )


def feed_entries(*, today: dt.date, limit: int = 50) -> list[PublishedDecision]:
    """The newest publications still listed, for the Atom feed."""
    return list(decisions_listed(today=today).order_by("-published_at", "-id")[:limit])


def registry_sections() -> list[dict]:
    """Every section with its current (newest) version, in the order of ``RegistryVersion.Section``; a
    section not yet published has ``current`` None."""
    current: dict[str, RegistryVersion] = {}
    for version in RegistryVersion.objects.defer("content").order_by("section", "-version"):
        current.setdefault(version.section, version)
    return [
        {"section": value, "label": label, "current": current.get(value)}
        for value, label in RegistryVersion.Section.choices
    ]


def registry_versions(section: str) -> list[RegistryVersion]:
    """Every version of ``section``, newest (current) first."""
    return list(RegistryVersion.objects.filter(section=section).defer("content").order_by("-version"))


def registry_version(section: str, version: int | None = None) -> RegistryVersion | None:
    """One version of ``section``; the current one when ``version`` is None."""
    qs = RegistryVersion.objects.filter(section=section).order_by("-version")
    if version is not None:
        qs = qs.filter(version=version)
    return qs.first()


def certificate_by_token(token: str) -> PublicCertificate | None:
    return PublicCertificate.objects.filter(token=token).first()


def certificates_listed() -> QuerySet[PublicCertificate]:
    """Certificates shown in the officers section (执法人员名单)."""
    return PublicCertificate.objects.filter(listed=True).order_by("number")


def checkpoints_newest(limit: int = 50) -> list:
    """The record log's signed checkpoints, which the portal publishes so outsiders keep copies."""
    from sanxiang.records.selectors import checkpoints_newest_first

    return list(checkpoints_newest_first()[:limit])

"""Every write of the publicity pipeline: disclosure records, masks, confirmation and publication, withdrawal,
the end of display periods, the pre-disclosure registry and the public certificate facts.

Each function checks its rule, changes state, writes the public tables through ``sanxiang/portal/publish.py``
and appends its log event in one transaction. Payloads hold ids, kinds, offsets and dates — never a personal
value (a mask's text or a removal reason goes in ``personal``, as a commitment).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core.calendar import current_calendar, deadline_create
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.core.workdays import UnknownYearError
from sanxiang.portal import publish
from sanxiang.publicity import conf, known, masking, redaction, rules, served_text
from sanxiang.publicity.models import Disclosure, Mask
from sanxiang.records.services import event_append

SUBJECT = "publicity.disclosure"


def _log(actor, action: str, disclosure: Disclosure, payload: dict, personal: dict | None = None) -> None:
    event_append(actor=actor, action=action, subject_type=SUBJECT, subject_id=disclosure.pk, payload=payload,
                 personal=personal)  # fmt: skip


def _lock(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().select_related("agency").get(pk=disclosure.pk)


def _case_of(document):
    if document.subject_type != "cases.case":
        return None
    from sanxiang.cases.models import Case

    return Case.objects.filter(pk=document.subject_id).select_related("item").first()


def _facts(document, case, context, decided_on: dt.date) -> rules.DecisionFacts:
    party = case.parties.order_by("id").first() if case is not None else None
    return rules.DecisionFacts(
        type_code=document.type.code, decided_on=decided_on,
        procedure=case.procedure if case is not None else "general",
        penalty_kinds=tuple(case.penalty_kinds or ()) if case is not None else (),
        party_is_person=party is not None and party.kind == "person",
        party_is_minor=bool(party and party.is_minor), party_id_number=party.id_number if party else "",
    )  # fmt: skip


def _penalty_content(case, context) -> str:
    if case is None or context.type_code not in ("penalty_decision", "on_the_spot_decision"):
        return context.penalty_kinds or context.title
    from sanxiang.catalog.penalties import PenaltyKind

    labels = []
    for code in case.penalty_kinds or []:
        try:
            labels.append(PenaltyKind(code).label)
        except ValueError:
            labels.append(code)
    return rules.penalty_content(labels, case.fine, case.confiscation)


def _stop_case_deadline(case, code: str, *, met: bool) -> None:
    """The case's own reminder for this step (``cases.workflow.DEADLINES``) is answered here."""
    if case is None:
        return
    from sanxiang.cases import deadlines
    from sanxiang.cases.models import CaseDeadline

    outcome = CaseDeadline.Outcome.MET if met else CaseDeadline.Outcome.STOPPED
    deadlines.stop(case=case, codes=(code,), outcome=outcome)


def disclosure_create(*, actor, document) -> Disclosure | None:
    """The disclosure record of an issued decision (called by ``hooks.document_issued`` in the issuing
    transaction): summary, served text, proposed masks and the due date; or, on a ground of
    :func:`rules.withheld_ground`, recorded as not published. None for a document that is not a decision."""
    category = rules.category_of(document.type.code)
    if category is None or document.docx_blob_id is None:
        return None
    existing = Disclosure.objects.filter(document=document).first()
    if existing is not None:
        return existing
    from sanxiang.documents.rendering import context_from_json
    from sanxiang.documents.services import read_blob

    case = _case_of(document)
    context = context_from_json(document.context)
    decided_on = (case.decided_on if case is not None else None) or context.decided_on or context.issued_on
    decided_on = decided_on or timezone.localdate()
    text = served_text.docx_text(read_blob(document.docx_blob))
    party = case.parties.order_by("id").first() if case is not None else None
    days = rules.publication_days(category, fast_days=conf.penalty_days(), other_days=conf.other_days())
    with transaction.atomic():
        if document.previous_id is not None:
            _supersede_previous(actor=actor, document=document)
        disclosure = Disclosure.objects.create(
            agency=document.agency, case=case, document=document, category=category,
            number=document.number.text if document.number_id else context.number,
            party_name=context.party.name, party_code=party.credit_code if party else "",
            party_is_person=bool(party and party.kind == "person"), violation_type=context.cause[:200],
            penalty_content=_penalty_content(case, context), decided_on=decided_on, served_text=text,
            due_on=decided_on,
        )  # fmt: skip
        _set_due(actor=actor, disclosure=disclosure, days=days)
        facts_known = known.known_for_case(case) if case is not None else redaction.Known()
        found = redaction.find(text, facts_known, known.policy())
        proposed = Mask.objects.bulk_create(
            [Mask(disclosure=disclosure, start=s.start, end=s.end, kind=s.kind) for s in found]
        )
        _log(actor, "disclosure.create", disclosure, {
            "document": document.pk, "case": case.pk if case else None, "category": category,
            "decided_on": decided_on.isoformat(), "due_on": disclosure.due_on.isoformat(),
            "provisional": disclosure.due_provisional, "masks": dict(Counter(m.kind for m in proposed)),
        })  # fmt: skip
        ground = rules.withheld_ground(_facts(document, case, context, decided_on), conf.withheld_grounds())
        if ground is not None:
            _withhold(actor=actor, disclosure=disclosure, ground=ground)
    return disclosure


def _set_due(*, actor, disclosure: Disclosure, days: int) -> None:
    fast = disclosure.category in rules.FAST_CATEGORIES
    basis = "国办发〔2018〕118号" + ("" if fast else "；政府信息公开条例第二十六条")
    try:
        deadline = deadline_create(
            subject_type=SUBJECT, subject_id=disclosure.pk, kind="publication", start_on=disclosure.decided_on,
            period_kind="working", period_days=days, legal_basis=basis, actor=actor, allow_provisional=True,
        )  # fmt: skip
    except UnknownYearError:  # no calendar, not even a provisional one: count calendar days and say so
        disclosure.due_on = disclosure.decided_on + dt.timedelta(days=days)
        disclosure.due_provisional = True
    else:
        disclosure.due_deadline, disclosure.due_on = deadline, deadline.due_on
        disclosure.due_provisional = deadline.provisional
    disclosure.save(update_fields=["due_deadline", "due_on", "due_provisional"])


def _supersede_previous(*, actor, document) -> None:
    previous = Disclosure.objects.filter(document_id=document.previous_id, status=Disclosure.Status.PENDING)
    for old in previous.select_for_update():
        old.status = Disclosure.Status.CANCELLED
        old.public_reason = "决定书已更正，按新版本公示。"
        old.save(update_fields=["status", "public_reason"])
        _log(actor, "disclosure.cancel", old, {"reason": "superseded", "by_document": document.pk})


def _withhold(*, actor, disclosure: Disclosure, ground: rules.Ground) -> None:
    disclosure.status, disclosure.ground = Disclosure.Status.NOT_PUBLISHED, ground.value
    disclosure.save(update_fields=["status", "ground"])
    _log(actor, "disclosure.not_published", disclosure, {"ground": ground.value})


@transaction.atomic
def disclosure_withhold(*, actor, disclosure: Disclosure, ground: str) -> Disclosure:
    """Record that a pending decision is not published, on one of :class:`rules.Ground` (e.g. 国家秘密, which
    only a person can know)."""
    try:
        chosen = rules.Ground(ground)
    except ValueError:
        raise InvalidInput(_("不予公开的理由须从列表中选择。")) from None
    disclosure = _lock(disclosure)
    _require_pending(disclosure)
    _withhold(actor=actor, disclosure=disclosure, ground=chosen)
    return disclosure


def _require_pending(disclosure: Disclosure) -> None:
    if disclosure.status != Disclosure.Status.PENDING:
        raise Conflict(
            _("该公示记录状态为“%(status)s”，不能再修改遮盖或公开。")
            % {"status": disclosure.get_status_display()}
        )


def active_spans(disclosure: Disclosure) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.kind) for m in disclosure.masks.filter(removed_at__isnull=True)]


@transaction.atomic
def disclosure_mask_add(
    *, actor, disclosure: Disclosure, text: str, kind: str = "trade_secret"
) -> list[Mask]:
    """Mask every occurrence of ``text`` in the served text (a trade secret the officer marked, a name the
    engine missed). Refused when the text does not occur."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("请输入或选中要遮盖的文字。"))
    if kind not in masking.ADDABLE_KINDS:
        raise InvalidInput(_("遮盖类别须从列表中选择。"))
    disclosure = _lock(disclosure)
    _require_pending(disclosure)
    spans = masking.occurrences(disclosure.served_text, text)
    if not spans:
        raise InvalidInput(_("决定书原文中没有这段文字，请核对后重新输入（须与原文完全一致）。"))
    masks = Mask.objects.bulk_create(
        [Mask(disclosure=disclosure, start=s, end=e, kind=kind, origin=Mask.Origin.ADDED, added_by=actor)
         for s, e in spans]
    )  # fmt: skip
    _log(actor, "disclosure.mask_add", disclosure, {"kind": kind, "spans": [[s, e] for s, e in spans]},
         personal={"text": text})  # fmt: skip
    return masks


@transaction.atomic
def disclosure_mask_remove(*, actor, disclosure: Disclosure, mask: Mask, reason: str) -> Mask:
    """Remove a mask (e.g. an organisation name the engine took for a person), with the reason on record."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("取消遮盖须写明理由。"))
    disclosure = _lock(disclosure)
    _require_pending(disclosure)
    if mask.disclosure_id != disclosure.pk or mask.removed_at is not None:
        raise Conflict(_("该遮盖不存在或已取消，请刷新页面。"))
    mask.removed_at, mask.removed_by, mask.removal_reason = timezone.now(), actor, reason[:300]
    mask.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _log(actor, "disclosure.mask_remove", disclosure,
         {"mask": mask.pk, "kind": mask.kind, "span": [mask.start, mask.end]}, personal={"reason": reason})  # fmt: skip
    return mask


def public_party_name(disclosure: Disclosure) -> str:
    if disclosure.party_is_person and conf.mask_party_name():
        return redaction.mask("person_name", disclosure.party_name)
    return disclosure.party_name


@transaction.atomic
def disclosure_confirm(*, actor, disclosure: Disclosure) -> Disclosure:
    """确认并公开: freeze the redacted text as confirmed and publish it on the portal. The public copy is made
    only from this confirmed text, never from the served files."""
    disclosure = _lock(disclosure)
    _require_pending(disclosure)
    now = timezone.now()
    today = timezone.localdate(now)
    spans = active_spans(disclosure)
    disclosure.confirmed_text = masking.redacted_text(disclosure.served_text, spans)
    disclosure.confirmed_by, disclosure.confirmed_at = actor, now
    minor = disclosure.case is not None and rules.is_minor_penalty(
        disclosure.case.penalty_kinds or [], disclosure.case.fine, conf.low_fine()
    )
    disclosure.display_until = rules.display_until(
        today, minor=minor, months=conf.display_months(), minor_months=conf.display_months_minor()
    )
    disclosure.status, disclosure.published_at = Disclosure.Status.PUBLISHED, now
    disclosure.save(update_fields=["confirmed_text", "confirmed_by", "confirmed_at", "display_until", "status",
                                   "published_at"])  # fmt: skip
    _log(
        actor,
        "disclosure.confirm",
        disclosure,
        {"masks": len(spans), "kinds": dict(Counter(k for *_s, k in spans))},
    )
    publish.decision_publish(
        disclosure_id=disclosure.pk, category=disclosure.category, agency_name=disclosure.agency.name,
        agency_code=disclosure.agency.credit_code, number=disclosure.number,
        party_name=public_party_name(disclosure), party_code=disclosure.party_code,
        violation_type=disclosure.violation_type, penalty_content=disclosure.penalty_content,
        decided_on=disclosure.decided_on, published_at=now, display_until=disclosure.display_until,
        text=disclosure.confirmed_text,
    )  # fmt: skip
    _log(actor, "disclosure.publish", disclosure, {
        "published_on": today.isoformat(), "due_on": disclosure.due_on.isoformat(), "on_time": today <= disclosure.due_on,
        "display_until": disclosure.display_until.isoformat(),
    })  # fmt: skip
    _stop_case_deadline(disclosure.case, "publication", met=True)
    return disclosure


def _withdrawal_due(start: dt.date) -> dt.date:
    try:
        return current_calendar(provisional=True).add_working_days(start, rules.WITHDRAWAL_WORKING_DAYS)
    except UnknownYearError:
        return start + dt.timedelta(days=rules.WITHDRAWAL_WORKING_DAYS)


def decision_change_apply(*, actor, case, change) -> list[Disclosure]:
    """A decision was 变更/撤销/确认违法/确认无效 (called by ``hooks.decision_changed`` in the case's transaction):
    its published disclosure is withdrawn at once with the public reason (行政处罚法第四十八条第二款: within 3
    working days — done in the same transaction so it is never late); a pending one is cancelled."""
    now = timezone.now()
    today = timezone.localdate(now)
    changed = []
    withdrawn_any = False
    for disclosure in Disclosure.objects.select_for_update().filter(case=case).select_related("agency"):
        details = dict(kind=change.kind, deciding_body=change.deciding_body, decided_on=change.decided_on)
        if disclosure.status == Disclosure.Status.PUBLISHED:
            disclosure.status, disclosure.withdrawn_at = Disclosure.Status.WITHDRAWN, now
            disclosure.withdrawal_due_on = _withdrawal_due(today)
            disclosure.public_reason = rules.withdrawal_reason(**details)
            disclosure.save(update_fields=["status", "withdrawn_at", "withdrawal_due_on", "public_reason"])
            publish.decision_withdraw(disclosure_id=disclosure.pk, at=now, reason=disclosure.public_reason)
            _log(actor, "disclosure.withdraw", disclosure, {
                "change": change.pk, "kind": change.kind, "due_on": disclosure.withdrawal_due_on.isoformat(),
                "withdrawn_on": today.isoformat(), "on_time": True,
            })  # fmt: skip
            withdrawn_any = True
        elif disclosure.status == Disclosure.Status.PENDING:
            disclosure.status = Disclosure.Status.CANCELLED
            disclosure.public_reason = rules.cancel_reason(**details)
            disclosure.save(update_fields=["status", "public_reason"])
            _log(actor, "disclosure.cancel", disclosure, {"change": change.pk, "kind": change.kind})
        else:
            continue
        changed.append(disclosure)
    if withdrawn_any:
        _stop_case_deadline(case, "publication_withdrawal", met=True)
    return changed


def disclosure_end_display(*, disclosure: Disclosure, today: dt.date) -> bool:
    """公示期满: the decision leaves the portal's listing (and stays in its history). False when not due."""
    with transaction.atomic():
        disclosure = _lock(disclosure)
        if disclosure.status != Disclosure.Status.PUBLISHED or not disclosure.display_until:
            return False
        if disclosure.display_until >= today:
            return False
        disclosure.status, disclosure.display_ended_at = Disclosure.Status.ENDED, timezone.now()
        disclosure.save(update_fields=["status", "display_ended_at"])
        publish.decision_display_end(
            disclosure_id=disclosure.pk, on=disclosure.display_until + dt.timedelta(days=1)
        )
        _log(
            None,
            "disclosure.display_end",
            disclosure,
            {"display_until": disclosure.display_until.isoformat()},
        )
    return True


def disclosure_mark(*, disclosure: Disclosure, mark: str, now: dt.datetime) -> bool:
    """Record a yellow/red warning once (the job notifies the publicity admins); False when already marked."""
    field = f"{mark}_at"
    with transaction.atomic():
        updated = Disclosure.objects.filter(pk=disclosure.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        if updated:
            _log(None, f"disclosure.{mark}", disclosure, {"due_on": disclosure.due_on.isoformat()})
    return bool(updated)


# --- 事前公开 and 亮证 --------------------------------------------------------------------------------------------


def registry_publish(*, actor, today: dt.date | None = None) -> list[str]:
    """Publish a new version of each pre-disclosure section whose content changed (the earlier versions stay);
    returns the codes of the sections that got a new version."""
    from sanxiang.publicity import registry

    today = today or timezone.localdate()
    changed = []
    with transaction.atomic():
        now = timezone.now()
        for code, (title, content) in registry.sections(today).items():
            version = publish.registry_version_publish(section=code, title=title, content=content, at=now,
                                                       change_note="内容更新" if actor is None else "公示管理员发布")  # fmt: skip
            if version is None:
                continue
            changed.append(code)
            event_append(actor=actor, action="registry.publish", subject_type="portal.registryversion",
                         subject_id=version.pk, payload={"section": code, "version": version.version})  # fmt: skip
    return changed


def certificate_public_sync(*, certificate, actor=None) -> None:
    """Bring the public facts of one enforcement certificate in step (called by the accounts services where a
    certificate is issued, changes status or is deactivated, in their transaction). The status shown is
    computed on the portal at each request from ``status`` and ``expires_on``."""
    department = certificate.officer.department
    status = certificate.status if certificate.status in ("valid", "suspended", "revoked") else "valid"
    with transaction.atomic():
        row = publish.certificate_public_sync(
            number=certificate.number, officer_name=certificate.officer.full_name or certificate.officer.username,
            agency_name=department.agency.name if department else "",
            fields=sorted(f.name for f in certificate.fields.all()), issued_on=certificate.issued_on,
            expires_on=certificate.expires_on, status=status, listed=certificate.is_active, at=timezone.now(),
        )  # fmt: skip
        event_append(actor=actor, action="public_certificate.sync", subject_type="portal.publiccertificate",
                     subject_id=row.pk, payload={"certificate": certificate.pk, "status": status,
                                                 "listed": certificate.is_active})  # fmt: skip


def certificates_public_sync_all(*, actor=None) -> int:
    """Sync every certificate whose public row is missing or differs (certificates created outside the
    services, e.g. before this app existed); returns how many rows changed."""
    from sanxiang.accounts.models import Certificate
    from sanxiang.portal.models import PublicCertificate

    public = {p.number: p for p in PublicCertificate.objects.all()}
    changed = 0
    for certificate in Certificate.objects.select_related("officer__department__agency").prefetch_related(
        "fields"
    ):
        row = public.get(certificate.number)
        fields = sorted(f.name for f in certificate.fields.all())
        if row is not None and (row.status, row.expires_on, row.listed, row.fields) == (
            certificate.status,
            certificate.expires_on,
            certificate.is_active,
            fields,
        ):
            continue
        certificate_public_sync(certificate=certificate, actor=actor)
        changed += 1
    return changed


def case_publication_deadlines_answer() -> int:
    """Close the cases' own reminders (``cases.workflow.DEADLINES``) that the pipeline has answered:
    "publication" once every disclosure of the case is settled (published → met; not published or cancelled →
    stopped), and "publication_withdrawal" when nothing of the case is published (nothing to withdraw). Run by
    the warnings job: the decision document is issued before ``case_decide`` starts the first reminder, and a
    change starts the second even when nothing was published. Returns how many were closed."""
    from sanxiang.cases.models import CaseDeadline

    open_rows = CaseDeadline.objects.filter(
        code__in=("publication", "publication_withdrawal"), outcome=CaseDeadline.Outcome.OPEN,
        case_id__in=Disclosure.objects.exclude(case__isnull=True).values("case_id"),
    ).select_related("case")  # fmt: skip
    shown = {Disclosure.Status.PUBLISHED, Disclosure.Status.WITHDRAWN, Disclosure.Status.ENDED}
    closed = 0
    for row in open_rows:
        statuses = set(Disclosure.objects.filter(case_id=row.case_id).values_list("status", flat=True))
        if row.code == "publication" and Disclosure.Status.PENDING not in statuses:
            _stop_case_deadline(row.case, "publication", met=bool(statuses & shown))
        elif row.code == "publication_withdrawal" and not statuses & {Disclosure.Status.PUBLISHED}:
            _stop_case_deadline(
                row.case, "publication_withdrawal", met=Disclosure.Status.WITHDRAWN in statuses
            )
        else:
            continue
        closed += 1
    return closed

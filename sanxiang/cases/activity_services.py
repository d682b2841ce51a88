"""Enforcement activities (执法活动): record a draft, sign it, link evidence, complete it.

Rules (domain.md "Full-process recording"; 处罚法 art. 42, 55; 强制法 art. 18):

- on-site kinds need at least two officers with valid certificates in the item's field, credentials shown,
  the drawn signature of every participating officer (笔录 are signed by the officers, per 卫生行政执法文书规范),
  and the party's signature or its refusal recorded with a witness or a recording;
- 查封扣押, 查封经营场所, 强制拆除 and 罚没财物处置 cannot be completed without a linked audio or video item;
- completing 现场检查/询问/抽样, 证据先行登记保存 or 查封扣押 is the workflow step of the same name, so it is checked
  by the transition table and appends that step's event.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts.models import User
from sanxiang.cases import rules, selectors
from sanxiang.cases.models import Activity, Case, Signature
from sanxiang.cases.services import SUBJECT, Refusal, apply_transition, lock, today
from sanxiang.cases.workflow import TERMINAL, State
from sanxiang.core.errors import InvalidInput, NotAllowed
from sanxiang.records.evidence import evidence_link
from sanxiang.records.models_evidence import EvidenceItem, EvidenceKind, EvidenceLink
from sanxiang.records.services import event_append

K = Activity.Kind
ACTIVITY_SUBJECT = "cases.activity"
AV_MANDATORY = frozenset({K.SEIZURE, K.CLOSURE, K.DEMOLITION, K.DISPOSAL})
AV_AS_NEEDED = frozenset({K.INSPECTION, K.INQUIRY, K.SAMPLING, K.HEARING, K.SERVICE})
ON_SITE = frozenset({K.INSPECTION, K.INQUIRY, K.SAMPLING, K.PRESERVATION, *AV_MANDATORY})
# The workflow step that completing an activity of this kind is.
WORKFLOW_ACTION = {
    K.INSPECTION: "record_inspection",
    K.INQUIRY: "record_inspection",
    K.SAMPLING: "record_inspection",
    K.PRESERVATION: "preserve_evidence",
    K.SEIZURE: "seize",
    K.CLOSURE: "seize",
}
MAX_SIGNATURE_BYTES = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _editable(case: Case) -> None:
    if case.state in TERMINAL or case.state in (State.CLOSED, State.WITHDRAWN):
        raise Refusal(f"案件处于“{case.state.label}”环节，不能再记录执法活动。")


def _check_officers(case: Case, officers: list[User]) -> None:
    agency = case.agency_id
    for officer in officers:
        if officer.department is None or officer.department.agency_id != agency:
            raise InvalidInput(f"“{officer}”不是本机关执法人员。")


@transaction.atomic
def activity_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    officers: list[User],
    started_at: dt.datetime,
    place: str,
    record: str = "",
    other_participants: str = "",
    credentials_shown: bool = False,
    ended_at: dt.datetime | None = None,
    av_recorded: bool | None = None,
    av_note: str = "",
) -> Activity:
    """Record an activity as a draft (it can be completed later, e.g. after the signatures). Event
    ``activity.record``; the text record and participants are personal, so they go in as commitments."""
    case = lock(case)
    _editable(case)
    if kind not in K.values:
        raise InvalidInput("执法活动类别不存在。")
    if not (place or "").strip():
        raise InvalidInput("请填写地点。")
    if ended_at is not None and ended_at < started_at:
        raise InvalidInput("结束时间不能早于开始时间。")
    _check_officers(case, officers)
    av_note = (av_note or "").strip()
    # 执法全过程记录: for the as-needed kinds the officer says whether audio/video was recorded, and why not.
    if av_recorded is False and not av_note:
        raise InvalidInput("未进行音像记录的，请写明原因。")
    activity = Activity.objects.create(
        case=case, kind=kind, started_at=started_at, ended_at=ended_at, place=place.strip(), record=record,
        other_participants=other_participants, credentials_shown=credentials_shown, recorded_by=actor,
        av_recorded=av_recorded, av_note=av_note,
    )  # fmt: skip
    activity.officers.set(officers)
    personal = {k: v for k, v in (("record", record), ("other_participants", other_participants),
                                   ("place", activity.place), ("av_note", av_note)) if v}  # fmt: skip
    event_append(
        actor=actor, action="activity.record", subject_type=SUBJECT, subject_id=case.pk,
        payload={"activity_id": activity.pk, "kind": kind, "officers": [o.pk for o in officers],
                 "started_at": started_at.isoformat(), "credentials_shown": credentials_shown,
                 "av_mandatory": kind in AV_MANDATORY, "av_recorded": av_recorded},
        personal=personal,
    )  # fmt: skip
    return activity


def _draft(activity: Activity) -> Activity:
    lock(activity.case_id)
    activity = Activity.objects.select_for_update().select_related("case__item__field").get(pk=activity.pk)
    if activity.status != Activity.Status.DRAFT:
        raise Refusal("该执法活动已完成，不能再修改；如需更正请另行记录。")
    return activity


def decode_png(data: str | bytes | None) -> bytes | None:
    """A signature drawn on a phone: PNG bytes, or base64 (optionally a ``data:image/png;base64,`` URL)."""
    if data in (None, "", b""):
        return None
    if isinstance(data, str):
        data = data.split(",", 1)[1] if data.startswith("data:") else data
        try:
            data = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("签名图像应为 PNG 的 base64 编码。") from None
    if not data.startswith(PNG_MAGIC):
        raise InvalidInput("签名图像应为 PNG 格式。")
    if len(data) > MAX_SIGNATURE_BYTES:
        raise InvalidInput("签名图像过大（最多 512 KiB）。")
    return data


@transaction.atomic
def activity_sign(
    *,
    actor: User,
    activity: Activity,
    signer: str,
    image_png: bytes | str | None = None,
    officer: User | None = None,
    signer_name: str = "",
    refused: bool = False,
    refusal_witness: str = "",
    refusal_recording: EvidenceItem | None = None,
) -> Signature:
    """A signature on the record: an officer's or the party's drawn signature (PNG), or the party's refusal
    recorded with a witness or a recording. Event ``activity.sign`` holds the image hash, never the name."""
    activity = _draft(activity)
    if signer not in Signature.Signer.values:
        raise InvalidInput("签名人类别应为 officer、party 或 witness。")
    png = decode_png(image_png)
    if refused:
        if signer != Signature.Signer.PARTY:
            raise InvalidInput("只能记录当事人拒绝签名。")
        if not refusal_witness.strip() and refusal_recording is None:
            raise InvalidInput("当事人拒绝签名的，须记录见证人或以录音录像记录（拒签见证）。")
    elif png is None:
        raise InvalidInput("请在签名板上签名。")
    if signer == Signature.Signer.OFFICER:
        if officer is None or not activity.officers.filter(pk=officer.pk).exists():
            raise InvalidInput("执法人员签名须为参加本次活动的执法人员。")
    digest = hashlib.sha256(png).hexdigest() if png else ""
    row = Signature.objects.create(
        activity=activity, signer=signer, officer=officer, signer_name=signer_name.strip(), image_png=png,
        image_sha256=digest, refused=refused, refusal_witness=refusal_witness.strip(),
        refusal_recording=refusal_recording, recorded_by=actor,
    )  # fmt: skip
    personal = {
        k: v for k, v in (("signer_name", row.signer_name), ("refusal_witness", row.refusal_witness)) if v
    }
    event_append(
        actor=actor, action="activity.sign", subject_type=SUBJECT, subject_id=activity.case_id,
        payload={"activity_id": activity.pk, "signature_id": row.pk, "signer": signer,
                 "officer_id": officer.pk if officer else None, "image_sha256": digest or None, "refused": refused,
                 "refusal_recording_id": refusal_recording.pk if refusal_recording else None},
        personal=personal or None,
    )  # fmt: skip
    return row


@transaction.atomic
def activity_link_evidence(*, actor: User, activity: Activity, item: EvidenceItem) -> EvidenceLink:
    """Link an evidence item (photo, recording, video, document) to the activity (event ``evidence.link``)."""
    lock(activity.case_id)
    return evidence_link(actor=actor, item=item, subject_type=ACTIVITY_SUBJECT, subject_id=activity.pk)


@transaction.atomic
def case_link_evidence(*, actor: User, case: Case, item: EvidenceItem) -> EvidenceLink:
    """Link an evidence item to the case itself (event ``evidence.link``)."""
    lock(case)
    return evidence_link(actor=actor, item=item, subject_type=SUBJECT, subject_id=case.pk)


def linked_av(activity: Activity) -> bool:
    ids = EvidenceLink.objects.filter(
        subject_type=ACTIVITY_SUBJECT, subject_id=str(activity.pk), unlinked_at__isnull=True
    ).values_list("item_id", flat=True)
    return EvidenceItem.objects.filter(
        pk__in=list(ids), kind__in=[EvidenceKind.AUDIO, EvidenceKind.VIDEO]
    ).exists()


def _party_signed(activity: Activity) -> bool:
    return activity.signatures.filter(signer=Signature.Signer.PARTY).exists()


def unsigned_officers(activity: Activity) -> list[User]:
    """The participating officers without a drawn signature on the record (the officers sign the 笔录 they made,
    per 卫生行政执法文书规范; an officer cannot refuse)."""
    signed = activity.signatures.filter(
        signer=Signature.Signer.OFFICER, refused=False, officer__isnull=False
    ).exclude(image_sha256="")
    return list(activity.officers.exclude(pk__in=signed.values("officer_id")).order_by("id"))


@transaction.atomic
def activity_complete(*, actor: User, activity: Activity) -> Activity:
    """Complete the activity after checking its rules (module docstring). For the kinds that are a workflow
    step, the step's transition is applied and its event appended; otherwise event ``activity.complete``."""
    activity = _draft(activity)
    case = lock(activity.case_id)
    if actor.pk != activity.recorded_by_id and not activity.officers.filter(pk=actor.pk).exists():
        raise NotAllowed("只有记录人或参加本次活动的执法人员可以完成该活动。")
    kind = K(activity.kind)
    if kind in AV_MANDATORY and not linked_av(activity):
        raise Refusal(
            f"“{kind.label}”须全程音像记录，请先关联录音或录像证据后再完成（执法全过程记录制度）。",
            code="av_recording_required",
        )
    if kind in ON_SITE and not _party_signed(activity):
        raise Refusal("请先记录当事人签名，或记录当事人拒绝签名及见证情况。", code="party_signature_required")
    unsigned = unsigned_officers(activity) if kind in ON_SITE else []
    if unsigned:
        names = "、".join(str(o) for o in unsigned)
        raise Refusal(
            f"执法人员{names}尚未在笔录上签名，参加本次活动的执法人员均须签名后才能完成（卫生行政执法文书规范）。",
            code="officer_signature_required",
        )
    officers = list(activity.officers.all())
    on = today()
    activity.status, activity.completed_at = Activity.Status.COMPLETED, timezone.now()
    activity.save(update_fields=["status", "completed_at"])
    data = {"activity_id": activity.pk, "kind": kind.value, "av_linked": linked_av(activity)}
    action = WORKFLOW_ACTION.get(kind)
    if action is not None:
        apply_transition(case=case, action=action, actor=actor, on=on, officers=officers,
                         credentials_shown=activity.credentials_shown, data=data)  # fmt: skip
        return activity
    if kind in ON_SITE:  # 强制拆除, 罚没财物处置: not steps of the table, but the same officer rules apply
        facts = selectors.case_facts(case, on, actor=actor, officers=officers,
                                     credentials_shown=activity.credentials_shown)  # fmt: skip
        for guard in ("two_qualified_officers", "credentials_shown", "no_recused_officer"):
            reason = rules.GUARDS[guard](facts)
            if reason:
                raise Refusal(reason, code=guard)
    event_append(
        actor=actor, action="activity.complete", subject_type=SUBJECT, subject_id=case.pk, payload=data
    )
    return activity

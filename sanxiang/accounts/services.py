"""Every write to agencies, departments, staff, certificates, training and legal qualifications.

Each appends its event to the record log in the same transaction (records.services.event_append). Entries
name people by id; a person's name goes in only as a salted commitment.

One business write = one function, keyword-only, with an explicit ``actor`` (the staff member doing it;
``None`` only for the system itself: the demo loader and command-line imports run by the operator).
Errors a user can cause raise ``InvalidInput`` or ``Conflict`` with a Chinese message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sanxiang.accounts import codes, rules
from sanxiang.accounts.models import (
    Agency,
    Certificate,
    CertificateStatusChange,
    Department,
    EnforcementField,
    LegalQualification,
    Role,
    RoleGrant,
    TrainingRecord,
    User,
)
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.publicity import services as publicity_services
from sanxiang.records.services import event_append

# Statuses an authority may set by hand. "expired" is derived from the expiry date (models.Certificate).
SETTABLE_STATUSES = {Certificate.Status.VALID, Certificate.Status.SUSPENDED, Certificate.Status.REVOKED}


def _log(actor: User | None, action: str, obj, payload: dict, personal: dict[str, str] | None = None) -> None:
    event_append(
        actor=actor,
        action=action,
        subject_type=f"accounts.{type(obj).__name__.lower()}",
        subject_id=obj.pk,
        payload=payload,
        personal=personal,
    )


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"{label}不能为空。")
    return value


@transaction.atomic
def agency_create(
    *,
    actor: User | None,
    name: str,
    credit_code: str,
    division_code: str,
    level: str = Agency.Level.COUNTY,
    authority_basis: str,
    short_name: str = "",
) -> Agency:
    """Register an enforcement body (执法主体); its credit code is checked per GB 32100-2015."""
    name = _required(name, "执法主体名称")
    credit_code = _required(credit_code, "统一社会信用代码").upper()
    problem = codes.credit_code_problem(credit_code)
    if problem:
        raise InvalidInput(problem + "。")
    problem = codes.division_code_problem(division_code.strip())
    if problem:
        raise InvalidInput(problem + "。")
    if level not in Agency.Level.values:
        raise InvalidInput(f"层级“{level}”不存在。")
    authority_basis = _required(authority_basis, "执法依据")
    if Agency.objects.filter(name=name).exists():
        raise Conflict(f"执法主体“{name}”已存在。")
    if Agency.objects.filter(credit_code=credit_code).exists():
        raise Conflict(f"统一社会信用代码 {credit_code} 已被其他执法主体使用。")
    agency = Agency.objects.create(
        name=name,
        short_name=short_name.strip(),
        credit_code=credit_code,
        division_code=division_code.strip(),
        level=level,
        authority_basis=authority_basis,
    )
    # An agency is a public body: its name and credit code are public, not personal data.
    _log(actor, "agency.create", agency, {"name": name, "credit_code": credit_code, "level": level})
    return agency


@transaction.atomic
def department_create(*, actor: User | None, agency: Agency, name: str, kind: str) -> Department:
    """Add a department to an agency; its kind (执法机构 / 法制机构 / 办公室 / 领导) decides who does what."""
    name = _required(name, "部门名称")
    if kind not in Department.Kind.values:
        raise InvalidInput(f"部门类别“{kind}”不存在。")
    if not agency.is_active:
        raise Conflict(f"执法主体“{agency.name}”已停用，不能新增部门。")
    if Department.objects.filter(agency=agency, name=name).exists():
        raise Conflict(f"{agency.name}已有部门“{name}”。")
    department = Department.objects.create(agency=agency, name=name, kind=kind)
    _log(actor, "department.create", department, {"agency": agency.pk, "name": name, "kind": kind})
    return department


@transaction.atomic
def staff_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str | None,
    department: Department | None,
    roles: Iterable[str],
    title: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a staff account with its roles. ``password=None`` gives an unusable password (set it later in
    the admin); otherwise it must pass the site's password rules (settings.AUTH_PASSWORD_VALIDATORS)."""
    username = _required(username, "用户名")
    full_name = _required(full_name, "姓名")
    role_codes = sorted(set(roles))
    unknown = [role for role in role_codes if role not in Role.values]
    if unknown:
        raise InvalidInput(f"角色“{unknown[0]}”不存在。")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"用户名“{username}”已存在。")
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise InvalidInput(f"用户名“{username}”不合规：{' '.join(exc.messages)}") from None
    user = User(
        username=username,
        full_name=full_name,
        department=department,
        title=title.strip(),
        email=email.strip(),
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput("密码不符合要求：" + " ".join(exc.messages)) from None
        user.set_password(password)
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in role_codes])
    _log(
        actor,
        "staff.create",
        user,
        {
            "department": department.pk if department else None,
            "roles": role_codes,
            "is_superuser": is_superuser,
        },
        personal={"full_name": full_name, "username": username},
    )
    return user


def _fields_from_codes(field_codes: Sequence[str]) -> list[EnforcementField]:
    wanted = list(dict.fromkeys(code.strip() for code in field_codes if code.strip()))
    if not wanted:
        raise InvalidInput("执法证须至少包含一个执法类别。")
    found = {field.code: field for field in EnforcementField.objects.filter(code__in=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise InvalidInput(f"执法类别“{missing[0]}”不存在。")
    return [found[code] for code in wanted]


@transaction.atomic
def certificate_issue(
    *,
    actor: User | None,
    officer: User,
    number: str,
    field_codes: Sequence[str],
    issued_on: datetime.date,
    expires_on: datetime.date,
    issuing_authority: str = "",
    today: datetime.date | None = None,
) -> Certificate:
    """Record an enforcement certificate (执法证) and its first history row (→ 有效, "发证").

    Refused: an empty or already used number, no or unknown fields, an issue date in the future, an expiry
    date not after the issue date (``rules.certificate_dates_problem``).
    """
    number = _required(number, "执法证号")
    today = today or timezone.localdate()
    problem = rules.certificate_dates_problem(issued_on, expires_on, today)
    if problem:
        raise InvalidInput(f"执法证 {number}：{problem}。")
    fields = _fields_from_codes(field_codes)
    if Certificate.objects.filter(number=number).exists():
        raise Conflict(f"执法证号 {number} 已登记。")
    certificate = Certificate.objects.create(
        officer=officer,
        number=number,
        issuing_authority=issuing_authority.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        status=Certificate.Status.VALID,
    )
    certificate.fields.set(fields)
    CertificateStatusChange.objects.create(
        certificate=certificate,
        old_status="",
        new_status=Certificate.Status.VALID,
        reason="发证",
        changed_by=actor,
    )
    # The number identifies a person: the entry holds a commitment to it, like a name.
    _log(
        actor,
        "certificate.issue",
        certificate,
        {
            "officer": officer.pk,
            "fields": [field.code for field in fields],
            "issued_on": issued_on.isoformat(),
            "expires_on": expires_on.isoformat(),
        },
        personal={"number": number},
    )
    publicity_services.certificate_public_sync(certificate=certificate, actor=actor)
    return certificate


@transaction.atomic
def certificate_change_status(
    *, actor: User | None, certificate: Certificate, new_status: str, reason: str
) -> CertificateStatusChange:
    """Suspend (暂扣), revoke (吊销) or reinstate (恢复为有效) a certificate, with the reason on record.

    "Expired" cannot be set: it follows from the expiry date. A revoked certificate stays revoked (issue a
    new one instead). A deactivated certificate cannot change.
    """
    reason = _required(reason, "变更原因")
    if new_status == Certificate.Status.EXPIRED:
        raise InvalidInput("“过期”由有效期自动得出，不能手工设置。")
    if new_status not in SETTABLE_STATUSES:
        raise InvalidInput(f"执法证状态“{new_status}”不存在。")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not certificate.is_active:
        raise Conflict(f"执法证 {certificate.number} 已停用，不能变更状态。")
    if certificate.status == new_status:
        raise Conflict(f"执法证 {certificate.number} 已是“{certificate.get_status_display()}”状态。")
    if certificate.status == Certificate.Status.REVOKED:
        raise Conflict(f"执法证 {certificate.number} 已被吊销，不能恢复或暂扣；请重新发证。")
    old_status = certificate.status
    certificate.status = new_status
    certificate.save(update_fields=["status"])
    change = CertificateStatusChange.objects.create(
        certificate=certificate, old_status=old_status, new_status=new_status, reason=reason, changed_by=actor
    )
    _log(
        actor,
        "certificate.change_status",
        certificate,
        {"from": old_status, "to": new_status, "change": change.pk},
        personal={"reason": reason},
    )
    publicity_services.certificate_public_sync(certificate=certificate, actor=actor)
    return change


@transaction.atomic
def certificate_deactivate(*, actor: User | None, certificate: Certificate, reason: str) -> Certificate:
    """Take a certificate out of use (停用) — recorded by whom, when and why; never deleted."""
    reason = _required(reason, "停用原因")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not certificate.is_active:
        raise Conflict(f"执法证 {certificate.number} 已停用。")
    certificate.is_active = False
    certificate.deactivated_at = timezone.now()
    certificate.deactivated_by = actor
    certificate.deactivation_reason = reason
    certificate.save(update_fields=["is_active", "deactivated_at", "deactivated_by", "deactivation_reason"])
    _log(actor, "certificate.deactivate", certificate, {"is_active": False}, personal={"reason": reason})
    publicity_services.certificate_public_sync(certificate=certificate, actor=actor)
    return certificate


@transaction.atomic
def training_record_add(
    *,
    actor: User | None,
    officer: User,
    course: str,
    hours: Decimal | float | str,
    completed_on: datetime.date,
    exam_score: Decimal | float | str | None = None,
    passed: bool | None = None,
    today: datetime.date | None = None,
) -> TrainingRecord:
    """Record a training course (执法培训) an officer completed, with hours and, if any, the exam result."""
    course = _required(course, "课程名称")
    hours = Decimal(str(hours))
    if hours <= 0 or hours > 1000:
        raise InvalidInput(f"学时须大于 0 且不超过 1000，实为 {hours}。")
    today = today or timezone.localdate()
    if completed_on > today:
        raise InvalidInput(f"完成日期 {completed_on.isoformat()} 晚于今天，不能登记。")
    score = None if exam_score is None else Decimal(str(exam_score))
    if score is not None and not 0 <= score <= 100:
        raise InvalidInput(f"考试成绩须在 0–100 之间，实为 {score}。")
    record = TrainingRecord.objects.create(
        officer=officer,
        course=course,
        hours=hours,
        completed_on=completed_on,
        exam_score=score,
        passed=passed,
    )
    # Decimals as strings: the log's canonical JSON takes no floats.
    _log(
        actor,
        "training.add",
        record,
        {
            "officer": officer.pk,
            "course": course,
            "hours": str(hours),
            "completed_on": completed_on.isoformat(),
            "passed": passed,
        },
        personal={"exam_score": "" if score is None else str(score)},
    )
    return record


@transaction.atomic
def legal_qualification_grant(
    *,
    actor: User | None,
    holder: User,
    certificate_number: str,
    granted_on: datetime.date,
    today: datetime.date | None = None,
) -> LegalQualification:
    """Record a reviewer's 法律职业资格 (行政处罚法 art. 58: first-time reviewers must hold it)."""
    certificate_number = _required(certificate_number, "法律职业资格证书编号")
    today = today or timezone.localdate()
    if granted_on > today:
        raise InvalidInput(f"取得日期 {granted_on.isoformat()} 晚于今天，不能登记。")
    if LegalQualification.objects.filter(holder=holder).exists():
        raise Conflict(f"{holder} 已登记法律职业资格。")
    if LegalQualification.objects.filter(certificate_number=certificate_number).exists():
        raise Conflict(f"法律职业资格证书编号 {certificate_number} 已登记。")
    qualification = LegalQualification.objects.create(
        holder=holder, certificate_number=certificate_number, granted_on=granted_on
    )
    _log(
        actor,
        "legal_qualification.grant",
        qualification,
        {"holder": holder.pk, "granted_on": granted_on.isoformat()},
        personal={"certificate_number": certificate_number},
    )
    return qualification


@transaction.atomic
def enforcement_field_create(
    *, actor: User | None, code: str, name: str, abbreviation: str
) -> EnforcementField:
    """Add an enforcement field (执法类别); its abbreviation goes into document numbers."""
    code, name = _required(code, "执法类别代码"), _required(name, "执法类别名称")
    abbreviation = _required(abbreviation, "执法类别简称")
    if (
        EnforcementField.objects.filter(code=code).exists()
        or EnforcementField.objects.filter(name=name).exists()
    ):
        raise Conflict(f"执法类别“{name}”（{code}）已存在。")
    field = EnforcementField.objects.create(code=code, name=name, abbreviation=abbreviation)
    _log(actor, "enforcement_field.create", field, {"code": code, "name": name, "abbreviation": abbreviation})
    return field


@transaction.atomic
def role_grant(*, actor: User | None, user: User, role: str) -> RoleGrant:
    """Give a staff member one more role; refused when the role is unknown or already held."""
    if role not in Role.values:
        raise InvalidInput(f"角色“{role}”不存在。")
    if RoleGrant.objects.filter(user=user, role=role).exists():
        raise Conflict(f"{user} 已有“{Role(role).label}”角色。")
    grant = RoleGrant.objects.create(user=user, role=role)
    _log(actor, "staff.role_grant", user, {"role": role})
    return grant

"""Writes to the record log. Every service of every app appends its event through :func:`event_append`.

The append takes the ``LogHead`` row lock (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the transaction
is already IMMEDIATE, so writers queue at BEGIN). The lock is held until the caller's transaction commits, so
sequence numbers come out gap-free and unique across processes: a rolled-back business write takes its event
with it and the next writer reuses the number. docs/decisions/0003-record-log.md says why.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanxiang.records import entries, merkle
from sanxiang.records.models import Event, LogHead, PersonalCommitmentSalt


class LogUsageError(RuntimeError):
    """A programming error in a caller of the log (not something a user can cause)."""


def event_append(
    *,
    actor,
    action: str,
    subject_type: str,
    subject_id,
    payload: dict | None = None,
    personal: dict[str, str] | None = None,
) -> Event:
    """Append one event in the caller's transaction and return it.

    ``actor``: the User who acted, or None for the system. ``action``: ``<thing>.<verb>`` such as
    ``certificate.issue``. ``subject_type``/``subject_id``: the object acted on (``accounts.certificate``, 17).
    ``payload``: what changed, JSON of str/int/bool/None/list/dict only (no floats: write decimals as strings),
    naming people and objects by id and **never holding a personal value** (name, ID number, phone, address):
    the payload is part of the entry that full exports and proofs hand to outsiders. ``personal``: field name ->
    personal value that must stay provable; the entry holds only a salted commitment to each value
    (docs/record-log.md, "Commitments"), the salt goes to ``PersonalCommitmentSalt``.

    Must run inside ``transaction.atomic()`` together with the business write it records.
    """
    if not transaction.get_connection().in_atomic_block:
        raise LogUsageError(
            "event_append must run inside transaction.atomic(), in the same transaction as the write it records"
        )
    for name, value in (("action", action), ("subject_type", subject_type)):
        if not isinstance(value, str) or not value or len(value) > 64:
            raise LogUsageError(f"{name} must be a non-empty string of at most 64 characters, got {value!r}")
    subject = str(subject_id)
    if not subject or len(subject) > 64:
        raise LogUsageError(f"subject_id must be 1 to 64 characters, got {subject_id!r}")
    payload = dict(payload or {})
    entries.check_payload(payload)

    head = _locked_head()
    hasher = merkle.Hasher(head.hash_name)
    now = timezone.now()
    salts: dict[str, str] = {}
    commitments: dict[str, str] = {}
    for field, value in sorted((personal or {}).items()):
        if not isinstance(field, str) or not field or not isinstance(value, str):
            raise LogUsageError("personal maps field names (str) to values (str)")
        salt = secrets.token_bytes(32)
        salts[field] = salt.hex()
        commitments[field] = entries.commitment(salt=salt, value=value, hasher=hasher).hex()

    actor_id = actor.pk if actor is not None else None
    data = entries.encode(
        seq=head.size,
        time=now,
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject,
        payload=payload,
        commitments=commitments,
    )
    leaf = hasher.leaf(data)
    event = Event.objects.create(
        seq=head.size,
        created_at=now,
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject,
        entry=data.decode("utf-8"),
        leaf_hash=leaf.hex(),
    )
    if salts:
        PersonalCommitmentSalt.objects.bulk_create(
            [PersonalCommitmentSalt(event=event, field=field, salt=salt) for field, salt in salts.items()]
        )
    frontier = merkle.frontier_append(head.frontier_hashes, head.size, leaf, hasher)
    head.size += 1
    head.frontier = " ".join(h.hex() for h in frontier)
    head.root_hash = merkle.frontier_root(frontier, hasher).hex()
    head.save(update_fields=["size", "frontier", "root_hash", "updated_at"])
    return event


def _locked_head() -> LogHead:
    head = LogHead.objects.select_for_update().filter(pk=LogHead.SINGLETON_ID).first()
    if head is not None:
        return head
    # The head row is made by migration 0002; it is missing only on a test database that was flushed. Several
    # processes may race here: the losers' inserts wait for the winner's commit, fail, and read its row.
    try:
        with transaction.atomic():
            LogHead.objects.create(pk=LogHead.SINGLETON_ID, **initial_head_fields(settings.LOG_HASH))
    except IntegrityError:
        return LogHead.objects.select_for_update().get(pk=LogHead.SINGLETON_ID)
    if Event.objects.exists():
        raise LogUsageError("the log head row is missing while events exist; run `sanxiang log verify`")
    return LogHead.objects.select_for_update().get(pk=LogHead.SINGLETON_ID)


def initial_head_fields(hash_name: str) -> dict:
    return {
        "hash_name": hash_name,
        "size": 0,
        "frontier": "",
        "root_hash": merkle.Hasher(hash_name).empty_root().hex(),
    }


def head_now() -> LogHead:
    """The head as committed (no lock), created when missing. For checkpoints, pages and verification."""
    head = LogHead.objects.filter(pk=LogHead.SINGLETON_ID).first()
    if head is not None:
        return head
    with transaction.atomic():
        return _locked_head()

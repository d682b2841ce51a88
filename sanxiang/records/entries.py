"""The canonical form of a log entry (the bytes a leaf hashes) and personal-value commitments. Pure: no Django.

An entry is a JSON object with sorted keys, no insignificant whitespace, UTF-8 without ``\\u`` escapes for
non-ASCII text (``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``)::

    {"action":"certificate.issue","actor":12,"commitments":{},"payload":{"number_id":7},"seq":41,
     "subject":{"id":"7","type":"accounts.certificate"},"time":"2026-03-02T01:30:05.123456Z","v":1}

docs/record-log.md describes every field.
"""

from __future__ import annotations

import datetime as dt
import json

from sanxiang.records.merkle import Hasher

ENTRY_VERSION = 1
# A commitment hashes 0x02 || salt || value: a prefix that no leaf (0x00) or node (0x01) hash uses.
COMMITMENT_PREFIX = b"\x02"


class PayloadError(ValueError):
    pass


def canonical_json(value) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def format_time(moment: dt.datetime) -> str:
    """UTC, ISO 8601, always with microseconds and a ``Z``: 2026-03-02T01:30:05.123456Z."""
    if moment.tzinfo is None:
        raise ValueError("entry times must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def encode(
    *,
    seq: int,
    time: dt.datetime,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict,
    commitments: dict[str, str],
) -> bytes:
    return canonical_json(
        {
            "v": ENTRY_VERSION,
            "seq": seq,
            "time": format_time(time),
            "actor": actor_id,
            "action": action,
            "subject": {"type": subject_type, "id": subject_id},
            "payload": payload,
            "commitments": commitments,
        }
    )


# json.dumps's string encoder with ensure_ascii=False: a str as it appears in an entry (verify.py uses it too).
json_string = json.encoder.encode_basestring


def encode_canonical_parts(
    *,
    seq: int,
    time_text: str,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: str,
    payload_json: str,
    commitments_json: str,
) -> str:
    """:func:`encode` as text, from payload and commitments already in canonical JSON (as the batch sequencer
    stores them) and the time already formatted (:func:`format_time`): the keys of an entry are fixed, so
    their sorted order is written out here instead of parsing the JSON again to serialise it (the sequencer
    numbers thousands of events a second; tests check both give the same bytes)."""
    actor = "null" if actor_id is None else str(int(actor_id))
    return (
        f'{{"action":{json_string(action)},"actor":{actor},"commitments":{commitments_json},'
        f'"payload":{payload_json},"seq":{int(seq)},"subject":{{"id":{json_string(subject_id)},'
        f'"type":{json_string(subject_type)}}},"time":"{time_text}","v":{ENTRY_VERSION}}}'
    )


def check_payload(value, path: str = "payload") -> None:
    """Only JSON types that have one canonical form: str, int, bool, None, list, dict with str keys."""
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise PayloadError(f"{path}: floats have no single canonical form; write the number as a string")
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            check_payload(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise PayloadError(f"{path}: keys must be strings, got {key!r}")
            check_payload(item, f"{path}.{key}")
        return
    raise PayloadError(
        f"{path}: {type(value).__name__} is not a JSON value; convert it (dates to ISO strings)"
    )


def commitment(*, salt: bytes, value: str, hasher: Hasher) -> bytes:
    """H(0x02 || salt || UTF-8 value): reveals nothing without the salt, proves the value with it."""
    return hasher.digest(COMMITMENT_PREFIX + salt + value.encode("utf-8"))

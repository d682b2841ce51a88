"""Signed checkpoints of the log: the signing key file, making a checkpoint, listing them for the public.

The Ed25519 private key lives in a file (``settings.LOG_KEY_FILE``, default ``<data dir>/keys/
log-ed25519.key``), never in the database: someone who copies the database cannot sign. It is created on first
use, mode 0600, with a warning to keep a copy off the machine. Its name is the log origin. A deployment that
sets ``SANXIANG_LOG_SM2_KEY_FILE`` adds an SM2 line to each checkpoint, with a key file kept the same way.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.db import IntegrityError, transaction

from sanxiang.records import notes, sm2
from sanxiang.records.models import Checkpoint
from sanxiang.records.services import head_now, integrate_pending

logger = logging.getLogger("sanxiang.records")


class KeyFileError(RuntimeError):
    """The signing key file cannot be read or created; the message names the file."""


def _read_or_create(path: Path, make_pem, what: str) -> bytes | None:
    """The key file's bytes, or None after creating it (0600) with ``make_pem()``'s bytes and a warning."""
    if path.exists():
        try:
            return path.read_bytes()
        except OSError as exc:
            raise KeyFileError(f"无法读取日志签名密钥 {path}：{exc.strerror}") from None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_or_create(path, make_pem, what)  # another process made it first
    except OSError as exc:
        raise KeyFileError(f"无法创建日志签名密钥 {path}：{exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(make_pem())
    logger.warning(
        "created the log %s signing key %s: keep a backup and move it off this machine's data disk; whoever "
        "holds it can sign checkpoints. 已生成日志签名密钥，请备份并移出本机数据目录。",
        what,
        path,
    )
    return None


def load_signing_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The Ed25519 key (``SANXIANG_LOG_KEY_FILE``), created on first use."""
    path = Path(path or settings.LOG_KEY_FILE)
    created = None

    def make():
        nonlocal created
        created = Ed25519PrivateKey.generate()
        return created.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())

    pem = _read_or_create(path, make, "Ed25519")
    if pem is None:
        return created
    try:
        key = load_pem_private_key(pem, password=None)
    except ValueError as exc:
        raise KeyFileError(f"无法读取日志签名密钥 {path}：{exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"日志签名密钥 {path} 不是 Ed25519 私钥。")
    return key


def load_sm2_key(path: Path | None = None) -> int | None:
    """The SM2 private key (``SANXIANG_LOG_SM2_KEY_FILE``, PKCS#8 PEM), created on first use; None when the
    deployment signs with Ed25519 only (the setting is empty)."""
    path = path or settings.LOG_SM2_KEY_FILE
    if path is None:
        return None
    path = Path(path)
    created = None

    def make():
        nonlocal created
        created = sm2.generate_private_key()
        return sm2.private_key_pem(created)

    pem = _read_or_create(path, make, "SM2")
    if pem is None:
        return created
    try:
        return sm2.load_private_key_pem(pem)
    except sm2.SM2Error as exc:
        raise KeyFileError(f"日志 SM2 签名密钥 {path} 无法使用：{exc}") from None


def sm2_verifier_key() -> notes.VerifierKey | None:
    d = load_sm2_key()
    return None if d is None else notes.sm2_verifier_for(settings.LOG_ORIGIN, d)


def verifier_key() -> notes.VerifierKey:
    return notes.verifier_for(settings.LOG_ORIGIN, load_signing_key())


def checkpoint_create(*, force: bool = False) -> Checkpoint | None:
    """Sign the current tree head and store it; None when the tree has not grown since the last checkpoint
    (or is empty), unless ``force`` (then an unchanged size returns the existing checkpoint). Committed events
    still pending (batch sequencer) are numbered first, so the checkpoint covers them."""
    integrate_pending()
    head = head_now()
    latest = Checkpoint.objects.order_by("-tree_size").first()
    if latest is not None and latest.tree_size >= head.size:
        return latest if force else None
    if head.size == 0 and not force:
        return None
    root = bytes.fromhex(head.root_hash)
    body = notes.checkpoint_body(settings.LOG_ORIGIN, head.size, root)
    text = notes.sign(body, settings.LOG_ORIGIN, load_signing_key(), sm2_private=load_sm2_key())
    try:
        with transaction.atomic():
            return Checkpoint.objects.create(tree_size=head.size, root_hash=head.root_hash, note=text)
    except IntegrityError:
        return Checkpoint.objects.get(tree_size=head.size)  # another worker signed the same size


def published_text(checkpoints=None) -> str:
    """All checkpoints as concatenated signed notes, a blank line between them (the ``--against`` format)."""
    rows = checkpoints if checkpoints is not None else Checkpoint.objects.order_by("tree_size")
    return "\n".join(c.note for c in rows)

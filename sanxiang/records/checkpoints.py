"""Signed checkpoints of the log: the signing key file, making a checkpoint, listing them for the public.

The Ed25519 private key lives in a file (``settings.LOG_KEY_FILE``, default ``<data dir>/keys/
log-ed25519.key``), never in the database: someone who copies the database cannot sign. It is created on first
use, mode 0600, with a warning to keep a copy off the machine. Its name is the log origin.
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

from sanxiang.records import notes
from sanxiang.records.models import Checkpoint
from sanxiang.records.services import head_now

logger = logging.getLogger("sanxiang.records")


class KeyFileError(RuntimeError):
    """The signing key file cannot be read or created; the message names the file."""


def load_signing_key(path: Path | None = None) -> Ed25519PrivateKey:
    path = Path(path or settings.LOG_KEY_FILE)
    if path.exists():
        try:
            key = load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise KeyFileError(f"无法读取日志签名密钥 {path}：{exc}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyFileError(f"日志签名密钥 {path} 不是 Ed25519 私钥。")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_signing_key(path)  # another process made it first
    except OSError as exc:
        raise KeyFileError(f"无法创建日志签名密钥 {path}：{exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    logger.warning(
        "created the log signing key %s: keep a backup and move it off this machine's data disk "
        "(SANXIANG_LOG_KEY_FILE); whoever holds it can sign checkpoints. 已生成日志签名密钥，请备份并移出本机数据目录。",
        path,
    )
    return key


def verifier_key() -> notes.VerifierKey:
    return notes.verifier_for(settings.LOG_ORIGIN, load_signing_key())


def checkpoint_create(*, force: bool = False) -> Checkpoint | None:
    """Sign the current tree head and store it; None when the tree has not grown since the last checkpoint
    (or is empty), unless ``force`` (then an unchanged size returns the existing checkpoint)."""
    head = head_now()
    latest = Checkpoint.objects.order_by("-tree_size").first()
    if latest is not None and latest.tree_size >= head.size:
        return latest if force else None
    if head.size == 0 and not force:
        return None
    root = bytes.fromhex(head.root_hash)
    body = notes.checkpoint_body(settings.LOG_ORIGIN, head.size, root)
    text = notes.sign(body, settings.LOG_ORIGIN, load_signing_key())
    try:
        with transaction.atomic():
            return Checkpoint.objects.create(tree_size=head.size, root_hash=head.root_hash, note=text)
    except IntegrityError:
        return Checkpoint.objects.get(tree_size=head.size)  # another worker signed the same size


def published_text(checkpoints=None) -> str:
    """All checkpoints as concatenated signed notes, a blank line between them (the ``--against`` format)."""
    rows = checkpoints if checkpoints is not None else Checkpoint.objects.order_by("tree_size")
    return "\n".join(c.note for c in rows)

"""C2SP signed notes and tlog checkpoints (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint).

Pure: the standard library and ``cryptography`` only. A checkpoint body is three lines::

    <origin>
    <tree size, decimal>
    <root hash, base64>

and a signed note is the body, one blank line, then one line per signature::

    — <key name> <base64(4-byte key hash || Ed25519 signature of the body bytes)>

The key hash is the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || public key), 0x01 being the
signature type of Ed25519. A verifier key is written ``<name>+<key hash, 8 hex digits>+<base64(0x01 || public
key)>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
DASH = "\u2014"  # em dash: every signature line starts with "— "


class NoteError(ValueError):
    """A note, checkpoint or verifier key is malformed, or its signature does not verify."""


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_hash: bytes
    public_key: bytes

    def __str__(self) -> str:
        encoded = base64.b64encode(bytes([ED25519]) + self.public_key).decode()
        return f"{self.name}+{self.key_hash.hex()}+{encoded}"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes


def key_hash(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def verifier_for(name: str, private_key: Ed25519PrivateKey) -> VerifierKey:
    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return VerifierKey(name=name, key_hash=key_hash(name, public), public_key=public)


def parse_verifier_key(text: str) -> VerifierKey:
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not parts[0]:
        raise NoteError("a verifier key looks like <name>+<8 hex digits>+<base64>")
    name, hash_hex, encoded = parts
    try:
        raw = base64.b64decode(encoded, validate=True)
        expected_hash = bytes.fromhex(hash_hex)
    except (binascii.Error, ValueError):
        raise NoteError("the verifier key's hash or public key is not valid hex/base64") from None
    if len(raw) != 33 or raw[0] != ED25519:
        raise NoteError("only Ed25519 verifier keys (type 0x01, 32 bytes) are supported")
    public = raw[1:]
    if key_hash(name, public) != expected_hash:
        raise NoteError("the verifier key's hash does not match its name and public key")
    return VerifierKey(name=name, key_hash=expected_hash, public_key=public)


def checkpoint_body(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def parse_checkpoint_body(body: str) -> Checkpoint:
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("a checkpoint has at least three lines, each ending in a newline")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not origin:
        raise NoteError("the checkpoint's origin line is empty")
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise NoteError(f"the checkpoint's tree size {size_text!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error:
        raise NoteError("the checkpoint's root hash is not base64") from None
    if len(root) != 32:
        raise NoteError("the checkpoint's root hash is not 32 bytes")
    return Checkpoint(origin=origin, size=int(size_text), root=root)


def sign(body: str, name: str, private_key: Ed25519PrivateKey) -> str:
    if not body.endswith("\n"):
        raise NoteError("a note's text ends with a newline")
    verifier = verifier_for(name, private_key)
    signature = private_key.sign(body.encode("utf-8"))
    line = f"{DASH} {name} {base64.b64encode(verifier.key_hash + signature).decode()}\n"
    return body + "\n" + line


def split(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    """(body, [(key name, key hash || signature)]) of one signed note."""
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("a signed note has a blank line between its text and its signatures")
    body, signature_block = note[: cut + 1], note[cut + 2 :]
    signatures = []
    for line in signature_block.split("\n"):
        if not line:
            continue
        if not line.startswith(DASH + " "):
            raise NoteError(f"a signature line starts with an em dash and a space: {line[:40]!r}")
        fields = line[2:].split(" ")
        if len(fields) != 2:
            raise NoteError("a signature line is “— <name> <base64>”")
        try:
            signatures.append((fields[0], base64.b64decode(fields[1], validate=True)))
        except binascii.Error:
            raise NoteError("a signature is not base64") from None
    if not signatures:
        raise NoteError("the note has no signature")
    return body, signatures


def open_note(note: str, verifier: VerifierKey) -> str:
    """The body of a note signed by ``verifier``; NoteError when that key did not sign it."""
    body, signatures = split(note)
    public = Ed25519PublicKey.from_public_bytes(verifier.public_key)
    for name, blob in signatures:
        if name != verifier.name or blob[:4] != verifier.key_hash:
            continue
        try:
            public.verify(blob[4:], body.encode("utf-8"))
        except InvalidSignature:
            raise NoteError(f"the signature by {name} does not verify") from None
        return body
    raise NoteError(f"the note carries no signature by {verifier.name}+{verifier.key_hash.hex()}")


def open_checkpoint(note: str, verifier: VerifierKey) -> Checkpoint:
    return parse_checkpoint_body(open_note(note, verifier))


def split_many(text: str) -> list[str]:
    """The notes of a file of concatenated signed notes (blank lines between notes are allowed)."""
    notes = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        body = []
        while i < len(lines) and lines[i]:
            body.append(lines[i])
            i += 1
        i += 1  # the blank line between text and signatures
        signatures = []
        while i < len(lines) and lines[i].startswith(DASH + " "):
            signatures.append(lines[i])
            i += 1
        if not signatures:
            raise NoteError(f"the note starting {body[0][:40]!r} has no signature lines")
        notes.append("\n".join(body) + "\n\n" + "\n".join(signatures) + "\n")
    return notes

"""C2SP signed notes and tlog checkpoints (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint).

Pure: the standard library, ``cryptography`` and (SM2 line) ``gmssl`` only. A checkpoint body is three lines::

    <origin>
    <tree size, decimal>
    <root hash, base64>

and a signed note is the body, one blank line, then one line per signature::

    — <key name> <base64(4-byte key hash || Ed25519 signature of the body bytes)>

The key hash is the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || public key), 0x01 being the
signature type of Ed25519. A verifier key is written ``<name>+<key hash, 8 hex digits>+<base64(0x01 || public
key)>``.

An optional second line carries an SM2 signature (GB/T 32918 with SM3 and the default user id,
``sanxiang.records.sm2``). SM2 has no signature type byte in the signed-note spec, which reserves ``0xff``
for such types, "followed by a longer identifier that is unlikely to collide": ours is
``0xff || "sm2-sm3-gbt35276"`` (:data:`SM2_TYPE`). So the SM2 key hash is SHA-256(name || 0x0A || SM2_TYPE ||
65-byte public key 0x04 || x || y)[:4], its verifier key ``<name>+<key hash>+<base64(SM2_TYPE || public
key)>``, and its line ``— <name> <base64(key hash || r || s)>`` (r, s 32 bytes each).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sanxiang.records import sm2

ED25519 = 0x01
SM2_TYPE = (
    b"\xffsm2-sm3-gbt35276"  # 0xff: "signature types without an identifier byte" (c2sp.org/signed-note)
)
DASH = "\u2014"  # em dash: every signature line starts with "— "


class NoteError(ValueError):
    """A note, checkpoint or verifier key is malformed, or its signature does not verify."""


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_hash: bytes
    public_key: bytes
    type: bytes = bytes([ED25519])  # or SM2_TYPE

    def __str__(self) -> str:
        encoded = base64.b64encode(self.type + self.public_key).decode()
        return f"{self.name}+{self.key_hash.hex()}+{encoded}"

    @property
    def is_sm2(self) -> bool:
        return self.type == SM2_TYPE


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes


def key_hash(name: str, public_key: bytes, signature_type: bytes = bytes([ED25519])) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + signature_type + public_key).digest()[:4]


def verifier_for(name: str, private_key: Ed25519PrivateKey) -> VerifierKey:
    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return VerifierKey(name=name, key_hash=key_hash(name, public), public_key=public)


def sm2_verifier_for(name: str, private_scalar: int) -> VerifierKey:
    public = sm2.public_key_of(private_scalar)
    return VerifierKey(name, key_hash(name, public, SM2_TYPE), public, SM2_TYPE)


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
    if len(raw) == 33 and raw[0] == ED25519:
        signature_type, public = raw[:1], raw[1:]
    elif raw.startswith(SM2_TYPE):
        signature_type, public = SM2_TYPE, raw[len(SM2_TYPE) :]
        try:
            sm2.check_public_key(public)
        except sm2.SM2Error as exc:
            raise NoteError(str(exc)) from None
    else:
        raise NoteError(
            "only Ed25519 (type 0x01) and SM2 (type 0xff sm2-sm3-gbt35276) verifier keys are supported"
        )
    if key_hash(name, public, signature_type) != expected_hash:
        raise NoteError("the verifier key's hash does not match its name and public key")
    return VerifierKey(name, expected_hash, public, signature_type)


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


def sign(body: str, name: str, private_key: Ed25519PrivateKey, *, sm2_private: int | None = None) -> str:
    """The signed note: the Ed25519 line, then (``sm2_private`` given) the SM2 line by the same name."""
    if not body.endswith("\n"):
        raise NoteError("a note's text ends with a newline")
    verifier = verifier_for(name, private_key)
    signature = private_key.sign(body.encode("utf-8"))
    lines = f"{DASH} {name} {base64.b64encode(verifier.key_hash + signature).decode()}\n"
    if sm2_private is not None:
        sm2_key = sm2_verifier_for(name, sm2_private)
        signature = sm2.sign(sm2_private, body.encode("utf-8"))
        lines += f"{DASH} {name} {base64.b64encode(sm2_key.key_hash + signature).decode()}\n"
    return body + "\n" + lines


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
    for name, blob in signatures:
        if name != verifier.name or blob[:4] != verifier.key_hash:
            continue
        if verifier.is_sm2:
            try:
                good = sm2.verify(verifier.public_key, body.encode("utf-8"), blob[4:])
            except sm2.SM2Error as exc:
                raise NoteError(str(exc)) from None
        else:
            try:
                Ed25519PublicKey.from_public_bytes(verifier.public_key).verify(blob[4:], body.encode("utf-8"))
                good = True
            except InvalidSignature:
                good = False
        if not good:
            raise NoteError(
                f"the {'SM2' if verifier.is_sm2 else 'Ed25519'} signature by {name} does not verify"
            )
        return body
    raise NoteError(f"the note carries no signature by {verifier.name}+{verifier.key_hash.hex()}")


def carries(note: str, verifier: VerifierKey) -> bool:
    """Does the note have a line by ``verifier`` (its name and key hash)? Says nothing of its validity."""
    _body, signatures = split(note)
    return any(name == verifier.name and blob[:4] == verifier.key_hash for name, blob in signatures)


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

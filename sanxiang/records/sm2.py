"""SM2 signatures for checkpoints (GB/T 32918.2, curve of GB/T 32918.5, SM3 digest, default user id of
GB/T 35276). Pure: no Django.

The elliptic-curve arithmetic is the pure-Python ``gmssl`` package (pyproject.toml); everything around it is
here: the user-id digest ``Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA)`` and ``e = SM3(Z || M)``
(with ``hashlib``'s SM3), random ``k`` from :mod:`secrets` (gmssl's own uses :mod:`random`), range checks of
``r`` and ``s``, the on-curve check of a public key, and the key file (PKCS#8 PEM, readable by
``openssl pkey``). A signature is ``r || s``, 32 bytes each, big-endian. A test reproduces the example of
GB/T 32918.5-2017 annex A and cross-checks against the ``openssl`` command.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
DEFAULT_USER_ID = b"1234567812345678"  # GB/T 35276-2017 section 5.3: the default signer identity

# DER: PKCS#8 PrivateKeyInfo { 0, { id-ecPublicKey, sm2 curve 1.2.156.10197.1.301 }, ECPrivateKey } with
# ECPrivateKey { 1, d (32 bytes), [1] public key (65 bytes) }: fixed lengths, so a fixed frame.
_PKCS8_HEAD = bytes.fromhex("308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420")
_PKCS8_MID = bytes.fromhex("a144034200")


class SM2Error(ValueError):
    """A key or signature is malformed, or the ``gmssl`` package is missing."""


def _b32(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _curve():
    try:
        from gmssl import sm2 as gm
    except ImportError:
        raise SM2Error("SM2 needs the gmssl package (pip install gmssl)") from None
    return gm


def _crypt(private_hex: str, public: bytes):
    gm = _curve()
    crypt = gm.CryptSM2(private_key=private_hex, public_key="00" * 64)
    # Set after construction: gmssl's constructor strips "04" with lstrip, which eats leading 0s and 4s of x.
    crypt.public_key = public[1:].hex()
    return crypt


def public_key_of(d: int) -> bytes:
    """The uncompressed public key ``0x04 || x || y`` of private scalar ``d``."""
    if not 1 <= d < N - 1:
        raise SM2Error("an SM2 private key is an integer in [1, n-2]")
    gm = _curve()
    crypt = gm.CryptSM2(private_key=f"{d:064x}", public_key="00" * 64)
    return b"\x04" + bytes.fromhex(crypt._kg(d, gm.default_ecc_table["g"]))


def check_public_key(public: bytes) -> None:
    """65 bytes ``0x04 || x || y`` with (x, y) on the curve (never the point at infinity)."""
    if len(public) != 65 or public[0] != 4:
        raise SM2Error("an SM2 public key is 65 bytes: 0x04 || x || y")
    x, y = int.from_bytes(public[1:33], "big"), int.from_bytes(public[33:], "big")
    if not (x < P and y < P and (y * y - (x * x * x + A * x + B)) % P == 0):
        raise SM2Error("the SM2 public key is not a point of the curve")


def generate_private_key() -> int:
    return secrets.randbelow(N - 2) + 1


def message_digest(message: bytes, public: bytes, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """``e = SM3(Z || M)``, ``Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA)`` (GB/T 32918.2 §5.5, §6.1)."""
    if len(user_id) >= 8192:
        raise SM2Error("the SM2 user id is shorter than 8192 bytes")
    z = hashlib.new("sm3")
    z.update((len(user_id) * 8).to_bytes(2, "big") + user_id)
    z.update(_b32(A) + _b32(B) + _b32(GX) + _b32(GY) + public[1:])
    e = hashlib.new("sm3", z.digest())
    e.update(message)
    return e.digest()


def sign(d: int, message: bytes, *, user_id: bytes = DEFAULT_USER_ID, k: int | None = None) -> bytes:
    """``r || s`` over ``message`` (``k`` only for the standard's test vector; otherwise random)."""
    public = public_key_of(d)
    crypt = _crypt(f"{d:064x}", public)
    e = message_digest(message, public, user_id)
    while True:
        nonce = k if k is not None else secrets.randbelow(N - 1) + 1
        signature = crypt.sign(e, f"{nonce:064x}")  # None when r = 0, r + k = n or s = 0: take another k
        if signature is not None:
            return bytes.fromhex(signature)
        if k is not None:
            raise SM2Error("this k gives no signature")


def verify(public: bytes, message: bytes, signature: bytes, *, user_id: bytes = DEFAULT_USER_ID) -> bool:
    check_public_key(public)
    if len(signature) != 64:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    if not (1 <= r < N and 1 <= s < N):  # GB/T 32918.2 §7.1 B1, B2 (gmssl does not check them)
        return False
    crypt = _crypt("00", public)
    try:
        return bool(crypt.verify(signature.hex(), message_digest(message, public, user_id)))
    except (TypeError, ValueError):  # s·G + t·P at infinity: gmssl cannot convert it, the signature is bad
        return False


def private_key_pem(d: int) -> bytes:
    der = _PKCS8_HEAD + _b32(d) + _PKCS8_MID + public_key_of(d)
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----\n").encode()


def load_private_key_pem(pem: bytes) -> int:
    """The private scalar of a PKCS#8 PEM SM2 key as :func:`private_key_pem` writes it."""
    text = pem.decode("ascii", "replace").strip()
    head, tail = "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"
    if not (text.startswith(head) and text.endswith(tail)):
        raise SM2Error("not a PKCS#8 PEM private key")
    try:
        der = base64.b64decode("".join(text[len(head) : -len(tail)].split()), validate=True)
    except ValueError:
        raise SM2Error("the PEM body is not base64") from None
    cut = len(_PKCS8_HEAD) + 32
    if (
        len(der) != cut + len(_PKCS8_MID) + 65
        or not der.startswith(_PKCS8_HEAD)
        or not der[cut:].startswith(_PKCS8_MID)
    ):
        raise SM2Error("not an SM2 private key in PKCS#8 form (curve 1.2.156.10197.1.301)")
    d = int.from_bytes(der[len(_PKCS8_HEAD) : cut], "big")
    if public_key_of(d) != der[cut + len(_PKCS8_MID) :]:
        raise SM2Error("the key file's public key does not belong to its private key")
    return d

"""RFC 3797 ("Publicly Verifiable Nominations Committee (NomCom) Random Selection") as the RFC specifies it.

The draw (``draw.py``) follows the RFC's discipline and its key string, with SHA-256, an 8-byte counter and a
partial Fisher-Yates shuffle instead of the RFC's 2-byte counter and remove-and-close-up list (docs/draw.md says
why). This module is the RFC itself, MD5 mode included, so that a test can reproduce the worked example of its
section 6 and show the shared key string is the RFC's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sanxiang.inspections.draw import key_string


@dataclass(frozen=True)
class Pick:
    """One line of the RFC's output: index (from 1), hex value of the hash, divisor, item selected (from 1)."""

    index: int
    digest: str
    divisor: int
    selected: int


def rfc3797_key(sources: list[str]) -> str:
    """The key string of a list of sources (RFC 3797 section 4), e.g. ["9319", "2 5 12 8 10"]."""
    return key_string("/".join(sources))


def rfc3797_select(key: str, pool_size: int, count: int, *, hash_name: str = "md5") -> list[Pick]:
    """Select ``count`` of the items numbered 1..``pool_size``: for the i-th selection (i from 0) hash the key
    string between two copies of i as a 2-byte big-endian integer; the hash as an unsigned big-endian integer
    modulo the number of items left picks, counting from 0, among the items not yet selected, in order."""
    if not 0 <= count <= pool_size <= 0xFFFF:
        raise ValueError("RFC 3797 selects at most the whole pool, and a pool of at most 65535")
    remaining = list(range(1, pool_size + 1))
    picks = []
    for i in range(count):
        affix = i.to_bytes(2, "big")
        digest = hashlib.new(hash_name, affix + key.encode("utf-8") + affix).digest()
        divisor = len(remaining)
        selected = remaining.pop(int.from_bytes(digest, "big") % divisor)
        picks.append(Pick(index=i + 1, digest=digest.hex().upper(), divisor=divisor, selected=selected))
    return picks

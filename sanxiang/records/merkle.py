"""Merkle tree hashing, proofs and their verification in the RFC 6962 / RFC 9162 shape. Pure: no Django.

Leaf hash ``H(0x00 || entry)``, node hash ``H(0x01 || left || right)``, the root of ``n`` leaves splits at the
largest power of two smaller than ``n`` (RFC 9162 section 2.1.1). Inclusion proofs follow section 2.1.3,
consistency proofs section 2.1.4. ``H`` is SM3 (GB/T 32905, the default) or SHA-256, named when the log is
created. ``tools/sanxiang_verify.py`` carries its own copy of these functions for auditors; a test checks
that both agree.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
from collections.abc import Callable, Iterable, Sequence

HASH_NAMES = ("sm3", "sha256")
HASH_SIZE = 32


class ProofError(ValueError):
    """A proof or its parameters are malformed (not merely failing to verify)."""


class Hasher:
    """Leaf and node hashing with one algorithm. ``Hasher("sha256")`` reproduces the RFC 6962 test vectors."""

    def __init__(self, name: str = "sm3"):
        if name not in HASH_NAMES:
            raise ValueError(f"unknown hash {name!r}; use one of {', '.join(HASH_NAMES)}")
        self.name = name
        # Copying a hash object that already holds the prefix byte is cheaper than constructing one by name.
        self._plain = hashlib.new(name)
        self._leaf = hashlib.new(name, b"\x00")
        self._node = hashlib.new(name, b"\x01")

    def digest(self, data: bytes) -> bytes:
        h = self._plain.copy()
        h.update(data)
        return h.digest()

    def empty_root(self) -> bytes:
        """The root of the empty tree: the hash of the empty string."""
        return self._plain.copy().digest()

    def leaf(self, data: bytes) -> bytes:
        h = self._leaf.copy()
        h.update(data)
        return h.digest()

    def node(self, left: bytes, right: bytes) -> bytes:
        h = self._node.copy()
        h.update(left + right)  # one 64-byte update is cheaper than two calls
        return h.digest()

    def leaves(self, entries: Iterable[bytes]) -> list[bytes]:
        """``[leaf(e) for e in entries]`` with the loops in C (verification hashes millions): per batch, hash
        objects copied from the one holding the prefix, each updated with its entry, each finished.

        Measured 2026-11-27 (SM3, whole verification of 20,000 entries, ratio to a hashlib loop, medians of 12
        alternating runs): 0.437 against 0.423 with a Python loop of copy/update/digest on SQLite, 0.435
        against 0.415 on PostgreSQL. The same for node hashes (:meth:`parents`, pairs joined with ``map``)
        was slower: 0.406 and 0.393."""
        hash_type = type(self._leaf)
        copy, update, digest = hash_type.copy, hash_type.update, hash_type.digest
        out: list[bytes] = []
        pending = iter(entries)
        while batch := list(itertools.islice(pending, 1024)):  # a batch's hash objects alive at once, not all
            hashes = list(map(copy, itertools.repeat(self._leaf, len(batch))))
            collections.deque(map(update, hashes, batch), maxlen=0)
            out += map(digest, hashes)
        return out

    def parents(self, level: Sequence[bytes]) -> list[bytes]:
        """``node(level[0], level[1]), node(level[2], level[3]), …``; an odd last hash is left out."""
        start = self._node.copy
        out: list[bytes] = []
        append = out.append
        pairs = iter(level)
        for left, right in zip(pairs, pairs, strict=False):  # pairs: both read the same iterator
            h = start()
            h.update(left + right)  # one update of the joined pair: 30 % faster than two (2026-11-27)
            append(h.digest())
        return out


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes], hasher: Hasher) -> bytes:
    """Merkle tree hash of the leaves, level by level (the odd node at the end of a level moves up unchanged,
    which gives the same tree as RFC 9162's recursive split)."""
    if not leaf_hashes:
        return hasher.empty_root()
    level = list(leaf_hashes)
    node = hasher.node
    while len(level) > 1:
        paired = [node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


# The compact frontier: the roots of the perfect subtrees that make up a tree of ``size`` leaves, biggest
# first, one per set bit of ``size``. It lets the log keep its root up to date in O(log n) per append.


def frontier_append(frontier: list[bytes], size: int, leaf_hash: bytes, hasher: Hasher) -> list[bytes]:
    """The frontier of ``size + 1`` leaves, given that of ``size`` leaves and the new leaf's hash."""
    stack = list(frontier)
    carry = leaf_hash
    while size & 1:
        carry = hasher.node(stack.pop(), carry)
        size >>= 1
    stack.append(carry)
    return stack


def frontier_root(frontier: Sequence[bytes], hasher: Hasher) -> bytes:
    if not frontier:
        return hasher.empty_root()
    value = frontier[-1]
    for subtree in reversed(frontier[:-1]):
        value = hasher.node(subtree, value)
    return value


class TreeBuilder:
    """The Merkle tree hash of a stream of leaf hashes given in batches (RFC 9162 MTH, iteratively).

    Keeps only the frontier (one hash per set bit of ``size``) between batches, so memory is O(log n) plus
    one batch. Each batch is cut into perfect subtrees aligned on their width (as big as ``size`` and the
    batch allow) that are hashed a level at a time; ``frontier_append`` is the one-leaf case of :meth:`push`.

    ``TreeBuilder(hasher, start=s)`` takes the leaves from ``s`` on (verification checks blocks of the log in
    several processes): its frontier is then the perfect subtrees, aligned on their widths in the whole tree,
    that cover leaves ``s .. s+size-1`` (at most two per level), and :meth:`push_all` of them (``frontier``
    with ``widths``) into the builder of the leaves before ``s`` gives the whole tree's."""

    def __init__(self, hasher: Hasher, start: int = 0):
        self.hasher = hasher
        self.start = start
        self.frontier: list[bytes] = []
        self.widths: list[int] = []  # the leaves under each frontier hash
        self.size = 0

    @classmethod
    def resumed(cls, hasher: Hasher, frontier: Sequence[bytes], size: int) -> TreeBuilder:
        """The builder of a tree of ``size`` leaves from its frontier (as the log head stores it)."""
        tree = cls(hasher)
        tree.widths = [1 << bit for bit in reversed(range(size.bit_length())) if size >> bit & 1]
        if len(tree.widths) != len(frontier):
            raise ValueError(f"a frontier of {len(frontier)} hashes does not fit a tree of {size} leaves")
        tree.frontier, tree.size = list(frontier), size
        return tree

    def copy(self) -> TreeBuilder:
        other = TreeBuilder(self.hasher, self.start)
        other.frontier, other.widths, other.size = list(self.frontier), list(self.widths), self.size
        return other

    def extend(self, leaf_hashes: Sequence[bytes]) -> None:
        parents = self.hasher.parents
        done, count = 0, len(leaf_hashes)
        while done < count:
            width = 1 << ((count - done).bit_length() - 1)
            end = self.start + self.size
            if end:
                width = min(width, end & -end)  # the subtree must start at a multiple of its width
            level = leaf_hashes[done : done + width]
            while len(level) > 1:
                level = parents(level)
            self.push(level[0], width)
            done += width

    def push(self, subtree_root: bytes, width: int) -> None:
        """Append a perfect subtree of ``width`` leaves (a power of two) starting at a multiple of it."""
        end = self.start + self.size
        if end % width:
            raise ValueError(f"a subtree of {width} leaves cannot start at leaf {end}")
        node, frontier, widths = self.hasher.node, self.frontier, self.widths
        self.size += width
        # A right child (odd position in its level) joins its left sibling: the last frontier hash when
        # that is as wide (it then ends here, so it is the sibling; with a start it may lie before it).
        while widths and widths[-1] == width and (end // width) & 1:
            subtree_root = node(frontier.pop(), subtree_root)
            widths.pop()
            end -= width
            width *= 2
        frontier.append(subtree_root)
        widths.append(width)

    def push_all(self, subtree_roots: Sequence[bytes], widths: Sequence[int]) -> None:
        """:meth:`push` each subtree in order: another builder's ``frontier`` and ``widths`` (one that started
        where this one ends) joined onto this one."""
        for subtree_root, width in zip(subtree_roots, widths, strict=True):
            self.push(subtree_root, width)

    def root(self) -> bytes:
        if self.start:
            raise ValueError("a builder that starts after leaf 0 holds no whole tree")
        return frontier_root(self.frontier, self.hasher)


def roots_at(leaf_hashes: Iterable[bytes], sizes: Iterable[int], hasher: Hasher) -> dict[int, bytes]:
    """Root hashes of the prefixes of the leaves at each of ``sizes``, in one pass over the leaves."""
    wanted = sorted(set(sizes))
    found: dict[int, bytes] = {}
    frontier: list[bytes] = []
    size = 0
    position = 0
    if wanted and wanted[0] == 0:
        found[0] = hasher.empty_root()
        position = 1
    for leaf in leaf_hashes:
        if position >= len(wanted):
            break
        frontier = frontier_append(frontier, size, leaf, hasher)
        size += 1
        if size == wanted[position]:
            found[size] = frontier_root(frontier, hasher)
            position += 1
    return found


def _subtree_root(leaves: Sequence[bytes], lo: int, hi: int, hasher: Hasher) -> bytes:
    return root(leaves[lo:hi], hasher)


def inclusion_proof(leaves: Sequence[bytes], index: int, size: int, hasher: Hasher) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1, from the leaf hashes."""
    if not 0 <= index < size <= len(leaves):
        raise ProofError(f"no leaf {index} in a tree of {size} (have {len(leaves)} leaves)")
    proof: list[bytes] = []
    lo, hi = 0, size
    # Walk down from the root, collecting the sibling subtree at each level; the proof lists them bottom-up.
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index - lo < k:
            proof.append(_subtree_root(leaves, lo + k, hi, hasher))
            hi = lo + k
        else:
            proof.append(_subtree_root(leaves, lo, lo + k, hasher))
            lo = lo + k
    proof.reverse()
    return proof


def consistency_proof(leaves: Sequence[bytes], first: int, second: int, hasher: Hasher) -> list[bytes]:
    """PROOF(first, D[0:second]) of RFC 9162 section 2.1.4.1, from the leaf hashes."""
    if not 0 <= first <= second <= len(leaves):
        raise ProofError(f"cannot prove {first} -> {second} with {len(leaves)} leaves")
    if first == 0 or first == second:
        return []
    return _subproof(leaves, first, 0, second, True, hasher)


def _subproof(
    leaves: Sequence[bytes], m: int, lo: int, hi: int, complete: bool, hasher: Hasher
) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if complete else [_subtree_root(leaves, lo, hi, hasher)]
    k = split_point(n)
    if m <= k:
        return _subproof(leaves, m, lo, lo + k, complete, hasher) + [
            _subtree_root(leaves, lo + k, hi, hasher)
        ]
    return _subproof(leaves, m - k, lo + k, hi, False, hasher) + [_subtree_root(leaves, lo, lo + k, hasher)]


def root_from_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], hasher: Hasher
) -> bytes:
    """The root implied by an inclusion proof (RFC 9162 section 2.1.3.2). Raises ProofError when malformed."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    if any(len(p) != HASH_SIZE for p in proof) or len(leaf_hash) != HASH_SIZE:
        raise ProofError("every hash must be 32 bytes")
    fn, sn = index, size - 1
    value = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            value = hasher.node(p, value)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            value = hasher.node(value, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the tree is deep")
    return value


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root_hash: bytes, hasher: Hasher
) -> bool:
    try:
        return root_from_inclusion(index, size, leaf_hash, proof, hasher) == root_hash
    except ProofError:
        return False


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes], hasher: Hasher
) -> bool:
    """RFC 9162 section 2.1.4.2: does the tree of ``second`` leaves extend the tree of ``first`` leaves?"""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof  # the empty tree is consistent with every tree
    if not proof or any(len(p) != HASH_SIZE for p in proof):
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first tree is a complete subtree, its root is known
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = hasher.node(c, fr)
            sr = hasher.node(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = hasher.node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


def leaf_hashes(entries: Iterable[bytes], hasher: Hasher) -> list[bytes]:
    leaf: Callable[[bytes], bytes] = hasher.leaf
    return [leaf(e) for e in entries]

"""RFC 6962 / RFC 9162 Merkle hashing and proofs (records/merkle.py), checked against published vectors.

Vectors: the Certificate Transparency test data (certificate-transparency-go / transparency-dev/merkle
``testonly`` constants and the verifier tests): eight leaves, the root for every size, inclusion and
consistency proofs. SM3: the GB/T 32905-2016 appendix A examples.
"""

from __future__ import annotations

import hashlib
import itertools

import pytest

from sanxiang.records import merkle

SHA = merkle.Hasher("sha256")
SM3 = merkle.Hasher("sm3")

LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size, proof)
INCLUSION = [
    (0, 1, []),
    (0, 8, [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]),
    (5, 8, [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ]),
]  # fmt: skip
# (first size, second size, proof)
CONSISTENCY = [
    (1, 1, []),
    (1, 8, [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]),
    (6, 8, [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]),
    (2, 5, [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ]),
]  # fmt: skip

LEAF_HASHES = [SHA.leaf(x) for x in LEAVES]


def unhex(items):
    return [bytes.fromhex(x) for x in items]


def test_sm3_matches_the_gb_t_32905_examples():
    assert (
        hashlib.new("sm3", b"abc").hexdigest()
        == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert (
        SM3.digest(b"abcd" * 16).hex() == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


@pytest.mark.parametrize("size", range(9))
def test_root_of_every_prefix_matches_the_ct_vectors(size):
    assert merkle.root(LEAF_HASHES[:size], SHA).hex() == ROOTS[size]


def test_the_frontier_gives_the_same_roots_as_the_full_tree():
    frontier = []
    for size, leaf in enumerate(LEAF_HASHES):
        assert merkle.frontier_root(frontier, SHA).hex() == ROOTS[size]
        frontier = merkle.frontier_append(frontier, size, leaf, SHA)
    assert merkle.frontier_root(frontier, SHA).hex() == ROOTS[8]
    assert {k: v.hex() for k, v in merkle.roots_at(LEAF_HASHES, [0, 3, 8], SHA).items()} == {
        0: ROOTS[0], 3: ROOTS[3], 8: ROOTS[8]
    }  # fmt: skip


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_proofs_match_and_verify_against_the_ct_vectors(index, size, proof):
    assert [p.hex() for p in merkle.inclusion_proof(LEAF_HASHES, index, size, SHA)] == proof
    root = bytes.fromhex(ROOTS[size])
    assert merkle.verify_inclusion(index, size, LEAF_HASHES[index], unhex(proof), root, SHA)


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_consistency_proofs_match_and_verify_against_the_ct_vectors(first, second, proof):
    assert [p.hex() for p in merkle.consistency_proof(LEAF_HASHES, first, second, SHA)] == proof
    first_root, second_root = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
    assert merkle.verify_consistency(first, second, first_root, second_root, unhex(proof), SHA)


def _flip(proof, i):
    changed = list(proof)
    changed[i] = bytes([changed[i][0] ^ 8]) + changed[i][1:]
    return changed


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION[1:])
def test_a_corrupted_inclusion_proof_is_refused(index, size, proof):
    proof, root, leaf = unhex(proof), bytes.fromhex(ROOTS[size]), LEAF_HASHES[index]
    assert not merkle.verify_inclusion(index + 1, size, leaf, proof, root, SHA)
    assert not merkle.verify_inclusion(index, size * 2, leaf, proof, root, SHA)
    assert not merkle.verify_inclusion(index, size, SHA.leaf(b"WrongLeaf"), proof, root, SHA)
    assert not merkle.verify_inclusion(index, size, leaf, proof + [root], root, SHA)
    assert not merkle.verify_inclusion(index, size, leaf, proof[:-1], root, SHA)
    for i in range(len(proof)):
        assert not merkle.verify_inclusion(index, size, leaf, _flip(proof, i), root, SHA)


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY[1:])
def test_a_corrupted_consistency_proof_is_refused(first, second, proof):
    proof = unhex(proof)
    r1, r2 = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
    assert not merkle.verify_consistency(first, second, r2, r1, proof, SHA)
    assert not merkle.verify_consistency(first + 1, second, r1, r2, proof, SHA)
    assert not merkle.verify_consistency(first, second, r1, r2, [], SHA)
    assert not merkle.verify_consistency(first, second, r1, r2, proof[:-1], SHA)
    assert not merkle.verify_consistency(first, second, r1, r2, proof + [r1], SHA)
    for i in range(len(proof)):
        assert not merkle.verify_consistency(first, second, r1, r2, _flip(proof, i), SHA)


@pytest.mark.parametrize("hasher", [SHA, SM3], ids=["sha256", "sm3"])
def test_every_proof_of_every_small_tree_verifies(hasher):
    leaves = [hasher.leaf(bytes([i, i * 7 % 256])) for i in range(37)]
    roots = [merkle.root(leaves[:n], hasher) for n in range(len(leaves) + 1)]
    for size in range(1, len(leaves) + 1):
        for index in range(size):
            proof = merkle.inclusion_proof(leaves, index, size, hasher)
            assert merkle.verify_inclusion(index, size, leaves[index], proof, roots[size], hasher)
    for first, second in itertools.combinations_with_replacement(range(len(leaves) + 1), 2):
        proof = merkle.consistency_proof(leaves, first, second, hasher)
        assert merkle.verify_consistency(first, second, roots[first], roots[second], proof, hasher)


def test_sm3_and_sha256_trees_differ():
    assert merkle.root([SM3.leaf(x) for x in LEAVES], SM3).hex() != ROOTS[8]

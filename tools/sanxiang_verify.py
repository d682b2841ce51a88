#!/usr/bin/env python3
"""Standalone verifier of a Sanxiang record log export, for auditors outside the agency.

Needs Python >= 3.11 with OpenSSL 3 (for SM3) and the ``cryptography`` package; nothing from Sanxiang, no
Django, no database. It checks:

* an export (``sanxiang log export``, JSON Lines): sequence numbers without gaps; in a full export every
  entry against its leaf hash (a changed entry is named); the tree rebuilt from the leaf hashes against every
  checkpoint in the export and in ``--checkpoints FILE`` (signature by ``--key``, root at that size);
* the optional SM2 signature line of each checkpoint (``--sm2-key``; needs the pure-Python ``gmssl``
  package, else the lines are reported NOT CHECKED, never as verified);
* an inclusion proof (``sanxiang log prove SEQ > proof.json``) with ``--proof``;
* an evidence folder (``--evidence DIR``): every file named by its hex hash has that hash (streamed);
* a 双随机 draw record (``draw DRAW.json``): re-run with ``sanxiang/inspections/draw.py`` loaded by path.

Usage::

    python sanxiang_verify.py EXPORT.jsonl --key 'origin+1234abcd+AQ…' [--checkpoints FILE]
                              [--proof PROOF.json] [--evidence DIR] [--hash sm3|sha256]
                              [--sm2-key 'origin+abcd1234+/3N…']
    python sanxiang_verify.py draw DRAW.json [--commitment SHA256] [--draw-code path/to/draw.py]

Exit 0 when everything holds, 1 when a check fails, 2 for bad input. docs/record-log.md in the Sanxiang
repository describes every format. The Merkle and signed-note code below repeats sanxiang/records/merkle.py
and notes.py (RFC 9162, C2SP signed-note); a test in Sanxiang checks that both agree.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import re
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:  # pragma: no cover - the draw mode needs only the standard library
    InvalidSignature = Ed25519PublicKey = None

HASH_NAMES = ("sm3", "sha256")
DASH = "\u2014"
ED25519 = 0x01
# The optional SM2 line (docs/record-log.md): signed-note type 0xff followed by this identifier.
SM2_TYPE = b"\xffsm2-sm3-gbt35276"


class BadInput(Exception):
    """Exit 2: a file cannot be read or is not in the documented format."""


# --- Merkle tree (RFC 9162 section 2.1) -----------------------------------------------------------------------


class Hasher:
    def __init__(self, name):
        if name not in HASH_NAMES:
            raise BadInput(f"unknown hash {name!r}; use sm3 or sha256")
        self.name = name
        self._plain = hashlib.new(name)
        self._leaf = hashlib.new(name, b"\x00")
        self._node = hashlib.new(name, b"\x01")

    def digest(self, data):
        h = self._plain.copy()
        h.update(data)
        return h.digest()

    def empty_root(self):
        return self._plain.copy().digest()

    def leaf(self, data):
        h = self._leaf.copy()
        h.update(data)
        return h.digest()

    def node(self, left, right):
        h = self._node.copy()
        h.update(left)
        h.update(right)
        return h.digest()


def frontier_append(stack, size, leaf_hash, hasher):
    """Add one leaf to the compact frontier ``stack`` (modified in place) of a tree of ``size`` leaves."""
    carry = leaf_hash
    while size & 1:
        carry = hasher.node(stack.pop(), carry)
        size >>= 1
    stack.append(carry)


def frontier_root(stack, hasher):
    if not stack:
        return hasher.empty_root()
    value = stack[-1]
    for subtree in reversed(stack[:-1]):
        value = hasher.node(subtree, value)
    return value


def root_from_inclusion(index, size, leaf_hash, proof, hasher):
    """RFC 9162 section 2.1.3.2; None when the proof is malformed."""
    if not 0 <= index < size or len(leaf_hash) != 32 or any(len(p) != 32 for p in proof):
        return None
    fn, sn, value = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return None
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
    return value if sn == 0 else None


def verify_inclusion(index, size, leaf_hash, proof, root, hasher):
    return root_from_inclusion(index, size, leaf_hash, proof, hasher) == root


def verify_consistency(first, second, first_root, second_root, proof, hasher):
    """RFC 9162 section 2.1.4.2."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof or any(len(p) != 32 for p in proof):
        return False
    path = list(proof)
    if first & (first - 1) == 0:
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


# --- Signed notes and checkpoints (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) ----------------------------


def key_hash(name, public_key, signature_type=bytes([ED25519])):
    return hashlib.sha256(name.encode() + b"\n" + signature_type + public_key).digest()[:4]


def parse_verifier_key(text):
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not parts[0]:
        raise BadInput("a verifier key looks like <name>+<8 hex digits>+<base64>")
    name, hash_hex, encoded = parts
    try:
        raw, expected = base64.b64decode(encoded, validate=True), bytes.fromhex(hash_hex)
    except (binascii.Error, ValueError):
        raise BadInput("the verifier key is not valid hex/base64") from None
    if len(raw) != 33 or raw[0] != ED25519:
        raise BadInput("only Ed25519 verifier keys are supported")
    if key_hash(name, raw[1:]) != expected:
        raise BadInput("the verifier key's hash does not match its name and public key")
    return name, expected, raw[1:]


def parse_sm2_key(text):
    """(name, key hash, 65-byte public key) of an SM2 verifier key <name>+<hex>+<base64(SM2_TYPE || key)>."""
    name, _, rest = text.strip().partition("+")
    hash_hex, _, encoded = rest.partition("+")
    try:
        raw, expected = base64.b64decode(encoded, validate=True), bytes.fromhex(hash_hex)
    except (binascii.Error, ValueError):
        raise BadInput("the SM2 verifier key is not valid hex/base64") from None
    public = raw[len(SM2_TYPE) :]
    if not name or not raw.startswith(SM2_TYPE) or len(public) != 65 or public[0] != 4:
        raise BadInput("not an SM2 verifier key (type 0xff sm2-sm3-gbt35276, 65-byte public key)")
    if key_hash(name, public, SM2_TYPE) != expected:
        raise BadInput("the SM2 verifier key's hash does not match its name and public key")
    return name, expected, public


# SM2 (GB/T 32918.2; curve of GB/T 32918.5; SM3; default user id of GB/T 35276)
SM2_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
SM2_A = SM2_P - 3
SM2_B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
SM2_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
SM2_G = bytes.fromhex(
    "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"
    "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"
)


def sm2_verify(public, message, signature):
    """True or False; None when the pure-Python ``gmssl`` package (the curve arithmetic) is not installed."""
    try:
        from gmssl import sm2 as gm
    except ImportError:
        return None
    x, y = int.from_bytes(public[1:33], "big"), int.from_bytes(public[33:], "big")
    if (y * y - (x * x * x + SM2_A * x + SM2_B)) % SM2_P or len(signature) != 64:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    if not (1 <= r < SM2_N and 1 <= s < SM2_N):
        return False
    user_id = b"1234567812345678"
    z = hashlib.new("sm3", (len(user_id) * 8).to_bytes(2, "big") + user_id)
    z.update(SM2_A.to_bytes(32, "big") + SM2_B.to_bytes(32, "big") + SM2_G + public[1:])
    e = hashlib.new("sm3", z.digest() + message).digest()
    crypt = gm.CryptSM2(private_key="00", public_key="00" * 64)
    crypt.public_key = public[1:].hex()  # set after: gmssl's constructor mangles keys starting with 0 or 4
    try:
        return bool(crypt.verify(signature.hex(), e))
    except (TypeError, ValueError):
        return False


def check_sm2_lines(notes, key, result):
    """Each note's SM2 line by ``key`` must verify; a note without one is counted (signed before SM2)."""
    name, expected_hash, public = key
    good = absent = unchecked = 0
    for label, note in notes:
        cut = note.rfind("\n\n")
        body, block = note[: cut + 1], note[cut + 2 :]
        blobs = []
        for line in filter(None, block.split("\n")):
            fields = line[2:].split(" ")
            if len(fields) == 2 and fields[0] == name:
                try:
                    blob = base64.b64decode(fields[1], validate=True)
                except binascii.Error:
                    continue
                if blob[:4] == expected_hash:
                    blobs.append(blob[4:])
        if not blobs:
            absent += 1
            continue
        verdict = sm2_verify(public, body.encode("utf-8"), blobs[0])
        if verdict is None:
            unchecked += 1
        elif verdict:
            good += 1
        else:
            result.fail(f"{label}: the SM2 signature by {name} does not verify")
    if unchecked:
        result.unchecked.append(
            f"{unchecked} SM2 line(s) NOT checked: install the gmssl package to check them"
        )
    result.say(f"SM2 lines verified: {good}; checkpoints without an SM2 line: {absent}")


def split_notes(text):
    notes, lines, i = [], text.replace("\r\n", "\n").split("\n"), 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        body = []
        while i < len(lines) and lines[i]:
            body.append(lines[i])
            i += 1
        i += 1
        signatures = []
        while i < len(lines) and lines[i].startswith(DASH + " "):
            signatures.append(lines[i])
            i += 1
        if not signatures:
            raise BadInput(f"the note starting {body[0][:40]!r} has no signature lines")
        notes.append("\n".join(body) + "\n\n" + "\n".join(signatures) + "\n")
    return notes


def open_checkpoint(note, key):
    """(origin, size, root) of a checkpoint note signed by ``key``; ValueError saying why not."""
    name, expected_hash, public = key
    cut = note.rfind("\n\n")
    if cut < 0:
        raise ValueError("no blank line between text and signatures")
    body, block = note[: cut + 1], note[cut + 2 :]
    verified = False
    for line in filter(None, block.split("\n")):
        if not line.startswith(DASH + " "):
            raise ValueError("malformed signature line")
        fields = line[2:].split(" ")
        if len(fields) != 2 or fields[0] != name:
            continue
        try:
            blob = base64.b64decode(fields[1], validate=True)
        except binascii.Error:
            raise ValueError("signature is not base64") from None
        if blob[:4] != expected_hash:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(blob[4:], body.encode("utf-8"))
        except InvalidSignature:
            raise ValueError(f"the signature by {name} does not verify") from None
        verified = True
    if not verified:
        raise ValueError(f"no signature by {name}")
    lines = body.split("\n")
    if len(lines) < 4 or not lines[1].isdigit():
        raise ValueError("not a checkpoint (origin, size, root hash)")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise ValueError("root hash is not base64") from None
    if len(root) != 32:
        raise ValueError("root hash is not 32 bytes")
    return lines[0], int(lines[1]), root


# --- The checks ----------------------------------------------------------------------------------------------


class Result:
    def __init__(self):
        self.problems, self.lines, self.unchecked = [], [], []

    def fail(self, message):
        self.problems.append(message)

    def say(self, message):
        self.lines.append(message)


def read_export(path):
    header, entries, checkpoints = None, [], []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except ValueError:
                    raise BadInput(f"{path} line {number} is not JSON") from None
                kind = item.get("type")
                if kind == "header":
                    header = item
                elif kind == "entry":
                    entries.append(item)
                elif kind == "checkpoint":
                    checkpoints.append(item["note"])
                else:
                    raise BadInput(f"{path} line {number}: unknown line type {kind!r}")
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    if header is None or header.get("format") != "sanxiang-log-export/1":
        raise BadInput(f"{path} has no sanxiang-log-export/1 header line")
    return header, entries, checkpoints


def check_export(header, items, notes, key, hasher, result):
    """Rebuild the tree from the export and check every checkpoint against it."""
    wanted = {}
    for label, note in notes:
        try:
            origin, size, root = open_checkpoint(note, key)
        except ValueError as exc:
            result.fail(f"{label}: {exc}")
            continue
        if origin != key[0]:
            result.fail(f"{label}: origin {origin} is not {key[0]}")
            continue
        wanted.setdefault(size, []).append((label, root))
    stack, roots, first_bad = [], {0: hasher.empty_root()}, None
    leaves = []
    for expected, item in enumerate(items):
        seq = item.get("seq")
        if seq != expected:
            result.fail(f"sequence gap: expected entry {expected}, found {seq}")
            break
        try:
            leaf = bytes.fromhex(item["leaf_hash"])
        except (KeyError, ValueError):
            raise BadInput(f"entry {seq} has no valid leaf_hash") from None
        if "entry" in item:
            data = item["entry"].encode("utf-8")
            try:
                stated_seq = json.loads(data).get("seq")
            except ValueError:
                stated_seq = None
            if hasher.leaf(data) != leaf or stated_seq != seq:
                if first_bad is None:
                    first_bad = seq
                result.fail(f"entry {seq} was changed: its text does not match its leaf hash")
                leaf = hasher.leaf(data)
        leaves.append(leaf)
        frontier_append(stack, expected, leaf, hasher)
        if expected + 1 in wanted:
            roots[expected + 1] = frontier_root(stack, hasher)
    size = len(leaves)
    if header.get("tree_size") != size:
        result.fail(f"the header says {header.get('tree_size')} entries, the export holds {size}")
    checked = 0
    for tree_size in sorted(wanted):
        for label, root in wanted[tree_size]:
            checked += 1
            if tree_size > size:
                result.fail(f"{label}: checkpoint of {tree_size} entries is newer than the export ({size})")
            elif roots.get(tree_size) != root:
                result.fail(
                    f"{label}: the first {tree_size} entries do not match the checkpoint (log rewritten)"
                )
    result.say(f"entries: {size}; checkpoints checked: {checked}; root: {frontier_root(stack, hasher).hex()}")
    if first_bad is not None:
        result.say(f"first changed entry: {first_bad}")
    return leaves


def check_proof(path, key, hasher, leaves, result):
    try:
        with open(path, encoding="utf-8") as handle:
            proof = json.load(handle)
        seq, size = int(proof["seq"]), int(proof["tree_size"])
        leaf = bytes.fromhex(proof["leaf_hash"])
        path_hashes = [bytes.fromhex(h) for h in proof["proof"]]
        root = bytes.fromhex(proof["root_hash"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"cannot read the proof {path}: {exc}") from None
    if proof.get("checkpoint"):
        try:
            _origin, cp_size, cp_root = open_checkpoint(proof["checkpoint"], key)
        except ValueError as exc:
            result.fail(f"proof: its checkpoint does not verify: {exc}")
            return
        if (cp_size, cp_root) != (size, root):
            result.fail("proof: the checkpoint is for another tree than the proof")
            return
    elif key is not None:
        result.say("proof: no checkpoint attached; the root is only as good as its source")
    if leaves is not None and seq < len(leaves) and leaves[seq] != leaf:
        result.fail(f"proof: leaf {seq} differs from the export")
    if verify_inclusion(seq, size, leaf, path_hashes, root, hasher):
        result.say(f"proof: entry {seq} is in the tree of {size} entries")
    else:
        result.fail(f"proof: entry {seq} is NOT proven in the tree of {size} entries")


HEX_NAME = re.compile(r"^([0-9a-f]{64})(\..*)?$")


def check_evidence(folder, hasher_name, result):
    """Every file whose name is a 64-digit hex hash (optionally with an extension) must have that hash."""
    if not os.path.isdir(folder):
        raise BadInput(f"{folder} is not a folder")
    checked = skipped = 0
    for directory, _dirs, files in os.walk(folder):
        for name in sorted(files):
            match = HEX_NAME.match(name.lower())
            if not match:
                skipped += 1
                continue
            h = hashlib.new(hasher_name)
            with open(os.path.join(directory, name), "rb") as handle:
                while chunk := handle.read(1 << 20):
                    h.update(chunk)
            checked += 1
            if h.hexdigest() != match.group(1):
                result.fail(f"evidence file {os.path.join(directory, name)} does not match its hash")
    result.say(f"evidence files checked: {checked}; not named by a hash (skipped): {skipped}")


# --- A draw record of 双随机 (sanxiang draw verify; docs/draw.md) ------------------------------------------------


def load_draw_code(path=None):
    """The draw algorithm, loaded by path from ``draw.py`` (standard library only): ``path``, else the copy in
    the Sanxiang tree this script sits in, else a ``draw.py`` next to this script."""
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [path] if path else [
        os.path.join(here, os.pardir, "sanxiang", "inspections", "draw.py"),
        os.path.join(here, "draw.py"),
    ]  # fmt: skip
    for candidate in candidates:
        if candidate and os.path.isfile(candidate):
            spec = importlib.util.spec_from_file_location("sanxiang_verify_draw", candidate)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses looks its module up while the file runs
            spec.loader.exec_module(module)
            with open(candidate, "rb") as handle:
                module.FILE_SHA256 = hashlib.sha256(handle.read()).hexdigest()
            module.FILE_PATH = os.path.normpath(candidate)
            return module
    raise BadInput("cannot find draw.py: give --draw-code PATH (sanxiang/inspections/draw.py of the release)")


def draw_main(argv):
    """``sanxiang_verify.py draw DRAW.json``: exit 0 when it re-runs to its commitment and result, 1 when not."""
    parser = argparse.ArgumentParser(
        prog="sanxiang_verify.py draw", description="Re-run a published draw record."
    )
    parser.add_argument("record", help="the draw record (JSON) published on the portal")
    parser.add_argument("--commitment", help="the commitment_sha256 published before the draw, to compare")
    parser.add_argument("--draw-code", help="path of draw.py (default: found next to this script)")
    args = parser.parse_args(argv)
    try:
        code = load_draw_code(args.draw_code)
        try:
            with open(args.record, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise BadInput(f"cannot read {args.record}: {exc.strerror}") from None
        except ValueError:
            raise BadInput(f"{args.record} is not a JSON file, so not a draw record") from None
        try:
            problems = code.verify(data, commitment_sha256=args.commitment)
        except code.NotADrawRecord as exc:
            raise BadInput(str(exc)) from None
    except BadInput as exc:
        print(f"sanxiang_verify: {exc}", file=sys.stderr)
        return 2
    print(f"draw code: {code.FILE_PATH} ({code.CODE_VERSION}, sha256 {code.FILE_SHA256})")
    print(
        f"plan {data['plan_id']}: {len(data['inputs']['targets'])} targets, {len(data['result']['tasks'])} tasks"
    )
    print(f"commitment: {data['commitment'].get('commitment_sha256')}")
    for problem in problems:
        print(f"FAIL: {problem}")
    print(
        f"FAILED: {len(problems)} problem(s)"
        if problems
        else "OK: the draw re-runs to its commitment and result"
    )
    return 1 if problems else 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["draw"]:
        return draw_main(argv[1:])
    if Ed25519PublicKey is None:
        print("sanxiang_verify: needs the 'cryptography' package (pip install cryptography)", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(
        description="Verify a Sanxiang record log export, checkpoints and proofs."
    )
    parser.add_argument("export", nargs="?", help="JSON Lines export (sanxiang log export)")
    parser.add_argument("--key", help="the log's verifier key <name>+<hex>+<base64> (from the public page)")
    parser.add_argument("--checkpoints", help="a file of signed checkpoint notes kept elsewhere")
    parser.add_argument("--sm2-key", help="the log's SM2 verifier key, to check the SM2 signature lines")
    parser.add_argument("--proof", help="an inclusion proof (sanxiang log prove SEQ)")
    parser.add_argument("--evidence", help="a folder of evidence files named by their hash")
    parser.add_argument(
        "--hash", choices=HASH_NAMES, help="hash algorithm (default: from the export, else sm3)"
    )
    args = parser.parse_args(argv)
    if not (args.export or args.proof or args.evidence):
        parser.error("give an export, --proof or --evidence")
    result = Result()
    try:
        header = items = leaves = None
        export_notes = []
        if args.export:
            header, items, export_notes = read_export(args.export)
        hash_name = args.hash or (header or {}).get("hash") or "sm3"
        hasher = Hasher(hash_name)
        key = None
        if args.key:
            key = parse_verifier_key(args.key)
        elif header is not None:
            key = parse_verifier_key(header["verifier_key"])
            result.say("warning: no --key given; using the key named in the export itself")
        notes = [(f"checkpoint in export #{i + 1}", n) for i, n in enumerate(export_notes)]
        if args.checkpoints:
            try:
                with open(args.checkpoints, encoding="utf-8") as handle:
                    kept = split_notes(handle.read())
            except OSError as exc:
                raise BadInput(f"cannot read {args.checkpoints}: {exc.strerror}") from None
            notes += [(f"kept checkpoint #{i + 1}", n) for i, n in enumerate(kept)]
        if header is not None:
            leaves = check_export(header, items, notes, key, hasher, result)
        sm2_key = None
        if args.sm2_key:
            sm2_key = parse_sm2_key(args.sm2_key)
        elif (header or {}).get("sm2_verifier_key"):
            sm2_key = parse_sm2_key(header["sm2_verifier_key"])
            result.say("warning: no --sm2-key given; using the SM2 key named in the export itself")
        if sm2_key is not None:
            check_sm2_lines(notes, sm2_key, result)
        if args.proof:
            if key is None:
                raise BadInput("--proof needs --key")
            check_proof(args.proof, key, hasher, leaves, result)
        if args.evidence:
            check_evidence(args.evidence, hash_name, result)
    except BadInput as exc:
        print(f"sanxiang_verify: {exc}", file=sys.stderr)
        return 2
    for line in result.lines:
        print(line)
    for problem in result.problems:
        print(f"FAIL: {problem}")
    for line in result.unchecked:
        print(f"NOT CHECKED: {line}")
    if result.problems:
        print(f"FAILED: {len(result.problems)} problem(s)")
    else:
        print("OK: everything verified" if not result.unchecked else "OK: all that was checked verified")
    return 0 if not result.problems else 1


if __name__ == "__main__":
    sys.exit(main())

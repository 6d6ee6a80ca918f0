"""An append-only Merkle tree with the hashing, shape and proofs of RFC 9162 (pure).

    leaf hash  = SHA-256(0x00 ‖ entry)
    node hash  = SHA-256(0x01 ‖ left ‖ right)
    MTH(D[n])  splits at k, the largest power of two smaller than n (section 2.1.1)

`Tree` keeps the hash of every perfect subtree (aligned, 2^level leaves), about 2n hashes in
all, so a root, an inclusion proof or a consistency proof for any size up to the current one
costs O(log² n) hash lookups, never a pass over the leaves. `verify_inclusion` and
`verify_consistency` are the RFC's algorithms (sections 2.1.3.2 and 2.1.4.2) step by step:
they need nothing but the proof, so a receipt can be checked anywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()
HASH_SIZE = 32


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """k: the largest power of two strictly smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class Tree:
    """The tree over leaf hashes appended in order; sizes are counted in leaves."""

    def __init__(self, leaf_hashes: Sequence[bytes] = ()) -> None:
        # _levels[l][i] is the hash of leaves [i·2^l, (i+1)·2^l): only complete subtrees.
        self._levels: list[list[bytes]] = [[]]
        for leaf in leaf_hashes:
            self.append_leaf_hash(leaf)

    @property
    def size(self) -> int:
        return len(self._levels[0])

    def append(self, entry: bytes) -> int:
        return self.append_leaf_hash(leaf_hash(entry))

    def append_leaf_hash(self, leaf: bytes) -> int:
        if len(leaf) != HASH_SIZE:
            raise ValueError("a leaf hash is 32 bytes")
        index = self.size
        self._levels[0].append(leaf)
        level, count = 0, index + 1
        while count % 2 == 0:  # this leaf completed a subtree one level up
            below = self._levels[level]
            if level + 1 == len(self._levels):
                self._levels.append([])
            self._levels[level + 1].append(node_hash(below[-2], below[-1]))
            level, count = level + 1, count // 2
        return index

    def leaf(self, index: int) -> bytes:
        return self._levels[0][index]

    def node(self, level: int, position: int) -> bytes:
        """The hash of leaves [position·2^level, (position+1)·2^level), a complete subtree."""
        return self._levels[level][position]

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        self._check_size(size)
        return root(size, self.node)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        self._check_size(size)
        return inclusion_proof(index, size, self.node)

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        second = self.size if second is None else second
        self._check_size(second)
        return consistency_proof(first, second, self.node)

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {size}")


# A lookup of complete-subtree hashes by (level, position): a Tree's lists, or rows in a table.
NodeLookup = Callable[[int, int], bytes]


def subtree_hash(start: int, end: int, node: NodeLookup) -> bytes:
    """MTH(D[start:end]) for a range that begins on a subtree boundary."""
    size = end - start
    if size & (size - 1) == 0 and start % size == 0:
        return node(size.bit_length() - 1, start // size)
    k = split_point(size)
    return node_hash(subtree_hash(start, start + k, node), subtree_hash(start + k, end, node))


def root(size: int, node: NodeLookup) -> bytes:
    return subtree_hash(0, size, node) if size else EMPTY_ROOT


def inclusion_proof(index: int, size: int, node: NodeLookup) -> list[bytes]:
    """PATH(index, D[size]) of section 2.1.3.1."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    proof: list[bytes] = []
    start, end = 0, size
    while end - start > 1:  # walk down, collecting the sibling of each step
        k = split_point(end - start)
        if index < start + k:
            proof.append(subtree_hash(start + k, end, node))
            end = start + k
        else:
            proof.append(subtree_hash(start, start + k, node))
            start += k
    proof.reverse()  # the RFC lists the path from the leaf up
    return proof


def consistency_proof(first: int, second: int, node: NodeLookup) -> list[bytes]:
    """PROOF(first, D[second]) of section 2.1.4.1; empty when first is 0 or second."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from {first} to {second}")
    if first in (0, second):
        return []
    proof: list[bytes] = []
    start, end, m, whole = 0, second, first, True
    while m != end - start:  # SUBPROOF(m, D[start:end], whole)
        k = split_point(end - start)
        if m <= k:
            proof.append(subtree_hash(start + k, end, node))
            end = start + k
        else:
            proof.append(subtree_hash(start, start + k, node))
            start, m, whole = start + k, m - k, False
    if not whole:
        proof.append(subtree_hash(start, end, node))
    proof.reverse()
    return proof


def nodes_needed(compute: Callable[[NodeLookup], object]) -> set[tuple[int, int]]:
    """Which nodes a computation reads. Which nodes a proof needs depends only on the sizes,
    never on the hashes, so a stored tree can fetch them all in one query, then compute."""
    wanted: set[tuple[int, int]] = set()

    def record(level: int, position: int) -> bytes:
        wanted.add((level, position))
        return bytes(HASH_SIZE)

    compute(record)
    return wanted


def root_from_inclusion_proof(leaf: bytes, index: int, size: int,
                              proof: Sequence[bytes]) -> bytes | None:
    """Section 2.1.3.2: the root the proof leads to, or None if the proof cannot be right."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes],
                     root: bytes) -> bool:
    return root_from_inclusion_proof(leaf, index, size, proof) == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """Section 2.1.4.2; a tree is consistent with itself and every tree with the empty one."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # an exact power of two: its root starts the path
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


def edge_append(edge: Sequence[bytes], size: int,
                leaf: bytes) -> tuple[list[bytes], list[tuple[int, int, bytes]]]:
    """Append to a log known only by its right edge: the roots of the complete subtrees that
    make up [0, size), largest first (one per set bit of size). Returns the new edge and the
    complete subtrees the leaf finished, as (level, position, hash), the leaf itself first."""
    if len(edge) != bin(size).count("1"):
        raise ValueError("the edge does not match the size")
    edge, made = list(edge), [(0, size, leaf)]
    level, position, current = 0, size, leaf
    while position & 1:  # the left sibling at this level is complete: merge with it
        current = node_hash(edge.pop(), current)
        level, position = level + 1, position >> 1
        made.append((level, position, current))
    edge.append(current)
    return edge, made


def edge_root(edge: Sequence[bytes]) -> bytes:
    """MTH of the whole log from its right edge."""
    if not edge:
        return EMPTY_ROOT
    current = edge[-1]
    for left in reversed(edge[:-1]):
        current = node_hash(left, current)
    return current

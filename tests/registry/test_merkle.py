"""RFC 9162 Merkle trees: known answers, an independent implementation, and properties."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from sangkien.registry.merkle import (
    EMPTY_ROOT,
    Tree,
    leaf_hash,
    node_hash,
    split_point,
    verify_consistency,
    verify_inclusion,
)

# The eight leaves of the RFC 6962 test data used by the Certificate Transparency projects,
# and the published root of every prefix of them.
LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
          bytes(range(0x50, 0x58)), bytes(range(0x60, 0x70))]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def tree_of(entries):
    tree = Tree()
    for entry in entries:
        tree.append(entry)
    return tree


# --- the RFC's recursive definitions, transcribed literally, as a reference -----------------

def mth(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = split_point(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    if len(leaves) == 1:
        return []
    k = split_point(len(leaves))
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def subproof(m, leaves, whole):
    if m == len(leaves):
        return [] if whole else [mth(leaves)]
    k = split_point(len(leaves))
    if m <= k:
        return [*subproof(m, leaves[:k], whole), mth(leaves[k:])]
    return [*subproof(m - k, leaves[k:], False), mth(leaves[:k])]


# --- known answers -----------------------------------------------------------------------------

def test_hashes_use_the_domain_separation_prefixes():
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32)\
        .digest()
    assert Tree().root() == EMPTY_ROOT == bytes.fromhex(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def test_roots_of_the_rfc_6962_test_data():
    tree = tree_of(LEAVES)
    assert [tree.root(n).hex() for n in range(1, 9)] == ROOTS


def test_roots_agree_with_pymerkle_run_beside_us():
    entries = [f"bản ghi {n}".encode() for n in range(70)]
    theirs = InmemoryTree(algorithm="sha256")
    ours = Tree()
    for entry in entries:
        theirs.append_entry(entry)
        ours.append(entry)
        assert ours.root() == theirs.get_root(), ours.size


def test_proofs_equal_the_rfc_definitions_for_every_small_tree():
    entries = [bytes([n]) * (n % 5) for n in range(33)]
    tree = tree_of(entries)
    for n in range(1, 34):
        assert tree.root(n) == mth(entries[:n])
        for m in range(n):
            assert tree.inclusion_proof(m, n) == path(m, entries[:n]), (m, n)
        for m in range(1, n):
            assert tree.consistency_proof(m, n) == subproof(m, entries[:n], True), (m, n)


def test_inclusion_proof_of_a_known_leaf():
    tree = tree_of(LEAVES)
    proof = tree.inclusion_proof(3, 7)
    assert len(proof) == 3
    assert verify_inclusion(leaf_hash(LEAVES[3]), 3, 7, proof, bytes.fromhex(ROOTS[6]))
    assert not verify_inclusion(leaf_hash(LEAVES[3]), 3, 8, proof, bytes.fromhex(ROOTS[7]))


def test_bad_requests_are_refused():
    tree = tree_of(LEAVES)
    for call in (lambda: tree.inclusion_proof(8, 8), lambda: tree.inclusion_proof(0, 9),
                 lambda: tree.consistency_proof(5, 4), lambda: tree.root(9),
                 lambda: tree.append_leaf_hash(b"short")):
        with pytest.raises(ValueError):
            call()


# --- properties ------------------------------------------------------------------------------

SIZES = st.integers(min_value=1, max_value=300)


@settings(max_examples=150, deadline=None)
@given(SIZES, st.data())
def test_every_inclusion_proof_verifies_and_no_forgery_does(size, data):
    entries = [n.to_bytes(4, "big") for n in range(size + 50)]
    tree = tree_of(entries)
    index = data.draw(st.integers(0, size - 1))
    proof, root = tree.inclusion_proof(index, size), tree.root(size)
    leaf = leaf_hash(entries[index])
    assert verify_inclusion(leaf, index, size, proof, root)
    assert not verify_inclusion(leaf_hash(b"changed"), index, size, proof, root)
    # The same proof offered for another tree size, against that size's signed root.
    wrong = data.draw(st.integers(index + 1, size + 50).filter(lambda s: s != size))
    assert not verify_inclusion(leaf, index, wrong, proof, tree.root(wrong))
    other = data.draw(st.integers(0, size + 49).filter(lambda i: i != index))
    assert not verify_inclusion(leaf, other, size, proof, root)
    if proof:
        n = data.draw(st.integers(0, len(proof) - 1))
        bent = [*proof[:n], bytes([proof[n][0] ^ 1]) + proof[n][1:], *proof[n + 1:]]
        assert not verify_inclusion(leaf, index, size, bent, root)
        assert not verify_inclusion(leaf, index, size, proof[:-1], root)


@settings(max_examples=150, deadline=None)
@given(SIZES, st.data())
def test_every_consistency_proof_verifies_and_no_forgery_does(second, data):
    tree = tree_of(n.to_bytes(4, "big") for n in range(second))
    first = data.draw(st.integers(0, second))
    proof = tree.consistency_proof(first, second)
    a, b = tree.root(first), tree.root(second)
    assert verify_consistency(first, second, a, b, proof)
    if 0 < first < second:
        assert not verify_consistency(first, second, leaf_hash(b"x"), b, proof)
        assert not verify_consistency(first, second, a, leaf_hash(b"x"), proof)
        other = tree_of(n.to_bytes(4, "big") + b"!" for n in range(second))
        assert not verify_consistency(first, second, a, other.root(second),
                                      other.consistency_proof(first, second))
        n = data.draw(st.integers(0, len(proof) - 1))
        bent = [*proof[:n], bytes([proof[n][0] ^ 1]) + proof[n][1:], *proof[n + 1:]]
        assert not verify_consistency(first, second, a, b, bent)
        assert not verify_consistency(first, second, a, b, proof[:-1])


def test_the_right_edge_alone_appends_and_gives_every_root():
    from sangkien.registry.merkle import edge_append, edge_root, nodes_needed

    tree, edge, stored = Tree(), [], {}
    for n in range(300):
        leaf = leaf_hash(n.to_bytes(4, "big"))
        edge, made = edge_append(edge, n, leaf)
        tree.append_leaf_hash(leaf)
        for level, position, digest in made:
            stored[(level, position)] = digest
            assert tree.node(level, position) == digest
        assert edge_root(edge) == tree.root()
    assert len(stored) == sum(300 >> level for level in range(9))  # each complete subtree
    wanted = nodes_needed(lambda node: tree.inclusion_proof(5, 300))
    assert wanted <= set(stored) and len(wanted) <= 2 * 9
    with pytest.raises(ValueError):
        edge_append(edge[:-1], 300, leaf_hash(b"x"))

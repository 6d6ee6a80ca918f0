"""Signed notes and checkpoints, checked against the Go sumdb/note package's own example."""

from __future__ import annotations

import pytest

from sangkien.registry.merkle import EMPTY_ROOT
from sangkien.registry.note import Checkpoint, NoteError, Signer, Verifier, open_note, sign_note

# From the documentation of golang.org/x/mod/sumdb/note (the reference implementation).
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
GO_NOTE = (GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1F"
           "FYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")


def test_keys_and_signature_match_the_go_reference():
    signer = Signer.parse(GO_SIGNER)
    assert str(signer.verifier) == GO_VERIFIER
    assert str(signer) == GO_SIGNER
    assert sign_note(GO_TEXT, signer) == GO_NOTE
    assert open_note(GO_NOTE, Verifier.parse(GO_VERIFIER)) == GO_TEXT


def test_a_changed_byte_or_an_unknown_key_is_refused():
    verifier = Verifier.parse(GO_VERIFIER)
    with pytest.raises(NoteError):
        open_note(GO_NOTE.replace("cryptography", "cryptograph!"), verifier)
    with pytest.raises(NoteError):
        open_note(GO_NOTE.replace("x08go", "x08gp"), verifier)
    with pytest.raises(NoteError):
        open_note(GO_NOTE, Signer.generate("PeterNeumann").verifier)


def test_checkpoint_round_trip_and_malformed_ones():
    signer = Signer.generate("sangkien.example.vn/registry")
    checkpoint = Checkpoint(signer.name, 0, EMPTY_ROOT)
    note = sign_note(checkpoint.text(), signer)
    assert note.startswith("sangkien.example.vn/registry\n0\n"
                           "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— ")
    assert Checkpoint.parse(open_note(note, signer.verifier)) == checkpoint
    for bad in ("origin\n01\n" + checkpoint.text().split("\n")[2] + "\n", "origin\n1\nAAAA\n",
                "origin\nten\nAAAA\n", "\n1\nAAAA\n"):
        with pytest.raises(NoteError):
            Checkpoint.parse(bad)
    with pytest.raises(NoteError):
        Verifier.parse(str(signer.verifier).replace("+", "+0", 1))

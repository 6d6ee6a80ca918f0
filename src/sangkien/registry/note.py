"""Signed notes and checkpoints in the C2SP formats (c2sp.org/signed-note, /tlog-checkpoint).

A checkpoint is the text "<origin>\\n<size>\\n<base64 root>\\n"; a signed note is that text, a
blank line, and one line per signature: "— <key name> <base64(key id ‖ Ed25519 signature)>".
The key id is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). Keys travel as
the strings the Go tooling uses ("PRIVATE+KEY+name+hex id+base64" and "name+hex id+base64"),
so a standard transparency-log client can check our checkpoints. No Django here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = b"\x01"
DASH = "\u2014 "  # an em dash and a space open every signature line


class NoteError(ValueError):
    """A note, key or checkpoint that is malformed or not signed by a trusted key."""


def _key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def _check_name(name: str) -> None:
    if not name or any(c in name for c in "+ \n\t") or not name.isprintable():
        raise NoteError(f"a key name has no spaces, plus signs or control characters: {name!r}")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise NoteError(f"{what} is not base64") from None


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: bytes
    public_key: bytes

    @classmethod
    def parse(cls, text: str) -> Verifier:
        parts = text.strip().split("+", 2)  # base64 may contain "+" too
        if len(parts) != 3:
            raise NoteError("a verifier key reads name+hex id+base64 key")
        name, hex_id, encoded = parts
        _check_name(name)
        key = _unb64(encoded, "the verifier key")
        if len(key) != 33 or key[:1] != ED25519:
            raise NoteError("only Ed25519 verifier keys are supported")
        verifier = cls(name, _key_id(name, key[1:]), key[1:])
        if hex_id.lower() != verifier.key_id.hex():
            raise NoteError("the verifier key's id does not match its name and key")
        return verifier

    def __str__(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{_b64(ED25519 + self.public_key)}"

    def verifies(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class Signer:
    name: str
    seed: bytes  # the 32-byte Ed25519 private key

    @classmethod
    def generate(cls, name: str) -> Signer:
        _check_name(name)
        return cls(name, Ed25519PrivateKey.generate().private_bytes_raw())

    @classmethod
    def parse(cls, text: str) -> Signer:
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("a signer key reads PRIVATE+KEY+name+hex id+base64 key")
        _, _, name, hex_id, encoded = parts
        _check_name(name)
        key = _unb64(encoded, "the signer key")
        if len(key) != 33 or key[:1] != ED25519:
            raise NoteError("only Ed25519 signer keys are supported")
        signer = cls(name, key[1:])
        if hex_id.lower() != signer.verifier.key_id.hex():
            raise NoteError("the signer key's id does not match its name and key")
        return signer

    def __str__(self) -> str:
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{_b64(ED25519 + self.seed)}"

    @property
    def verifier(self) -> Verifier:
        public = Ed25519PrivateKey.from_private_bytes(self.seed).public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw)
        return Verifier(self.name, _key_id(self.name, public), public)

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)


def sign_note(text: str, *signers: Signer) -> str:
    if not text.endswith("\n") or "\n\n" in text or not text.strip():
        raise NoteError("a note's text ends with one newline and has no blank lines")
    lines = [f"{DASH}{s.name} {_b64(s.verifier.key_id + s.sign(text.encode()))}\n"
             for s in signers]
    return text + "\n" + "".join(lines)


def open_note(note: str, *trusted: Verifier) -> str:
    """The note's text if a trusted key signed it; NoteError otherwise."""
    text, sep, signatures = note.rpartition("\n\n")
    if not sep or not signatures.endswith("\n"):
        raise NoteError("a signed note is its text, a blank line and signature lines")
    text += "\n"
    by_id = {(v.name, v.key_id): v for v in trusted}
    for line in signatures.splitlines():
        if not line.startswith(DASH) or line.count(" ") != 2:
            raise NoteError(f"not a signature line: {line!r}")
        name, encoded = line[len(DASH):].split(" ")
        blob = _unb64(encoded, "a signature")
        verifier = by_id.get((name, blob[:4]))
        if verifier is not None and verifier.verifies(text.encode(), blob[4:]):
            return text
    raise NoteError("no signature by a trusted key")


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{_b64(self.root)}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or not lines[0] or not lines[1].isdigit() or lines[-1] != "":
            raise NoteError("a checkpoint reads origin, size and base64 root, one per line")
        if lines[1] != str(int(lines[1])):
            raise NoteError("a checkpoint's size has no leading zeros")
        root = _unb64(lines[2], "the root hash")
        if len(root) != 32:
            raise NoteError("the root hash is 32 bytes")
        return cls(lines[0], int(lines[1]), root)

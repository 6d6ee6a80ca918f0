"""The key that signs checkpoints: from REGISTRY_SIGNING_KEY(_FILE) in production; in
development one is made once in the data folder, so the demo's receipts verify across runs."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sangkien.registry.note import NoteError, Signer, Verifier


def signer() -> Signer:
    text = settings.REGISTRY_SIGNING_KEY
    if not text:
        if getattr(settings, "PRODUCTION", False):
            raise ImproperlyConfigured(
                "REGISTRY_SIGNING_KEY (or REGISTRY_SIGNING_KEY_FILE) is not set: make one with "
                "`sangkien registry keygen` and keep it outside the database")
        text = _development_key()
    try:
        key = Signer.parse(text)
    except NoteError as error:
        raise ImproperlyConfigured(f"REGISTRY_SIGNING_KEY: {error}") from None
    if key.name != settings.REGISTRY_ORIGIN:
        raise ImproperlyConfigured(f"REGISTRY_SIGNING_KEY is named {key.name!r}, but the log's "
                                   f"origin is {settings.REGISTRY_ORIGIN!r}")
    return key


def verifier() -> Verifier:
    return signer().verifier


def _development_key() -> str:
    path = settings.REGISTRY_KEY_FILE
    if path.exists():
        text = path.read_text().strip()
        if text.split("+")[2:3] == [settings.REGISTRY_ORIGIN]:
            return text
    text = str(Signer.generate(settings.REGISTRY_ORIGIN))
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(text + "\n")
    return text

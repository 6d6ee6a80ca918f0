"""`sangkien registry audit | sign | keygen`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangkien.registry.note import Signer
from sangkien.registry.services import checkpoint_sign, registry_audit


class Command(BaseCommand):
    help = "Audit the registry's storage, sign a checkpoint, or make a signing key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["audit", "sign", "keygen"])
        parser.add_argument("--name", help="keygen: the log's origin (default REGISTRY_ORIGIN)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "keygen":
            signer = Signer.generate(options["name"] or settings.REGISTRY_ORIGIN)
            self.stdout.write(f"# secret: pass as REGISTRY_SIGNING_KEY(_FILE), never store it "
                              f"in the database\n{signer}\n# public, publish it:\n"
                              f"{signer.verifier}")
        elif action == "sign":
            checkpoint = checkpoint_sign()
            self.stdout.write(checkpoint.note if checkpoint else "the log is empty")
        else:
            size, problems = registry_audit()
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} problem(s) in a log of {size} entries")
            self.stdout.write(f"the log's {size} entries and its checkpoints agree")

"""Each received version of an initiative becomes one log entry: hashes and ids, never text."""

from __future__ import annotations

from typing import Any

from sangkien.core.events import consumer
from sangkien.core.models import Event
from sangkien.initiatives.models import InitiativeVersion
from sangkien.registry.services import registry_append

INITIATIVE_VERSION = "initiative.version"


def version_entry(version: InitiativeVersion) -> dict[str, Any]:
    """What the log says of a version. Author names, titles and file names stay out: only the
    hashes of the confidential material, ids and shares, and the server's time of receipt."""
    return {
        "type": INITIATIVE_VERSION,
        "initiative": version.initiative_id,
        "version": version.number,
        "content_sha256": version.content_sha256,
        "attachments": [{"sha256": a["sha256"], "size": a["size"]}
                        for a in version.attachments],
        "authors": [{"user": a.get("user"), "share": a["share"]}
                    for a in version.content.get("authors", [])],
        "received_at": version.received_at.isoformat().replace("+00:00", "Z"),
    }


@consumer("registry")
def record_received_versions(event: Event) -> None:
    if event.type not in ("initiative.submitted", "initiative.resubmitted"):
        return
    version = InitiativeVersion.objects.select_related("initiative").get(
        initiative_id=int(event.subject_id), number=event.payload["version"])
    registry_append(INITIATIVE_VERSION, version.initiative, version.number,
                    version_entry(version))

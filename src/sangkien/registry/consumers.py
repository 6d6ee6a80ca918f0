"""Each received version of an initiative becomes one log entry: hashes and ids, never text."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sangkien.core.events import consumer
from sangkien.core.models import Event
from sangkien.initiatives.models import InitiativeVersion
from sangkien.registry.services import NewEntry, registry_append_many

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


@consumer("registry", batch=True)
def record_received_versions(events: list[Event]) -> None:
    wanted = [(int(e.subject_id), e.payload["version"]) for e in events
              if e.type in ("initiative.submitted", "initiative.resubmitted")]
    if not wanted:
        return
    match = Q(pk__in=[])
    for initiative_id, number in wanted:
        match |= Q(initiative_id=initiative_id, number=number)
    versions = {(v.initiative_id, v.number): v for v in
                InitiativeVersion.objects.filter(match).select_related("initiative")}
    registry_append_many([NewEntry(INITIATIVE_VERSION, versions[key].initiative, key[1],
                                   version_entry(versions[key])) for key in wanted])

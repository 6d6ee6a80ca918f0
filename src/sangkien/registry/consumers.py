"""Each received version of an initiative, and each posted demand, becomes one log entry:
hashes and ids, never text."""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785
from django.db.models import Q

from sangkien.core.events import consumer
from sangkien.core.models import Event
from sangkien.initiatives.models import Demand, InitiativeVersion
from sangkien.registry.services import NewEntry, registry_append_many

INITIATIVE_VERSION = "initiative.version"
DEMAND = "demand"
DEMAND_FIELDS = ("title", "problem", "outcome", "budget_min", "budget_max", "deadline",
                 "province_id", "fields", "contact_name", "contact_email", "contact_phone")


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


def demand_entry(demand: Demand) -> dict[str, Any]:
    """A posted demand: the hash of what the orderer asked for, and when."""
    posted = {name: str(getattr(demand, name)) if name != "fields" else demand.fields
              for name in DEMAND_FIELDS}
    return {"type": DEMAND, "demand": demand.pk,
            "content_sha256": hashlib.sha256(rfc8785.dumps(posted)).hexdigest(),
            "received_at": demand.created_at.isoformat().replace("+00:00", "Z")}


@consumer("registry", batch=True)
def record_received_versions(events: list[Event]) -> None:
    """Versions and demands of one delivered batch, appended in the order they happened."""
    wanted = [(e.type, int(e.subject_id), e.payload.get("version", 1)) for e in events
              if e.type in ("initiative.submitted", "initiative.resubmitted", "demand.posted")]
    if not wanted:
        return
    match = Q(pk__in=[])
    for kind, subject_id, number in wanted:
        if kind != "demand.posted":
            match |= Q(initiative_id=subject_id, number=number)
    versions = {(v.initiative_id, v.number): v for v in
                InitiativeVersion.objects.filter(match).select_related("initiative")}
    demands = Demand.objects.in_bulk([s for k, s, _ in wanted if k == "demand.posted"])
    items = []
    for kind, subject_id, number in wanted:
        if kind == "demand.posted":
            items.append(NewEntry(DEMAND, demands[subject_id], 1,
                                  demand_entry(demands[subject_id])))
        else:
            version = versions[(subject_id, number)]
            items.append(NewEntry(INITIATIVE_VERSION, version.initiative, number,
                                  version_entry(version)))
    registry_append_many(items)

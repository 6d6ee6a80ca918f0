"""The index follows the event log: each event about an initiative, a demand or an expert
profile rewrites that object's search document; each received version is checked once for
near-duplicates, which the officer finds on the initiative and in the unit's queue."""

from __future__ import annotations

from sangkien.accounts.models import ExpertProfile
from sangkien.core.events import consumer
from sangkien.core.models import Event
from sangkien.initiatives.models import Initiative
from sangkien.matching.duplicates import flag_duplicates
from sangkien.matching.indexing import Key, index_objects

_SUBJECTS = {"initiatives.initiative": "initiative", "initiatives.demand": "demand"}


@consumer("matching.index", batch=True)
def index_changed_objects(events: list[Event]) -> None:
    keys: list[Key] = []
    profiles = []
    for event in events:
        if event.subject_type in _SUBJECTS:
            keys.append((_SUBJECTS[event.subject_type], int(event.subject_id)))
        elif event.subject_type == "accounts.expertprofile":
            profiles.append(int(event.subject_id))
    if profiles:
        keys += [("expert", user) for user in ExpertProfile.objects.filter(
            pk__in=profiles).values_list("user_id", flat=True)]
    index_objects(keys)


@consumer("matching.duplicates")
def flag_received_duplicates(event: Event) -> None:
    if event.type not in ("initiative.submitted", "initiative.resubmitted"):
        return
    initiative = Initiative.objects.filter(pk=event.subject_id).first()
    if initiative is not None:
        flag_duplicates(initiative)

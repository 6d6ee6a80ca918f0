"""What follows from evaluation events: notices to experts and proposers, and a registry
entry for every published assessment version (its hash, never its text)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_noop

from sangkien.core.events import consumer
from sangkien.core.models import Event, Notification
from sangkien.registry.services import NewEntry, registry_append_many
from sangkien.review.models import Assessment, Call

ASSESSMENT = "assessment"

_NOTICES = {
    "review.invited": gettext_noop(
        "You are invited to review for the call “%(call)s”: answer by %(due)s."),
    "review.assigned": gettext_noop(
        "You have a new initiative to review in the call “%(call)s”, due %(due)s."),
    "review.reminded": gettext_noop(
        "Reminder: your review in the call “%(call)s” is due %(due)s."),
    "review.assessment_published": gettext_noop(
        "The assessment of your initiative in the call “%(call)s” is published."),
}


def _recipients(event: Event, call: Call) -> list[int]:
    if event.type == "review.invited" or event.type == "review.reminded":
        return [int(event.payload["expert"])]
    if event.type == "review.assigned":
        return sorted({int(expert) for _initiative, expert in event.payload["pairs"]})
    assessment = Assessment.objects.select_related("initiative").get(pk=event.subject_id)
    return [assessment.initiative.proposer_id]


@consumer("review.notifications")
def notify_about_reviews(event: Event) -> None:
    if event.type not in _NOTICES:
        return
    call = Call.objects.get(code=event.payload["call"]) if "call" in event.payload \
        else Call.objects.get(pk=event.subject_id)
    due = call.invitations_due if event.type == "review.invited" else call.reviews_due
    params = {"call": call.title, "due": timezone.localtime(due).strftime("%d/%m/%Y %H:%M")}
    for user_id in _recipients(event, call):
        Notification.objects.get_or_create(recipient_id=user_id, event=event,
                                           defaults={"text": _NOTICES[event.type],
                                                     "params": params})


@consumer("review.registry", batch=True)
def record_published_assessments(events: list[Event]) -> None:
    ids = [int(e.subject_id) for e in events if e.type == "review.assessment_published"]
    if not ids:
        return
    found = Assessment.objects.select_related("initiative").in_bulk(ids)
    registry_append_many([NewEntry(ASSESSMENT, found[i], found[i].version, {
        "type": ASSESSMENT, "call": found[i].call_id, "initiative": found[i].initiative_id,
        "version": found[i].version, "content_sha256": found[i].content_sha256,
        "published_at": found[i].published_at.isoformat().replace("+00:00", "Z"),
    }) for i in ids])

"""Every write to initiatives: drafting, submission with its frozen version, lifecycle, routing.

Each function runs in one transaction, locks the initiative row before reading its state
(so two officers, or a double-clicked submit, cannot both succeed), and records its event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import Membership, ProcessingUnit, UnitLevel, User
from sangkien.accounts.permissions import is_admin
from sangkien.accounts.services import check_field_codes
from sangkien.core.calendar import work_calendar
from sangkien.core.events import record_event
from sangkien.core.text import fold
from sangkien.initiatives import lifecycle, routing
from sangkien.initiatives.models import (
    Category,
    Demand,
    DemandState,
    Initiative,
    InitiativeAuthor,
    InitiativeVersion,
    RoutingRule,
)

# What a proposer writes; everything else is set by the platform.
CONTENT_FIELDS = (
    "title", "summary", "description", "current_solution", "purpose", "novelty", "steps",
    "applicability", "expected_benefits", "money_saved", "money_saved_method", "fields", "trl",
    "category", "demand", "province", "ward", "organisation",
)
# Required before an initiative can be submitted (a draft may be incomplete).
REQUIRED_TO_SUBMIT = ("title", "summary", "description", "current_solution", "purpose",
                      "novelty", "applicability", "expected_benefits")


_RECEIPT_EVENTS = {"submit": "initiative.submitted", "resubmit": "initiative.resubmitted"}


@dataclass(frozen=True)
class AuthorShare:
    name: str
    share: Decimal | str
    email: str = ""
    user: User | None = None


def _check_authors(authors: Sequence[AuthorShare]) -> list[tuple[AuthorShare, Decimal]]:
    if not authors:
        raise ValidationError({"authors": "list at least one author"})
    checked = []
    for author in authors:
        try:
            share = Decimal(str(author.share))
        except InvalidOperation:
            raise ValidationError({"authors": f"share {author.share!r} is not a number"}) from None
        if not author.name.strip():
            raise ValidationError({"authors": "every author needs a name"})
        if not Decimal(0) < share <= Decimal(100):
            raise ValidationError({"authors": f"share of {author.name} must be above 0 and "
                                              "at most 100%"})
        checked.append((author, share))
    total = sum((share for _, share in checked), Decimal(0))
    if total != Decimal(100):
        raise ValidationError({"authors": f"contribution shares must sum to 100%, not {total}%"})
    return checked


def _apply_content(initiative: Initiative, content: Mapping[str, Any]) -> None:
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError({name: "not a field of an initiative" for name in unknown})
    for name, value in content.items():
        setattr(initiative, name, value)
    initiative.fields = check_field_codes(initiative.fields, required=True)
    ward = initiative.ward
    if ward is not None and ward.province_id != initiative.province_id:
        raise ValidationError({"ward": "the commune or ward is not in the chosen province"})
    if initiative.organisation_id is not None and not Membership.objects.filter(
            organisation_id=initiative.organisation_id, user_id=initiative.proposer_id,
            ended_on__isnull=True).exists():
        raise ValidationError({"organisation": _("You can only propose on behalf of an "
                                                 "organisation you currently belong to.")})
    if initiative.category == Category.ORDERED and initiative.demand_id is None:
        raise ValidationError({"demand": "an ordered initiative must answer a demand"})
    if initiative.demand_id is not None and not Demand.objects.filter(
            pk=initiative.demand_id, state=DemandState.OPEN).exists():
        raise ValidationError({"demand": "this demand is no longer open"})
    initiative.full_clean(exclude=["proposer", "state", "unit"])
    initiative.public_text_folded = public_text_folded(initiative)


# The parts of the description form that publishing the full description makes public.
DESCRIPTION_FIELDS = ("description", "current_solution", "purpose", "novelty", "steps",
                      "applicability", "expected_benefits")


def public_text_folded(initiative: Initiative) -> str:
    """What public search may match: title and summary, and the description once published."""
    parts = [initiative.title, initiative.summary]
    if initiative.description_public:
        parts += [getattr(initiative, name) for name in DESCRIPTION_FIELDS]
    return fold(" ".join(parts))


def _save_authors(initiative: Initiative, authors: Sequence[AuthorShare]) -> None:
    checked = _check_authors(authors)
    initiative.authors.all().delete()
    InitiativeAuthor.objects.bulk_create(
        InitiativeAuthor(initiative=initiative, user=a.user, name=a.name.strip(),
                         email=a.email, share=share, position=n)
        for n, (a, share) in enumerate(checked)
    )


@transaction.atomic
def initiative_create(proposer: User, content: Mapping[str, Any],
                      authors: Sequence[AuthorShare]) -> Initiative:
    initiative = Initiative(proposer=proposer)
    _apply_content(initiative, content)
    initiative.save()
    _save_authors(initiative, authors)
    record_event("initiative.drafted", initiative, actor=proposer,
                 province=initiative.province)
    return initiative


def _locked(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _require_proposer(initiative: Initiative, actor: User) -> None:
    if initiative.proposer_id != actor.pk:
        raise PermissionDenied("only the proposer may do this")


def is_officer_of(user: User, unit: ProcessingUnit | None) -> bool:
    if unit is None:
        return False
    return bool(is_admin(user) or unit.postings.filter(user=user).exists())


@transaction.atomic
def initiative_update(initiative: Initiative, actor: User, content: Mapping[str, Any],
                      authors: Sequence[AuthorShare] | None = None) -> Initiative:
    initiative = _locked(initiative)
    _require_proposer(initiative, actor)
    if initiative.state not in lifecycle.EDITABLE:
        raise lifecycle.IllegalTransition(
            f"an initiative that is {initiative.state} can no longer be edited", "not_editable")
    _apply_content(initiative, content)
    initiative.save()
    if authors is not None:
        _save_authors(initiative, authors)
    record_event("initiative.edited", initiative, actor=actor, unit=initiative.unit,
                 province=initiative.province, payload={"fields": sorted(content)})
    return initiative


def frozen_content(initiative: Initiative) -> dict[str, Any]:
    """The version's content: what the proposer wrote, with ids for related rows."""
    content: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        value = getattr(initiative, name + "_id", None) if name in (
            "demand", "province", "ward", "organisation") else getattr(initiative, name)
        content[name] = str(value) if isinstance(value, Decimal) else value
    content["authors"] = [{"name": a.name, "user": a.user_id, "share": str(a.share)}
                          for a in initiative.authors.all()]
    return content


def content_digest(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _missing_for_submission(initiative: Initiative) -> dict[str, str]:
    return {name: "required before submission" for name in REQUIRED_TO_SUBMIT
            if not str(getattr(initiative, name) or "").strip()}


def route(initiative: Initiative) -> ProcessingUnit:
    routes = [routing.Route(r.unit_id, r.province_id, r.field_prefix)
              for r in RoutingRule.objects.all()]
    national = ProcessingUnit.objects.filter(level=UnitLevel.NATIONAL).order_by("id").first()
    if national is None:
        raise ValidationError("no national processing unit is configured to receive initiatives")
    unit_id = routing.choose_unit(routes, initiative.province_id, initiative.fields, national.pk)
    return ProcessingUnit.objects.get(pk=unit_id)


def screening_deadline(unit: ProcessingUnit | None, received: datetime) -> date:
    """The unit's screening deadline in working days, Vietnamese public holidays included."""
    day = timezone.localdate(received)
    calendar = work_calendar(range(day.year, day.year + 2))
    return calendar.add_working_days(day, unit.screening_days if unit else 5)


@transaction.atomic
def initiative_submit(initiative: Initiative, actor: User) -> InitiativeVersion:
    """Freeze a version, route it, record the server's time of receipt."""
    initiative = _locked(initiative)
    _require_proposer(initiative, actor)
    name = "resubmit" if initiative.state == lifecycle.State.RETURNED else "submit"
    transition = lifecycle.plan(name, lifecycle.State(initiative.state), lifecycle.Party.PROPOSER)
    missing = _missing_for_submission(initiative)
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    content = frozen_content(initiative)
    number = initiative.versions.count() + 1
    version = InitiativeVersion.objects.create(
        initiative=initiative, number=number, content=content,
        content_sha256=content_digest(content), received_at=now,
        attachments=[{"id": a.pk, "name": a.name, "sha256": a.sha256, "size": a.size}
                     for a in initiative.attachments.filter(removed_at__isnull=True)],
    )
    if initiative.unit_id is None:
        initiative.unit = route(initiative)
    initiative.screening_due = screening_deadline(initiative.unit, now)
    initiative.state = transition.target
    initiative.first_received_at = initiative.first_received_at or now
    initiative.received_at = now
    initiative.save(update_fields=["unit", "state", "first_received_at", "received_at",
                                   "screening_due", "updated_at"])
    # The registry (proof of priority) consumes this event and issues the receipt.
    record_event(_RECEIPT_EVENTS[name], initiative, actor=actor, unit=initiative.unit,
                 province=initiative.province,
                 payload={"version": number, "content_sha256": version.content_sha256,
                          "attachments": version.attachments,
                          "received_at": now.isoformat()})
    return version


@transaction.atomic
def initiative_transition(initiative: Initiative, name: str, actor: User,
                          reason: str = "", checks: Sequence[str] = ()) -> Initiative:
    """Any lifecycle step other than (re)submission, by the party the step belongs to.

    Accepting for review needs every item of the unit's screening checklist in `checks`.
    """
    if name in ("submit", "resubmit"):
        raise lifecycle.IllegalTransition("use initiative_submit to submit", "use_submit")
    initiative = _locked(initiative)
    transition = lifecycle.TRANSITIONS.get(name)
    party = transition.party if transition else lifecycle.Party.OFFICER
    if party is lifecycle.Party.PROPOSER:
        _require_proposer(initiative, actor)
    elif not is_officer_of(actor, initiative.unit):
        raise PermissionDenied("only an officer of the handling unit may do this")
    transition = lifecycle.plan(name, lifecycle.State(initiative.state), party, reason)
    payload: dict[str, Any] = {}
    if name == "accept_for_review":
        initiative.screening_checks = _confirmed_checklist(initiative, checks)
        payload["checks"] = initiative.screening_checks
    previous = initiative.state
    initiative.state = transition.target
    initiative.save(update_fields=["state", "screening_checks", "updated_at"])
    record_event(f"initiative.{name}", initiative, actor=actor, unit=initiative.unit,
                 province=initiative.province,
                 payload={"from": previous, "to": transition.target.value,
                          "reason": reason.strip(), **payload})
    return initiative


def _confirmed_checklist(initiative: Initiative, checks: Sequence[str]) -> list[str]:
    required = list(initiative.unit.screening_checklist) if initiative.unit else []
    missing = [item for item in required if item not in set(checks)]
    if missing:
        raise ValidationError({"checks": ValidationError(
            _("Confirm every item of the unit's screening checklist first; not confirmed: "
              "%(missing)s"), code="checklist_incomplete",
            params={"missing": "; ".join(missing)})})
    return required


@transaction.atomic
def initiative_publish_description(initiative: Initiative, actor: User,
                                   public: bool) -> Initiative:
    """The proposer makes the full description public (or private again)."""
    initiative = _locked(initiative)
    _require_proposer(initiative, actor)
    if initiative.description_public == public:
        return initiative
    initiative.description_public = public
    initiative.public_text_folded = public_text_folded(initiative)
    initiative.save(update_fields=["description_public", "public_text_folded", "updated_at"])
    record_event("initiative.description_published" if public
                 else "initiative.description_unpublished", initiative, actor=actor,
                 unit=initiative.unit, province=initiative.province)
    return initiative


@transaction.atomic
def initiative_reassign(initiative: Initiative, unit: ProcessingUnit, actor: User,
                        reason: str) -> Initiative:
    initiative = _locked(initiative)
    if not is_officer_of(actor, initiative.unit):
        raise PermissionDenied("only an officer of the handling unit may reassign")
    if not reason.strip():
        raise ValidationError({"reason": "a reassignment needs a reason"})
    if initiative.state not in lifecycle.WAITING_FOR_UNIT:
        raise lifecycle.IllegalTransition(
            f"an initiative that is {initiative.state} cannot be reassigned")
    previous = initiative.unit
    initiative.unit = unit
    initiative.save(update_fields=["unit", "updated_at"])
    record_event("initiative.reassigned", initiative, actor=actor, unit=unit,
                 province=initiative.province,
                 payload={"from_unit": previous.pk if previous else None, "to_unit": unit.pk,
                          "reason": reason.strip()})
    return initiative


def routing_rule_set(unit: ProcessingUnit, *, provinces: Iterable[Any] = (),
                     field_prefix: str = "", actor: User | None = None) -> None:
    """Configure routes for a unit (admin tooling and the demo use it)."""
    with transaction.atomic():
        for province in provinces or [None]:
            RoutingRule.objects.update_or_create(
                province=province, field_prefix=field_prefix, defaults={"unit": unit})
        record_event("unit.routing_changed", unit, actor=actor, unit=unit,
                     payload={"provinces": [p.code for p in provinces if p],
                              "field_prefix": field_prefix})

"""Every write to accounts, organisations, units and expert profiles, each with its event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangkien.accounts.models import (
    FIELD_CODES,
    ExpertProfile,
    Membership,
    Organisation,
    ProcessingUnit,
    Role,
    RoleGrant,
    UnitOfficer,
    User,
)
from sangkien.accounts.permissions import is_admin
from sangkien.core.events import record_event
from sangkien.geo.models import Province


def _require_admin(actor: User | None) -> None:
    # actor None means the platform itself (a command, a migration, the demo loader).
    if actor is not None and not is_admin(actor):
        raise PermissionDenied("only an administrator may do this")


@transaction.atomic
def user_register(user: User) -> User:
    """A new account (already saved by sign-up) starts as a proposer."""
    RoleGrant.objects.get_or_create(user=user, role=Role.PROPOSER)
    record_event("account.registered", user, actor=user, province=user.province,
                 payload={"roles": [Role.PROPOSER]})
    return user


@transaction.atomic
def role_grant(user: User, role: str, *, actor: User | None = None) -> RoleGrant:
    _require_admin(actor)
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}"})
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, defaults={"granted_by": actor}
    )
    if created:
        if role == Role.ADMIN:
            # Platform administrators run everything, the Django admin included.
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        record_event("account.role_granted", user, actor=actor, payload={"role": role})
    return grant


@transaction.atomic
def role_revoke(user: User, role: str, *, actor: User | None = None) -> None:
    _require_admin(actor)
    deleted, _ = RoleGrant.objects.filter(user=user, role=role).delete()
    if deleted:
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
        record_event("account.role_revoked", user, actor=actor, payload={"role": role})


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, province: Province | None = None, tax_code: str = "",
    country: str = "VN", website: str = "", actor: User | None = None,
) -> Organisation:
    organisation = Organisation(name=name.strip(), kind=kind, province=province,
                                tax_code=tax_code, country=country, website=website)
    organisation.full_clean()
    organisation.save()
    record_event("organisation.created", organisation, actor=actor, province=province,
                 payload={"name": organisation.name, "kind": kind})
    return organisation


@transaction.atomic
def membership_add(
    organisation: Organisation, user: User, *, title: str = "",
    started_on: date | None = None, ended_on: date | None = None, actor: User | None = None,
) -> Membership:
    membership = Membership(organisation=organisation, user=user, title=title,
                            started_on=started_on, ended_on=ended_on)
    membership.full_clean()
    membership.save()
    record_event("organisation.member_added", organisation, actor=actor,
                 province=organisation.province,
                 payload={"user": user.pk, "title": title})
    return membership


@transaction.atomic
def unit_create(
    *, code: str, name: str, level: str, territory: Iterable[Province] = (),
    email: str = "", screening_checklist: Iterable[str] = (), actor: User | None = None,
) -> ProcessingUnit:
    _require_admin(actor)
    unit = ProcessingUnit(code=code, name=name, level=level, email=email,
                          screening_checklist=[item.strip() for item in screening_checklist
                                               if item.strip()])
    unit.full_clean()
    unit.save()
    provinces = list(territory)
    unit.territory.set(provinces)
    record_event("unit.created", unit, actor=actor, unit=unit,
                 payload={"code": code, "territory": [p.code for p in provinces]})
    return unit


@transaction.atomic
def unit_officer_add(
    unit: ProcessingUnit, user: User, *, is_leader: bool = False, actor: User | None = None,
) -> UnitOfficer:
    _require_admin(actor)
    posting, created = UnitOfficer.objects.update_or_create(
        unit=unit, user=user, defaults={"is_leader": is_leader}
    )
    RoleGrant.objects.get_or_create(user=user, role=Role.OFFICER, defaults={"granted_by": actor})
    record_event("unit.officer_added", unit, actor=actor, unit=unit,
                 payload={"user": user.pk, "is_leader": is_leader, "new": created})
    return posting


MAX_SCREENING_DAYS = 60
MAX_CHECKLIST_ITEMS = 20
MAX_CHECKLIST_ITEM_LENGTH = 300


@transaction.atomic
def unit_screening_set(unit: ProcessingUnit, actor: User, *, screening_days: int,
                       checklist: Iterable[str]) -> ProcessingUnit:
    """A unit's leader (or an admin) sets its screening deadline and completeness checklist."""
    unit = ProcessingUnit.objects.select_for_update().get(pk=unit.pk)
    if not (is_admin(actor) or unit.postings.filter(user=actor, is_leader=True).exists()):
        raise PermissionDenied("only the unit's leader may change how it screens")
    items = [item.strip() for item in checklist if item.strip()]
    errors = {}
    if not 1 <= screening_days <= MAX_SCREENING_DAYS:
        errors["screening_days"] = _("The deadline must be from 1 to %(max)s working days.") % {
            "max": MAX_SCREENING_DAYS}
    if len(items) > MAX_CHECKLIST_ITEMS or any(len(i) > MAX_CHECKLIST_ITEM_LENGTH for i in items):
        errors["screening_checklist"] = _(
            "At most %(items)s items of at most %(length)s characters each.") % {
                "items": MAX_CHECKLIST_ITEMS, "length": MAX_CHECKLIST_ITEM_LENGTH}
    if errors:
        raise ValidationError(errors)
    before = {"screening_days": unit.screening_days, "checklist": unit.screening_checklist}
    unit.screening_days, unit.screening_checklist = screening_days, items
    unit.save(update_fields=["screening_days", "screening_checklist"])
    record_event("unit.screening_changed", unit, actor=actor, unit=unit,
                 payload={"before": before,
                          "after": {"screening_days": screening_days, "checklist": items}})
    return unit


def check_field_codes(codes: Iterable[str], *, required: bool = False) -> list[str]:
    """The codes without repeats, or a ValidationError on `fields` naming the unknown ones."""
    codes = list(dict.fromkeys(codes))
    if required and not codes:
        raise ValidationError({"fields": "choose at least one field of science and technology"})
    unknown = [c for c in codes if c not in FIELD_CODES]
    if unknown:
        raise ValidationError({"fields": f"unknown field of science: {', '.join(unknown)}"})
    return codes


@transaction.atomic
def expert_profile_save(
    user: User, *, fields: Iterable[str], keywords: Iterable[str] = (),
    languages: Iterable[str] = ("vi",), country: str = "VN", affiliation: str = "",
    biography: str = "", available: bool = True, actor: User | None = None,
) -> ExpertProfile:
    if actor is not None and actor != user:
        _require_admin(actor)
    profile, created = ExpertProfile.objects.update_or_create(
        user=user,
        defaults={
            "fields": check_field_codes(fields),
            "keywords": [k.strip() for k in keywords if k.strip()],
            "languages": list(languages),
            "country": country.upper(),
            "affiliation": affiliation,
            "biography": biography,
            "available": available,
        },
    )
    RoleGrant.objects.get_or_create(user=user, role=Role.EXPERT)
    record_event("expert.profile_saved", profile, actor=actor or user,
                 payload={"fields": profile.fields, "country": profile.country, "new": created})
    return profile


# Security-relevant account activity, for the audit trail. No secrets go into the payload.
SECURITY_EVENTS = frozenset({
    "account.logged_in", "account.password_changed", "account.password_reset",
    "account.email_confirmed", "account.email_changed", "account.mfa_added",
    "account.mfa_removed",
})


@transaction.atomic
def account_activity_record(user: User, event_type: str, **payload: str) -> None:
    if event_type not in SECURITY_EVENTS:
        raise ValueError(f"not an account security event: {event_type!r}")
    record_event(event_type, user, actor=user, payload=payload)

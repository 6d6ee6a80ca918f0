"""Every write to demands (đặt hàng): posting, closing, awarding to an initiative."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sangkien.accounts.models import Role, User
from sangkien.accounts.permissions import has_role, is_admin
from sangkien.accounts.services import check_field_codes
from sangkien.core.events import record_event
from sangkien.core.text import fold
from sangkien.initiatives.lifecycle import IllegalTransition
from sangkien.initiatives.models import Demand, DemandState, Initiative

DEMAND_FIELDS = ("title", "problem", "outcome", "budget_min", "budget_max", "deadline",
                 "province", "fields", "contact_name", "contact_email", "contact_phone",
                 "organisation")


def _check(demand: Demand) -> None:
    demand.fields = check_field_codes(demand.fields, required=True)
    if (demand.budget_min is not None and demand.budget_max is not None
            and demand.budget_max < demand.budget_min):
        raise ValidationError({"budget_max": "the budget range ends below its start"})
    demand.full_clean(exclude=["orderer", "state", "awarded_to"])
    demand.public_text_folded = fold(f"{demand.title} {demand.problem} {demand.outcome}")


@transaction.atomic
def demand_post(orderer: User, content: Mapping[str, Any]) -> Demand:
    if not (has_role(orderer, Role.ORDERER) or is_admin(orderer)):
        raise PermissionDenied("only an orderer (a business or a local authority) may post")
    unknown = set(content) - set(DEMAND_FIELDS)
    if unknown:
        raise ValidationError({name: "not a field of a demand" for name in unknown})
    demand = Demand(orderer=orderer, **content)
    _check(demand)
    demand.save()
    record_event("demand.posted", demand, actor=orderer, province=demand.province,
                 payload={"title": demand.title})
    return demand


def _locked_own(demand: Demand, actor: User) -> Demand:
    demand = Demand.objects.select_for_update().get(pk=demand.pk)
    if demand.orderer_id != actor.pk and not is_admin(actor):
        raise PermissionDenied("only the orderer may change this demand")
    if demand.state != DemandState.OPEN:
        raise IllegalTransition(f"the demand is already {demand.state}")
    return demand


@transaction.atomic
def demand_close(demand: Demand, actor: User, reason: str = "") -> Demand:
    demand = _locked_own(demand, actor)
    demand.state = DemandState.CLOSED
    demand.save(update_fields=["state"])
    record_event("demand.closed", demand, actor=actor, province=demand.province,
                 payload={"reason": reason.strip()})
    return demand


@transaction.atomic
def demand_award(demand: Demand, initiative: Initiative, actor: User) -> Demand:
    demand = _locked_own(demand, actor)
    if initiative.demand_id != demand.pk:
        raise ValidationError({"initiative": "this initiative does not answer this demand"})
    if initiative.state in ("draft", "withdrawn"):
        raise ValidationError({"initiative": "a draft or withdrawn initiative cannot be awarded"})
    demand.state = DemandState.AWARDED
    demand.awarded_to = initiative
    demand.save(update_fields=["state", "awarded_to"])
    record_event("demand.awarded", demand, actor=actor, province=demand.province,
                 payload={"initiative": initiative.pk})
    return demand

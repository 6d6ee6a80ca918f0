"""Writes of the operations centre: targets set by leaders."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangkien.accounts.models import ProcessingUnit
from sangkien.core.events import record_event
from sangkien.ioc.models import Target
from sangkien.ioc.selectors import sees_every_unit


def may_set_target(user: Any, unit: ProcessingUnit | None) -> bool:
    """Leaders of every unit set any target; a unit's leader sets their unit's."""
    if sees_every_unit(user):
        return True
    return unit is not None and unit.postings.filter(user=user, is_leader=True).exists()


@transaction.atomic
def target_set(unit: ProcessingUnit | None, share: str | Decimal, actor: Any) -> Target:
    if not may_set_target(actor, unit):
        raise PermissionDenied(_("Only a leader of the unit may set its target."))
    try:
        value = Decimal(str(share).strip().rstrip("%").replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValidationError({"on_time_share": [
            _("A target is a share from 0 to 100 per cent.")]})
    target = Target.objects.filter(unit=unit).first() or Target(unit=unit)
    target.on_time_share, target.set_by = value.quantize(Decimal("0.1")), actor
    target.set_at = timezone.now()
    target.save()
    record_event("ioc.target_set", target, actor=actor, unit=unit,
                 payload={"on_time_share": str(target.on_time_share)})
    return target

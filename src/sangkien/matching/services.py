"""Writes of the matching app: an investor's interests."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sangkien.accounts.models import Role, User
from sangkien.accounts.permissions import has_role, is_admin
from sangkien.accounts.services import check_field_codes
from sangkien.core.events import record_event
from sangkien.geo.models import Province
from sangkien.matching.models import InvestorInterest


def interest_save(investor: User, fields: Sequence[str], provinces: Sequence[Province],
                  keywords: str) -> InvestorInterest:
    if not (has_role(investor, Role.INVESTOR) or is_admin(investor)):
        raise PermissionDenied(_("Only investors follow initiatives by their interests."))
    with transaction.atomic():
        interest, _created = InvestorInterest.objects.update_or_create(
            investor=investor, defaults={"fields": check_field_codes(list(fields)),
                                         "keywords": keywords.strip()})
        interest.provinces.set(provinces)
        record_event("investor.interest_saved", interest, actor=investor,
                     payload={"fields": interest.fields,
                              "provinces": sorted(p.pk for p in provinces)})
    return interest

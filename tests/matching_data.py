"""Initiatives submitted through the services and the index brought up to date, for the
matching tests (importable from any test)."""

from personas import HA_NOI

from sangkien.core.events import deliver_pending
from sangkien.geo.models import Province
from sangkien.initiatives import services as intake
from sangkien.initiatives.services import AuthorShare


def submit(proposer, title, summary, description="Mô tả chi tiết.", *, province=HA_NOI,
           fields=("2.2",), submit=True):
    """An initiative made and submitted through the services, as a proposer would."""
    initiative = intake.initiative_create(proposer, {
        "title": title, "summary": summary, "description": description,
        "current_solution": "Làm thủ công.", "purpose": "Tăng năng suất.", "novelty": "Mới.",
        "applicability": "Cả nước.", "expected_benefits": "Giảm chi phí.",
        "fields": list(fields), "trl": 5, "province": Province.objects.get(code=province)},
        [AuthorShare(proposer.full_name or "Tác giả", "100", user=proposer)])
    if submit:
        intake.initiative_submit(initiative, proposer)
    initiative.refresh_from_db()
    return initiative


def index_now():
    """What the worker does after each change."""
    return deliver_pending("matching.index")


def route_provinces(*units_and_codes):
    """A national unit, and each (unit, province code) routed to that unit."""
    from sangkien.accounts.models import ProcessingUnit, UnitLevel
    from sangkien.accounts.services import unit_create

    if not ProcessingUnit.objects.filter(level=UnitLevel.NATIONAL).exists():
        unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    for unit, code in units_and_codes:
        intake.routing_rule_set(unit, provinces=[Province.objects.get(code=code)])


def post_demand(orderer, title, problem, outcome, *, province=HA_NOI, fields=("2.2",)):
    import datetime
    from decimal import Decimal

    from sangkien.initiatives import demands

    return demands.demand_post(orderer, {
        "title": title, "problem": problem, "outcome": outcome,
        "budget_min": Decimal("100000000"), "budget_max": Decimal("500000000"),
        "deadline": datetime.date(2027, 6, 30), "province": Province.objects.get(code=province),
        "fields": list(fields), "contact_name": orderer.full_name,
        "contact_email": orderer.email})

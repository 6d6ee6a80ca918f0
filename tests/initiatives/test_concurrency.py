"""Concurrent requests on one initiative: exactly one conflicting action wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from personas import HA_NOI, make_user

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province
from sangkien.initiatives import services
from sangkien.initiatives.lifecycle import IllegalTransition
from sangkien.initiatives.models import Initiative, InitiativeVersion
from sangkien.initiatives.services import AuthorShare

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*calls):
    """Run the calls in threads released together; returns each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        except Exception as exc:  # collected for the assertions
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def submitted(hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    hanoi = Province.objects.get(code=HA_NOI)
    services.routing_rule_set(hanoi_unit, provinces=[hanoi])
    proposer = make_user("lan@example.vn", "Nguyễn Thị Lan", province_code=HA_NOI)
    initiative = services.initiative_create(proposer, {
        "title": "Máy sấy nông sản năng lượng mặt trời", "summary": "Sấy bằng nắng.",
        "description": "Chi tiết mật.", "current_solution": "Phơi sân.", "purpose": "Sấy nhanh.",
        "novelty": "Bộ tích nhiệt.", "applicability": "Nông hộ.", "expected_benefits": "Ít hư.",
        "fields": ["4.1"], "trl": 4, "province": hanoi,
    }, [AuthorShare("Nguyễn Thị Lan", "100")])
    return initiative, proposer


def test_double_clicked_submit_creates_one_version_and_one_event(submitted):
    initiative, proposer = submitted
    outcomes = _at_once(lambda: services.initiative_submit(initiative, proposer),
                        lambda: services.initiative_submit(initiative, proposer))
    assert sum(isinstance(o, InitiativeVersion) for o in outcomes) == 1
    assert sum(isinstance(o, IllegalTransition) for o in outcomes) == 1
    assert InitiativeVersion.objects.filter(initiative=initiative).count() == 1
    assert Event.objects.filter(type="initiative.submitted").count() == 1


def test_two_officers_cannot_both_win_conflicting_transitions(submitted, hanoi_unit):
    initiative, proposer = submitted
    services.initiative_submit(initiative, proposer)
    minh = make_user("minh@example.vn", "Trần Văn Minh")
    hoa = make_user("hoa@example.vn", "Lê Thị Hoa")
    accounts.unit_officer_add(hanoi_unit, minh)
    accounts.unit_officer_add(hanoi_unit, hoa)
    services.initiative_transition(initiative, "start_screening", minh)

    outcomes = _at_once(
        lambda: services.initiative_transition(initiative, "return_for_revision", minh,
                                               reason="Thiếu hồ sơ"),
        lambda: services.initiative_transition(initiative, "accept_for_review", hoa),
    )
    winners = [o for o in outcomes if isinstance(o, Initiative)]
    losers = [o for o in outcomes if isinstance(o, IllegalTransition)]
    assert len(winners) == 1 and len(losers) == 1
    initiative.refresh_from_db()
    assert initiative.state == winners[0].state
    decisions = Event.objects.filter(type__in=["initiative.return_for_revision",
                                               "initiative.accept_for_review"])
    assert decisions.count() == 1

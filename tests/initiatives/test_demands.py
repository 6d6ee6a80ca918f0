"""Demands (đặt hàng): posted by orderers, answered by initiatives, closed or awarded."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from personas import HA_NOI, make_user

from sangkien.accounts.models import Role
from sangkien.core.models import Event
from sangkien.geo.models import Province
from sangkien.initiatives import demands, services
from sangkien.initiatives.lifecycle import IllegalTransition
from sangkien.initiatives.models import Category, Demand
from sangkien.initiatives.services import AuthorShare

pytestmark = pytest.mark.django_db


@pytest.fixture
def orderer(db):
    return make_user("giamdoc@namcan.example.vn", "Đặng Văn Nam", roles=(Role.ORDERER,))


def demand_content(**changes):
    base = {
        "title": "Giải pháp giảm hao hụt tôm sau thu hoạch",
        "problem": "Tôm hao hụt 15% trong vận chuyển.",
        "outcome": "Giảm hao hụt xuống dưới 5%.",
        "budget_min": Decimal("200000000"), "budget_max": Decimal("800000000"),
        "deadline": datetime.date(2027, 6, 30),
        "province": Province.objects.get(code=HA_NOI), "fields": ["4.1"],
        "contact_name": "Đặng Văn Nam", "contact_email": "lienhe@namcan.example.vn",
    }
    base.update(changes)
    return base


def test_orderer_posts_a_demand(orderer):
    demand = demands.demand_post(orderer, demand_content())
    assert demand.state == "open"
    assert Event.objects.filter(type="demand.posted", subject_id=str(demand.pk)).exists()


def test_a_proposer_cannot_post_a_demand(proposer):
    with pytest.raises(PermissionDenied):
        demands.demand_post(proposer, demand_content())
    assert not Demand.objects.exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"budget_max": Decimal("100")}, "budget_max", "ends below its start"),
    ({"fields": ["7.7"]}, "fields", "unknown field of science: 7.7"),
    ({"contact_email": "không phải email"}, "contact_email", "Enter a valid email address"),
    ({"secret": "x"}, "secret", "not a field of a demand"),
])
def test_bad_demand_names_the_field_and_changes_nothing(orderer, changes, field, message):
    events = Event.objects.count()
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            demands.demand_post(orderer, demand_content(**changes))
        assert message in " ".join(error.value.message_dict[field])
    assert not Demand.objects.exists()
    assert Event.objects.count() == events


def test_initiative_answers_a_demand_which_is_then_awarded(orderer, proposer):
    demand = demands.demand_post(orderer, demand_content())
    answer = services.initiative_create(proposer, {
        "title": "Hộp bảo quản tôm lạnh sâu", "summary": "Giữ tôm sống lâu hơn.",
        "fields": ["4.1"], "trl": 6, "province": demand.province,
        "category": Category.ORDERED, "demand": demand,
    }, [AuthorShare("Nguyễn Thị Lan", "100")])
    with pytest.raises(ValidationError, match="draft or withdrawn"):
        demands.demand_award(demand, answer, orderer)
    answer.state = "in_review"
    answer.save(update_fields=["state"])
    demands.demand_award(demand, answer, orderer)
    demand.refresh_from_db()
    assert demand.state == "awarded" and demand.awarded_to == answer
    with pytest.raises(IllegalTransition, match="already awarded"):
        demands.demand_close(demand, orderer)


def test_closed_demand_takes_no_new_answers(orderer, proposer):
    demand = demands.demand_post(orderer, demand_content())
    demands.demand_close(demand, orderer, reason="Đã tìm được đối tác")
    with pytest.raises(ValidationError) as error:
        services.initiative_create(proposer, {
            "title": "Muộn", "summary": "Muộn.", "fields": ["4.1"], "trl": 3,
            "province": demand.province, "category": Category.ORDERED, "demand": demand,
        }, [AuthorShare("Nguyễn Thị Lan", "100")])
    assert "no longer open" in str(error.value.message_dict["demand"])


def test_only_the_orderer_closes_the_demand(orderer, proposer):
    demand = demands.demand_post(orderer, demand_content())
    with pytest.raises(PermissionDenied):
        demands.demand_close(demand, proposer)
    demand.refresh_from_db()
    assert demand.state == "open"

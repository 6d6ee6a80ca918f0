"""The JSON API of demands: public reading, posting by orderers, closing and awarding."""

from __future__ import annotations

import json

import pytest
from matching_data import index_now
from personas import HA_NOI, make_user

from sangkien.accounts import services as accounts
from sangkien.accounts.models import Role, UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province
from sangkien.initiatives import services
from sangkien.initiatives.models import Category, Demand

pytestmark = pytest.mark.django_db
ENGLISH = {"accept-language": "en"}


def body(**changes):
    data = {"title": "Xử lý nước thải làng nghề bún", "problem": "Nước thải hữu cơ gây mùi.",
            "outcome": "Đạt QCVN 40 cột B.", "budget_min": "300000000",
            "budget_max": "900000000", "deadline": "2027-09-30", "province": HA_NOI,
            "fields": ["2.7"], "contact_name": "Phạm Thu", "contact_email": "thu@ubnd.example.vn"}
    data.update(changes)
    return data


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json",
                       headers=ENGLISH)


@pytest.fixture
def orderer(db):
    return make_user("ubnd@example.vn", "UBND xã", roles=(Role.ORDERER,))


def counts():
    return Demand.objects.count(), Event.objects.count()


def test_orderer_posts_and_anyone_reads(client, orderer):
    client.force_login(orderer)
    created = post(client, "/api/v1/demands", body())
    assert created.status_code == 201, created.content
    assert created.json()["budget_min"] == "300000000"
    client.logout()
    index_now()
    listing = client.get("/api/v1/demands", {"q": "nuoc thai lang nghe"}).json()
    assert [d["id"] for d in listing["items"]] == [created.json()["id"]]
    assert client.get(f"/api/v1/demands/{created.json()['id']}").json()["contact_email"] == \
        "thu@ubnd.example.vn"


@pytest.mark.parametrize(("changes", "field", "rule"), [
    ({"budget_max": "1000"}, "budget_max", "the budget range ends below its start"),
    ({"province": 4242}, "province", "There is no province with the code 4242."),
    ({"fields": []}, "fields", ""),
    ({"deadline": "30/09/2027"}, "deadline", "date"),
    ({"contact_email": "not-an-email"}, "contact_email", "Enter a valid email address."),
])
def test_bad_demand_names_the_rule_and_changes_nothing(client, orderer, changes, field, rule):
    client.force_login(orderer)
    before = counts()
    response = post(client, "/api/v1/demands", body(**changes))
    assert response.status_code == 422, response.content
    assert any(rule in m for m in response.json()["errors"][field]), response.json()
    assert counts() == before


def test_only_orderers_post_and_only_the_owner_closes(client, orderer, proposer):
    client.force_login(proposer)
    before = counts()
    assert post(client, "/api/v1/demands", body()).status_code == 403
    assert counts() == before
    client.force_login(orderer)
    demand_id = post(client, "/api/v1/demands", body()).json()["id"]
    client.force_login(make_user("khac@example.vn", roles=(Role.ORDERER,)))
    before = counts()
    assert post(client, f"/api/v1/demands/{demand_id}/close", {}).status_code == 403
    assert counts() == before
    client.force_login(orderer)
    closed = post(client, f"/api/v1/demands/{demand_id}/close", {"reason": "Đã có giải pháp."})
    assert closed.json()["state"] == "closed"
    again = post(client, f"/api/v1/demands/{demand_id}/close", {})
    assert again.status_code == 409


def test_award_goes_to_an_initiative_that_answers(client, orderer, proposer, hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    client.force_login(orderer)
    demand = Demand.objects.get(pk=post(client, "/api/v1/demands", body()).json()["id"])
    answer = services.initiative_create(proposer, {
        "title": "Bể lọc sinh học cho nước thải bún", "summary": "Lọc kỵ khí rồi hiếu khí.",
        "description": "Bí mật.", "current_solution": "Xả thẳng.", "purpose": "Sạch nước.",
        "novelty": "Giá thể tre.", "applicability": "Làng nghề.", "expected_benefits": "Hết mùi.",
        "fields": ["2.7"], "trl": 6, "category": Category.ORDERED, "demand": demand,
        "province": Province.objects.get(code=HA_NOI),
    }, [services.AuthorShare("Nguyễn Thị Lan", "100")])
    before = counts()
    assert post(client, f"/api/v1/demands/{demand.pk}/award",
                {"initiative": answer.pk}).status_code == 422  # a draft is not an answer yet
    assert counts() == before
    services.initiative_submit(answer, proposer)
    awarded = post(client, f"/api/v1/demands/{demand.pk}/award", {"initiative": answer.pk})
    assert (awarded.json()["state"], awarded.json()["awarded_to"]) == ("awarded", answer.pk)

"""The JSON API of initiatives: same rules as the pages, errors a program can read, and the
database untouched by any refused request."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from matching_data import index_now
from personas import HA_NOI, make_user

from sangkien.accounts import services as accounts
from sangkien.accounts.models import Role, UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province
from sangkien.initiatives import services
from sangkien.initiatives.models import Initiative, InitiativeAuthor, InitiativeVersion

pytestmark = pytest.mark.django_db

SECRET = "Sơ đồ điều khiển bí mật K-9"
ENGLISH = {"accept-language": "en"}


def body(**changes):
    data = {"title": "Robot hàn ống thép tự hành", "summary": "Hàn ống dẫn khí trong nhà máy.",
            "description": SECRET, "current_solution": "Hàn tay.", "purpose": "Năng suất.",
            "novelty": "Cảm biến laser rẻ.", "applicability": "Nhà máy đóng tàu.",
            "expected_benefits": "Tăng 3 lần năng suất.", "fields": ["2.3"], "trl": 5,
            "province": HA_NOI, "authors": [{"name": "Nguyễn Thị Lan", "share": "70"},
                                             {"name": "Lê Văn Hùng", "share": "30"}]}
    data.update(changes)
    return data


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json",
                       headers=ENGLISH)


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json",
                        headers=ENGLISH)


def state():
    return (list(Initiative.objects.values()), list(InitiativeAuthor.objects.values()),
            list(InitiativeVersion.objects.values()), Event.objects.count())


@pytest.fixture
def routed(hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    return hanoi_unit


@pytest.fixture
def lan(client, proposer):
    client.force_login(proposer)
    return client


def test_proposer_drafts_edits_and_submits_through_the_api(lan, routed):
    created = post(lan, "/api/v1/initiatives", body())
    assert created.status_code == 201, created.content
    draft = created.json()
    assert (draft["state"], draft["description"], draft["confidential"]) == ("draft", SECRET,
                                                                              True)
    assert [a["share"] for a in draft["authors"]] == ["70.00", "30.00"]
    assert draft["allowed_transitions"] == ["submit", "withdraw"]
    changed = patch(lan, f"/api/v1/initiatives/{draft['id']}", {"trl": 6})
    assert changed.json()["trl"] == 6 and changed.json()["title"] == body()["title"]
    submitted = post(lan, f"/api/v1/initiatives/{draft['id']}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["state"] == "submitted"
    assert submitted.json()["unit"]["code"] == routed.code
    assert [v["number"] for v in submitted.json()["versions"]] == [1]
    mine = lan.get("/api/v1/initiatives/mine").json()
    assert [m["id"] for m in mine] == [draft["id"]]


def _submitted(proposer):
    initiative = services.initiative_create(proposer, {
        **{k: v for k, v in body().items() if k not in ("authors", "province")},
        "province": Province.objects.get(code=HA_NOI)},
        [services.AuthorShare("Nguyễn Thị Lan", "100")])
    services.initiative_submit(initiative, proposer)
    return initiative


def test_catalogue_lists_public_parts_with_filters_and_pages(client, proposer, routed):
    first = _submitted(proposer)
    _submitted(proposer)
    services.initiative_create(proposer, {
        **{k: v for k, v in body(title="Bản nháp riêng").items()
           if k not in ("authors", "province")}, "province": Province.objects.get(code=HA_NOI)},
        [services.AuthorShare("Nguyễn Thị Lan", "100")])
    index_now()
    page = client.get("/api/v1/initiatives", {"q": "robot han ong", "page_size": 1}).json()
    assert (page["count"], page["page"], page["page_size"], len(page["items"])) == (2, 1, 1, 1)
    assert SECRET not in json.dumps(page) and "Bản nháp riêng" not in json.dumps(page)
    assert set(page["items"][0]) == {"id", "title", "summary", "fields", "trl", "category",
                                     "state", "province", "first_received_at", "url"}
    assert client.get("/api/v1/initiatives", {"province": 79}).json()["count"] == 0
    assert client.get("/api/v1/initiatives", {"field": "2"}).json()["count"] == 2
    detail = client.get(f"/api/v1/initiatives/{first.pk}").json()
    assert detail["confidential"] is False and detail["description"] is None
    assert detail["authors"] is None and detail["attachments"] is None
    assert SECRET not in json.dumps(detail)


def test_query_count_does_not_grow_with_the_page_size(client, proposer, routed):
    for _ in range(6):
        _submitted(proposer)
    counts = []
    for size in (2, 6):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get("/api/v1/initiatives", {"page_size": size}).json()["items"]) \
                == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("changes", "field", "rule"), [
    ({"title": ""}, "title", "This field cannot be blank."),
    ({"title": "x" * 256}, "title", "at most 255 characters"),
    ({"authors": [{"name": "A", "share": "60"}, {"name": "B", "share": "30"}]}, "authors",
     "contribution shares must sum to 100%, not 90%"),
    ({"province": 99}, "province", "There is no province with the code 99."),
    ({"trl": 10}, "trl", "Ensure this value is less than or equal to 9."),
    ({"fields": ["9.9"]}, "fields", "9.9"),
    ({"trl": "năm"}, "trl", "valid integer"),
])
def test_bad_input_names_field_and_rule_and_changes_nothing(lan, changes, field, rule):
    before = state()
    response = post(lan, "/api/v1/initiatives", body(**changes))
    assert response.status_code == 422, response.content
    problem = response.json()
    assert problem["code"] == "invalid"
    assert any(rule in message for message in problem["errors"][field]), problem
    assert state() == before


def test_illegal_and_unauthorised_transitions_are_refused_and_change_nothing(
        client, proposer, officer_hanoi, officer_hcm, routed):
    initiative = _submitted(proposer)
    before = state()
    client.force_login(officer_hanoi)
    illegal = post(client, f"/api/v1/initiatives/{initiative.pk}/transitions/select",
                   {"reason": "Tốt"})
    assert illegal.status_code == 409 and illegal.json()["code"]
    client.force_login(officer_hcm)
    wrong_unit = post(client, f"/api/v1/initiatives/{initiative.pk}/transitions/start_screening")
    assert wrong_unit.status_code == 403
    client.force_login(proposer)
    wrong_role = post(client, f"/api/v1/initiatives/{initiative.pk}/transitions/start_screening")
    assert wrong_role.status_code == 403
    edit_after_submit = patch(client, f"/api/v1/initiatives/{initiative.pk}", {"trl": 2})
    assert edit_after_submit.status_code == 409
    client.logout()
    anonymous = post(client, f"/api/v1/initiatives/{initiative.pk}/transitions/withdraw")
    assert anonymous.status_code == 401
    assert state() == before
    client.force_login(officer_hanoi)
    moved = post(client, f"/api/v1/initiatives/{initiative.pk}/transitions/start_screening")
    assert moved.status_code == 200 and moved.json()["state"] == "screening"


def test_writes_need_the_csrf_token_of_the_session(proposer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(proposer)
    before = state()
    response = post(browser, "/api/v1/initiatives", body())
    assert response.status_code == 403
    assert state() == before


def test_drafts_of_others_do_not_exist_for_the_api(client, proposer, admin_user):
    draft = services.initiative_create(proposer, {
        **{k: v for k, v in body().items() if k not in ("authors", "province")},
        "province": Province.objects.get(code=HA_NOI)},
        [services.AuthorShare("Nguyễn Thị Lan", "100")])
    client.force_login(make_user("khac@example.vn", roles=(Role.EXPERT,)))
    assert client.get(f"/api/v1/initiatives/{draft.pk}").status_code == 404
    assert patch(client, f"/api/v1/initiatives/{draft.pk}", {"trl": 1}).status_code == 404
    client.force_login(admin_user)
    assert client.get(f"/api/v1/initiatives/{draft.pk}").json()["description"] == SECRET


def test_unit_queue_is_for_its_officers(client, proposer, officer_hanoi, officer_hcm, routed):
    initiative = _submitted(proposer)
    client.force_login(officer_hanoi)
    queue = client.get(f"/api/v1/units/{routed.code}/queue").json()
    assert [item["id"] for item in queue] == [initiative.pk]
    client.force_login(officer_hcm)
    assert client.get(f"/api/v1/units/{routed.code}/queue").status_code == 404


def test_openapi_document_lists_every_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Sáng Kiến API"
    assert set(document["paths"]) == {
        "/api/v1/initiatives", "/api/v1/initiatives/mine", "/api/v1/initiatives/{pk}",
        "/api/v1/initiatives/{pk}/submit", "/api/v1/initiatives/{pk}/transitions/{name}",
        "/api/v1/initiatives/{pk}/reassign", "/api/v1/units/{code}/queue", "/api/v1/demands",
        "/api/v1/demands/{pk}", "/api/v1/demands/{pk}/close", "/api/v1/demands/{pk}/award",
        "/api/v1/search", "/api/v1/operations/figures", "/api/v1/operations/transparency"}
    assert client.get("/api/v1/docs").status_code == 200


def test_creating_drafts_is_rate_limited_with_a_json_answer(lan):
    for _ in range(20):
        assert post(lan, "/api/v1/initiatives", body()).status_code == 201
    before = state()
    refused = post(lan, "/api/v1/initiatives", body())
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert state() == before

"""Every page of intake for every kind of visitor: who gets what, and where the confidential
text may appear. One table per page; a refused write must change nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from personas import HA_NOI, make_user
from samples import make_pdf

from sangkien.accounts import services as accounts
from sangkien.accounts.models import Role, UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province
from sangkien.initiatives import attachments, services
from sangkien.initiatives.models import Attachment, Initiative

pytestmark = pytest.mark.django_db

SECRET = "Công thức phụ gia bí mật XK-17"
DRAFT_TITLE = "Bản nháp chưa gửi về cảm biến"
PERSONAS = ("anonymous", "proposer", "other proposer", "officer of the handling unit",
            "officer of another unit", "expert", "admin")
READERS = {"proposer", "officer of the handling unit", "admin"}


def _content(title, summary):
    return {"title": title, "summary": summary, "description": SECRET,
            "current_solution": f"{SECRET} (giải pháp cũ)", "purpose": "Giảm chi phí.",
            "novelty": f"{SECRET} (tính mới)", "applicability": "Nhà máy xi măng.",
            "expected_benefits": "Giảm 10% clinker.", "fields": ["2.5"], "trl": 6,
            "province": Province.objects.get(code=HA_NOI)}


@pytest.fixture
def world(proposer, hanoi_unit, officer_hanoi, officer_hcm, admin_user):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    submitted = services.initiative_create(
        proposer, _content("Phụ gia xi măng từ tro bay", "Thay một phần clinker bằng tro bay."),
        [services.AuthorShare("Nguyễn Thị Lan", "100")])
    attachment = attachments.attachment_add(
        submitted, proposer, SimpleUploadedFile("cong-thuc.pdf", make_pdf()))
    services.initiative_submit(submitted, proposer)
    draft = services.initiative_create(proposer, _content(DRAFT_TITLE, "Chưa gửi."),
                                       [services.AuthorShare("Nguyễn Thị Lan", "100")])
    people = {
        "anonymous": None, "proposer": proposer,
        "other proposer": make_user("khac@example.vn", "Trần Khác"),
        "officer of the handling unit": officer_hanoi, "officer of another unit": officer_hcm,
        "expert": make_user("cg@example.vn", "Chuyên Gia", roles=(Role.EXPERT,)),
        "admin": admin_user,
    }
    return {"submitted": submitted, "draft": draft, "attachment": attachment,
            "people": people, "unit": hanoi_unit}


def visit(client, world, who, url, method="get", data=None):
    client.logout()
    if world["people"][who] is not None:
        client.force_login(world["people"][who])
    if url.startswith("/api/") and method == "post":
        return client.post(url, json.dumps(data or {}), content_type="application/json")
    return getattr(client, method)(url, data or {})


LOGIN = 302  # anonymous visitors are sent to the login page


def _pages(world):
    s, d, a = world["submitted"], world["draft"], world["attachment"]
    everyone = dict.fromkeys(PERSONAS, 200)
    signed_in = {**everyone, "anonymous": LOGIN}
    return {
        "/initiatives/": (everyone, set()),
        "/initiatives/?q=phu gia": (everyone, set()),
        "/initiatives/feed/": (everyone, set()),
        f"/initiatives/{s.pk}/": (everyone, READERS),
        f"/initiatives/{d.pk}/": ({**dict.fromkeys(PERSONAS, 404), "proposer": 200, "admin": 200},
                                 {"proposer", "admin"}),
        f"/initiatives/{s.pk}/attachments/{a.pk}/": (
            {**dict.fromkeys(PERSONAS, 404), **dict.fromkeys(READERS, 200)}, set()),
        f"/initiatives/{s.pk}/versions/": (
            {**dict.fromkeys(PERSONAS, 404), **dict.fromkeys(READERS, 200)}, set()),
        f"/initiatives/{s.pk}/versions/compare/?from=1&to=1": (
            {**dict.fromkeys(PERSONAS, 404), **dict.fromkeys(READERS, 200)}, READERS),
        f"/initiatives/{d.pk}/edit/": ({**dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN,
                                        "proposer": 200}, {"proposer"}),
        f"/initiatives/{s.pk}/edit/": ({**dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN,
                                        "proposer": 403}, set()),
        "/initiatives/mine/": (signed_in, set()),
        "/initiatives/new/": (signed_in, set()),
        f"/initiatives/queue/{world['unit'].code}/": (
            {**dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN,
             "officer of the handling unit": 200, "admin": 200}, set()),
        "/demands/": (everyone, set()),
        "/api/v1/initiatives": (everyone, set()),
        "/api/v1/initiatives?q=phu gia&page_size=100": (everyone, set()),
        f"/api/v1/initiatives/{s.pk}": (everyone, READERS),
        f"/api/v1/initiatives/{d.pk}": (
            {**dict.fromkeys(PERSONAS, 404), "proposer": 200, "admin": 200},
            {"proposer", "admin"}),
        "/api/v1/initiatives/mine": ({**everyone, "anonymous": 401}, {"proposer"}),
        f"/api/v1/units/{world['unit'].code}/queue": (
            {**dict.fromkeys(PERSONAS, 404), "anonymous": 401,
             "officer of the handling unit": 200, "admin": 200}, set()),
        "/api/v1/demands": (everyone, set()),
        "/demands/new/": ({**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, "admin": 200},
                          set()),
    }


def test_every_page_answers_each_visitor_as_it_should(client, world):
    failures = []
    for url, (statuses, may_see_secret) in _pages(world).items():
        for who in PERSONAS:
            response = visit(client, world, who, url)
            body = b"".join(response.streaming_content) if response.streaming else \
                response.content
            text = body.decode("utf-8", "replace")
            if response.status_code != statuses[who]:
                failures.append(f"{url} as {who}: HTTP {response.status_code}, "
                                f"expected {statuses[who]}")
            if SECRET in text and who not in may_see_secret:
                failures.append(f"{url} as {who}: the confidential text is in the response")
            if "attachments/" in text and response.status_code == 200 and who not in READERS:
                failures.append(f"{url} as {who}: an attachment link is in the response")
            if DRAFT_TITLE in text and who not in {"proposer", "admin"}:
                failures.append(f"{url} as {who}: another's draft is listed")
    assert failures == []


def test_my_initiatives_lists_only_ones_own(client, world):
    assert DRAFT_TITLE in visit(client, world, "proposer", "/initiatives/mine/").text
    for who in PERSONAS[2:]:
        assert DRAFT_TITLE not in visit(client, world, who, "/initiatives/mine/").text, who


def _state(world):
    return (list(Initiative.objects.values_list("pk", "state", "unit_id", "title")),
            list(Attachment.objects.values_list("pk", "removed_at")), Event.objects.count())


@pytest.mark.parametrize("who", [p for p in PERSONAS if p not in
                                 {"officer of the handling unit", "admin"}])
def test_only_the_handling_unit_moves_a_submission_along(client, world, who):
    before = _state(world)
    url = f"/initiatives/{world['submitted'].pk}/act/"
    response = visit(client, world, who, url, "post", {"transition": "start_screening"})
    assert response.status_code in {302, 403}
    assert _state(world) == before


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "proposer"])
def test_only_the_proposer_changes_a_draft_or_its_files(client, world, who):
    draft, attachment = world["draft"], world["attachment"]
    before = _state(world)
    for url, data in [
        (f"/initiatives/{draft.pk}/edit/", {"title": "Đã bị sửa"}),
        (f"/initiatives/{draft.pk}/attachments/",
         {"file": SimpleUploadedFile("x.pdf", make_pdf())}),
        (f"/initiatives/{world['submitted'].pk}/attachments/{attachment.pk}/remove/", {}),
        (f"/initiatives/{draft.pk}/act/", {"transition": "submit"}),
    ]:
        response = visit(client, world, who, url, "post", data)
        assert response.status_code in {302, 403, 404}, (url, who)
        if who != "anonymous":
            assert response.status_code != 302 or "/act/" in url, (url, who)
    assert _state(world) == before


@pytest.mark.parametrize("who", [p for p in PERSONAS if p not in
                                 {"officer of the handling unit", "admin"}])
def test_the_api_refuses_the_same_steps_as_the_pages(client, world, who):
    before = _state(world)
    pk = world["submitted"].pk
    for url in (f"/api/v1/initiatives/{pk}/transitions/start_screening",
                f"/api/v1/initiatives/{pk}/reassign"):
        response = visit(client, world, who, url, "post", {})
        assert response.status_code in {401, 403, 422}, (url, who, response.content)
    if who != "proposer":  # the one who may submit the draft
        response = visit(client, world, who,
                         f"/api/v1/initiatives/{world['draft'].pk}/submit", "post")
        assert response.status_code in ({401} if who == "anonymous" else {404}), who
    assert _state(world) == before

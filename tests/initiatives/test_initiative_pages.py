"""Pages of initiatives: who sees the confidential text, the catalogue, the buttons."""

from __future__ import annotations

import pytest
from matching_data import index_now
from personas import HA_NOI, make_user

from sangkien.accounts import services as accounts
from sangkien.accounts.models import Role, UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province
from sangkien.initiatives import services
from sangkien.initiatives.services import AuthorShare

pytestmark = pytest.mark.django_db

SECRET = "Sơ đồ mạch bí mật số 42"


@pytest.fixture
def submitted(proposer, hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    hanoi = Province.objects.get(code=HA_NOI)
    services.routing_rule_set(hanoi_unit, provinces=[hanoi])
    initiative = services.initiative_create(proposer, {
        "title": "Cảm biến độ mặn cho ruộng lúa", "summary": "Đo độ mặn theo thời gian thực.",
        "description": SECRET, "current_solution": "Đo tay.", "purpose": "Cảnh báo sớm.",
        "novelty": "Giá rẻ.", "applicability": "Đồng bằng sông Cửu Long.",
        "expected_benefits": "Giảm thiệt hại.", "fields": ["2.2", "4.1"], "trl": 6,
        "province": hanoi,
    }, [AuthorShare("Nguyễn Thị Lan", "100")])
    services.initiative_submit(initiative, proposer)
    return initiative


def _viewers(proposer, officer_hanoi, officer_hcm, admin_user):
    return {
        "anonymous": (None, False),
        "proposer": (proposer, True),
        "other proposer": (make_user("khac@example.vn", "Trần Khác"), False),
        "officer of the handling unit": (officer_hanoi, True),
        "officer of another unit": (officer_hcm, False),
        "expert not assigned": (make_user("cg@example.vn", "Chuyên Gia",
                                          roles=(Role.EXPERT,)), False),
        "admin": (admin_user, True),
    }


def test_confidential_text_only_for_those_allowed(client, submitted, proposer, officer_hanoi,
                                                  officer_hcm, admin_user):
    for who, (user, allowed) in _viewers(proposer, officer_hanoi, officer_hcm,
                                         admin_user).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        detail = client.get(f"/initiatives/{submitted.pk}/")
        assert detail.status_code == 200, who
        assert submitted.summary in detail.text, who
        assert (SECRET in detail.text) is allowed, who
        index_now()
        listing = client.get("/initiatives/", {"q": "do man"})
        assert f'href="/initiatives/{submitted.pk}/"' in listing.text, who
        assert SECRET not in listing.text, who


def test_a_draft_is_invisible_to_everyone_but_its_people(client, proposer, officer_hcm):
    draft = services.initiative_create(proposer, {
        "title": "Nháp", "summary": "Chưa nộp.", "fields": ["1.2"], "trl": 2,
        "province": Province.objects.get(code=HA_NOI)}, [AuthorShare("Lan", "100")])
    assert client.get(f"/initiatives/{draft.pk}/").status_code == 404
    client.force_login(officer_hcm)
    assert client.get(f"/initiatives/{draft.pk}/").status_code == 404
    assert "Nháp" not in client.get("/initiatives/").text
    client.force_login(proposer)
    assert client.get(f"/initiatives/{draft.pk}/").status_code == 200
    assert "Nháp" in client.get("/initiatives/mine/").text


def test_catalogue_search_ignores_accents_and_filters(client, submitted):
    index_now()
    for query in ["cảm biến", "CAM BIEN", "cam bien do man"]:
        found = client.get("/initiatives/", {"q": query}).text
        assert f'href="/initiatives/{submitted.pk}/"' in found, query
        assert "<mark>" in found, query  # the matched words are highlighted
    assert f'href="/initiatives/{submitted.pk}/"' not in client.get(
        "/initiatives/", {"q": "tàu vũ trụ"}).text
    assert submitted.title in client.get("/initiatives/", {"field": "2"}).text
    assert submitted.title in client.get("/initiatives/", {"field": "4.1"}).text
    assert submitted.title not in client.get("/initiatives/", {"field": "2.1"}).text
    assert submitted.title not in client.get("/initiatives/", {"trl": "3"}).text


def test_catalogue_with_a_bad_filter_says_so(client, submitted):
    response = client.get("/initiatives/", {"trl": "42", "province": "9999"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"trl", "province"}


def test_officer_acts_from_the_page_and_the_proposer_sees_it(client, submitted, officer_hanoi,
                                                             officer_hcm, proposer):
    client.force_login(officer_hcm)
    assert client.post(f"/initiatives/{submitted.pk}/act/",
                       {"transition": "start_screening"}).status_code == 403
    client.force_login(officer_hanoi)
    assert submitted.title in client.get("/initiatives/queue/sokhcn-ha-noi/").text
    client.post(f"/initiatives/{submitted.pk}/act/", {"transition": "start_screening"})
    response = client.post(f"/initiatives/{submitted.pk}/act/",
                           {"transition": "return_for_revision", "reason": ""}, follow=True)
    assert "return_for_revision needs a reason" in response.text
    client.post(f"/initiatives/{submitted.pk}/act/",
                {"transition": "return_for_revision", "reason": "Thiếu bảng số liệu"})
    submitted.refresh_from_db()
    assert submitted.state == "returned"
    client.force_login(proposer)
    page = client.get(f"/initiatives/{submitted.pk}/").text
    assert "Thiếu bảng số liệu" in page
    client.post(f"/initiatives/{submitted.pk}/act/", {"transition": "submit"})
    submitted.refresh_from_db()
    assert submitted.state == "submitted" and submitted.versions.count() == 2


def test_unit_queue_is_only_for_the_unit(client, submitted, officer_hcm):
    client.force_login(officer_hcm)
    assert client.get("/initiatives/queue/sokhcn-ha-noi/").status_code == 404


def test_officer_buttons_are_named_in_the_readers_language(client, submitted, officer_hanoi):
    client.force_login(officer_hanoi)
    page = client.get(f"/initiatives/{submitted.pk}/").text
    assert "Bắt đầu sàng lọc" in page
    assert "Trả lại để bổ sung" not in page  # only what the current state allows


def test_lifecycle_posts_are_rate_limited_per_user(client, submitted, proposer, officer_hanoi):
    client.force_login(proposer)
    for _ in range(30):
        assert client.post(f"/initiatives/{submitted.pk}/act/",
                           {"transition": "submit"}).status_code == 302
    assert client.post(f"/initiatives/{submitted.pk}/act/",
                       {"transition": "submit"}).status_code == 429
    # Another person is not held back by the first one's clicks.
    client.force_login(officer_hanoi)
    assert client.post(f"/initiatives/{submitted.pk}/act/",
                       {"transition": "start_screening"}).status_code == 302


def test_atom_feed_lists_public_summaries_only(client, submitted, proposer):
    draft = services.initiative_create(proposer, {
        "title": "Bản nháp chưa nộp", "summary": "Nháp.", "fields": ["1.2"], "trl": 2,
        "province": Province.objects.get(code=HA_NOI)}, [AuthorShare("Lan", "100")])
    feed = client.get("/initiatives/feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert submitted.title in body and submitted.summary in body
    assert SECRET not in body
    assert draft.title not in body


def test_proposer_publishes_the_full_description_and_can_take_it_back(client, submitted,
                                                                      proposer, officer_hcm):
    client.force_login(officer_hcm)
    events = Event.objects.count()
    assert client.post(f"/initiatives/{submitted.pk}/act/",
                       {"transition": "publish_description"}).status_code == 403
    assert Event.objects.count() == events
    client.force_login(proposer)
    client.post(f"/initiatives/{submitted.pk}/act/", {"transition": "publish_description"})
    client.logout()
    index_now()
    assert SECRET in client.get(f"/initiatives/{submitted.pk}/").text
    assert f'href="/initiatives/{submitted.pk}/"' in client.get(
        "/initiatives/", {"q": "so do mach bi mat"}).text
    client.force_login(proposer)
    client.post(f"/initiatives/{submitted.pk}/act/", {"transition": "unpublish_description"})
    client.logout()
    index_now()
    assert SECRET not in client.get(f"/initiatives/{submitted.pk}/").text
    assert f'href="/initiatives/{submitted.pk}/"' not in client.get(
        "/initiatives/", {"q": "so do mach bi mat"}).text
    assert list(Event.objects.filter(type__startswith="initiative.description_")
                .values_list("type", flat=True)) == ["initiative.description_published",
                                                     "initiative.description_unpublished"]


def test_officer_reassigns_with_a_reason_and_the_timeline_says_so(client, submitted,
                                                                  officer_hanoi, proposer):
    client.force_login(officer_hanoi)
    page = client.get(f"/initiatives/{submitted.pk}/", headers={"accept-language": "en"})
    assert 'value="nafosted"' in page.text
    before = Event.objects.count()
    client.post(f"/initiatives/{submitted.pk}/act/", {"transition": "reassign",
                                                      "unit": "nafosted", "reason": ""})
    submitted.refresh_from_db()
    assert submitted.unit.code == "sokhcn-ha-noi" and Event.objects.count() == before
    client.post(f"/initiatives/{submitted.pk}/act/", {
        "transition": "reassign", "unit": "nafosted", "reason": "Thuộc lĩnh vực quốc gia."})
    submitted.refresh_from_db()
    assert submitted.unit.code == "nafosted"
    client.force_login(proposer)
    timeline = client.get(f"/initiatives/{submitted.pk}/", headers={"accept-language": "en"})
    assert "Sent to another unit" in timeline.text
    assert "Thuộc lĩnh vực quốc gia." in timeline.text
    assert "Submitted and received" in timeline.text

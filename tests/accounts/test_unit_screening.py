"""A unit's leader sets its screening deadline and checklist; officers and others cannot."""

from __future__ import annotations

import pytest
from personas import make_user

from sangkien.accounts import services
from sangkien.core.models import Event

pytestmark = pytest.mark.django_db
ENGLISH = {"accept-language": "en"}
CHECKLIST = "Đơn đủ thông tin tác giả\nBản mô tả theo mẫu\n\n  Tài liệu chứng minh hiệu quả  \n"


@pytest.fixture
def leader(hanoi_unit):
    user = make_user("truongphong@sokhcn.example.vn", "Trưởng phòng")
    services.unit_officer_add(hanoi_unit, user, is_leader=True)
    return user


def test_leader_sets_deadline_and_checklist(client, hanoi_unit, leader):
    client.force_login(leader)
    page = client.get(f"/me/units/{hanoi_unit.code}/")
    assert 'name="screening_checklist"' in page.text
    client.post(f"/me/units/{hanoi_unit.code}/screening/",
                {"screening_days": "7", "screening_checklist": CHECKLIST})
    hanoi_unit.refresh_from_db()
    assert hanoi_unit.screening_days == 7
    assert hanoi_unit.screening_checklist == ["Đơn đủ thông tin tác giả", "Bản mô tả theo mẫu",
                                              "Tài liệu chứng minh hiệu quả"]
    event = Event.objects.get(type="unit.screening_changed")
    assert event.payload["before"]["screening_days"] == 5 and event.actor == leader
    shown = client.get(f"/me/units/{hanoi_unit.code}/").text
    assert "Bản mô tả theo mẫu\nTài liệu chứng minh hiệu quả" in shown


@pytest.mark.parametrize(("days", "message"), [
    ("0", "The deadline must be from 1 to 60 working days."),
    ("61", "The deadline must be from 1 to 60 working days."),
    ("năm", "The deadline must be from 1 to 60 working days."),
])
def test_bad_settings_are_refused_and_change_nothing(client, hanoi_unit, leader, days, message):
    client.force_login(leader)
    events = Event.objects.count()
    response = client.post(f"/me/units/{hanoi_unit.code}/screening/",
                           {"screening_days": days, "screening_checklist": "x" * 301},
                           follow=True, headers=ENGLISH)
    assert message in response.text
    assert "At most 20 items of at most 300 characters each." in response.text
    hanoi_unit.refresh_from_db()
    assert (hanoi_unit.screening_days, hanoi_unit.screening_checklist) == (5, [])
    assert Event.objects.count() == events


def test_only_the_leader_or_an_admin_configures(client, hanoi_unit, officer_hanoi, officer_hcm,
                                                admin_user):
    url = f"/me/units/{hanoi_unit.code}/screening/"
    data = {"screening_days": "9", "screening_checklist": "Một mục"}
    client.force_login(officer_hanoi)  # an officer, not the leader
    assert 'name="screening_checklist"' not in client.get(f"/me/units/{hanoi_unit.code}/").text
    assert client.post(url, data).status_code == 403
    client.force_login(officer_hcm)
    assert client.post(url, data).status_code == 404
    hanoi_unit.refresh_from_db()
    assert hanoi_unit.screening_days == 5
    client.force_login(admin_user)
    client.post(url, data)
    hanoi_unit.refresh_from_db()
    assert hanoi_unit.screening_days == 9

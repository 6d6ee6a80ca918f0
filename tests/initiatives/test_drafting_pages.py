"""Writing a draft through the pages, attaching files, and who may download them."""

from __future__ import annotations

import hashlib
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from personas import HA_NOI, make_user
from samples import make_pdf, make_png

from sangkien.accounts import services as accounts
from sangkien.accounts.models import Role, UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province, Ward
from sangkien.initiatives import services
from sangkien.initiatives.models import Attachment, Initiative, InitiativeAuthor

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
SECRET = "Thuật toán điều khiển van bí mật"


def form_data(**changes):
    data = {
        "title": "Máy sấy nông sản dùng năng lượng mặt trời",
        "summary": "Sấy cà phê và hồ tiêu bằng nhiệt mặt trời, giảm chi phí điện.",
        "description": SECRET, "current_solution": "Phơi sân, phụ thuộc thời tiết.",
        "purpose": "Sấy đều, chủ động.", "novelty": "Bộ hấp thụ nhiệt rẻ.",
        "steps": "", "applicability": "Hộ nông dân Tây Nguyên.",
        "expected_benefits": "Giảm 40% thời gian sấy.", "money_saved": "",
        "money_saved_method": "", "fields": ["4.1", "2.3"], "trl": "5",
        "category": "ordinary", "demand": "", "province": str(HA_NOI), "ward": "",
        "organisation": "",
        "authors-TOTAL_FORMS": "2", "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1", "authors-MAX_NUM_FORMS": "30",
        "authors-0-name": "Nguyễn Thị Lan", "authors-0-email": "", "authors-0-share": "70",
        "authors-1-name": "Lê Văn Hùng", "authors-1-email": "", "authors-1-share": "30",
    }
    data.update(changes)
    return data


def state():
    return (list(Initiative.objects.values()), list(InitiativeAuthor.objects.values()),
            list(Attachment.objects.values()), Event.objects.count())


@pytest.fixture
def lan(client, proposer):
    client.force_login(proposer)
    return client


def test_proposer_writes_a_draft_with_authors_and_a_commune(lan, proposer):
    ward = Ward.objects.filter(province_id=HA_NOI).order_by("pk").first()
    response = lan.post("/initiatives/new/", form_data(ward=str(ward.pk)))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/initiatives/{initiative.pk}/edit/"
    assert (initiative.proposer, initiative.state, initiative.ward) == (proposer, "draft", ward)
    assert [(a.name, str(a.share)) for a in initiative.authors.all()] == [
        ("Nguyễn Thị Lan", "70.00"), ("Lê Văn Hùng", "30.00")]
    assert lan.get("/initiatives/mine/").text.count(initiative.title) == 1


def test_ward_options_follow_the_province(client):
    response = client.get("/initiatives/wards/", {"province": HA_NOI})
    assert response.text.count("<option") == Ward.objects.filter(province_id=HA_NOI).count() + 1
    assert client.get("/initiatives/wards/", {"province": "x"}).text.count("<option") == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": ""}, "title", "This field is required."),
    ({"title": "x" * 256}, "title", "at most 255 characters"),
    ({"authors-1-share": "20"}, "authors", "contribution shares must sum to 100%, not 90%"),
    ({"province": "99"}, "province", "Select a valid choice."),
    ({"trl": "12"}, "trl", "Ensure this value is less than or equal to 9."),
    ({"fields": ["9.9"]}, "fields", "Select a valid choice. 9.9 is not one of the available"),
    ({"category": "ordered"}, "demand", "An ordered initiative must answer a demand"),
])
def test_bad_draft_is_shown_again_with_the_rule_and_changes_nothing(lan, changes, field,
                                                                    message):
    before = state()
    response = lan.post("/initiatives/new/", form_data(**changes), headers=ENGLISH)
    assert response.status_code == 200
    assert message in response.text
    assert 'class="errorlist' in response.text
    assert state() == before


def test_another_proposers_draft_cannot_be_opened_or_changed(client, proposer):
    draft = _draft(proposer)
    client.force_login(make_user("khac@example.vn", "Trần Khác"))
    before = state()
    assert client.get(f"/initiatives/{draft.pk}/edit/").status_code == 404
    assert client.post(f"/initiatives/{draft.pk}/edit/", form_data(title="Của tôi")).status_code \
        == 404
    assert client.post(f"/initiatives/{draft.pk}/attachments/",
                       {"file": _pdf()}).status_code == 404
    assert state() == before


def _draft(proposer):
    return services.initiative_create(proposer, {
        "title": "Máy sấy nông sản", "summary": "Sấy bằng mặt trời.", "description": SECRET,
        "current_solution": "Phơi sân.", "purpose": "Sấy đều.", "novelty": "Rẻ.",
        "applicability": "Tây Nguyên.", "expected_benefits": "Nhanh hơn.", "fields": ["4.1"],
        "trl": 5, "province": Province.objects.get(code=HA_NOI),
    }, [services.AuthorShare("Nguyễn Thị Lan", "100")])


def _pdf(name="thuyet-minh.pdf"):
    return SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")


def test_attachment_is_checked_hashed_and_recorded(lan, proposer):
    draft = _draft(proposer)
    response = lan.post(f"/initiatives/{draft.pk}/attachments/", {"file": _pdf()}, follow=True)
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.kind, attachment.size) == ("thuyet-minh.pdf", "pdf",
                                                                   len(make_pdf()))
    assert attachment.sha256 == hashlib.sha256(make_pdf()).hexdigest()
    assert "thuyet-minh" not in attachment.file.name  # stored under a random name
    assert "thuyet-minh.pdf" in response.text
    assert Event.objects.filter(type="initiative.attachment_added").count() == 1


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("anh.docx", make_pdf()), "The file's content is PDF but its name"),
    (SimpleUploadedFile("trong.pdf", b""), "The submitted file is empty."),
    (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60),
     "The file's content is not an accepted type"),
    (SimpleUploadedFile("lon.png", make_png() + b"\x00" * (1024 * 1024)),
     "The file is larger than the limit of 1 MB."),
])
def test_bad_attachment_is_refused_by_rule_and_changes_nothing(lan, proposer, settings,
                                                               upload, message):
    settings.ATTACHMENT_MAX_MB = 1
    draft = _draft(proposer)
    before = state()
    response = lan.post(f"/initiatives/{draft.pk}/attachments/", {"file": upload},
                        follow=True, headers=ENGLISH)
    assert message in html.unescape(response.text)
    assert state() == before


def test_attachment_served_only_to_readers_of_the_confidential_parts(
        client, proposer, hanoi_unit, officer_hanoi, officer_hcm, admin_user):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    draft = _draft(proposer)
    client.force_login(proposer)
    client.post(f"/initiatives/{draft.pk}/attachments/", {"file": _pdf()})
    services.initiative_submit(draft, proposer)
    attachment = Attachment.objects.get()
    url = f"/initiatives/{draft.pk}/attachments/{attachment.pk}/"
    viewers = {
        "anonymous": (None, False), "proposer": (proposer, True),
        "other proposer": (make_user("khac@example.vn"), False),
        "officer of the handling unit": (officer_hanoi, True),
        "officer of another unit": (officer_hcm, False),
        "expert not assigned": (make_user("cg@example.vn", roles=(Role.EXPERT,)), False),
        "admin": (admin_user, True),
    }
    for who, (user, allowed) in viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == (200 if allowed else 404), who
        if allowed:
            assert b"".join(response.streaming_content) == make_pdf(), who
            assert response["Content-Disposition"].startswith("attachment;"), who
            assert response["Content-Type"] == "application/pdf", who
        detail = client.get(f"/initiatives/{draft.pk}/")
        assert ("thuyet-minh.pdf" in detail.text) is allowed, who


def test_removing_a_submitted_attachment_keeps_the_file_for_its_version(
        client, proposer, hanoi_unit, officer_hanoi):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    draft = _draft(proposer)
    client.force_login(proposer)
    client.post(f"/initiatives/{draft.pk}/attachments/", {"file": _pdf()})
    client.post(f"/initiatives/{draft.pk}/attachments/", {"file": _pdf("ban-ve.pdf")})
    services.initiative_submit(draft, proposer)
    services.initiative_transition(draft, "start_screening", officer_hanoi)
    services.initiative_transition(draft, "return_for_revision", officer_hanoi,
                                   reason="Thiếu bản vẽ chi tiết.")
    first, _ = Attachment.objects.order_by("pk")
    client.post(f"/initiatives/{draft.pk}/attachments/{first.pk}/remove/")
    services.initiative_submit(draft, proposer)
    first.refresh_from_db()
    assert first.removed_at is not None
    assert first.file.storage.exists(first.file.name)
    assert client.get(f"/initiatives/{draft.pk}/attachments/{first.pk}/").status_code == 200
    v1, v2 = draft.versions.order_by("number")
    assert [a["name"] for a in v1.attachments] == ["thuyet-minh.pdf", "ban-ve.pdf"]
    assert [a["name"] for a in v2.attachments] == ["ban-ve.pdf"]


def test_submitted_initiative_takes_no_new_attachments(client, proposer, hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    draft = _draft(proposer)
    services.initiative_submit(draft, proposer)
    client.force_login(proposer)
    before = state()
    assert client.post(f"/initiatives/{draft.pk}/attachments/",
                       {"file": _pdf()}).status_code == 403
    assert client.get(f"/initiatives/{draft.pk}/edit/").status_code == 403
    assert state() == before

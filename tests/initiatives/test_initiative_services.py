"""Drafting, submission, routing and the lifecycle through the services, with their events."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from personas import HA_NOI, make_user

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province, Ward
from sangkien.initiatives import services
from sangkien.initiatives.lifecycle import IllegalTransition
from sangkien.initiatives.models import Initiative, InitiativeAuthor, InitiativeVersion
from sangkien.initiatives.services import AuthorShare

pytestmark = pytest.mark.django_db

DA_NANG = 48


@pytest.fixture
def national_unit(db):
    return accounts.unit_create(code="nafosted", name="Quỹ Phát triển KH&CN Quốc gia",
                                level=UnitLevel.NATIONAL)


@pytest.fixture
def routed_hanoi(hanoi_unit, national_unit):
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    return hanoi_unit


def content(**changes):
    base = {
        "title": "Hệ thống tưới tiết kiệm nước dùng cảm biến độ ẩm",
        "summary": "Tưới nhỏ giọt tự động theo độ ẩm đất cho vườn cây ăn quả.",
        "description": "Bí mật: sơ đồ mạch và thuật toán điều khiển van.",
        "current_solution": "Tưới thủ công, tốn nước.",
        "purpose": "Giảm lượng nước tưới.",
        "novelty": "Cảm biến giá rẻ tự chế.",
        "steps": "Lắp cảm biến; lập trình; thử nghiệm.",
        "applicability": "Các hợp tác xã trồng cây ăn quả.",
        "expected_benefits": "Tiết kiệm 30% nước.",
        "money_saved": Decimal("120000000"),
        "fields": ["4.1", "2.2"],
        "trl": 5,
        "province": Province.objects.get(code=HA_NOI),
    }
    base.update(changes)
    return base


AUTHORS = [AuthorShare("Nguyễn Thị Lan", "60"), AuthorShare("Phạm Văn Bình", "40")]


@pytest.fixture
def draft(proposer):
    return services.initiative_create(proposer, content(), AUTHORS)


def snapshot():
    return (list(Initiative.objects.values()), list(InitiativeAuthor.objects.values()),
            list(InitiativeVersion.objects.values()), Event.objects.count())


def test_draft_records_authors_and_an_event(draft, proposer):
    assert draft.state == "draft"
    assert [(a.name, a.share) for a in draft.authors.all()] == [
        ("Nguyễn Thị Lan", Decimal("60.00")), ("Phạm Văn Bình", Decimal("40.00"))]
    assert Event.objects.filter(type="initiative.drafted", subject_id=str(draft.pk)).exists()


@pytest.mark.parametrize(("authors", "message"), [
    ([AuthorShare("A", "60"), AuthorShare("B", "30")], "must sum to 100%, not 90%"),
    ([AuthorShare("A", "120")], "must be above 0 and at most 100%"),
    ([AuthorShare("A", "abc")], "is not a number"),
    ([], "list at least one author"),
])
def test_bad_author_shares_change_nothing(proposer, authors, message):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.initiative_create(proposer, content(), authors)
    assert message in str(error.value.message_dict["authors"])
    assert snapshot() == before


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": "x" * 256}, "title", "at most 255 characters"),
    ({"trl": 10}, "trl", "less than or equal to 9"),
    ({"fields": ["9.9"]}, "fields", "unknown field of science: 9.9"),
    ({"fields": []}, "fields", "at least one field"),
    ({"category": "ordered"}, "demand", "must answer a demand"),
    ({"colour": "blue"}, "colour", "not a field of an initiative"),
])
def test_bad_content_names_the_field_and_changes_nothing(proposer, changes, field, message):
    before = snapshot()
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.initiative_create(proposer, content(**changes), AUTHORS)
        assert message in " ".join(error.value.message_dict[field])
    assert snapshot() == before


def test_ward_must_lie_in_the_province(proposer):
    da_nang_ward = Ward.objects.filter(province_id=DA_NANG).first()
    with pytest.raises(ValidationError) as error:
        services.initiative_create(proposer, content(ward=da_nang_ward), AUTHORS)
    assert "not in the chosen province" in str(error.value.message_dict["ward"])


def test_submission_freezes_a_version_routes_and_records_receipt(draft, proposer, routed_hanoi):
    version = services.initiative_submit(draft, proposer)
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert draft.unit == routed_hanoi
    assert draft.received_at == version.received_at == draft.first_received_at
    assert version.number == 1
    assert version.content["description"] == "Bí mật: sơ đồ mạch và thuật toán điều khiển van."
    assert len(version.content_sha256) == 64
    event = Event.objects.get(type="initiative.submitted")
    assert event.unit == routed_hanoi
    assert event.payload["content_sha256"] == version.content_sha256
    # The event carries hashes, never the confidential text.
    assert "Bí mật" not in str(event.payload)


def test_province_without_a_unit_goes_to_the_national_unit(proposer, routed_hanoi, national_unit):
    initiative = services.initiative_create(
        proposer, content(province=Province.objects.get(code=DA_NANG)), AUTHORS)
    services.initiative_submit(initiative, proposer)
    initiative.refresh_from_db()
    assert initiative.unit == national_unit


def test_incomplete_draft_cannot_be_submitted(proposer, routed_hanoi):
    initiative = services.initiative_create(proposer, content(novelty="", description=""),
                                            AUTHORS)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.initiative_submit(initiative, proposer)
    assert set(error.value.message_dict) == {"novelty", "description"}
    assert snapshot() == before


def test_only_the_proposer_submits(draft, officer_hanoi, routed_hanoi):
    with pytest.raises(PermissionDenied):
        services.initiative_submit(draft, officer_hanoi)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_submitting_twice_makes_one_version(draft, proposer, routed_hanoi):
    services.initiative_submit(draft, proposer)
    with pytest.raises(IllegalTransition, match="cannot submit an initiative that is submitted"):
        services.initiative_submit(draft, proposer)
    assert InitiativeVersion.objects.filter(initiative=draft).count() == 1
    assert Event.objects.filter(type="initiative.submitted").count() == 1


def test_return_and_resubmit_makes_a_second_version(draft, proposer, officer_hanoi,
                                                    routed_hanoi):
    services.initiative_submit(draft, proposer)
    services.initiative_transition(draft, "start_screening", officer_hanoi)
    services.initiative_transition(draft, "return_for_revision", officer_hanoi,
                                   reason="Thiếu bảng tính hiệu quả kinh tế")
    services.initiative_update(draft, proposer, {"money_saved_method": "Bảng tính kèm theo"})
    second = services.initiative_submit(draft, proposer)
    assert second.number == 2
    first = InitiativeVersion.objects.get(initiative=draft, number=1)
    assert first.content["money_saved_method"] == ""
    assert second.content["money_saved_method"] == "Bảng tính kèm theo"
    assert first.content_sha256 != second.content_sha256
    timeline = list(Event.objects.filter(subject_type="initiatives.initiative",
                                         subject_id=str(draft.pk))
                    .values_list("type", flat=True))
    assert timeline == ["initiative.drafted", "initiative.submitted",
                        "initiative.start_screening", "initiative.return_for_revision",
                        "initiative.edited", "initiative.resubmitted"]


def test_submitted_initiative_cannot_be_edited(draft, proposer, routed_hanoi):
    services.initiative_submit(draft, proposer)
    with pytest.raises(IllegalTransition, match="can no longer be edited"):
        services.initiative_update(draft, proposer, {"title": "Tên mới"})
    draft.refresh_from_db()
    assert draft.title == content()["title"]


def test_officer_of_another_unit_cannot_act(draft, proposer, officer_hcm, routed_hanoi):
    services.initiative_submit(draft, proposer)
    events = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.initiative_transition(draft, "start_screening", officer_hcm)
    draft.refresh_from_db()
    assert draft.state == "submitted" and Event.objects.count() == events


def test_illegal_transition_changes_nothing(draft, proposer, officer_hanoi, routed_hanoi):
    services.initiative_submit(draft, proposer)
    before = snapshot()
    with pytest.raises(IllegalTransition, match="cannot select an initiative that is submitted"):
        services.initiative_transition(draft, "select", officer_hanoi, reason="Rất tốt")
    assert snapshot() == before


def test_proposer_withdraws_with_a_reason(draft, proposer, routed_hanoi):
    services.initiative_submit(draft, proposer)
    services.initiative_transition(draft, "withdraw", proposer, reason="Nộp nhầm")
    draft.refresh_from_db()
    assert draft.state == "withdrawn"
    assert Event.objects.get(type="initiative.withdraw").payload["reason"] == "Nộp nhầm"


def test_reassignment_needs_a_reason_and_moves_the_initiative(
        draft, proposer, officer_hanoi, routed_hanoi, national_unit):
    services.initiative_submit(draft, proposer)
    with pytest.raises(ValidationError):
        services.initiative_reassign(draft, national_unit, officer_hanoi, reason=" ")
    services.initiative_reassign(draft, national_unit, officer_hanoi,
                                 reason="Thuộc lĩnh vực quốc gia")
    draft.refresh_from_db()
    assert draft.unit == national_unit
    # The Hà Nội officer has handed it over and can no longer act on it.
    with pytest.raises(PermissionDenied):
        services.initiative_transition(draft, "start_screening", officer_hanoi)


def test_other_proposer_cannot_edit(draft):
    stranger = make_user("khac@example.vn", "Người Khác")
    with pytest.raises(PermissionDenied):
        services.initiative_update(draft, stranger, {"title": "Chiếm quyền"})


def test_proposer_gets_the_receipt_in_the_account_and_by_email(draft, proposer, officer_hanoi,
                                                               routed_hanoi, mailoutbox):
    from sangkien.core.events import deliver_pending
    from sangkien.core.models import Notification

    version = services.initiative_submit(draft, proposer)
    deliver_pending("initiatives.notifications")
    receipt = Notification.objects.get(recipient=proposer, event__type="initiative.submitted")
    local = timezone.localtime(version.received_at).strftime("%d/%m/%Y %H:%M")
    with translation.override("vi"):
        assert receipt.message == (
            f"Sáng kiến “{draft.title}” của bạn đã được tiếp nhận lúc {local} (phiên bản 1). "
            "Biên nhận hồ sơ, kèm bằng chứng của sổ đăng ký, có trên trang của sáng kiến.")
    assert [m.to for m in mailoutbox] == [[proposer.email]]
    assert f"lúc {local}" in mailoutbox[0].body
    # The unit's officers see the new work; nobody else is told.
    assert Notification.objects.filter(recipient=officer_hanoi,
                                       event__type="initiative.submitted").exists()
    # Delivering again sends nothing twice.
    deliver_pending("initiatives.notifications")
    assert len(mailoutbox) == 1


def test_screening_deadline_counts_working_days_across_tet(hanoi_unit):
    # Received Thursday 12 Feb 2026; Tết holidays are Mon 16 – Fri 20 Feb 2026. Five working
    # days: Fri 13, Mon 23, Tue 24, Wed 25, Thu 26.
    received = timezone.make_aware(datetime.datetime(2026, 2, 12, 10, 0))
    assert services.screening_deadline(hanoi_unit, received) == datetime.date(2026, 2, 26)


def test_submission_sets_the_screening_deadline(draft, proposer, routed_hanoi):
    version = services.initiative_submit(draft, proposer)
    draft.refresh_from_db()
    assert draft.screening_due == services.screening_deadline(routed_hanoi, version.received_at)
    assert draft.screening_due > timezone.localdate(version.received_at)


def test_accepting_for_review_needs_the_units_whole_checklist(draft, proposer, officer_hanoi,
                                                              routed_hanoi):
    routed_hanoi.screening_checklist = ["Bản mô tả đủ nội dung theo mẫu",
                                        "Tỷ lệ đóng góp của các tác giả"]
    routed_hanoi.save()
    services.initiative_submit(draft, proposer)
    services.initiative_transition(draft, "start_screening", officer_hanoi)
    before = snapshot()
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.initiative_transition(draft, "accept_for_review", officer_hanoi,
                                           checks=["Bản mô tả đủ nội dung theo mẫu"])
        assert error.value.message_dict == {"checks": [
            "Confirm every item of the unit's screening checklist first; not confirmed: "
            "Tỷ lệ đóng góp của các tác giả"]}
    assert snapshot() == before
    services.initiative_transition(draft, "accept_for_review", officer_hanoi,
                                   checks=routed_hanoi.screening_checklist)
    draft.refresh_from_db()
    assert (draft.state, draft.screening_checks) == ("in_review",
                                                     routed_hanoi.screening_checklist)
    event = Event.objects.filter(type="initiative.accept_for_review").get()
    assert event.payload["checks"] == routed_hanoi.screening_checklist

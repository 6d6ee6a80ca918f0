"""The proposer's version history and the differences between versions, for readers only."""

from __future__ import annotations

import pytest
from personas import HA_NOI, make_user

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.geo.models import Province
from sangkien.initiatives import services
from sangkien.initiatives.services import AuthorShare

pytestmark = pytest.mark.django_db
ENGLISH = {"accept-language": "en"}


@pytest.fixture
def revised(proposer, hanoi_unit, officer_hanoi):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    initiative = services.initiative_create(proposer, {
        "title": "Đèn đường năng lượng mặt trời", "summary": "Giảm chi phí điện chiếu sáng.",
        "description": "Bộ điều khiển bí mật bản một.", "current_solution": "Đèn cao áp.",
        "purpose": "Tiết kiệm.", "novelty": "Pin tái chế.", "applicability": "Đường xã.",
        "expected_benefits": "Giảm 40% tiền điện.", "fields": ["2.2"], "trl": 6,
        "province": Province.objects.get(code=HA_NOI),
    }, [AuthorShare("Nguyễn Thị Lan", "60"), AuthorShare("Lê Văn Hùng", "40")])
    services.initiative_submit(initiative, proposer)
    services.initiative_transition(initiative, "start_screening", officer_hanoi)
    services.initiative_transition(initiative, "return_for_revision", officer_hanoi,
                                   reason="Nêu rõ tỷ lệ tiết kiệm.")
    services.initiative_update(initiative, proposer, {
        "summary": "Giảm mạnh chi phí điện chiếu sáng công cộng.",
        "description": "Bộ điều khiển bí mật bản hai."},
        [AuthorShare("Nguyễn Thị Lan", "50"), AuthorShare("Lê Văn Hùng", "50")])
    services.initiative_submit(initiative, proposer)
    return initiative


def test_compare_shows_removed_and_added_words(client, revised, proposer):
    client.force_login(proposer)
    history = client.get(f"/initiatives/{revised.pk}/versions/", headers=ENGLISH)
    assert history.status_code == 200
    for version in revised.versions.all():
        assert version.content_sha256 in history.text
    page = client.get(f"/initiatives/{revised.pk}/versions/compare/", headers=ENGLISH)
    assert "Changes from version 1 to version 2" in page.text
    assert "<ins> mạnh</ins>" in page.text and "<ins> công cộng</ins>" in page.text
    assert "<del>một</del><ins>hai</ins>" in page.text
    assert "<del>Nguyễn Thị Lan 60%</del>" in page.text
    assert "<ins>Nguyễn Thị Lan 50%</ins>" in page.text
    assert "Technology readiness level" not in page.text  # unchanged fields are left out
    same = client.get(f"/initiatives/{revised.pk}/versions/compare/?from=2&to=2",
                      headers=ENGLISH)
    assert "The two versions are identical." in same.text


@pytest.mark.parametrize("query", ["?from=abc", "?from=1&to=99", "?to=-1", "?from=0"])
def test_unknown_versions_are_not_found(client, revised, proposer, query):
    client.force_login(proposer)
    assert client.get(f"/initiatives/{revised.pk}/versions/compare/{query}").status_code == 404


def test_only_readers_of_the_confidential_parts_see_versions(
        client, revised, proposer, officer_hanoi, officer_hcm, admin_user):
    viewers = {None: 404, proposer: 200, officer_hanoi: 200, admin_user: 200,
               officer_hcm: 404, make_user("khac@example.vn"): 404}
    for user, status in viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in (f"/initiatives/{revised.pk}/versions/",
                    f"/initiatives/{revised.pk}/versions/compare/"):
            response = client.get(url)
            assert response.status_code == status, (user, url)
            if "compare" in url:
                assert ("bí mật" in response.text) is (status == 200), (user, url)

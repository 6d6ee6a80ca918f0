"""Users log in with their email; roles are granted by administrators only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from personas import PASSWORD, make_user

from sangkien.accounts import services
from sangkien.accounts.models import ExpertProfile, Role, RoleGrant, User
from sangkien.core.models import Event

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_case_insensitive(proposer, client):
    assert User.USERNAME_FIELD == "email"
    response = client.post("/accounts/login/",
                           {"login": "LAN.Nguyen@Example.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_two_accounts_cannot_share_an_email_in_different_case(proposer):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="LAN.NGUYEN@example.vn")


def test_sign_up_creates_a_proposer_and_asks_to_confirm_the_email(client):
    response = client.post("/accounts/signup/", {
        "email": "binh.pham@example.vn", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    user = User.objects.get(email="binh.pham@example.vn")
    assert list(user.role_grants.values_list("role", flat=True)) == [Role.PROPOSER]
    assert Event.objects.filter(type="account.registered", subject_id=str(user.pk)).exists()
    assert len(mail.outbox) == 1 and "binh.pham@example.vn" in mail.outbox[0].to
    # Mandatory verification: no access to the account before the link is followed.
    assert client.get("/me/").status_code == 302


def test_one_person_can_hold_several_roles(proposer, admin_user):
    services.role_grant(proposer, Role.EXPERT, actor=admin_user)
    services.role_grant(proposer, Role.INVESTOR, actor=admin_user)
    services.role_grant(proposer, Role.INVESTOR, actor=admin_user)  # granting twice is a no-op
    assert set(proposer.role_grants.values_list("role", flat=True)) == {
        Role.PROPOSER, Role.EXPERT, Role.INVESTOR}
    grants = Event.objects.filter(type="account.role_granted", subject_id=str(proposer.pk))
    assert grants.count() == 2


def test_only_an_administrator_grants_roles(proposer, officer_hanoi):
    events = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.role_grant(proposer, Role.OFFICER, actor=officer_hanoi)
    assert not proposer.role_grants.filter(role=Role.OFFICER).exists()
    assert Event.objects.count() == events


def test_unknown_role_is_refused_by_name(proposer, admin_user):
    with pytest.raises(ValidationError, match="unknown role 'boss'"):
        services.role_grant(proposer, "boss", actor=admin_user)
    assert proposer.role_grants.count() == 1


def test_admin_role_opens_the_django_admin_and_revoking_closes_it(client, proposer, admin_user):
    client.force_login(proposer)
    assert client.get("/admin/").status_code == 302
    services.role_grant(proposer, Role.ADMIN, actor=admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    services.role_revoke(proposer, Role.ADMIN, actor=admin_user)
    assert client.get("/admin/").status_code == 302


def test_officer_posting_grants_the_officer_role(officer_hanoi, hanoi_unit):
    assert officer_hanoi.role_grants.filter(role=Role.OFFICER).exists()
    assert list(hanoi_unit.officers.all()) == [officer_hanoi]


def test_expert_abroad_profile(admin_user):
    expert = make_user("tuan.vo@u-tokyo.example.jp", "Võ Minh Tuấn")
    profile = services.expert_profile_save(
        expert, fields=["1.2", "2.2"], keywords=["học máy", "machine learning", " "],
        languages=["vi", "en", "ja"], country="jp", affiliation="University of Tokyo",
    )
    assert profile.is_abroad and profile.country == "JP"
    assert profile.keywords == ["học máy", "machine learning"]
    assert RoleGrant.objects.filter(user=expert, role=Role.EXPERT).exists()


def test_expert_profile_with_unknown_field_changes_nothing():
    expert = make_user("an.do@example.vn", "Đỗ Văn An")
    events = Event.objects.count()
    with pytest.raises(ValidationError, match=r"unknown field of science: 9\.9"):
        services.expert_profile_save(expert, fields=["1.2", "9.9"])
    assert not ExpertProfile.objects.filter(user=expert).exists()
    assert not expert.role_grants.filter(role=Role.EXPERT).exists()
    assert Event.objects.count() == events

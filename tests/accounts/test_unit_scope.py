"""An officer sees only the administrative pages of their own unit."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HANOI_PAGE = "/me/units/sokhcn-ha-noi/"
HCM_PAGE = "/me/units/sokhcn-tp-hcm/"


def test_officer_sees_own_unit_page(client, officer_hanoi):
    client.force_login(officer_hanoi)
    response = client.get(HANOI_PAGE)
    assert response.status_code == 200
    assert "Sở Khoa học và Công nghệ Hà Nội" in response.text
    assert officer_hanoi.full_name in response.text


def test_officer_of_another_unit_gets_not_found(client, officer_hanoi, officer_hcm):
    client.force_login(officer_hcm)
    assert client.get(HANOI_PAGE).status_code == 404
    assert client.get(HCM_PAGE).status_code == 200


def test_unknown_and_forbidden_units_look_the_same(client, officer_hcm, hanoi_unit):
    client.force_login(officer_hcm)
    forbidden = client.get(HANOI_PAGE)
    missing = client.get("/me/units/khong-ton-tai/")
    assert forbidden.status_code == missing.status_code == 404


def test_proposer_sees_no_unit_page(client, proposer, hanoi_unit):
    client.force_login(proposer)
    assert client.get(HANOI_PAGE).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, hanoi_unit):
    response = client.get(HANOI_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_administrator_sees_every_unit(client, admin_user, officer_hanoi, officer_hcm):
    client.force_login(admin_user)
    assert client.get(HANOI_PAGE).status_code == 200
    assert client.get(HCM_PAGE).status_code == 200


def test_my_account_lists_only_my_units(client, officer_hanoi, officer_hcm):
    client.force_login(officer_hanoi)
    page = client.get("/me/").text
    assert HANOI_PAGE in page
    assert HCM_PAGE not in page

"""Login and password reset are rate-limited and never reveal whether an account exists."""

from __future__ import annotations

import pytest
from django.core import mail
from personas import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, email, password="wrong password 123"):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_sixth_failed_login_for_an_email_gets_429(client, proposer):
    for _ in range(5):
        assert _login(client, proposer.email).status_code == 200  # the form again, with an error
    assert _login(client, proposer.email).status_code == 429
    # Even the right password is refused while the email is locked.
    assert _login(client, proposer.email, PASSWORD).status_code == 429


def test_lock_is_per_email_not_for_everyone(client, proposer, officer_hanoi):
    for _ in range(6):
        _login(client, proposer.email)
    assert _login(client, officer_hanoi.email, PASSWORD).status_code == 302


def test_password_reset_is_rate_limited_per_email(client, proposer):
    for _ in range(5):
        response = client.post("/accounts/password/reset/", {"email": proposer.email})
        assert response.status_code == 302
    assert client.post("/accounts/password/reset/", {"email": proposer.email}).status_code == 429


def test_failed_login_message_is_the_same_for_unknown_and_existing_accounts(client, proposer):
    existing = _login(client, proposer.email)
    unknown = _login(client, "nobody@example.vn")
    assert existing.status_code == unknown.status_code == 200
    assert existing.context["form"].errors == unknown.context["form"].errors


def test_password_reset_answers_alike_for_unknown_and_existing_accounts(client, proposer):
    existing = client.post("/accounts/password/reset/", {"email": proposer.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.vn"})
    assert existing.status_code == unknown.status_code == 302
    assert existing["Location"] == unknown["Location"]
    # Only the real owner gets a reset link; the unknown address gets a "no account" notice
    # in its own mailbox, which only its owner can read.
    assert [m.to for m in mail.outbox] == [[proposer.email], ["nobody@example.vn"]]


def test_signing_up_with_a_taken_email_looks_like_a_normal_sign_up(client, proposer):
    taken = client.post("/accounts/signup/", {
        "email": proposer.email, "password1": PASSWORD, "password2": PASSWORD})
    fresh = client.post("/accounts/signup/", {
        "email": "moi@example.vn", "password1": PASSWORD, "password2": PASSWORD})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]


def test_activating_totp_asks_for_the_password_again(client, proposer):
    assert _login(client, proposer.email, PASSWORD).status_code == 302
    assert client.get("/accounts/2fa/").status_code == 200
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(activate["Location"], {"password": PASSWORD}).status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "otpauth://totp/" in page.context["totp_url"]


def test_session_expires_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_logins_and_password_changes_are_audited(client, proposer):
    from sangkien.core.models import Event

    assert _login(client, proposer.email, PASSWORD).status_code == 302
    new_password = "an even longer passphrase 42"
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": new_password, "password2": new_password})
    assert response.status_code == 302
    audit = list(Event.objects.filter(subject_id=str(proposer.pk))
                 .values_list("type", flat=True).order_by("id"))
    assert audit[-2:] == ["account.logged_in", "account.password_changed"]
    assert all(new_password not in str(e.payload) for e in Event.objects.all())

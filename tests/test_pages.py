"""The pages people see: both languages, the layout's accessibility basics, no inline code."""

from __future__ import annotations

import re

import pytest
from personas import PASSWORD

pytestmark = pytest.mark.django_db

HOME_VI = "Mỗi ý tưởng hay đều xứng đáng được đưa vào cuộc sống"
HOME_EN = "Every good idea deserves a chance to be put to use"

# The pages anyone can open, with a phrase of each language from its own content.
PUBLIC_PAGES = {
    "/": (HOME_VI, HOME_EN),
    "/accounts/login/": ("Ghi nhớ đăng nhập", "Remember Me"),
    "/accounts/signup/": ("Đã có tài khoản?", "Already have an account?"),
    "/accounts/password/reset/": ("Bạn quên mật khẩu?", "Forgotten your password?"),
}


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _assert_layout(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert 'class="skip-link" href="#main"' in html
    assert 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html


def _assert_no_inline_code(html: str) -> None:
    """The CSP allows scripts and styles from our origin only: nothing inline may be needed."""
    assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)
    assert "<style" not in html.lower()
    for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL | re.IGNORECASE):
        attributes, body = match.groups()
        if "application/json" in attributes:  # data for a script file, never executed
            continue
        assert "src=" in attributes and not body.strip(), match.group(0)[:200]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_vietnamese_by_default(client, path):
    html = _html(client.get(path))
    _assert_layout(html, "vi")
    assert PUBLIC_PAGES[path][0] in html
    assert PUBLIC_PAGES[path][1] not in html
    _assert_no_inline_code(html)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_in_english_for_an_english_browser(client, path):
    html = _html(client.get(path, headers={"accept-language": "en"}))
    _assert_layout(html, "en")
    assert PUBLIC_PAGES[path][1] in html
    _assert_no_inline_code(html)


def test_language_switch_turns_the_site_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    html = _html(client.get("/"))
    assert HOME_EN in html and HOME_VI not in html
    assert "Remember Me" in _html(client.get("/accounts/login/"))

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert HOME_VI in _html(client.get("/"))


def test_language_switch_is_a_form_that_works_without_javascript(client):
    html = _html(client.get("/accounts/login/?next=/me/"))
    form = re.search(r'<form class="lang-switch" method="post" action="/i18n/setlang/">'
                     r"(.*?)</form>", html, re.DOTALL)
    assert form, "the language switch form is missing"
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert 'name="next" value="/accounts/login/?next=/me/"' in form.group(1)
    assert 'name="language" value="vi"' in form.group(1)
    assert 'name="language" value="en"' in form.group(1)
    assert "Tiếng Việt" in form.group(1) and "English" in form.group(1)


def test_home_page_explains_the_platform_and_invites_to_sign_up(client):
    html = _html(client.get("/"))
    assert "Sáng Kiến dành cho ai?" in html
    assert html.count('class="step"') == 7
    assert "biên nhận được bảo đảm bằng mật mã" in html
    assert 'href="/accounts/signup/"' in html and 'href="/accounts/login/"' in html


def test_anonymous_navigation_offers_log_in_and_sign_up(client):
    html = _html(client.get("/"))
    assert "Đăng nhập" in html and "Đăng ký" in html
    assert 'href="/me/"' not in html and 'href="/admin/"' not in html


def test_logged_in_navigation_offers_account_and_log_out(client, proposer):
    client.force_login(proposer)
    html = _html(client.get("/"))
    assert 'href="/me/"' in html and "Tài khoản của tôi" in html
    assert 'action="/accounts/logout/"' in html and "Đăng xuất" in html
    assert 'href="/admin/"' not in html


def test_admin_sees_the_administration_link(client, admin_user):
    client.force_login(admin_user)
    assert 'href="/admin/"' in _html(client.get("/"))


def test_login_form_labels_every_field(client):
    html = _html(client.get("/accounts/login/"))
    inputs = r'<input[^>]*type="(?:email|password|text|checkbox)"[^>]*id="([^"]+)"'
    for field_id in re.findall(inputs, html):
        assert f'for="{field_id}"' in html, field_id


def test_signup_and_password_reset_pages_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Sign Up" in _html(client.get("/accounts/signup/"))
    assert "Reset My Password" in _html(client.get("/accounts/password/reset/"))


def test_password_reset_email_is_in_vietnamese(client, proposer, mailoutbox):
    client.post("/accounts/password/reset/", {"email": proposer.email})
    message = mailoutbox[0]
    assert message.subject.startswith("[Sáng Kiến] ")
    assert "Đặt lại mật khẩu" in message.subject or "đặt lại mật khẩu" in message.subject
    assert "Xin chào từ Sáng Kiến!" in message.body
    assert "yêu cầu đặt lại mật khẩu" in message.body


def test_signup_confirmation_email_is_in_vietnamese(client, mailoutbox):
    response = client.post("/accounts/signup/", {
        "email": "an.pham@example.vn", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    html = _html(client.get(response["Location"]))
    assert "Xác minh địa chỉ email" in html
    assert mailoutbox[0].subject == "[Sáng Kiến] Vui lòng xác nhận địa chỉ email của bạn"
    assert "Để xác nhận, vui lòng mở đường dẫn sau" in mailoutbox[0].body


def test_my_account_shows_roles_and_notifications(client, officer_hanoi, hanoi_unit):
    from sangkien.core.events import deliver_pending

    deliver_pending("accounts.notifications")
    client.force_login(officer_hanoi)
    html = _html(client.get("/me/"))
    _assert_layout(html, "vi")
    _assert_no_inline_code(html)
    assert "Xin chào, Trần Văn Minh." in html
    assert "Người đề xuất" in html  # every account starts as a proposer
    assert "Chào mừng bạn đến với Sáng Kiến." in html
    assert "Bạn đã trở thành cán bộ của Sở Khoa học và Công nghệ Hà Nội." in html
    assert f'href="/me/units/{hanoi_unit.code}/"' in html
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{url}"' in html


def test_my_account_in_english(client, proposer):
    from sangkien.core.events import deliver_pending

    deliver_pending("accounts.notifications")
    client.force_login(proposer)
    html = _html(client.get("/me/", headers={"accept-language": "en"}))
    assert "Welcome to Sáng Kiến. You can now submit initiatives." in html
    assert "Proposer" in html and "Notifications" in html


def test_my_account_without_notifications_says_so(client, proposer):
    client.force_login(proposer)
    assert "Chưa có thông báo nào." in _html(client.get("/me/"))


def test_unit_page_lists_its_officers_and_recent_activity(client, officer_hanoi, hanoi_unit):
    client.force_login(officer_hanoi)
    html = _html(client.get(f"/me/units/{hanoi_unit.code}/"))
    _assert_layout(html, "vi")
    _assert_no_inline_code(html)
    assert "Sở Khoa học và Công nghệ Hà Nội" in html
    assert "Trần Văn Minh" in html and officer_hanoi.email in html
    assert "Hà Nội" in html  # the territory
    assert "Hoạt động gần đây" in html
    assert "unit.officer_added" in html
    # Each cell names its column, so the table can stack into cards on a phone.
    assert 'data-label="Họ và tên"' in html


def test_unit_page_is_not_found_for_an_officer_of_another_unit(client, officer_hcm, hanoi_unit):
    client.force_login(officer_hcm)
    assert client.get(f"/me/units/{hanoi_unit.code}/").status_code == 404


@pytest.mark.parametrize("path", [
    "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/logout/",
])
def test_account_management_pages_render_in_our_layout(client, proposer, path):
    client.force_login(proposer)
    html = _html(client.get(path))
    _assert_layout(html, "vi")
    _assert_no_inline_code(html)
    assert "Cài đặt tài khoản" in html  # the account-settings menu of our layout


def test_two_factor_pages_are_in_vietnamese(client, proposer):
    assert client.login(email=proposer.email, password=PASSWORD)
    assert "Xác thực hai lớp" in _html(client.get("/accounts/2fa/"))
    activate = client.get("/accounts/2fa/totp/activate/")
    reauthenticate = _html(client.get(activate["Location"]))
    assert "Xác nhận danh tính" in reauthenticate
    client.post(activate["Location"], {"password": PASSWORD})
    html = _html(client.get("/accounts/2fa/totp/activate/"))
    assert "Bật ứng dụng xác thực" in html
    assert 'class="qr-code"' in html
    _assert_no_inline_code(html)


def test_rate_limited_login_gets_our_friendly_429_page(client, proposer):
    for _ in range(6):
        response = client.post("/accounts/login/", {"login": proposer.email,
                                                    "password": "wrong password 123"})
    assert response.status_code == 429
    html = response.content.decode()
    _assert_layout(html, "vi")
    assert "Bạn đã thử quá nhiều lần" in html
    english = client.post("/accounts/login/", {"login": proposer.email, "password": "x"},
                          headers={"accept-language": "en"})
    assert english.status_code == 429
    assert "Too many attempts" in english.content.decode()


def test_unknown_page_gets_our_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_layout(html, "vi")
    assert "Không tìm thấy trang bạn cần" in html


def test_expired_form_gets_our_friendly_403_page():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x@example.vn"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Biểu mẫu đã hết hạn" in html
    _assert_no_inline_code(html)


def test_stylesheet_and_logo_are_found_by_staticfiles():
    """Without this, collectstatic leaves the stylesheet out and every page is unstyled."""
    from django.contrib.staticfiles import finders

    for path in ("sangkien/site.css", "sangkien/logo.svg"):
        assert finders.find(path), path


def test_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    from django.template.loader import get_template
    from django.utils import translation

    with translation.override("vi"), django_assert_num_queries(0):
        html = get_template("500.html").render()
    assert '<html lang="vi">' in html and 'class="skip-link"' in html
    assert "Đã xảy ra sự cố" in html
    _assert_no_inline_code(html)

"""Accounts: the language switch (open to anyone, kept through login), Django's Vietnamese messages,
password reset by email, password change in the menu ending the other sessions, demo addresses and
the Monday summary's warning about leaders without one (issue 9: defects 9, 12, 14, 16)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from units.models import User
from units.tests.factories import PASSWORD

LOCALE = Path(__file__).resolve().parents[2] / "locale"
NEW_PASSWORD = "Mật-khẩu-mới-2026!"


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


# Defect 9 ---------------------------------------------------------------------------------------


def test_language_switch_works_logged_out_and_the_choice_survives_login(client, org):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/?next=/tasks/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/tasks/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(response["Location"])
    assert page["Content-Language"] == "en"
    assert "Sign in" in page.content.decode()

    response = _login(client, org.office_staff.username)
    assert response.status_code == 302
    assert "/i18n/" not in response["Location"]
    landing = client.get(response["Location"], follow=True)
    assert landing.status_code == 200 and landing.redirect_chain[-1][0] == reverse("tasks:assignment_list")
    assert landing["Content-Language"] == "en"


def test_logging_in_after_an_old_setlang_redirect_does_not_loop(client, org):
    """A browser sent to /login/?next=/i18n/setlang/ before the fix (a bookmark, a history entry) lands
    on its page instead of bouncing between the two until it gives up."""
    login_url = f"{reverse('login')}?next={reverse('set_language')}"
    referer = {"HTTP_REFERER": f"http://testserver{login_url}"}  # a browser keeps it across redirects
    response = client.post(login_url, {"username": org.chair_a.username, "password": PASSWORD}, **referer)
    seen = []
    while response.status_code == 302 and len(seen) < 6:
        seen.append(response["Location"])
        response = client.get(response["Location"], **referer)
    assert response.status_code == 200, seen
    assert seen[0] == reverse("home"), seen


# Defect 12 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["vi", "en"])
def test_language_options_are_named_in_their_own_language(client, db, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    body = client.get(reverse("login")).content.decode()
    options = re.findall(r"<option [^>]*>([^<]*)</option>", body)
    assert options == ["Tiếng Việt", "English"]
    assert "Tiếng Anh" not in body and "Vietnamese" not in body


def _error(field, value) -> list[str]:
    with translation.override("vi"):
        try:
            field.clean(value)
        except forms.ValidationError as error:
            return [str(m) for m in error.messages]
    return []


def test_djangos_vietnamese_messages_read_well():
    assert _error(forms.IntegerField(), "abc") == ["Nhập một số nguyên."]
    assert _error(forms.IntegerField(max_value=100), "101") == ["Giá trị này phải nhỏ hơn hoặc bằng với 100."]
    assert _error(forms.IntegerField(min_value=0), "-1") == ["Giá trị này phải lớn hơn hoặc bằng với 0."]
    assert _error(forms.DecimalField(max_digits=5, decimal_places=2), "123456") == ["Số này có tối đa 5 chữ số."]
    assert _error(forms.DecimalField(max_digits=5, decimal_places=2), "1.234") == [
        "Số này có tối đa 2 chữ số sau dấu thập phân."
    ]
    assert _error(forms.DecimalField(max_digits=5, decimal_places=2), "1234.5") == [
        "Số này có tối đa 3 chữ số trước dấu thập phân."
    ]
    assert _error(forms.CharField(), "a\x00b") == ["Không được dùng ký tự NUL."]
    assert _error(forms.EmailField(), "khong-phai-email") == ["Nhập một địa chỉ email hợp lệ."]
    assert _error(forms.CharField(max_length=3), "abcd") == ["Giá trị này có tối đa 3 ký tự (hiện có 4)."]
    assert _error(forms.ChoiceField(choices=[("a", "A")]), "b") == [
        "Hãy chọn một giá trị hợp lệ. b không có trong danh sách."
    ]


def test_vietnamese_override_catalogue_is_compiled():
    po = polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / "vi/LC_MESSAGES/django.mo"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    written = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po if not e.obsolete}
    assert written == compiled


# Defect 14 (accounts) ---------------------------------------------------------------------------


def test_forgotten_password_is_reset_by_email_in_vietnamese(client, org, settings):
    settings.SITE_URL = "https://chithi.sonduong.example.vn"
    user = org.chair_a
    user.email = "chutich.tantrao@sonduong.example.vn"
    user.save()
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login_page and "Quên mật khẩu?" in login_page

    page = client.get(reverse("password_reset"))
    assert page.status_code == 200 and "Đặt lại mật khẩu" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": user.email.upper()})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Kiểm tra hộp thư" in client.get(response["Location"]).content.decode()

    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Đặt lại mật khẩu — Chỉ thị"
    assert user.username in message.body
    link = re.search(r"https://chithi\.sonduong\.example\.vn(/password/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Nhập mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert "Đã đặt lại mật khẩu" in client.get(done["Location"]).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "khongco@sonduong.example.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_used_reset_link_says_so_in_vietnamese(client, org):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "sai-ma"]))
    assert response.status_code == 200
    assert "Liên kết đặt lại mật khẩu không còn hiệu lực" in response.content.decode()


def test_password_change_is_in_the_user_menu(client, org):
    client.force_login(org.chair_a)
    body = client.get(reverse("tasks:unit_tasks", args=[org.commune_a.code])).content.decode()
    assert f'href="{reverse("password_change")}"' in body and "Đổi mật khẩu" in body
    page = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu cũ" in page and 'extends "admin' not in page and "Đổi mật khẩu" in page


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(client, org):
    from django.test import Client

    other = Client()
    assert _login(other, org.chair_a.username).status_code == 302
    here = client
    assert _login(here, org.chair_a.username).status_code == 302
    assert other.get(reverse("units:unit_list")).status_code == 200

    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert "Đã đổi mật khẩu" in here.get(response["Location"]).content.decode()
    assert here.get(reverse("units:unit_list")).status_code == 200
    gone = other.get(reverse("units:unit_list"))
    assert gone.status_code == 302 and gone["Location"].startswith(reverse("login"))


# Defect 16 --------------------------------------------------------------------------------------


def test_demo_users_have_example_addresses(db):
    from units import demo

    demo.load()
    users = list(User.objects.all())
    assert users
    assert all(u.email == f"{u.username}@sonduong.example.vn" for u in users), [(u.username, u.email) for u in users]


def test_demo_fills_a_missing_address_but_keeps_a_changed_one(db):
    from units import demo

    demo.load()
    User.objects.filter(username="chutich").update(email="")
    User.objects.filter(username="vanphong").update(email="ha.ltt@sonduong.gov.vn")
    demo.load()
    assert User.objects.get(username="chutich").email == "chutich@sonduong.example.vn"
    assert User.objects.get(username="vanphong").email == "ha.ltt@sonduong.gov.vn"


def test_weekly_summary_warns_naming_the_leaders_without_an_address(org, caplog, time_machine):
    from library.workcalendar import Week
    from tasks.services.weekly import weekly_summary_run

    org.chairman.email = "chutich@sonduong.example.vn"
    org.chairman.save()
    time_machine.move_to("2026-11-25 10:00 +07:00")
    with caplog.at_level(logging.WARNING, logger="tasks.services.weekly"):
        weekly_summary_run(week=Week.parse("2026-W48"))
    warnings = [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name == "tasks.services.weekly"
    ]
    assert len(warnings) == 1, warnings
    assert org.vice_chairman.get_full_name() in warnings[0]
    assert org.office_staff.get_full_name() in warnings[0]
    assert org.chairman.get_full_name() not in warnings[0]


def test_filemail_url_with_an_absolute_path_stays_absolute(tmp_path):
    from units.tests.support import manage_py

    target = tmp_path / "mail"
    result = manage_py(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND); print(settings.EMAIL_FILE_PATH)",
        env={"EMAIL_URL": f"filemail://{target}"},
    )
    assert result.returncode == 0, result.stderr
    backend, path = result.stdout.split()[-2:]
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert path == str(target)

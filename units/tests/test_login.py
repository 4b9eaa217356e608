"""Sign-in: every page needs it, failures are throttled, each role lands somewhere sensible."""

from __future__ import annotations

import pytest
from django.urls import reverse

from units.tests.factories import PASSWORD


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_the_only_page_open_to_anonymous(client, db):
    assert client.get(reverse("login")).status_code == 200
    for name in ("home", "tasks:directive_list", "units:unit_list", "units:reporting_calendar"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_login_page_is_in_vietnamese(client, db):
    body = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in body and "Mật khẩu" in body


def test_wrong_password_shows_vietnamese_error_and_keeps_user_name(client, org):
    response = _login(client, "chutich.a", "sai-mat-khau")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
    assert 'value="chutich.a"' in body


def test_lockout_after_repeated_failures_with_vietnamese_message(client, org, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "chutich.a", "sai").status_code == 200
    response = _login(client, "chutich.a", "sai")
    assert response.status_code == 429
    body = response.content.decode()
    assert "tạm thời bị khóa" in body
    # Even the right password is refused while locked.
    locked = _login(client, "chutich.a", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_and_address(client, org, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "chutich.a", "sai", ip="10.0.0.1")
    # Same user from another address, and another user from the same address, still get in.
    assert _login(client, "chutich.a", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, "chutich.b", PASSWORD, ip="10.0.0.1").status_code == 302


@pytest.mark.parametrize(
    "who,expected",
    [
        ("chair_a", lambda org: reverse("tasks:unit_tasks", args=[org.commune_a.code])),
        ("officer_a", lambda org: reverse("tasks:unit_tasks", args=[org.commune_a.code])),
        ("office_staff", lambda org: reverse("tasks:assignment_list")),
        ("chairman", lambda org: reverse("tasks:leader_tasks")),
        ("vice_chairman", lambda org: reverse("tasks:leader_tasks")),
        ("reviewer", lambda org: reverse("reports:dashboard")),
        ("admin", lambda org: reverse("admin:index")),
        ("nobody", lambda org: reverse("units:no_role")),
    ],
)
def test_each_role_lands_on_its_page_after_login(client, org, who, expected):
    user = getattr(org, who)
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"] == expected(org)
    assert client.get(landing["Location"]).status_code == 200


def test_password_validators_refuse_a_weak_password(org):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_password("12345678", org.chair_a)
    assert any("quá" in m or "ký tự" in m for m in error.value.messages)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, org, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "chutich.a", "password": "sai"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert _login(client, "chutich.a", PASSWORD, ip="10.0.0.1").status_code == 429


def test_behind_one_proxy_the_forwarded_address_is_the_client(client, org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "chutich.a", "password": "sai"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="192.0.2.7",
        )
    # Another client behind the same proxy is not locked out.
    ok = client.post(
        reverse("login"),
        {"username": "chutich.a", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="192.0.2.8",
    )
    assert ok.status_code == 302

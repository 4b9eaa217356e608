"""Organisation pages: what they show, in which language, with a bounded number of queries."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from units.models import CalendarException, CalendarExceptionKind, User
from units.tests.factories import MembershipFactory, UnitFactory


def test_unit_page_lists_active_members_and_delegations(client, org):
    from units.tests.factories import DelegationFactory

    DelegationFactory(unit=org.commune_a, deputy=org.deputy_a, granted_by=org.chair_a, reference="QĐ 12/QĐ-UBND")
    client.force_login(org.chair_a)
    body = client.get(reverse("units:unit_detail", args=[org.commune_a.code])).content.decode()
    assert org.chair_a.full_name in body and org.deputy_a.full_name in body
    assert "QĐ 12/QĐ-UBND" in body
    assert org.chair_b.full_name not in body


def test_unit_list_filters_by_kind_and_name(client, org):
    client.force_login(org.office_staff)
    local = client.get(reverse("units:unit_list"), {"kind": "local"}).context["units"]
    assert {u.code for u in local} == {"XA-TAN-TRAO", "XA-HOP-THANH"}
    found = client.get(reverse("units:unit_list"), {"q": "Hợp"}).context["units"]
    assert [u.code for u in found] == ["XA-HOP-THANH"]


def test_unit_list_query_count_does_not_grow_with_units(client, org, django_assert_num_queries):
    client.force_login(org.office_staff)
    with django_assert_num_queries(10):
        assert client.get(reverse("units:unit_list")).status_code == 200
    for _ in range(40):
        MembershipFactory(unit=UnitFactory())
    with django_assert_num_queries(10):
        assert client.get(reverse("units:unit_list")).status_code == 200


def test_unit_detail_query_count_does_not_grow_with_members(client, org, django_assert_num_queries):
    client.force_login(org.office_staff)
    url = reverse("units:unit_detail", args=[org.commune_a.code])
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    for _ in range(15):
        MembershipFactory(unit=org.commune_a, position="officer")
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_reporting_calendar_page_shows_current_and_next_quarter(client, org, time_machine):
    time_machine.move_to("2026-08-10 09:00 +07:00")
    client.force_login(org.chair_a)
    response = client.get(reverse("units:reporting_calendar"))
    body = response.content.decode()
    assert [q["quarter"].key for q in response.context["quarters"]] == ["2026Q3", "2026Q4"]
    assert "Quý III/2026" in body and "Quý IV/2026" in body
    # Day 20 of Q3 falls on Sunday 20/9/2026 and moves to Monday 21/9/2026.
    assert "20/09/2026" in body and "21/09/2026" in body
    # Week 36: Monday 31/8/2026 is the National Day swap; delivery moves to Thursday 3/9.
    weeks = {w["week"].key: w for w in response.context["quarters"][0]["weeks"]}
    assert weeks["2026-W36"]["delivery"].isoformat() == "2026-09-03" and weeks["2026-W36"]["moved"]


def test_reporting_calendar_page_shows_an_administrator_exception(client, org, time_machine):
    time_machine.move_to("2026-08-10 09:00 +07:00")
    CalendarException.objects.create(date="2026-09-21", kind=CalendarExceptionKind.DAY_OFF, note="Nghỉ bù")
    client.force_login(org.chair_a)
    response = client.get(reverse("units:reporting_calendar"))
    assert response.context["quarters"][0]["dates"].unit_deadline_effective.isoformat() == "2026-09-22"


def test_directive_pages_show_items_and_recipients(client, org):
    from django.core.management import call_command

    call_command("load_demo", "--district", stdout=io.StringIO())
    client.force_login(User.objects.get(username="chutich.tantrao"))
    listing = client.get(reverse("tasks:directive_list"), {"q": "01/CT"})
    directive = listing.context["directives"][0]
    assert directive.number == "01/CT-UBND" and directive.item_count == 8
    body = client.get(reverse("tasks:directive_detail", args=[directive.pk])).content.decode()
    assert "Giang Tuấn Anh" in body and "23/09/2021" in body
    assert "Lưu: VT." in body
    assert body.count('class="item-text"') >= 8


def test_unknown_directive_is_404(client, org):
    client.force_login(org.office_staff)
    assert client.get(reverse("tasks:directive_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("language,expected", [("vi", "Lịch báo cáo"), ("en", "Reporting calendar")])
def test_ui_language_follows_the_users_choice(client, org, language, expected, settings):
    client.force_login(org.chair_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert expected in client.get(reverse("units:reporting_calendar")).content.decode()


def test_an_english_browser_still_gets_vietnamese_until_the_user_chooses(client, org):
    client.force_login(org.chair_a)
    body = client.get(reverse("units:reporting_calendar"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Lịch báo cáo" in body
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("units:reporting_calendar")})
    assert response.status_code == 302
    assert "Reporting calendar" in client.get(reverse("units:reporting_calendar")).content.decode()


def test_unit_page_lists_the_head_first(client, org):
    client.force_login(org.office_staff)
    members = client.get(reverse("units:unit_detail", args=[org.commune_a.code])).context["unit"].active_memberships
    assert [m.position for m in members] == ["head", "deputy", "officer"]

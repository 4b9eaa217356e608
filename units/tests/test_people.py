"""A unit's head manages the unit on its page: adds officers (a new account gets the "set your
password" email), makes a deputy or an officer, lets someone go, records a delegation for a deputy to
sign "KT." and ends it — each with history; nobody else may, another unit's page is 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from submissions.permissions import signing_mode
from units import services
from units.models import Delegation, Membership, Position, User, today_local
from units.roles import forget_roles
from units.tests.factories import DelegationFactory


def test_the_head_adds_a_new_officer_who_gets_the_password_email(org, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership, created = services.member_add(
            actor=org.chair_a,
            unit=org.commune_a,
            full_name="Hoàng Thị Mai",
            email="Mai.HT@tantrao.example",
            position=Position.OFFICER,
            title="Công chức Văn phòng - Thống kê",
        )
    assert created and membership.user.email == "mai.ht@tantrao.example"
    assert not membership.user.has_usable_password()
    assert membership.history.first().history_user == org.chair_a
    [mail] = mailoutbox
    assert mail.to == ["mai.ht@tantrao.example"] and "/password/reset/" in mail.body
    assert "Hoàng Thị Mai" in mail.body
    # The same email again is the same person, already here: refused in Vietnamese.
    with pytest.raises(ValidationError, match="đã là cán bộ của đơn vị"):
        services.member_add(
            actor=org.chair_a, unit=org.commune_a, full_name="", email="mai.ht@tantrao.example", position="officer"
        )


def test_an_existing_account_is_added_without_a_new_one(org, mailoutbox):
    org.officer_a.email = "cv@example.org"
    org.officer_a.save()
    before = User.objects.count()
    _membership, created = services.member_add(
        actor=org.chair_b, unit=org.commune_b, full_name="", email="CV@example.org", position="deputy"
    )
    assert not created and User.objects.count() == before and mailoutbox == []


@pytest.mark.parametrize("who", ["chair_b", "deputy_a", "officer_a", "office_staff", "reviewer", "chairman"])
def test_only_the_head_manages_the_unit(org, who):
    actor = getattr(org, who)
    with pytest.raises(PermissionDenied):
        services.member_add(actor=actor, unit=org.commune_a, full_name="X", email="x@example.org", position="officer")
    membership = Membership.objects.get(user=org.officer_a)
    with pytest.raises(PermissionDenied):
        services.membership_end(actor=actor, membership=membership)
    with pytest.raises(PermissionDenied):
        services.delegation_grant(
            actor=actor,
            unit=org.commune_a,
            deputy=org.deputy_a,
            start_date=today_local(),
            end_date=today_local(),
            reference="QĐ",
        )


def test_a_delegation_lets_the_deputy_sign_kt_until_it_is_ended(org):
    today = today_local()
    assert signing_mode(org.deputy_a, org.commune_a.pk) is None
    with pytest.raises(ValidationError) as refused:
        services.delegation_grant(
            actor=org.chair_a,
            unit=org.commune_a,
            deputy=org.officer_a,
            start_date=today,
            end_date=today - timedelta(days=1),
            reference="",
        )
    assert set(refused.value.error_dict) == {"deputy", "end_date", "reference"}
    delegation = services.delegation_grant(
        actor=org.chair_a,
        unit=org.commune_a,
        deputy=org.deputy_a,
        start_date=today,
        end_date=today + timedelta(days=30),
        reference="Quyết định số 12/QĐ-UBND ngày 01/12/2026",
    )
    forget_roles(org.deputy_a)
    assert signing_mode(org.deputy_a, org.commune_a.pk) == "KT."
    # Ended the day it began, it never was: withdrawn, the history keeps it.
    services.delegation_end(actor=org.chair_a, delegation=delegation)
    assert not Delegation.objects.filter(pk=delegation.pk).exists()
    assert [h.history_type for h in Delegation.history.filter(id=delegation.pk)] == ["-", "+"]
    forget_roles(org.deputy_a)
    assert signing_mode(org.deputy_a, org.commune_a.pk) is None
    # One in force since last week ends yesterday: from today the deputy no longer signs.
    older = DelegationFactory(
        unit=org.commune_a,
        deputy=org.deputy_a,
        granted_by=org.chair_a,
        start_date=today - timedelta(days=7),
        end_date=today + timedelta(days=7),
    )
    services.delegation_end(actor=org.chair_a, delegation=older)
    older.refresh_from_db()
    assert older.end_date == today - timedelta(days=1)
    forget_roles(org.deputy_a)
    assert signing_mode(org.deputy_a, org.commune_a.pk) is None


def test_position_changes_and_leaving_keep_the_record(org):
    membership = Membership.objects.get(user=org.officer_a)
    services.membership_change(actor=org.chair_a, membership=membership, position=Position.DEPUTY, title="Phó CT")
    membership.refresh_from_db()
    assert membership.position == Position.DEPUTY
    services.membership_end(actor=org.chair_a, membership=membership)
    membership.refresh_from_db()
    assert membership.end_date == today_local() - timedelta(days=1)
    assert membership.history.count() == 3  # made, changed, ended
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
    head = Membership.objects.get(user=org.chair_a)
    with pytest.raises(ValidationError, match="cấp trưởng"):
        services.membership_end(actor=org.chair_a, membership=head)


def test_the_page_is_the_heads_and_its_forms_keep_what_was_typed(client, org):
    url = reverse("units:unit_people", args=[org.commune_a.code])
    for who, expected in (("chair_a", 200), ("chair_b", 404), ("officer_a", 403), ("admin", 200)):
        client.force_login(getattr(org, who))
        assert client.get(url).status_code == expected, who
    client.force_login(org.chair_a)
    response = client.post(
        reverse("units:delegation_add", args=[org.commune_a.code]),
        {"deputy": org.deputy_a.pk, "start_date": "05/12/2026", "end_date": "01/12/2026", "reference": "QĐ 12"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Ngày kết thúc không được trước ngày bắt đầu." in page
    assert 'value="QĐ 12"' in page and 'value="01/12/2026"' in page
    response = client.post(
        reverse("units:people_add", args=[org.commune_a.code]),
        {"email": "khong-dung", "full_name": "Lò Văn Tám", "position": "officer"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Thư điện tử không đúng dạng." in page and "Lò Văn Tám" in page
    # Another unit's membership by id is 404 for this head.
    other = Membership.objects.get(user=org.chair_b)
    assert client.post(reverse("units:membership_end", args=[org.commune_a.code, other.pk])).status_code == 404
    assert client.post(reverse("units:membership_end", args=[org.commune_b.code, other.pk])).status_code == 404
    detail = client.get(reverse("units:unit_detail", args=[org.commune_a.code])).content.decode()
    assert "Quản lý cán bộ, ủy quyền" in detail


PEOPLE_PAGE_QUERIES = 14  # the same with 5 and with 10 more people


def test_the_page_reads_a_constant_number_of_queries(client, org):
    from units.tests.factories import MembershipFactory

    client.force_login(org.chair_a)
    url = reverse("units:unit_people", args=[org.commune_a.code])
    client.get(url)
    counts = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        for _n in range(5):
            MembershipFactory(unit=org.commune_a, position=Position.OFFICER)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [counts[0]] * 2 and counts[0] == PEOPLE_PAGE_QUERIES, counts

"""Scoping is security: own unit 200, another unit 404, anonymous to the login page (docs/architecture.md §7).

Every page that shows unit data is listed in UNIT_PAGES; later issues add theirs here."""

from __future__ import annotations

import pytest
from django.urls import reverse

from units.models import Unit


def unit_detail(unit: Unit) -> str:
    return reverse("units:unit_detail", args=[unit.code])


# (name, url builder taking the unit whose data the page shows)
UNIT_PAGES = [
    ("unit_detail", unit_detail),
]


@pytest.mark.parametrize("name,url_for", UNIT_PAGES, ids=[n for n, _ in UNIT_PAGES])
@pytest.mark.parametrize("member", ["chair_a", "deputy_a", "officer_a"])
def test_unit_member_sees_own_unit_and_gets_404_for_another(client, org, name, url_for, member):
    client.force_login(getattr(org, member))
    assert client.get(url_for(org.commune_a)).status_code == 200
    assert client.get(url_for(org.commune_b)).status_code == 404
    assert client.get(url_for(org.office)).status_code == 404


@pytest.mark.parametrize("name,url_for", UNIT_PAGES, ids=[n for n, _ in UNIT_PAGES])
@pytest.mark.parametrize("who", ["office_staff", "reviewer", "chairman", "vice_chairman", "admin"])
def test_office_leaders_reviewers_and_admins_see_every_unit(client, org, name, url_for, who):
    client.force_login(getattr(org, who))
    for unit in (org.commune_a, org.commune_b, org.office):
        assert client.get(url_for(unit)).status_code == 200


@pytest.mark.parametrize("name,url_for", UNIT_PAGES, ids=[n for n, _ in UNIT_PAGES])
def test_anonymous_is_sent_to_login(client, org, name, url_for):
    url = url_for(org.commune_a)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("name,url_for", UNIT_PAGES, ids=[n for n, _ in UNIT_PAGES])
def test_user_without_unit_gets_404(client, org, name, url_for):
    client.force_login(org.nobody)
    assert client.get(url_for(org.commune_a)).status_code == 404


def test_unit_list_shows_only_own_unit_to_a_commune_chair(client, org):
    client.force_login(org.chair_a)
    response = client.get(reverse("units:unit_list"))
    assert response.status_code == 200
    names = [u.name for u in response.context["units"]]
    assert names == ["Xã Tân Trào"]
    assert "Xã Hợp Thành" not in response.content.decode()


def test_unit_list_shows_every_unit_to_the_office(client, org):
    client.force_login(org.office_staff)
    response = client.get(reverse("units:unit_list"))
    assert {u.code for u in response.context["units"]} == set(Unit.objects.values_list("code", flat=True))


def test_ended_membership_no_longer_grants_access(client, org):
    from datetime import date

    membership = org.chair_a.memberships.get()
    membership.end_date = date(2022, 1, 1)
    membership.save()
    client.force_login(org.chair_a)
    assert client.get(unit_detail(org.commune_a)).status_code == 404


def test_visible_to_is_the_same_rule_for_querysets(org):
    assert list(Unit.objects.visible_to(org.chair_a)) == [org.commune_a]
    assert Unit.objects.visible_to(org.reviewer).count() == Unit.objects.count()
    from django.contrib.auth.models import AnonymousUser

    assert not Unit.objects.visible_to(AnonymousUser()).exists()

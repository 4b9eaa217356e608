"""Organisation rules the administrator cannot break by mistake."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from units.models import Delegation, Membership, Position, Unit
from units.roles import forget_roles, roles_of
from units.tests.factories import MembershipFactory, UnitFactory


def test_a_unit_cannot_become_its_own_ancestor(org):
    child = UnitFactory(parent=org.commune_a)
    org.commune_a.parent = child
    with pytest.raises(ValidationError):
        org.commune_a.full_clean()


def test_only_one_unit_per_special_role(org):
    duplicate = UnitFactory.build(authority=org.office.authority, code="VP2", name="Văn phòng 2", special_role="office")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Mỗi nhiệm vụ đặc biệt chỉ gán cho một đơn vị" in str(error.value)


def test_two_heads_at_once_are_refused(org):
    second = Membership(user=org.officer_a, unit=org.commune_a, position=Position.HEAD, start_date=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        second.full_clean()


def test_a_new_head_after_the_old_one_left_is_fine(org):
    old = org.chair_a.memberships.get()
    old.end_date = date(2024, 12, 31)
    old.save()
    new_head = Membership(user=org.officer_a, unit=org.commune_a, position=Position.HEAD, start_date=date(2025, 1, 1))
    new_head.full_clean()  # raises if two heads overlapped
    new_head.save()
    heads = Membership.objects.active(date(2025, 6, 1)).filter(unit=org.commune_a, position=Position.HEAD)
    assert list(heads.values_list("user_id", flat=True)) == [org.officer_a.pk]


def test_delegation_needs_a_deputy_and_the_head_of_the_unit(org):
    ok = Delegation(
        unit=org.commune_a,
        deputy=org.deputy_a,
        granted_by=org.chair_a,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
    )
    ok.full_clean()
    with pytest.raises(ValidationError) as error:
        Delegation(
            unit=org.commune_a,
            deputy=org.officer_a,
            granted_by=org.chair_a,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 3, 31),
        ).full_clean()
    assert "deputy" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Delegation(
            unit=org.commune_a,
            deputy=org.deputy_a,
            granted_by=org.chair_b,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 3, 31),
        ).full_clean()
    assert "granted_by" in error.value.message_dict


def test_delegation_dates_must_be_ordered(org):
    with pytest.raises(ValidationError):
        Delegation(
            unit=org.commune_a,
            deputy=org.deputy_a,
            granted_by=org.chair_a,
            start_date=date(2026, 3, 1),
            end_date=date(2026, 1, 1),
        ).full_clean()


def test_roles_are_derived_from_memberships_and_leaders(org):
    assert roles_of(org.chair_a).head_of == {org.commune_a.pk}
    assert roles_of(org.deputy_a).deputy_of == {org.commune_a.pk}
    assert not roles_of(org.chair_a).sees_all_units
    assert roles_of(org.office_staff).office and roles_of(org.office_staff).sees_all_units
    assert roles_of(org.reviewer).home_affairs
    assert roles_of(org.chairman).chairman and roles_of(org.vice_chairman).vice_chairman
    # Moving the chair to the Office makes them Office staff from the next request on.
    MembershipFactory(user=org.chair_a, unit=org.office, position=Position.OFFICER)
    forget_roles(org.chair_a)
    assert roles_of(org.chair_a).office


def test_unit_tree_has_any_depth(org):
    district = UnitFactory(code="TINH-1", name="Sở Nội vụ", kind="agency")
    mid = UnitFactory(parent=district)
    leaf = UnitFactory(parent=mid)
    assert leaf.parent.parent == district
    assert list(district.children.all()) == [mid]


ADMIN_MODELS = [
    m
    for app in ("units", "tasks", "meetings", "inspections")
    for m in apps.get_app_config(app).get_models()
    if not m.__name__.startswith("Historical")
]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin_with_search_and_a_working_list(admin_client, model, org):
    assert admin.site.is_registered(model)
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields, "every model gets a search box"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.get(url, {"q": "Tân"})
    assert response.status_code == 200
    assert admin_client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")).status_code == 200


def test_admin_labels_are_vietnamese(admin_client, org):
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert "Đơn vị" in body and "Ủy quyền ký thay" in body and "Văn bản chỉ đạo" in body
    assert Unit._meta.verbose_name == "đơn vị"

"""factory_boy factories for the organisation."""

from __future__ import annotations

from datetime import date

import factory

from units.models import (
    Authority,
    Delegation,
    Leader,
    LeaderPosition,
    Membership,
    Position,
    SpecialRole,
    Unit,
    UnitKind,
    User,
)

PASSWORD = "Mật-khẩu-thử-2026"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("code",)

    code = "UBND-SD"
    name = "UBND huyện Sơn Dương"
    full_name = "Ủy ban nhân dân huyện Sơn Dương"
    parent_name = "UBND tỉnh Tuyên Quang"
    place = "Sơn Dương"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    authority = factory.SubFactory(AuthorityFactory)
    code = factory.Sequence(lambda n: f"XA-{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    position = Position.HEAD
    start_date = date(2021, 1, 1)


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    authority = factory.SubFactory(AuthorityFactory)
    user = factory.SubFactory(UserFactory)
    position = LeaderPosition.VICE_CHAIRMAN
    start_date = date(2021, 1, 1)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    unit = factory.SubFactory(UnitFactory)
    deputy = factory.SubFactory(UserFactory)
    granted_by = factory.SubFactory(UserFactory)
    start_date = date(2026, 1, 1)
    end_date = date(2026, 12, 31)


def office_unit(**kwargs) -> Unit:
    return UnitFactory(
        code="VP-HDND-UBND",
        name="Văn phòng HĐND và UBND huyện",
        kind=UnitKind.AGENCY,
        special_role=SpecialRole.OFFICE,
        **kwargs,
    )


def home_affairs_unit(**kwargs) -> Unit:
    return UnitFactory(
        code="TCNV",
        name="Cơ quan Tổ chức - Nội vụ huyện",
        kind=UnitKind.AGENCY,
        special_role=SpecialRole.HOME_AFFAIRS,
        **kwargs,
    )

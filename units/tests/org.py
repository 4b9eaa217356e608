"""An organisation with one person per role, shared by every app's tests (see the root conftest)."""

from __future__ import annotations

from units.models import LeaderPosition, Position, UnitKind

from .factories import LeaderFactory, MembershipFactory, UnitFactory, UserFactory, home_affairs_unit, office_unit


class Org:
    """Two communes and the two special agencies, with a user for each role."""

    def __init__(self):
        self.office = office_unit()
        self.home_affairs = home_affairs_unit()
        self.commune_a = UnitFactory(code="XA-TAN-TRAO", name="Xã Tân Trào")
        self.commune_b = UnitFactory(code="XA-HOP-THANH", name="Xã Hợp Thành")
        self.chair_a = MembershipFactory(unit=self.commune_a, position=Position.HEAD, user__username="chutich.a").user
        self.deputy_a = MembershipFactory(unit=self.commune_a, position=Position.DEPUTY, user__username="pct.a").user
        self.officer_a = MembershipFactory(unit=self.commune_a, position=Position.OFFICER, user__username="cv.a").user
        self.chair_b = MembershipFactory(unit=self.commune_b, position=Position.HEAD, user__username="chutich.b").user
        self.office_staff = MembershipFactory(
            unit=self.office, position=Position.OFFICER, user__username="vanphong"
        ).user
        self.reviewer = MembershipFactory(unit=self.home_affairs, position=Position.OFFICER, user__username="tcnv").user
        self.chairman = LeaderFactory(position=LeaderPosition.CHAIRMAN, user__username="chutich").user
        self.vice_chairman = LeaderFactory(position=LeaderPosition.VICE_CHAIRMAN, user__username="pct").user
        self.admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
        self.nobody = UserFactory(username="chuagan")


def authority_administrator(org: Org, username: str = "quantri.huyen"):
    """An administrator of the org's authority (Membership.administers, as the authority above sets
    it) who is an officer of an ordinary agency: neither Organization–Home Affairs, a leader nor a
    unit's head, and no superuser."""
    agency = UnitFactory(code="PHONG-VH", name="Phòng Văn hóa - Thông tin", kind=UnitKind.AGENCY)
    return MembershipFactory(unit=agency, position=Position.OFFICER, administers=True, user__username=username).user

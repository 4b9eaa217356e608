"""Demo organisation: Sơn Dương district as in 2021 and one account per role (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import demo_data
from .models import Authority, Leader, Membership, Position, Unit, UnitKind, User

DEMO_PASSWORD = "ChiThi@2026"
SINCE = date(2021, 1, 1)
# Example addresses (a reserved-style domain: nothing is delivered outside a test mailbox).
DEMO_EMAIL_DOMAIN = "sonduong.example.vn"

# (username, full name, unit code, position, title) — one account per role a visitor may want to try.
DEMO_MEMBERS = [
    ("chanhvanphong", "Nguyễn Văn Hùng", "VP-HDND-UBND", Position.HEAD, "Chánh Văn phòng HĐND và UBND huyện"),
    ("vanphong", "Lê Thị Thu Hà", "VP-HDND-UBND", Position.OFFICER, "Chuyên viên Văn phòng HĐND và UBND huyện"),
    ("truong.tcnv", "Phạm Đức Thắng", "TCNV", Position.HEAD, "Trưởng cơ quan Tổ chức - Nội vụ huyện"),
    ("tcnv", "Đỗ Thị Lan", "TCNV", Position.OFFICER, "Chuyên viên cơ quan Tổ chức - Nội vụ huyện"),
    ("chutich.tantrao", "Hà Văn Quân", "XA-TAN-TRAO", Position.HEAD, "Chủ tịch UBND xã Tân Trào"),
    ("pct.tantrao", "Ma Thị Hồng", "XA-TAN-TRAO", Position.DEPUTY, "Phó Chủ tịch UBND xã Tân Trào"),
    ("cv.tantrao", "Nông Văn Bình", "XA-TAN-TRAO", Position.OFFICER, "Công chức Văn phòng - Thống kê xã Tân Trào"),
    ("chutich.hopthanh", "Vũ Minh Tuấn", "XA-HOP-THANH", Position.HEAD, "Chủ tịch UBND xã Hợp Thành"),
]
ADMIN = ("quantri", "Quản trị hệ thống")

ROLE_LABELS = {
    "quantri": "Quản trị viên",
    "chutich": "Chủ tịch UBND huyện",
    "pct.kinhte": "Phó Chủ tịch UBND huyện",
    "pct.vanhoa": "Phó Chủ tịch UBND huyện",
    "chanhvanphong": "Văn phòng (Chánh Văn phòng)",
    "vanphong": "Văn phòng (chuyên viên)",
    "truong.tcnv": "Tổ chức - Nội vụ (cấp trưởng)",
    "tcnv": "Tổ chức - Nội vụ (chuyên viên)",
    "chutich.tantrao": "Chủ tịch UBND xã Tân Trào",
    "pct.tantrao": "Phó Chủ tịch UBND xã Tân Trào (chưa được ủy quyền ký thay)",
    "cv.tantrao": "Công chức xã Tân Trào",
    "chutich.hopthanh": "Chủ tịch UBND xã Hợp Thành",
}


@dataclass(frozen=True)
class Cast:
    """Who plays which part in one authority's demo (the other apps' demos read it): the Office's
    officer who enters tasks, Organization–Home Affairs' officer, the Chairman, two communes with a
    demo chairman each, and the level named in task subjects."""

    office: str
    reviewer: str
    chairman: str
    communes: tuple[tuple[str, str], tuple[str, str]]
    level: str


DISTRICT = Cast(
    "vanphong", "tcnv", "chutich", (("XA-TAN-TRAO", "chutich.tantrao"), ("XA-HOP-THANH", "chutich.hopthanh")), "huyện"
)
PROVINCE = Cast(
    "vanphong", "tcnv", "chutich", (("TQ-TAN-TRAO", "chutich.tantrao"), ("TQ-MINH-THANH", "chutich.minhthanh")), "tỉnh"
)


PROVINCE_ROLE_LABELS = {
    "quantri": "Quản trị viên",
    "chutich": "Chủ tịch UBND tỉnh",
    "pct.kinhte": "Phó Chủ tịch UBND tỉnh",
    "chanhvanphong": "Văn phòng UBND tỉnh (Chánh Văn phòng)",
    "vanphong": "Văn phòng UBND tỉnh (chuyên viên)",
    "truong.tcnv": "Sở Nội vụ (Giám đốc)",
    "tcnv": "Sở Nội vụ (chuyên viên)",
    "chutich.tantrao": "Chủ tịch UBND xã Tân Trào: đơn vị của tỉnh và lãnh đạo của xã (chuyển qua lại)",
    "pct.tantrao": "Phó Chủ tịch UBND xã Tân Trào (chưa được ủy quyền ký thay)",
    "cv.tantrao": "Công chức Văn phòng xã Tân Trào (ở tỉnh và ở xã), quản trị của UBND xã",
    "vhxh.tantrao": "Phòng Văn hóa - Xã hội xã Tân Trào (tổng hợp báo cáo quý của xã)",
    "truong.kt.tantrao": "Trưởng phòng Kinh tế xã Tân Trào",
    "chutich.minhthanh": "Chủ tịch UBND xã Minh Thanh",
    "quantri.tinh": "Quản trị của UBND tỉnh (đơn vị, cán bộ, nhập từ Excel; giao quản trị cho xã)",
}


def _user(username: str, full_name: str, **extra) -> User:
    """Create the demo user once, with an example address; later runs leave it (and any changed
    password or address) alone, only giving an address to a demo user that has none."""
    email = f"{username}@{DEMO_EMAIL_DOMAIN}"
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": email, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif not user.email:
        user.email = email
        user.save(update_fields=["email"])
    return user


def upsert(model, defaults: dict, **lookup):
    """`update_or_create` that saves only what differs: a second demo run adds no history row."""
    row, created = model.objects.get_or_create(**lookup, defaults=defaults)
    changed = [name for name, value in defaults.items() if getattr(row, name) != value]
    if not created and changed:
        for name in changed:
            setattr(row, name, defaults[name])
        row.save()
    return row


def load() -> tuple[Authority, dict[str, Unit]]:
    """Sơn Dương district as in 2021: the Authority, its agencies and communes, leaders and demo accounts."""
    authority, units = _authority(
        demo_data.AUTHORITY,
        agencies=demo_data.AGENCIES,
        communes=demo_data.COMMUNES,
        leaders=demo_data.DEMO_LEADERS,
        members=DEMO_MEMBERS,
    )
    _admin()
    return authority, units


def load_province() -> tuple[Authority, dict[str, Unit], Authority, dict[str, Unit]]:
    """Tuyên Quang province (docs/architecture.md §17): the province, its Office, three departments
    and three communes; and Tân Trào commune as an authority over its own offices, its chairman
    and vice chairman leading it while heading the commune's unit in the province."""
    province, units = _authority(
        demo_data.PROVINCE,
        agencies=demo_data.PROVINCE_AGENCIES,
        communes=demo_data.PROVINCE_COMMUNES,
        leaders=demo_data.PROVINCE_LEADERS,
        members=demo_data.PROVINCE_MEMBERS,
    )
    commune, offices = _authority(
        {**demo_data.TAN_TRAO, "parent": province, "unit": units["TQ-TAN-TRAO"], "sort_order": 1},
        agencies=demo_data.TAN_TRAO_OFFICES,
        communes=[],
        leaders=demo_data.TAN_TRAO_LEADERS,
        members=demo_data.TAN_TRAO_MEMBERS,
    )
    for username, code in demo_data.ADMINISTRATORS:
        membership = Membership.objects.get(user__username=username, unit__code=code)
        if not membership.administers:
            membership.administers = True
            membership.save()
    _admin()
    return province, units, commune, offices


def _authority(data: dict, *, agencies, communes, leaders, members) -> tuple[Authority, dict[str, Unit]]:
    """One authority with its units, leaders and people (idempotent)."""
    authority = upsert(Authority, code=data["code"], defaults={k: v for k, v in data.items() if k != "code"})
    units = {}
    for order, (code, name, short_name, special_role, symbol, title) in enumerate(agencies, start=1):
        units[code] = upsert(
            Unit,
            code=code,
            defaults={
                "authority": authority,
                "name": name,
                "short_name": short_name,
                "kind": UnitKind.AGENCY,
                "special_role": special_role,
                "sort_order": order,
                # How it heads and signs its documents (library.letterhead): "05/BC-TP", "TRƯỞNG PHÒNG".
                "symbol": symbol,
                "letterhead_parent": authority.name.upper(),
                "head_signature_title": title,
            },
        )
    for order, (code, name, kind) in enumerate(communes, start=100):
        # A commune's People's Committee heads its documents in its own name, with no line above
        # ("ỦY BAN NHÂN DÂN / XÃ TÂN TRÀO"), numbers them "…/BC-UBND" and signs "TM. ỦY BAN NHÂN DÂN".
        units[code] = upsert(
            Unit,
            code=code,
            defaults={
                "authority": authority,
                "name": name,
                "short_name": name,
                "kind": kind,
                "sort_order": order,
                "symbol": "UBND",
                "letterhead_name": f"ỦY BAN NHÂN DÂN\n{name.upper()}",
                "head_signature_title": "Chủ tịch",
            },
        )
    for username, full_name, position, portfolio in leaders:
        upsert(
            Leader,
            authority=authority,
            user=_user(username, full_name),
            position=position,
            defaults={"portfolio": portfolio, "start_date": SINCE},
        )
    for username, full_name, unit_code, position, title in members:
        # Saved only when new or different: memberships keep history, a second run adds none.
        membership, created = Membership.objects.get_or_create(
            user=_user(username, full_name),
            unit=units[unit_code],
            position=position,
            defaults={"title": title, "start_date": SINCE},
        )
        if not created and (membership.title, membership.start_date) != (title, SINCE):
            membership.title, membership.start_date = title, SINCE
            membership.save()
    _heads(units)
    return authority, units


def _admin() -> None:
    admin = _user(ADMIN[0], ADMIN[1], is_staff=True, is_superuser=True)
    if not (admin.is_staff and admin.is_superuser):
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])


def _heads(units: dict[str, Unit]) -> None:
    """A head for each unit that has no demo head, so every demo document is signed by a name
    (these people have no password: they cannot sign in)."""
    with_head = set(
        Membership.objects.filter(unit__in=units.values(), position=Position.HEAD).values_list("unit_id", flat=True)
    )
    for n, unit in enumerate(units.values()):
        if unit.pk in with_head:
            continue
        user, created = User.objects.get_or_create(
            username=f"truong.{unit.code.lower()}",
            defaults={"full_name": demo_data.HEAD_NAMES[n], "email": f"truong.{unit.code.lower()}@{DEMO_EMAIL_DOMAIN}"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user,
            unit=unit,
            position=Position.HEAD,
            defaults={"title": f"{unit.signature_title()} {unit.name}", "start_date": SINCE},
        )

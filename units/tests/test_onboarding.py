"""An authority's administrator onboards units and people from the Excel template (docs/architecture.md
§17): every row checked, a wrong row refuses the whole file and is named, a right file previewed and
then applied all at once; new people get the email to set their password; administrators of the
authorities below are given by the one above."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from units.models import Authority, ImportStatus, Membership, OrganisationImport, Position, Unit, User
from units.onboarding import PEOPLE_SHEET, UNITS_SHEET, read, template_xlsx


@pytest.fixture
def province(db):
    call_command("load_demo", stdout=io.StringIO())
    return Authority.objects.get(code="UBND-TQ")


def filled(units: list[tuple], people: list[tuple]) -> bytes:
    """The app's own template, filled as an administrator would."""
    book = load_workbook(io.BytesIO(template_xlsx()))
    for row in units:
        book[UNITS_SHEET].append(list(row))
    for row in people:
        book[PEOPLE_SHEET].append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ten_communes(bad_row: int | None = None) -> bytes:
    units = [(f"TQ-XA-MOI-{n}", f"Xã Mới {n}", "Xã", "", "") for n in range(1, 11)]
    people = [
        (
            f"TQ-XA-MOI-{n}",
            f"Nguyễn Văn Chủ Tịch {n}",
            f"chutich.moi{n}@tuyenquang.example.vn",
            "Cấp trưởng",
            "Chủ tịch",
        )
        for n in range(1, 11)
    ]
    if bad_row is not None:
        units[bad_row - 2] = (units[bad_row - 2][0], units[bad_row - 2][1], "Huyện", "", "")
    return filled(units, people)


def upload(client, content: bytes, name: str = "xa-moi.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("units:organisation_import"), {"file": SimpleUploadedFile(name, content)})


def test_the_template_has_its_sheets_headers_and_lists(db):
    book = load_workbook(io.BytesIO(template_xlsx()))
    assert book.sheetnames == [UNITS_SHEET, PEOPLE_SHEET, "Hướng dẫn"]
    assert [c.value for c in book[UNITS_SHEET][1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại",
        "Đơn vị cấp trên (mã)",
        "Nhiệm vụ đặc biệt",
    ]
    assert [c.value for c in book[PEOPLE_SHEET][1]] == ["Mã đơn vị", "Họ và tên", "Thư điện tử", "Vị trí", "Chức danh"]
    assert any("Cấp trưởng" in v.formula1 for v in book[PEOPLE_SHEET].data_validations.dataValidation)


def test_every_wrong_row_is_named_and_nothing_is_kept(province):
    content = filled(
        [
            ("TQ-TAN-TRAO", "Xã trùng mã", "Xã", "", ""),  # a code the province has
            ("xa moi", "Xã có dấu cách", "Xã", "", ""),
            ("TQ-XA-A", "", "Phường", "", ""),
            ("TQ-XA-B", "Xã B", "Huyện", "", ""),
            ("TQ-XA-C", "Xã C", "Xã", "KHONG-CO", ""),
            ("TQ-XA-D", "Xã D", "Xã", "", "Văn phòng"),  # the province has its Office
            ("TQ-XA-E", "Xã E", "Xã", "", ""),
            ("TQ-XA-E", "Xã E lần hai", "Xã", "", ""),
        ],
        [
            ("TQ-XA-E", "Người A", "khong-phai-email", "Cấp trưởng", ""),
            ("TQ-XA-KHONG", "Người B", "b@tuyenquang.example.vn", "Chuyên viên", ""),
            ("TQ-TAN-TRAO", "Người C", "c@tuyenquang.example.vn", "Cấp trưởng", ""),  # it has its head
            ("TQ-XA-E", "Người D", "d@tuyenquang.example.vn", "Trưởng", ""),
        ],
    )
    errors = read(content, province).errors
    assert errors == [
        "Trang “Đơn vị”, dòng 2: mã “TQ-TAN-TRAO” đã có trong hệ thống.",
        "Trang “Đơn vị”, dòng 3: mã “xa moi” chỉ gồm chữ không dấu, số, gạch ngang, tối đa 40 ký tự.",
        "Trang “Đơn vị”, dòng 4: thiếu tên đơn vị.",
        "Trang “Đơn vị”, dòng 5: loại “Huyện” không có; chọn Cơ quan, Xã, Phường, Thị trấn hoặc Khác.",
        "Trang “Đơn vị”, dòng 6: đơn vị cấp trên “KHONG-CO” không có ở dòng trên hay trong cơ quan.",
        "Trang “Đơn vị”, dòng 7: đã có đơn vị là Văn phòng HĐND và UBND.",
        "Trang “Đơn vị”, dòng 9: mã “TQ-XA-E” lặp lại ở dòng trên.",
        "Trang “Cán bộ”, dòng 2: thư điện tử “khong-phai-email” không hợp lệ.",
        "Trang “Cán bộ”, dòng 3: đơn vị “TQ-XA-KHONG” không có ở trang “Đơn vị” hay trong cơ quan.",
        "Trang “Cán bộ”, dòng 4: đơn vị “TQ-TAN-TRAO” đã có cấp trưởng.",
        "Trang “Cán bộ”, dòng 5: vị trí “Trưởng” không có; chọn Cấp trưởng, Cấp phó hoặc Chuyên viên.",
    ]


def test_not_an_excel_file_or_not_the_template(province):
    assert read(b"not a spreadsheet", province).errors == ["Không đọc được tệp: cần tệp Excel (.xlsx) theo mẫu."]
    book = load_workbook(io.BytesIO(template_xlsx()))
    del book[PEOPLE_SHEET]
    out = io.BytesIO()
    book.save(out)
    assert read(out.getvalue(), province).errors == ["Tệp thiếu trang “Cán bộ” của mẫu."]
    assert read(template_xlsx(), province).errors == ["Tệp chưa có dòng nào ở trang “Đơn vị” và trang “Cán bộ”."]


def test_a_province_administrator_imports_ten_communes_all_or_nothing(
    client, province, django_capture_on_commit_callbacks
):
    admin = User.objects.get(username="quantri.tinh")
    client.force_login(admin)
    before = Unit.all_authorities.count(), User.objects.count(), Membership.all_authorities.count()
    refused = upload(client, ten_communes(bad_row=7))
    assert refused.status_code == 400
    assert "Trang “Đơn vị”, dòng 7: loại “Huyện” không có" in refused.content.decode()
    assert (Unit.all_authorities.count(), User.objects.count(), Membership.all_authorities.count()) == before
    assert not OrganisationImport.all_authorities.exists()

    right = upload(client, ten_communes())
    batch = OrganisationImport.all_authorities.get()
    assert right.status_code == 302 and right.url == reverse("units:import_preview", args=[batch.pk])
    preview = client.get(right.url).content.decode()
    assert "sẽ tạo <strong>10</strong> đơn vị và <strong>10</strong> chức vụ" in preview
    assert "10 người mới sẽ nhận thư điện tử để đặt mật khẩu" in preview
    # Still nothing written until the administrator applies it.
    assert Unit.all_authorities.count() == before[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(reverse("units:import_apply", args=[batch.pk]), follow=True)
    assert "Đã nhập 10 đơn vị và 10 chức vụ; 10 người mới nhận thư để đặt mật khẩu." in applied.content.decode()
    communes = Unit.all_authorities.filter(code__startswith="TQ-XA-MOI-")
    assert communes.count() == 10 and {u.authority_id for u in communes} == {province.pk}
    assert {u.kind for u in communes} == {"commune"}
    heads = Membership.all_authorities.filter(unit__in=communes, position=Position.HEAD)
    assert heads.count() == 10 and not any(m.user.has_usable_password() for m in heads)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"chutich.moi{n}@tuyenquang.example.vn" for n in range(1, 11))
    assert all("/password/reset/" in m.body for m in mail.outbox)
    # History names the administrator; the file cannot be applied twice.
    assert Unit.history.filter(code="TQ-XA-MOI-1").get().history_user == admin
    assert Membership.history.filter(unit__code="TQ-XA-MOI-1").get().history_user == admin
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    again = client.post(reverse("units:import_apply", args=[batch.pk]))
    assert again.status_code == 400 and Unit.all_authorities.filter(code__startswith="TQ-XA-MOI-").count() == 10


def test_a_file_made_stale_by_a_later_change_is_refused_whole(client, province):
    client.force_login(User.objects.get(username="quantri.tinh"))
    upload(client, ten_communes())
    batch = OrganisationImport.all_authorities.get()
    Unit.objects.create(authority=province, code="TQ-XA-MOI-3", name="Đã thêm trong lúc chờ")
    response = client.post(reverse("units:import_apply", args=[batch.pk]))
    assert response.status_code == 400
    assert "Trang “Đơn vị”, dòng 4: mã “TQ-XA-MOI-3” đã có trong hệ thống." in response.content.decode()
    assert Unit.all_authorities.filter(code__startswith="TQ-XA-MOI-").count() == 1


def test_only_the_authoritys_administrators_import_and_only_into_their_own(client, province):
    for username in ("vanphong", "chutich", "chutich.tantrao", "tcnv"):
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("units:authority_admin")).status_code == 404
        assert upload(client, ten_communes()).status_code == 404
    # The commune's administrator imports into the commune, never the province.
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    cv = User.objects.get(username="cv.tantrao")
    client.force_login(cv)
    client.post(reverse("units:authority_switch"), {"authority": commune.pk})
    assert client.get(reverse("units:authority_admin")).status_code == 200
    upload(client, filled([("TT-DOI-TN", "Đội thanh niên tình nguyện", "Cơ quan", "TT-VHXH", "")], []))
    batch = OrganisationImport.all_authorities.get()
    assert batch.authority == commune
    client.post(reverse("units:import_apply", args=[batch.pk]))
    unit = Unit.all_authorities.get(code="TT-DOI-TN")
    assert unit.authority == commune and unit.parent.code == "TT-VHXH"
    # The province's administrator does not see the commune's file.
    client.force_login(User.objects.get(username="quantri.tinh"))
    assert client.get(reverse("units:import_preview", args=[batch.pk])).status_code == 404


def test_the_province_gives_and_takes_the_communes_administration(client, province):
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    admin = User.objects.get(username="quantri.tinh")
    client.force_login(admin)
    page = client.get(reverse("units:authority_admin")).content.decode()
    assert "UBND xã Tân Trào" in page and "Nông Văn Bình" in page
    vhxh = User.objects.get(username="vhxh.tantrao")
    response = client.post(
        reverse("units:administrator_grant"), {"authority": commune.pk, "email": vhxh.email}, follow=True
    )
    assert "Triệu Thị Mai quản trị UBND xã Tân Trào." in response.content.decode()
    membership = Membership.all_authorities.get(user=vhxh, unit__code="TT-VHXH")
    assert membership.administers and membership.history.first().history_user == admin
    refused = client.post(
        reverse("units:administrator_grant"), {"authority": commune.pk, "email": "nguoi.ngoai@x.vn"}, follow=True
    )
    assert (
        "Không có cán bộ nào có thư điện tử “nguoi.ngoai@x.vn” đang công tác ở UBND xã Tân Trào."
        in refused.content.decode()
    )
    client.post(reverse("units:administrator_revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.administers
    # The commune cannot give itself administrators, nor touch the province's.
    cv = User.objects.get(username="cv.tantrao")
    client.force_login(cv)
    client.post(reverse("units:authority_switch"), {"authority": commune.pk})
    assert (
        client.post(reverse("units:administrator_grant"), {"authority": commune.pk, "email": vhxh.email}).status_code
        == 404
    )
    own = Membership.all_authorities.get(user=admin, unit__code="TQ-VP-UBND")
    assert client.post(reverse("units:administrator_revoke", args=[own.pk])).status_code == 404


def test_an_administrator_records_and_ends_the_authoritys_leaders(client, province, django_capture_on_commit_callbacks):
    from units.models import Leader

    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    cv = User.objects.get(username="cv.tantrao")
    client.force_login(cv)
    client.post(reverse("units:authority_switch"), {"authority": commune.pk})
    # A second Chairman is refused in Vietnamese, what was typed kept.
    refused = client.post(
        reverse("units:leader_add"),
        {
            "email": "moi@tuyenquang.example.vn",
            "full_name": "Lò Văn Mới",
            "position": "chairman",
            "start_date": "01/12/2026",
        },
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "UBND xã Tân Trào đang có Chủ tịch; cho người đó thôi giữ chức vụ trước." in body
    assert 'value="Lò Văn Mới"' in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            reverse("units:leader_add"),
            {
                "email": "moi@tuyenquang.example.vn",
                "full_name": "Lò Văn Mới",
                "position": "vice_chairman",
                "portfolio": "Văn hóa - Xã hội",
                "start_date": "01/12/2026",
            },
            follow=True,
        )
    assert "Đã ghi Phó Chủ tịch Lò Văn Mới." in added.content.decode()
    leader = Leader.all_authorities.get(user__email="moi@tuyenquang.example.vn")
    assert leader.authority == commune and leader.history.get().history_user == cv
    assert [m.to for m in mail.outbox] == [["moi@tuyenquang.example.vn"]]
    # The new Vice Chairman leads the commune, nothing of the province.
    from units.roles import roles_of

    assert roles_of(leader.user).vice_chairman and roles_of(leader.user).authority_ids == {commune.pk}
    client.post(reverse("units:leader_end", args=[leader.pk]))
    assert not Leader.all_authorities.active().filter(pk=leader.pk).exists()
    # Another authority's leader is not this administrator's to end.
    province_chair = Leader.all_authorities.get(authority=province, position="chairman")
    assert client.post(reverse("units:leader_end", args=[province_chair.pk])).status_code == 404


def test_only_the_top_authoritys_administrator_keeps_the_calendar(client, province):
    from units.models import CalendarException

    client.force_login(User.objects.get(username="quantri.tinh"))
    response = client.post(
        reverse("units:calendar_add"),
        {"date": "31/12/2026", "kind": "day_off", "note": "Nghỉ bù", "reference": "Thông báo số 10/TB-BNV"},
        follow=True,
    )
    assert "Đã ghi 31/12/2026" in response.content.decode()
    exception = CalendarException.objects.get(date="2026-12-31")
    # Deadlines move in every authority, the communes' own included, not only where the request acts.
    from datetime import date

    from tasks.models import Assignment

    commune_task = Assignment.all_authorities.filter(unit__code="TT-PVHCC").get()
    Assignment.all_authorities.filter(pk=commune_task.pk).update(deadline=date(2026, 12, 31))
    client.post(reverse("units:calendar_remove", args=[exception.pk]))
    client.post(reverse("units:calendar_add"), {"date": "31/12/2026", "kind": "day_off"})
    commune_task.refresh_from_db()
    assert commune_task.effective_deadline == date(2027, 1, 4)  # 1/1 a holiday, then the weekend
    exception = CalendarException.objects.get(date="2026-12-31")
    assert exception.history.get().history_user.username == "quantri.tinh"
    twice = client.post(reverse("units:calendar_add"), {"date": "31/12/2026", "kind": "day_off"})
    assert twice.status_code == 400 and "Ngày 31/12/2026 đã được ghi." in twice.content.decode()
    # The commune sees the province's day, and cannot remove it; it records its own day off, which
    # moves its own deadlines and not the province's.
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    client.force_login(User.objects.get(username="cv.tantrao"))
    client.post(reverse("units:authority_switch"), {"authority": commune.pk})
    page = client.get(reverse("units:authority_admin")).content.decode()
    assert "31/12/2026" in page and "của UBND tỉnh Tuyên Quang" in page
    assert client.post(reverse("units:calendar_remove", args=[exception.pk])).status_code == 404
    assert CalendarException.objects.filter(pk=exception.pk).exists()
    province_task = Assignment.all_authorities.filter(unit__code="TQ-MINH-THANH").first()
    Assignment.all_authorities.filter(pk__in=[commune_task.pk, province_task.pk]).update(
        deadline=date(2026, 12, 14), effective_deadline=date(2026, 12, 14)
    )
    client.post(reverse("units:calendar_add"), {"date": "14/12/2026", "kind": "day_off", "note": "Lễ hội Tân Trào"})
    own = CalendarException.objects.get(date="2026-12-14")
    assert own.authority == commune
    commune_task.refresh_from_db()
    province_task.refresh_from_db()
    assert (commune_task.effective_deadline, province_task.effective_deadline) == (
        date(2026, 12, 15),
        date(2026, 12, 14),
    )
    client.post(reverse("units:calendar_remove", args=[own.pk]))
    commune_task.refresh_from_db()
    assert commune_task.effective_deadline == date(2026, 12, 14)


def test_the_administrator_records_a_units_head_and_a_head_cannot(client, province, django_capture_on_commit_callbacks):
    unit = Unit.objects.create(authority=province, code="TQ-SO-XAY-DUNG", name="Sở Xây dựng")
    client.force_login(User.objects.get(username="quantri.tinh"))
    page = client.get(reverse("units:unit_people", args=[unit.code])).content.decode()
    assert '<option value="head">Cấp trưởng</option>' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("units:people_add", args=[unit.code]),
            {
                "email": "giamdoc.sxd@tuyenquang.example.vn",
                "full_name": "Đinh Văn Giám",
                "position": "head",
                "title": "Giám đốc",
            },
        )
    head = Membership.objects.get(unit=unit, position=Position.HEAD)
    assert head.user.full_name == "Đinh Văn Giám" and head.history.get().history_user.username == "quantri.tinh"
    # A unit's head adds deputies and officers, never a head.
    chair = User.objects.get(username="chutich.minhthanh")
    client.force_login(chair)
    response = client.post(
        reverse("units:people_add", args=["TQ-MINH-THANH"]),
        {"email": "khac@tuyenquang.example.vn", "full_name": "Người Khác", "position": "head"},
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user__email="khac@tuyenquang.example.vn").exists()


def test_the_administration_page_reads_the_same_queries_for_7_and_17_units(client, province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(User.objects.get(username="quantri.tinh"))
    url = reverse("units:authority_admin")
    client.get(url)  # the session and the roles, as on any page

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    upload(client, ten_communes())
    client.post(reverse("units:import_apply", args=[OrganisationImport.all_authorities.get().pk]))
    assert Unit.all_authorities.filter(authority=province).count() == 17
    assert (small, queries()) == (PAGE_QUERIES, PAGE_QUERIES)


# The page's own reads (the authority, its units, their heads, the leaders, the authorities below
# and their administrators, the imports, the calendar) and every page's (session, user, roles,
# header, notices, the queue's counts): 17, whatever the number of units.
PAGE_QUERIES = 17


def test_the_administrator_adds_and_edits_units_and_two_saves_never_overwrite(client, province):
    admin = User.objects.get(username="quantri.tinh")
    client.force_login(admin)
    form = {"code": "TQ-SO-Y-TE", "name": "Sở Y tế", "kind": "agency", "sort_order": 8, "is_active": "on"}
    assert client.post(reverse("units:unit_add"), form).status_code == 302
    unit = Unit.all_authorities.get(code="TQ-SO-Y-TE")
    assert unit.authority == province and unit.history.get().history_user == admin
    # A code another authority uses is refused, what was typed kept.
    taken = client.post(reverse("units:unit_add"), {**form, "code": "TT-KT", "name": "Tên đã gõ"})
    assert taken.status_code == 400
    assert (
        "Mã “TT-KT” đã có trong hệ thống." in taken.content.decode() and 'value="Tên đã gõ"' in taken.content.decode()
    )
    # Two people open the same unit; the second save is refused, its text kept.
    page = client.get(reverse("units:unit_edit", args=[unit.code]))
    version = page.context["form"]["version"].value()
    edit = {**form, "version": version}
    assert (
        client.post(reverse("units:unit_edit", args=[unit.code]), {**edit, "name": "Sở Y tế tỉnh"}).status_code == 302
    )
    stale = client.post(reverse("units:unit_edit", args=[unit.code]), {**edit, "name": "Sở Y tế (bản cũ)"})
    assert stale.status_code == 400 and "vừa được người khác sửa" in stale.content.decode()
    assert 'value="Sở Y tế (bản cũ)"' in stale.content.decode()
    unit.refresh_from_db()
    assert unit.name == "Sở Y tế tỉnh" and unit.code == "TQ-SO-Y-TE"
    # Another authority's unit is not here.
    assert client.get(reverse("units:unit_edit", args=["TT-KT"])).status_code == 404
    # The administrator ends a head's position (a head cannot end their own).
    head = Membership.objects.get(unit__code="TQ-SO-TAI-CHINH", position=Position.HEAD)
    client.post(reverse("units:membership_end", args=["TQ-SO-TAI-CHINH", head.pk]))
    assert not Membership.objects.active().filter(pk=head.pk).exists()

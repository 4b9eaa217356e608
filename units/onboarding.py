"""Onboarding an authority from Excel (docs/architecture.md §17): the template the app gives, and
the reading of a filled one — every row checked, every problem named by its sheet and row, in
Vietnamese. Nothing here writes: `units.services.organisation_import_apply` does, all or nothing."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from io import BytesIO
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from .models import Membership, Position, SpecialRole, Unit, UnitKind, User

UNITS_SHEET = "Đơn vị"
PEOPLE_SHEET = "Cán bộ"
GUIDE_SHEET = "Hướng dẫn"
UNIT_COLUMNS = ("Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên (mã)", "Nhiệm vụ đặc biệt")
PEOPLE_COLUMNS = ("Mã đơn vị", "Họ và tên", "Thư điện tử", "Vị trí", "Chức danh")
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")

KINDS = {
    "cơ quan": UnitKind.AGENCY,
    "cơ quan, đơn vị": UnitKind.AGENCY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "thị trấn": UnitKind.TOWN,
    "khác": UnitKind.OTHER,
}
ROLES = {"": SpecialRole.NONE, "văn phòng": SpecialRole.OFFICE, "tổ chức - nội vụ": SpecialRole.HOME_AFFAIRS}
POSITIONS = {"cấp trưởng": Position.HEAD, "cấp phó": Position.DEPUTY, "chuyên viên": Position.OFFICER}


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent: str
    special_role: str


@dataclass
class PersonRow:
    row: int
    unit: str
    full_name: str
    email: str
    position: str
    title: str
    existing: bool = False


@dataclass
class Reading:
    """What a file says, and what is wrong with it (empty `errors`: it can be applied)."""

    units: list[UnitRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Codes of unit rows that were wrong: their people are not named again for it.
    refused: set[str] = field(default_factory=set)

    def as_json(self) -> dict:
        return {"units": [asdict(u) for u in self.units], "people": [asdict(p) for p in self.people]}

    @property
    def new_accounts(self) -> int:
        return len({p.email for p in self.people if not p.existing})


def template_xlsx() -> bytes:
    """The file to fill: a sheet of units, a sheet of people, a sheet of instructions; lists to
    choose from for the kinds, roles and positions."""
    book = Workbook()
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="DDE3EA")
    for index, (title, columns, widths) in enumerate(
        (
            (UNITS_SHEET, UNIT_COLUMNS, (18, 48, 18, 22, 22)),
            (PEOPLE_SHEET, PEOPLE_COLUMNS, (18, 30, 32, 16, 36)),
        )
    ):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(list(columns))
        for column, width in enumerate(widths, start=1):
            cell = sheet.cell(row=1, column=column)
            cell.font, cell.fill, cell.alignment = header_font, fill, Alignment(wrap_text=True)
            sheet.column_dimensions[cell.column_letter].width = width
        sheet.freeze_panes = "A2"
    _choices(book[UNITS_SHEET], "C", ["Cơ quan", "Xã", "Phường", "Thị trấn", "Khác"])
    _choices(book[UNITS_SHEET], "E", ["Văn phòng", "Tổ chức - Nội vụ"])
    _choices(book[PEOPLE_SHEET], "D", ["Cấp trưởng", "Cấp phó", "Chuyên viên"])
    guide = book.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 110
    for line in (
        "Mẫu nhập đơn vị và cán bộ của cơ quan ban hành",
        "",
        "Trang “Đơn vị”: mỗi dòng một đơn vị. Mã đơn vị: chữ không dấu, số, gạch ngang (ví dụ XA-TAN-TRAO), không "
        "trùng mã đã có. Loại: Cơ quan, Xã, Phường, Thị trấn hoặc Khác. Đơn vị cấp trên: mã một đơn vị đã có hoặc ở "
        "dòng trên (để trống nếu không có). Nhiệm vụ đặc biệt: Văn phòng hoặc Tổ chức - Nội vụ (mỗi loại một đơn vị).",
        "Trang “Cán bộ”: mỗi dòng một người ở một đơn vị. Mã đơn vị: mã ở trang “Đơn vị” hoặc đã có. Vị trí: Cấp "
        "trưởng, Cấp phó hoặc Chuyên viên; mỗi đơn vị một cấp trưởng. Thư điện tử: người mới nhận thư để tự đặt mật "
        "khẩu; thư điện tử của tài khoản đã có thì dùng tài khoản đó.",
        "Khi tải lên, mọi dòng được kiểm tra; có một dòng sai thì không nhập dòng nào và dòng sai được chỉ rõ. Tệp "
        "đúng được xem trước, bấm “Nhập vào hệ thống” mới ghi.",
    ):
        guide.append([line])
        guide.cell(row=guide.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=13)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _choices(sheet, column: str, values: list[str]) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    validation.error = _("Chọn một giá trị trong danh sách.")
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}{MAX_ROWS + 1}")


def read(content: bytes, authority) -> Reading:
    """Every row of the file checked against itself and against `authority` (codes across every
    authority: a unit's code is unique in the deployment)."""
    reading = Reading()
    if len(content) > MAX_BYTES:
        reading.errors.append(_("Tệp lớn hơn 2 MB."))
        return reading
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError):
        reading.errors.append(_("Không đọc được tệp: cần tệp Excel (.xlsx) theo mẫu."))
        return reading
    missing = [name for name in (UNITS_SHEET, PEOPLE_SHEET) if name not in book.sheetnames]
    if missing:
        reading.errors.append(_("Tệp thiếu trang “%(sheet)s” của mẫu.") % {"sheet": missing[0]})
        return reading
    unit_rows = list(_rows(book[UNITS_SHEET], len(UNIT_COLUMNS)))
    people_rows = list(_rows(book[PEOPLE_SHEET], len(PEOPLE_COLUMNS)))
    if len(unit_rows) + len(people_rows) > MAX_ROWS:
        reading.errors.append(_("Tệp có quá %(n)s dòng; chia thành nhiều tệp.") % {"n": MAX_ROWS})
        return reading
    if not unit_rows and not people_rows:
        reading.errors.append(_("Tệp chưa có dòng nào ở trang “Đơn vị” và trang “Cán bộ”."))
        return reading
    _read_units(reading, unit_rows, authority)
    _read_people(reading, people_rows, authority)
    return reading


def _rows(sheet, width: int):
    """(row number, cells as stripped text) of every non-empty row under the header."""
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        cells = ["" if v is None else str(v).strip() for v in values] + [""] * width
        if any(cells[:width]):
            yield number, cells[:width]


def _read_units(reading: Reading, rows, authority) -> None:
    # Across authorities on purpose: a unit's code is unique in the whole deployment.
    taken = set(Unit.all_authorities.values_list("code", flat=True))
    own = set(Unit.all_authorities.filter(authority=authority).values_list("code", flat=True))
    roles_taken = set(
        Unit.all_authorities.filter(authority=authority).exclude(special_role="").values_list("special_role", flat=True)
    )
    seen: set[str] = set()
    for number, (code, name, kind, parent, role) in rows:
        where = _("Trang “%(sheet)s”, dòng %(row)s") % {"sheet": UNITS_SHEET, "row": number}
        problems = []
        if not code:
            problems.append(_("thiếu mã đơn vị"))
        elif not CODE.match(code):
            problems.append(_("mã “%(code)s” chỉ gồm chữ không dấu, số, gạch ngang, tối đa 40 ký tự") % {"code": code})
        elif code in taken:
            problems.append(_("mã “%(code)s” đã có trong hệ thống") % {"code": code})
        elif code in seen:
            problems.append(_("mã “%(code)s” lặp lại ở dòng trên") % {"code": code})
        if not name:
            problems.append(_("thiếu tên đơn vị"))
        elif len(name) > 200:
            problems.append(_("tên đơn vị dài quá 200 ký tự"))
        unit_kind = KINDS.get(kind.lower())
        if unit_kind is None:
            problems.append(
                _("loại “%(kind)s” không có; chọn Cơ quan, Xã, Phường, Thị trấn hoặc Khác") % {"kind": kind}
            )
        if parent and parent not in own and parent not in seen:
            problems.append(_("đơn vị cấp trên “%(code)s” không có ở dòng trên hay trong cơ quan") % {"code": parent})
        special = ROLES.get(role.lower())
        if special is None:
            problems.append(
                _("nhiệm vụ đặc biệt “%(role)s” không có; chọn Văn phòng hoặc Tổ chức - Nội vụ") % {"role": role}
            )
        elif special and special in roles_taken:
            problems.append(_("đã có đơn vị là %(role)s") % {"role": SpecialRole(special).label})
        if problems:
            reading.errors.append(f"{where}: {'; '.join(str(p) for p in problems)}.")
            reading.refused.add(code)
            continue
        seen.add(code)
        if special:
            roles_taken.add(special)
        reading.units.append(UnitRow(number, code, name, unit_kind, parent, special))


def _read_people(reading: Reading, rows, authority) -> None:
    # The file is for `authority`, named here (a province administrator imports for a commune too).
    unit_codes = {u.code for u in reading.units} | set(
        Unit.all_authorities.filter(authority=authority).values_list("code", flat=True)
    )
    with_head = set(
        Membership.all_authorities.active()
        .filter(unit__authority=authority, position=Position.HEAD)
        .values_list("unit__code", flat=True)
    )
    # Across authorities on purpose: one person, one account, whichever authority they work in.
    emails = {e.lower() for e in User.objects.exclude(email="").values_list("email", flat=True)}
    placed: set[tuple[str, str]] = set()
    for number, (unit, full_name, email, position, title) in rows:
        where = _("Trang “%(sheet)s”, dòng %(row)s") % {"sheet": PEOPLE_SHEET, "row": number}
        problems = []
        if not unit:
            problems.append(_("thiếu mã đơn vị"))
        elif unit not in unit_codes and unit not in reading.refused:
            problems.append(_("đơn vị “%(code)s” không có ở trang “Đơn vị” hay trong cơ quan") % {"code": unit})
        if not full_name:
            problems.append(_("thiếu họ và tên"))
        email = email.lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("thư điện tử “%(email)s” không hợp lệ") % {"email": email} if email else _("thiếu thư điện tử")
            )
        rank = POSITIONS.get(position.lower())
        if rank is None:
            problems.append(
                _("vị trí “%(position)s” không có; chọn Cấp trưởng, Cấp phó hoặc Chuyên viên") % {"position": position}
            )
        elif rank == Position.HEAD and unit in with_head:
            problems.append(_("đơn vị “%(code)s” đã có cấp trưởng") % {"code": unit})
        if (unit, email) in placed:
            problems.append(_("người này đã có ở dòng trên cùng đơn vị"))
        if problems:
            reading.errors.append(f"{where}: {'; '.join(str(p) for p in problems)}.")
            continue
        placed.add((unit, email))
        if rank == Position.HEAD:
            with_head.add(unit)
        reading.people.append(PersonRow(number, unit, full_name, email, rank, title[:150], email in emails))

"""The register's Excel export (units.exports): the same lines as /register/, through the same scoping."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from library.paging import capped_count
from library.xlsx import build_workbook
from units.exports import ExportSpec, register
from units.models import today_local

from .selectors import register_entries, register_filters


def _entries(user, params: QueryDict):
    _units, _years, unit, year = register_filters(user, params)
    return unit, year, register_entries(user, unit=unit, year=year)


def register_count(user, params: QueryDict, limit: int | None) -> int:
    entries = _entries(user, params)[2]
    return entries.count() if limit is None else capped_count(entries, limit)


def register_make(user, params: QueryDict) -> tuple[str, bytes]:
    unit, year, entries = _entries(user, params)
    rows = (
        [
            e.register.unit.name,
            e.label,
            e.issued_on,
            e.get_kind_display(),
            e.subject,
            f"{e.signer_title} {e.signer_name}".strip(),
            e.created_at,
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    title = _("Sổ đăng ký văn bản đi")
    where = unit.name if unit else _("tất cả cơ quan")
    content = build_workbook(
        title=f"{title} — {where}" + (f" — {_('năm')} {year}" if year else ""),
        subtitle=_("Lập lúc %(day)s") % {"day": today_local().strftime("%d/%m/%Y")},
        headers=[
            _("Cơ quan"),
            _("Số, ký hiệu"),
            _("Ngày tháng"),
            _("Loại văn bản"),
            _("Trích yếu nội dung"),
            _("Người ký"),
            _("Vào sổ lúc"),
        ],
        rows=rows,
        widths=[28, 16, 12, 12, 60, 30, 17],
    )
    name = f"so-van-ban-di-{unit.code.lower() if unit else 'tat-ca'}-{year or ''}".rstrip("-")
    return f"{name}.xlsx", content


register(
    ExportSpec(
        kind="registers.register",
        count=register_count,
        make=register_make,
        title=lambda params: str(_("Sổ đăng ký văn bản đi (Excel)")),
    )
)

"""The register page /register/ and its Excel download (docs/architecture.md §6)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from units.models import today_local
from units.xlsx import build_workbook, xlsx_response

from . import selectors

PAGE_SIZE = 50


def _filters(request: HttpRequest):
    """The body and year asked for, among those the user may read (anything else: all)."""
    units = list(selectors.register_units(request.user))
    years = selectors.register_years(request.user)
    unit = next((u for u in units if u.code == request.GET.get("unit")), None)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = years[0] if years else None
    return units, years, unit, year


def register(request: HttpRequest) -> HttpResponse:
    """ "Sổ văn bản đi": number, date, kind, subject, signer and a link, per body and year."""
    units, years, unit, year = _filters(request)
    entries = selectors.register_entries(request.user, unit=unit, year=year)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = "&".join(p for p in (f"unit={unit.code}" if unit else "", f"year={year}" if year else "") if p)
    return render(
        request,
        "registers/register.html",
        {"units": units, "years": years, "unit": unit, "year": year, "page": page, "querystring": querystring},
    )


def register_export(request: HttpRequest) -> HttpResponse:
    """The same lines as an .xlsx (the paper register's columns)."""
    _units, _years, unit, year = _filters(request)
    entries = selectors.register_entries(request.user, unit=unit, year=year)
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
    return xlsx_response(f"{name}.xlsx", content)

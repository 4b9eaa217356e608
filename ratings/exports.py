"""The ratings' Excel export (units.exports): the Word report's columns, through the same scoping."""

from __future__ import annotations

from django.http import QueryDict

from library.xlsx import build_workbook
from units.exports import ExportSpec, register
from units.models import today_local

from .documents import file_name, headers, table_rows
from .models import Subject, period_label
from .selectors import chosen_unit, period_params, period_rows


def _scope(user, params: QueryDict):
    year, quarter, subject = period_params(params)
    unit = chosen_unit(user, params.get("unit")) if subject == Subject.STAFF else None
    return year, quarter, subject, unit


def ratings_count(user, params: QueryDict, limit: int | None) -> int:
    return len(period_rows(user, *_scope(user, params)))


def ratings_make(user, params: QueryDict) -> tuple[str, bytes]:
    year, quarter, subject, unit = _scope(user, params)
    content = build_workbook(
        title=f"Kết quả đánh giá, xếp loại {period_label(year, quarter)}" + (f" — {unit.name}" if unit else ""),
        subtitle=f"Lập ngày {today_local():%d/%m/%Y}",
        headers=headers(subject),
        rows=table_rows(period_rows(user, year, quarter, subject, unit), subject, as_text=False),
        widths=[6, 40, 12, 12, 12, 16, 14, 12, 40],
    )
    return file_name(year, quarter, subject, "xlsx", unit), content


register(
    ExportSpec(
        kind="ratings.list",
        count=ratings_count,
        make=ratings_make,
        title=lambda params: "Kết quả đánh giá, xếp loại (Excel)",
    )
)

"""The quarterly rollup's Excel export (units.exports), for those who read every unit."""

from __future__ import annotations

from django.http import Http404, QueryDict

from library.workcalendar import Quarter
from units.exports import ExportSpec, register

from . import permissions, selectors
from .documents import rollup_file_name, rollup_xlsx
from .models import QuarterRollup


def rollup_for(user, params: QueryDict) -> QuarterRollup:
    """The version asked for (params["version"], else the latest) of params["quarter"]'s rollup;
    404 for anyone who does not read every unit, or for a quarter without one."""
    if not permissions.can_read_all_units(user):
        raise Http404
    try:
        quarter = Quarter.parse(params.get("quarter", ""))
    except ValueError as exc:
        raise Http404 from exc
    versions = selectors.rollup_versions(quarter)
    if not versions:
        raise Http404
    wanted = params.get("version", "")
    return next((v for v in versions if str(v.version) == wanted), versions[0])


def rollup_count(user, params: QueryDict, limit: int | None) -> int:
    data = rollup_for(user, params).data
    # Sheet 1 a row per unit, sheet 2 a row per indicator: stored with the rollup.
    return len(data.get("completion", [])) + len(data.get("indicators", []))


def rollup_make(user, params: QueryDict) -> tuple[str, bytes]:
    rollup = rollup_for(user, params)
    return f"{rollup_file_name(rollup)}.xlsx", rollup_xlsx(rollup)


def _title(params: QueryDict) -> str:
    try:
        label = Quarter.parse(params.get("quarter", "")).label
    except ValueError:
        label = params.get("quarter", "")
    return f"Báo cáo tổng hợp {label} (Excel)"


register(ExportSpec(kind="reports.rollup", count=rollup_count, make=rollup_make, title=_title))

"""The Monday summary's pages and downloads, for those who see every unit (it lists every unit)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from tasks import selectors
from tasks.documents import summary_docx, summary_file_name, summary_xlsx
from tasks.models import WeeklySummary
from units.documents import docx_response
from units.models import Leader
from units.pdf import available as pdf_available
from units.roles import sees_all_units
from units.services import pdf_request
from units.views import pdf_answer
from units.xlsx import xlsx_response


def _summaries(request: HttpRequest):
    """Stored summaries, for those who may read them; anyone else gets 404 (it lists every unit)."""
    if not sees_all_units(request.user):
        raise Http404
    return WeeklySummary.objects.filter(superseded_at__isnull=True)


def summary_list(request: HttpRequest) -> HttpResponse:
    """Past weeks' summaries, newest first."""
    summaries = selectors.with_row_counts(_summaries(request))
    page = Paginator(summaries, 30).get_page(request.GET.get("page"))
    return render(request, "tasks/summary_list.html", {"page": page, "querystring": ""})


def _summary_and_leader(request: HttpRequest, week: str):
    summary = get_object_or_404(_summaries(request), week=week)
    own = Leader.objects.filter(user=request.user).values_list("pk", flat=True)
    leader = request.GET.get("leader", "")
    leader_id = int(leader) if leader.isdigit() else (next(iter(own), None) if leader == "mine" else None)
    return summary, leader_id, list(own)


def summary_detail(request: HttpRequest, week: str) -> HttpResponse:
    """One week's summary as it was sent; a Vice Chairman can narrow it to the tasks they gave."""
    summary, leader_id, own = _summary_and_leader(request, week)
    overdue = selectors.filter_rows(summary.overdue, leader_id)
    groups = selectors.group_by_task(overdue)
    upcoming = selectors.group_by_task(selectors.filter_rows(summary.upcoming, leader_id))
    leaders = {r["leader_id"]: r["leader"] for r in summary.overdue + summary.upcoming}
    history = WeeklySummary.objects.filter(week=week, superseded_at__isnull=False).only(
        "pk", "generated_at", "superseded_at"
    )
    return render(
        request,
        "tasks/summary_detail.html",
        {
            "summary": summary,
            "groups": groups,
            "totals": selectors.unit_totals(overdue),
            "overdue_count": len(overdue),
            "task_count": selectors.task_count(groups),
            "upcoming": upcoming,
            "upcoming_task_count": selectors.task_count(upcoming),
            "leaders": sorted(leaders.items(), key=lambda kv: kv[1]),
            "leader_id": leader_id,
            "own_leader_id": own[0] if own else None,
            "query": f"leader={leader_id}" if leader_id else "",
            "history": history,
        },
    )


def summary_download(request: HttpRequest, week: str, fmt: str) -> HttpResponse:
    """The summary as .docx (administrative report) or .xlsx (grouped by task, then one row per overdue
    assignment)."""
    summary, leader_id, _own = _summary_and_leader(request, week)
    name = summary_file_name(summary)
    if fmt == "docx":
        return docx_response(f"{name}.docx", summary_docx(summary, leader_id))
    if fmt == "pdf":
        if not pdf_available():
            raise Http404
        rendered = pdf_request(
            key=f"weekly:{summary.pk}:{leader_id or 'all'}", make_docx=lambda: summary_docx(summary, leader_id)
        )
        query = f"?leader={leader_id}" if leader_id else ""
        word = reverse("tasks:summary_download", args=[summary.week, "docx"]) + query
        return pdf_answer(request, rendered, filename=f"{name}.pdf", word_url=word)
    return xlsx_response(f"{name}.xlsx", summary_xlsx(summary, leader_id))

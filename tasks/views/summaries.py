"""The Monday summary's pages and downloads, for those who see every unit (it lists every unit)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from library.documents import docx_response
from library.pdf import available as pdf_available
from tasks import selectors
from tasks.documents import summary_docx, summary_file_name
from tasks.models import SummaryPart, WeeklySummary, WeeklySummaryTask
from units import exports
from units.models import Leader
from units.roles import sees_all_units
from units.services import pdf_request
from units.views import pdf_answer


def _summaries(request: HttpRequest):
    """Stored summaries, for those who may read them; anyone else gets 404 (it lists every unit)."""
    if not sees_all_units(request.user):
        raise Http404
    return WeeklySummary.objects.filter(superseded_at__isnull=True)


def summary_list(request: HttpRequest) -> HttpResponse:
    """Past weeks' summaries, newest first, with the totals stored on each (no row is read)."""
    page = Paginator(_summaries(request), 30).get_page(request.GET.get("page"))
    return render(request, "tasks/summary_list.html", {"page": page, "querystring": ""})


def _summary_and_leader(request: HttpRequest, week: str):
    summary = get_object_or_404(_summaries(request), week=week)
    own = Leader.objects.filter(user=request.user).values_list("pk", flat=True)
    leader = request.GET.get("leader", "")
    leader_id = int(leader) if leader.isdigit() else (next(iter(own), None) if leader == "mine" else None)
    return summary, leader_id, list(own)


def summary_detail(request: HttpRequest, week: str) -> HttpResponse:
    """One week's summary as it was sent, one page of tasks at a time (overdue, or due this week),
    each with its first units and a link to all of them; a Vice Chairman can narrow it to the tasks
    they gave. Reads a slice of the stored rows, whatever the week's size."""
    summary, leader_id, own = _summary_and_leader(request, week)
    part = SummaryPart.UPCOMING if request.GET.get("part") == SummaryPart.UPCOMING else SummaryPart.OVERDUE
    leaders = {p: selectors.summary_leaders(summary, p) for p in SummaryPart.values}
    mine = [x for x in leaders[part] if leader_id is None or x["leader_id"] == leader_id]
    page = selectors.summary_task_page(summary, part, leader_id, request.GET.get("page"))
    units = selectors.summary_unit_totals(summary, leader_id) if part == SummaryPart.OVERDUE else None
    history = WeeklySummary.objects.filter(week=week, superseded_at__isnull=False).only(
        "pk", "generated_at", "superseded_at"
    )
    names = {x["leader_id"]: x["leader"] for p in SummaryPart.values for x in leaders[p]}
    query = "&".join(q for q in (f"leader={leader_id}" if leader_id else "", f"part={part}") if q)
    return render(
        request,
        "tasks/summary_detail.html",
        {
            "summary": summary,
            "part": part,
            "sections": selectors.by_leader(page.object_list, leaders[part]),
            "page": page,
            "querystring": query,
            "row_count": sum(x["count"] for x in mine),
            "task_count": sum(x["task_count"] for x in mine),
            "unit_totals": units[:UNIT_TOTALS_SHOWN] if units is not None else None,
            "unit_count": units.count() if units is not None else 0,
            "leaders": sorted(names.items(), key=lambda kv: kv[1]),
            "leader_id": leader_id,
            "own_leader_id": own[0] if own else None,
            "query": f"leader={leader_id}" if leader_id else "",
            "history": history,
        },
    )


UNIT_TOTALS_SHOWN = 30


def summary_task(request: HttpRequest, week: str, pk: int) -> HttpResponse:
    """Every unit under one task of a week's summary, as sent, 100 a page."""
    summary = get_object_or_404(_summaries(request), week=week)
    group = get_object_or_404(WeeklySummaryTask, summary=summary, pk=pk)
    page = Paginator(selectors.summary_group_rows(group), 100).get_page(request.GET.get("page"))
    for row in page.object_list:
        selectors.with_days(row, summary)
    return render(request, "tasks/summary_task.html", {"summary": summary, "t": group, "page": page, "querystring": ""})


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
    params = QueryDict(mutable=True)
    params["week"] = summary.week
    if leader_id:
        params["leader"] = str(leader_id)
    return exports.respond(request, "tasks.summary", params)

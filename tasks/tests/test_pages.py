"""Task pages over HTTP: scoping (other unit 404), forms that keep input, concurrency, exports, query counts."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import ReturnReason, SubmissionStatus
from submissions.services import submission_attach
from tasks import services
from tasks.models import Assignment, Status, TaskReport
from tasks.tests.factories import AssignmentFactory, assign
from units.models import today_local
from units.tests.factories import MembershipFactory, UnitFactory
from units.tests.support import PDF


@pytest.fixture
def two(org):
    """One assignment for each commune, with a submitted report and an attachment on commune B's."""
    a = assign(org, org.commune_a).assignments.get()
    b = assign(org, org.commune_b, subject="Nhiệm vụ của xã Hợp Thành").assignments.get()
    ext = services.extension_request_create(
        actor=org.chair_b, assignment=b, requested_deadline=b.deadline + timedelta(days=5), reason="Thiếu số liệu"
    )
    draft = services.report_save_draft(actor=org.chair_b, assignment=b, text="Báo cáo xã B", revision=None)
    attachment = submission_attach(actor=org.chair_b, submission=draft, upload=SimpleUploadedFile("b.pdf", PDF))
    services.report_submit(actor=org.chair_b, assignment=b)
    return {
        "a": a,
        "b": b,
        "report_b": TaskReport.objects.get(assignment=b),
        "attachment_b": attachment,
        "extension_b": ext,
    }


# Every page, export and download that shows one unit's data: (name, method, url builder).
UNIT_DATA = [
    ("assignment_detail", "get", lambda t: reverse("tasks:assignment_detail", args=[t["b"].pk])),
    ("unit_tasks", "get", lambda t: reverse("tasks:unit_tasks", args=[t["b"].unit.code])),
    ("attachment_download", "get", lambda t: reverse("tasks:attachment_download", args=[t["attachment_b"].pk])),
    ("task_detail", "get", lambda t: reverse("tasks:task_detail", args=[t["b"].task_id])),
    ("draft_save", "post", lambda t: reverse("tasks:draft_save", args=[t["b"].pk])),
    ("attachment_delete", "post", lambda t: reverse("tasks:attachment_delete", args=[t["attachment_b"].pk])),
    ("report_submit", "post", lambda t: reverse("tasks:report_submit", args=[t["b"].pk])),
    ("report_accept", "post", lambda t: reverse("tasks:report_accept", args=[t["report_b"].pk])),
    ("report_return", "post", lambda t: reverse("tasks:report_return", args=[t["report_b"].pk])),
    ("extension_request", "post", lambda t: reverse("tasks:extension_request", args=[t["b"].pk])),
    ("extension_decide", "post", lambda t: reverse("tasks:extension_decide", args=[t["extension_b"].pk])),
]


@pytest.mark.parametrize("name,method,url", UNIT_DATA, ids=[n for n, _, _ in UNIT_DATA])
def test_another_units_data_answers_404(client, org, two, name, method, url):
    client.force_login(org.chair_a)
    response = getattr(client, method)(url(two))
    assert response.status_code == 404
    # Nothing changed behind the 404.
    assert TaskReport.objects.get(pk=two["report_b"].pk).status == SubmissionStatus.SUBMITTED
    assert two["report_b"].attachments.count() == 1


@pytest.mark.parametrize(
    "name,method,url", [p for p in UNIT_DATA if p[1] == "get"], ids=[n for n, m, _ in UNIT_DATA if m == "get"]
)
def test_own_unit_and_the_office_see_the_page(client, org, two, name, method, url):
    for user in (org.chair_b, org.office_staff, org.chairman):
        client.force_login(user)
        assert client.get(url(two)).status_code == 200, user


@pytest.mark.parametrize("name,method,url", UNIT_DATA, ids=[n for n, _, _ in UNIT_DATA])
def test_anonymous_goes_to_login(client, org, two, name, method, url):
    response = getattr(client, method)(url(two))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_lists_and_exports_show_only_own_unit(client, org, two):
    client.force_login(org.chair_a)
    listing = client.get(reverse("tasks:assignment_list"))
    assert [a.pk for a in listing.context["page"]] == [two["a"].pk]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("tasks:assignment_export")).content))
    units = [row[1] for row in workbook.active.iter_rows(min_row=4, values_only=True)]
    assert units == ["Xã Tân Trào"]
    table = client.get(reverse("tasks:unit_table"))
    assert [r.unit for r in table.context["rows"]] == [org.commune_a]
    # Asking the list for the other unit by id gives nothing (the filter refuses an unknown choice).
    assert list(client.get(reverse("tasks:assignment_list"), {"unit": org.commune_b.pk}).context["page"]) == []


def test_leader_page_shows_own_tasks_and_pending_extensions(client, org, two):
    client.force_login(org.chairman)
    response = client.get(reverse("tasks:leader_tasks"))
    assert [e.pk for e in response.context["pending"]] == [two["extension_b"].pk]
    client.force_login(org.vice_chairman)
    assert list(client.get(reverse("tasks:leader_tasks")).context["pending"]) == []


# ---- forms keep what was typed ------------------------------------------------------------------


def test_rejected_task_form_keeps_input_and_says_why_in_vietnamese(client, org):
    client.force_login(org.office_staff)
    response = client.post(
        reverse("tasks:task_create"),
        {
            "subject": "Rà soát thủ tục hành chính",
            "content": "Nội dung dài",
            "given_by": org.chairman.leaderships.get().pk,
            "deadline": "2020-01-01",
            "scope": "picked",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rà soát thủ tục hành chính" in body and "Nội dung dài" in body
    assert "Chọn ít nhất một đơn vị thực hiện." in body
    assert not Assignment.objects.exists()


def test_task_form_assigns_all_communes_in_one_go(client, org):
    client.force_login(org.office_staff)
    response = client.post(
        reverse("tasks:task_create"),
        {
            "subject": "Báo cáo công tác một cửa",
            "given_by": org.chairman.leaderships.get().pk,
            "deadline": (today_local() + timedelta(days=7)).isoformat(),
            "scope": "local",
        },
    )
    assert response.status_code == 302
    assert set(Assignment.objects.values_list("unit__code", flat=True)) == {org.commune_a.code, org.commune_b.code}


def test_a_unit_user_cannot_open_the_task_form(client, org):
    client.force_login(org.chair_a)
    assert client.get(reverse("tasks:task_create")).status_code == 403


def test_return_without_reason_keeps_the_note(client, org, two):
    client.force_login(org.office_staff)
    response = client.post(
        reverse("tasks:report_return", args=[two["report_b"].pk]), {"return-note": "Thiếu phụ lục số liệu"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Thiếu phụ lục số liệu" in body and "Chọn ít nhất một lý do trả lại" in body


# ---- two people on one draft --------------------------------------------------------------------


def test_second_save_on_a_stale_draft_is_refused_and_its_text_kept(client, org):
    assignment = assign(org, org.commune_a).assignments.get()
    draft = services.report_save_draft(actor=org.officer_a, assignment=assignment, text="Bản gốc", revision=None)
    url = reverse("tasks:draft_save", args=[assignment.pk])
    client.force_login(org.officer_a)
    assert client.post(url, {"text": "Sửa của chuyên viên", "revision": draft.revision}).status_code == 302
    client.force_login(org.chair_a)
    response = client.post(url, {"text": "Sửa của chủ tịch", "revision": draft.revision})
    assert response.status_code == 409
    body = response.content.decode()
    assert "vừa được người khác lưu" in body and "Sửa của chủ tịch" in body
    assert TaskReport.objects.get(pk=draft.pk).text == "Sửa của chuyên viên"


def test_save_then_preview_then_sign(client, org):
    """ "Lưu và xem trước" saves and shows the draft as it will be sent; only the confirmation signs."""
    assignment = assign(org, org.commune_a).assignments.get()
    draft = services.report_save_draft(
        actor=org.officer_a, assignment=assignment, text="Bản của chuyên viên", revision=None
    )
    client.force_login(org.chair_a)
    response = client.post(
        reverse("tasks:draft_save", args=[assignment.pk]),
        {"text": "Bản chủ tịch ký", "revision": draft.revision, "then": "submit"},
    )
    sign_url = reverse("tasks:report_submit", args=[assignment.pk])
    assert response.status_code == 302 and response["Location"] == sign_url
    report = TaskReport.objects.get(pk=draft.pk)
    assert (report.status, report.text) == (SubmissionStatus.DRAFT, "Bản chủ tịch ký")
    preview = client.get(sign_url).content.decode()
    assert "Bản chủ tịch ký" in preview and "Sau khi ký, báo cáo không sửa được nữa" in preview
    assert f'name="revision" value="{report.revision}"' in preview
    response = client.post(sign_url, {"revision": report.revision})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.text, report.signed_by) == (
        SubmissionStatus.SUBMITTED,
        "Bản chủ tịch ký",
        org.chair_a,
    )


def test_assignment_page_shows_history_of_changes(client, org, two):
    services.report_return(actor=org.office_staff, report=two["report_b"], reasons=[ReturnReason.LATE])
    client.force_login(org.chair_b)
    body = client.get(reverse("tasks:assignment_detail", args=[two["b"].pk])).content.decode()
    assert "Chưa đúng thời gian quy định" in body
    assert "báo cáo lần 1" in body and "Bị trả lại" in body


# ---- exports ------------------------------------------------------------------------------------


def test_export_follows_the_filters_and_keeps_vietnamese(client, org, two):
    client.force_login(org.office_staff)
    response = client.get(reverse("tasks:assignment_export"), {"status": Status.ON_TIME})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Danh sách giao nhiệm vụ"
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[8]) for r in rows] == [("Nhiệm vụ của xã Hợp Thành", "Xã Hợp Thành", "Đã báo cáo đúng hạn")]
    assert rows[0][7] is not None and rows[0][7].date() == two["b"].effective_deadline


def test_unit_table_counts_match_the_assignments(client, org, time_machine):
    time_machine.move_to("2026-10-20 09:00 +07:00")
    for offset, unit in [(-3, org.commune_a), (-2, org.commune_a), (4, org.commune_a), (-1, org.commune_b)]:
        d = date(2026, 10, 20) + timedelta(days=offset)
        AssignmentFactory(unit=unit, original_deadline=d, deadline=d, effective_deadline=d)
    client.force_login(org.office_staff)
    rows = {r.unit.code: r.counts for r in client.get(reverse("tasks:unit_table")).context["rows"]}
    assert rows[org.commune_a.code][Status.OVERDUE] == 2 and rows[org.commune_a.code][Status.NOT_DUE] == 1
    assert rows[org.commune_b.code][Status.OVERDUE] == 1
    ranged = client.get(reverse("tasks:unit_table"), {"due_from": "2026-10-18", "due_to": "2026-10-31"}).context["rows"]
    assert {r.unit.code: r.total for r in ranged}[org.commune_a.code] == 2
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("tasks:unit_table"), {"format": "xlsx"}).content)
    ).active
    by_name = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert by_name["Xã Tân Trào"][1] == 3


# ---- query counts do not grow with data ---------------------------------------------------------


def _grow(org, units: int, per_unit: int):
    today = today_local()
    for _ in range(units):
        unit = UnitFactory()
        MembershipFactory(unit=unit)
        for k in range(per_unit):
            d = today + timedelta(days=k - per_unit // 2)
            AssignmentFactory(unit=unit, original_deadline=d, deadline=d, effective_deadline=d)


PAGES = [
    ("office list", "office_staff", lambda org: reverse("tasks:assignment_list"), 15),
    ("office list filtered", "office_staff", lambda org: reverse("tasks:assignment_list") + "?status=overdue", 15),
    ("per-unit table", "office_staff", lambda org: reverse("tasks:unit_table"), 14),
    ("export", "office_staff", lambda org: reverse("tasks:assignment_export"), 11),  # the rows, then their tasks once
    ("leader page", "chairman", lambda org: reverse("tasks:leader_tasks"), 15),
    ("unit page", "chair_a", lambda org: reverse("tasks:unit_tasks", args=[org.commune_a.code]), 10),
]


@pytest.mark.parametrize("name,who,url,queries", PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_units_and_assignments(
    client, org, django_assert_num_queries, name, who, url, queries
):
    client.force_login(getattr(org, who))
    for _ in range(3):
        AssignmentFactory(unit=org.commune_a, task__given_by=org.chairman.leaderships.get())
    _grow(org, 2, 2)
    with django_assert_num_queries(queries):
        assert client.get(url(org)).status_code == 200
    _grow(org, 15, 6)
    for _ in range(10):
        AssignmentFactory(unit=org.commune_a, task__given_by=org.chairman.leaderships.get())
    with django_assert_num_queries(queries):
        assert client.get(url(org)).status_code == 200


def test_assignment_page_query_count_does_not_grow_with_versions(client, org, django_assert_num_queries):
    assignment = assign(org, org.commune_a).assignments.get()
    client.force_login(org.office_staff)
    url = reverse("tasks:assignment_detail", args=[assignment.pk])

    def cycle():
        services.report_save_draft(actor=org.chair_a, assignment=assignment, text="bản", revision=None)
        submitted = services.report_submit(actor=org.chair_a, assignment=assignment)
        services.report_return(actor=org.office_staff, report=submitted, reasons=[ReturnReason.LOW_QUALITY])

    cycle()
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200
    for _ in range(4):
        cycle()
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200

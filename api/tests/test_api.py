"""The REST API: tokens (hashed, shown once, revoked at once, last use kept), the same scoping as the
pages (another unit's object is 404), directives and tasks created as the Office does, Vietnamese
errors as JSON, cursor pages, throttling per token (docs §16)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api import services
from api.models import ApiToken, digest
from tasks.models import Directive, Task
from tasks.tests.factories import assign
from tasks.tests.test_flow import submit


def token_for(org, user) -> str:
    return services.token_issue(actor=org.admin, user=user, name="Kết nối thử")[1]


def api(client, key, path, **kwargs):
    method = kwargs.pop("method", "get")
    return getattr(client, method)(
        f"/api/v1/{path}", HTTP_AUTHORIZATION=f"Token {key}", content_type="application/json", **kwargs
    )


def test_a_token_is_kept_only_as_its_hash_and_works_until_revoked(client, org):
    token, key = services.token_issue(actor=org.admin, user=org.office_staff, name="E-office")
    assert key.startswith("ct_") and len(key) > 40
    assert token.key_hash == digest(key) and key not in str(ApiToken.objects.values().get())
    response = api(client, key, "units/")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    services.token_revoke(actor=org.admin, token=token)
    response = api(client, key, "units/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Khóa API không hợp lệ hoặc đã bị thu hồi."
    assert api(client, "ct_wrong", "units/").status_code == 401
    assert client.get("/api/v1/units/").status_code in (401, 403)  # no token, no session


def test_only_an_administrator_issues_or_revokes(org):
    from django.core.exceptions import PermissionDenied

    for who in (org.office_staff, org.chairman, org.reviewer, org.chair_a):
        with pytest.raises(PermissionDenied):
            services.token_issue(actor=who, user=who, name="x")
    token, _key = services.token_issue(actor=org.admin, user=org.chair_a, name="x")
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=org.chair_a, token=token)


@pytest.fixture
def two_units(org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    a = assign(org, org.commune_a, deadline=date(2026, 10, 20), subject="Việc của Tân Trào")
    b = assign(org, org.commune_b, deadline=date(2026, 10, 20), subject="Việc của Hợp Thành")
    report = submit(org, a.assignments.get())
    return a, b, report


def test_a_units_token_sees_its_own_and_gets_404_for_another_units(client, org, two_units):
    a, b, report = two_units
    key = token_for(org, org.chair_a)
    assert [t["subject"] for t in api(client, key, "tasks/").json()["results"]] == ["Việc của Tân Trào"]
    assert api(client, key, f"tasks/{a.pk}/").status_code == 200
    assert api(client, key, f"tasks/{b.pk}/").status_code == 404
    other = b.assignments.get()
    assert api(client, key, f"assignments/{other.pk}/").status_code == 404
    assert api(client, key, f"units/{org.commune_b.pk}/").status_code == 404
    assert [u["code"] for u in api(client, key, "units/").json()["results"]] == ["XA-TAN-TRAO"]
    assert api(client, key, f"reports/{report.pk}/").status_code == 200
    assert api(client, token_for(org, org.chair_b), f"reports/{report.pk}/").status_code == 404
    # The Monday summaries and the rollups are for those who see every unit.
    assert api(client, key, "summaries/").json()["results"] == []
    assert api(client, key, "rollups/").json()["results"] == []


def test_the_office_sees_every_unit_and_filters_by_status_and_unit(client, org, two_units):
    a, b, _report = two_units
    key = token_for(org, org.office_staff)
    rows = api(client, key, "assignments/?status=on_time").json()["results"]
    assert [(r["unit"], r["status"]) for r in rows] == [("XA-TAN-TRAO", "on_time")]
    rows = api(client, key, "assignments/?unit=XA-HOP-THANH").json()["results"]
    assert [(r["task"], r["status"]) for r in rows] == [(b.pk, "not_due")]
    rows = api(client, key, "assignments/?deadline_from=2026-10-21").json()["results"]
    assert rows == []
    response = api(client, key, "assignments/?status=bogus")
    assert response.status_code == 400 and "status" in response.json()


def test_the_office_records_a_directive_and_gives_a_task_from_its_item(client, org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    key = token_for(org, org.office_staff)
    body = {
        "kind": "chi_thi",
        "number": "05/CT-UBND",
        "issued_on": "2026-09-30",
        "place": "Sơn Dương",
        "signer_name": "Giang Tuấn Anh",
        "signer_position": "Chủ tịch",
        "subject": "Về việc phòng, chống thiên tai",
        "items": [{"number": 1, "text": "Rà soát phương án"}, {"number": 2, "text": "Kiểm tra hồ đập"}],
    }
    response = api(client, key, "directives/", method="post", data=body)
    assert response.status_code == 201, response.content
    directive = Directive.objects.get(number="05/CT-UBND")
    assert [i["number"] for i in response.json()["items"]] == [1, 2]
    again = api(client, key, "directives/", method="post", data=body)
    assert again.status_code == 400
    assert "Đã có văn bản với số và ngày ban hành này." in str(again.json())
    task = {
        "subject": "Kiểm tra an toàn hồ đập trước mùa mưa",
        "given_by": org.chairman.leaderships.get().pk,
        "deadline": "2026-10-30",
        "units": ["XA-TAN-TRAO", "XA-HOP-THANH"],
        "directive": directive.pk,
        "directive_item": 2,
    }
    response = api(client, key, "tasks/", method="post", data=task)
    assert response.status_code == 201, response.content
    created = Task.objects.get(subject=task["subject"])
    assert created.directive_item.number == 2 and created.assignments.count() == 2
    assert sorted(a["unit"] for a in response.json()["assignments"]) == ["XA-HOP-THANH", "XA-TAN-TRAO"]
    assert created.history.first().history_user == org.office_staff  # the token's owner in the history
    # A unit's head may not give tasks: the same refusal as the page, in Vietnamese.
    response = api(client, token_for(org, org.chair_a), "tasks/", method="post", data=task)
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ Văn phòng và lãnh đạo UBND được giao nhiệm vụ."
    ended = org.vice_chairman.leaderships.get()
    ended.end_date = date(2026, 9, 1)
    ended.save()
    response = api(client, key, "tasks/", method="post", data={**task, "given_by": ended.pk})
    assert response.status_code == 400 and response.json()["given_by"] == ["Lãnh đạo này không còn đương nhiệm."]
    bad = {**task, "units": ["KHONG-CO"], "deadline": "30/10/2026"}
    response = api(client, key, "tasks/", method="post", data=bad)
    assert response.status_code == 400 and "deadline" in response.json()


def test_lists_are_cursor_pages_with_a_constant_number_of_queries(client, org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    key = token_for(org, org.office_staff)
    api(client, key, "units/")  # the token's first use writes its last-used time; measured after it
    counts = []
    for size in (2, 12):
        while Task.objects.count() < size:
            assign(org, org.commune_a, org.commune_b, deadline=date(2026, 10, 20))
        with CaptureQueriesContext(connection) as queries:
            body = api(client, key, "tasks/?page_size=5").json()
        counts.append(len(queries))
        assert len(body["results"]) == min(size, 5)
    assert counts == [7, 7], counts  # the same at both sizes
    nxt = api(client, key, "tasks/?page_size=5").json()["next"]
    assert "cursor=" in nxt


def test_requests_beyond_the_rate_are_refused_per_token(client, org, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CHITHI_API_RATE = "3/minute"
    key, other = token_for(org, org.office_staff), token_for(org, org.office_staff)
    assert [api(client, key, "units/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert api(client, other, "units/").status_code == 200
    cache.clear()


def test_the_schema_and_its_readers(client, org):
    key = token_for(org, org.chair_a)
    response = client.get("/api/v1/schema/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and b"openapi: 3" in response.content
    client.force_login(org.chair_a)
    assert client.get(reverse("api:swagger")).status_code == 200
    page = client.get(reverse("api:swagger")).content.decode()
    assert "cdn" not in page.lower() and "googleapis" not in page  # served from the installed packages


def test_a_units_token_sends_its_report_and_a_deputy_without_delegation_is_refused(client, org, time_machine):
    from tasks.models import TaskReport

    time_machine.move_to("2026-10-01 09:00 +07:00")
    a = assign(org, org.commune_a, deadline=date(2026, 10, 20)).assignments.get()
    other = assign(org, org.commune_b, deadline=date(2026, 10, 20)).assignments.get()
    body = {"text": "Đã tổ chức rà soát, kết quả như sau."}
    deputy = token_for(org, org.deputy_a)
    response = api(client, deputy, f"assignments/{a.pk}/report/", method="post", data=body)
    assert response.status_code == 403, response.content
    assert response.json()["detail"] == (
        "Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được ký và gửi báo cáo (điểm 1 Chỉ thị 01/CT-UBND)."
    )
    assert not TaskReport.objects.filter(assignment=a).exists()  # no draft left behind
    head = token_for(org, org.chair_a)
    assert api(client, head, f"assignments/{other.pk}/report/", method="post", data=body).status_code == 404
    response = api(client, head, f"assignments/{a.pk}/report/", method="post", data={"text": " "})
    assert response.status_code == 400 and "text" in response.json()
    response = api(client, head, f"assignments/{a.pk}/report/", method="post", data=body)
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["signed_by"]) == ("submitted", org.chair_a.get_full_name())
    a.refresh_from_db()
    assert a.reported_on == date(2026, 10, 1)
    assert a.history.first().history_user == org.chair_a
    # With a recorded delegation the deputy's token signs "KT.".
    from units.tests.factories import DelegationFactory

    DelegationFactory(unit=org.commune_a, deputy=org.deputy_a, start_date=date(2026, 9, 1))
    other_a = assign(org, org.commune_a, deadline=date(2026, 10, 22), subject="Việc thứ hai").assignments.get()
    response = api(client, deputy, f"assignments/{other_a.pk}/report/", method="post", data=body)
    assert response.status_code == 201, response.content
    assert response.json()["signing_mode"] == "KT."


def test_the_administrator_issues_a_token_on_its_page_and_sees_it_once(client, org):
    url = reverse("api:token_list")
    client.force_login(org.chair_a)
    assert client.get(url).status_code == 403
    client.force_login(org.admin)
    response = client.post(url, {"user": org.chair_a.pk, "name": ""})
    assert response.status_code == 200 and "Ghi tên, mục đích của khóa." in response.content.decode()
    page = client.post(url, {"user": org.chair_a.pk, "name": "Báo cáo từ phần mềm của xã"}).content.decode()
    token = ApiToken.objects.get()
    assert "chỉ hiện một lần" in page and f"{token.prefix}" in page
    assert client.get(url).content.decode().count("chỉ hiện một lần") == 0  # never again
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "Đã thu hồi khóa" in response.content.decode()
    assert ApiToken.objects.get().revoked


def test_a_token_issued_from_the_shell_works(client, org):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("issue_api_token", "vanphong", "Thử từ dòng lệnh", stdout=out)
    key = out.getvalue().strip()
    assert api(client, key, "units/").status_code == 200
    assert ApiToken.objects.get().created_by == org.admin


def test_an_address_the_api_lacks_is_a_json_404_for_any_method(org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF token with an API call
    key = token_for(org, org.office_staff)
    for method in ("get", "post"):
        response = api(client, key, "assignments/1.5e9/report/", method=method, data={})
        assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})


ENDPOINTS = ["units", "tasks", "assignments", "reports", "quarterly-reports", "summaries", "rollups", "authorities"]


@pytest.mark.parametrize("who", ["office_staff", "reviewer", "chairman", "chair_a", "officer_a", "chair_b", "nobody"])
def test_every_endpoint_serves_only_what_the_pages_show_and_404_for_the_rest(client, org, template, time_machine, who):
    """The scoping matrix over the API: each list holds only objects of units the person may see,
    and every object of another unit is 404 by id."""
    from reports.services import periodic
    from units.roles import visible_unit_ids
    from units.tests.support import file_report

    time_machine.move_to("2026-09-01 09:00 +07:00")
    a = assign(org, org.commune_a, deadline=date(2026, 9, 10)).assignments.get()
    b = assign(org, org.commune_b, deadline=date(2026, 9, 10)).assignments.get()
    own_report, other_report = submit(org, a), submit(org, b, user=org.chair_b)
    figures = {"hoi_nghi_quan_triet": 1}  # something to sign
    quarterly_a = file_report(org, template, org.commune_a, org.chair_a, values=figures, time_machine=time_machine)
    quarterly_b = file_report(org, template, org.commune_b, org.chair_b, values=figures)
    time_machine.move_to("2026-09-26 09:00 +07:00")
    from units.tests.support import Q3

    periodic.quarter_rollup_run(quarter=Q3)
    user = getattr(org, who)
    key = token_for(org, user)
    ids = visible_unit_ids(user)
    sees = (lambda unit_id: True) if ids is None else (lambda unit_id: unit_id in ids)
    for endpoint in ENDPOINTS:
        response = api(client, key, f"{endpoint}/")
        assert response.status_code == 200, (who, endpoint)
    objects = {
        "units": [(org.commune_a.pk, org.commune_a.pk), (org.commune_b.pk, org.commune_b.pk)],
        "assignments": [(a.pk, a.unit_id), (b.pk, b.unit_id)],
        "tasks": [(a.task_id, a.unit_id), (b.task_id, b.unit_id)],
        "reports": [(own_report.pk, a.unit_id), (other_report.pk, b.unit_id)],
        "quarterly-reports": [(quarterly_a.pk, org.commune_a.pk), (quarterly_b.pk, org.commune_b.pk)],
    }
    for endpoint, pairs in objects.items():
        for pk, unit_id in pairs:
            status = api(client, key, f"{endpoint}/{pk}/").status_code
            assert status == (200 if sees(unit_id) else 404), (who, endpoint, pk)
    everything = ids is None
    assert bool(api(client, key, "rollups/").json()["results"]) == everything, who


def test_assignments_changed_since_a_moment(client, org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    a = assign(org, org.commune_a, deadline=date(2026, 10, 20), subject="Cũ").assignments.get()
    b = assign(org, org.commune_b, deadline=date(2026, 10, 20), subject="Cũ nữa").assignments.get()
    time_machine.move_to("2026-10-05 09:00 +07:00")
    submit(org, a)  # reported: a change of the assignment
    key = token_for(org, org.office_staff)
    rows = api(client, key, "assignments/?updated_since=2026-10-03T00:00:00%2B07:00").json()["results"]
    assert [r["id"] for r in rows] == [a.pk]
    rows = api(client, key, "assignments/?updated_since=2026-09-30T00:00:00%2B07:00").json()["results"]
    assert sorted(r["id"] for r in rows) == sorted([a.pk, b.pk])
    response = api(client, key, "assignments/?updated_since=hôm-qua")
    assert response.status_code == 400 and "updated_since" in response.json()


def test_a_units_token_sends_its_report_with_files_and_a_refused_file_leaves_nothing(client, org, time_machine):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tasks.models import Attachment, TaskReport
    from units.tests.support import docx_bytes

    time_machine.move_to("2026-10-01 09:00 +07:00")
    a = assign(org, org.commune_a, deadline=date(2026, 10, 20)).assignments.get()
    head = token_for(org, org.chair_a)
    url = f"/api/v1/assignments/{a.pk}/report/"
    bad = client.post(
        url,
        {"text": "Báo cáo kèm tệp.", "files": [SimpleUploadedFile("bao-cao.exe", b"MZ\x90\x00 not a document")]},
        HTTP_AUTHORIZATION=f"Token {head}",
    )
    assert bad.status_code == 400, bad.content
    assert not TaskReport.objects.filter(assignment=a).exists() and not Attachment.objects.exists()
    sent = client.post(
        url,
        {
            "text": "Báo cáo kèm tệp.",
            "files": [
                SimpleUploadedFile("bao-cao.docx", docx_bytes()),
                SimpleUploadedFile("phu-luc.docx", docx_bytes()),
            ],
        },
        HTTP_AUTHORIZATION=f"Token {head}",
    )
    assert sent.status_code == 201, sent.content
    assert [f["name"] for f in sent.json()["attachments"]] == ["bao-cao.docx", "phu-luc.docx"]
    report = TaskReport.objects.get(assignment=a)
    assert report.status == "submitted" and report.attachments.count() == 2
    listed = api(client, head, f"reports/{report.pk}/").json()
    assert len(listed["attachments"]) == 2 and listed["attachments"][0]["sha256"] == report.attachments.first().sha256

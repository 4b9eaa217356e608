"""The one submission workflow, seen from both kinds that use it (task reports and quarterly
reports): the same rules give the same answers, in the services and through the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reports import services as report_services
from reports.models import QuarterlyReport
from submissions.models import SubmissionStatus
from submissions.services import EditConflict
from tasks import services as task_services
from tasks.models import TaskReport
from tasks.tests.factories import assign
from units.tests.support import Q3


@pytest.fixture
def pending(org, template, time_machine):
    """One task report and one quarterly report of commune A, both sent and waiting for review."""
    time_machine.move_to("2026-09-18 10:00 +07:00")
    assignment = assign(org, org.commune_a).assignments.get()
    task_services.report_save_draft(actor=org.chair_a, assignment=assignment, text="Đã thực hiện", revision=None)
    task_report = task_services.report_submit(actor=org.chair_a, assignment=assignment)
    draft = report_services.quarterly_save_draft(
        actor=org.chair_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives={},
        values={"hoi_nghi_quan_triet": 1},
        revision=None,
    )
    quarterly = report_services.quarterly_submit(actor=org.chair_a, report=draft, confirmed_empty=True)
    return {"task": task_report, "quarterly": quarterly}


def _return_task(org, pending, reasons):
    return task_services.report_return(actor=org.office_staff, report=pending["task"], reasons=reasons)


def _return_quarterly(org, pending, reasons):
    return report_services.quarterly_return(actor=org.reviewer, report=pending["quarterly"], reasons=reasons)


@pytest.mark.parametrize("reasons", [[], ["made_up"], ["late", "made_up"]], ids=["none", "unknown", "one-unknown"])
def test_a_bad_return_reason_is_refused_with_the_same_message_in_both_flows(org, pending, reasons):
    messages = []
    for give_back in (_return_task, _return_quarterly):
        with pytest.raises(ValidationError) as error:
            give_back(org, pending, reasons)
        messages.append(error.value.message_dict)
    assert messages[0] == messages[1]
    assert ("Chọn ít nhất một lý do" if not reasons else "Lý do không hợp lệ: made_up") in messages[0]["reasons"][0]
    assert TaskReport.objects.get(pk=pending["task"].pk).status == SubmissionStatus.SUBMITTED
    assert QuarterlyReport.objects.get(pk=pending["quarterly"].pk).status == SubmissionStatus.SUBMITTED


def test_return_reasons_are_kept_once_each_in_both_flows(org, pending):
    task = _return_task(org, pending, ["late", "late", "low_quality"])
    quarterly = _return_quarterly(org, pending, ["late", "late", "low_quality"])
    assert task.return_reasons == quarterly.return_reasons == ["late", "low_quality"]


def test_only_the_kinds_reviewer_decides(org, pending):
    with pytest.raises(PermissionDenied):
        task_services.report_accept(actor=org.reviewer, report=pending["task"])
    with pytest.raises(PermissionDenied):
        report_services.quarterly_accept(actor=org.office_staff, report=pending["quarterly"])
    assert TaskReport.objects.get(pk=pending["task"].pk).status == SubmissionStatus.SUBMITTED


def test_a_decided_submission_cannot_be_decided_again_in_either_flow(org, pending):
    task_services.report_accept(actor=org.office_staff, report=pending["task"])
    report_services.quarterly_accept(actor=org.reviewer, report=pending["quarterly"])
    for decide in (
        lambda: task_services.report_return(actor=org.office_staff, report=pending["task"], reasons=["late"]),
        lambda: report_services.quarterly_return(actor=org.reviewer, report=pending["quarterly"], reasons=["late"]),
    ):
        with pytest.raises(ValidationError) as error:
            decide()
        assert "không ở trạng thái chờ xem xét" in error.value.messages[0]


def test_a_stale_draft_save_conflicts_in_both_flows(org, template, time_machine):
    time_machine.move_to("2026-09-18 10:00 +07:00")
    assignment = assign(org, org.commune_a).assignments.get()
    first = task_services.report_save_draft(actor=org.officer_a, assignment=assignment, text="một", revision=None)
    task_services.report_save_draft(actor=org.chair_a, assignment=assignment, text="hai", revision=first.revision)
    with pytest.raises(EditConflict):
        task_services.report_save_draft(actor=org.officer_a, assignment=assignment, text="ba", revision=first.revision)
    assert TaskReport.objects.get(assignment=assignment).text == "hai"

    def save(actor, values, revision):
        return report_services.quarterly_save_draft(
            actor=actor,
            unit=org.commune_a,
            quarter=Q3,
            template=template,
            narratives={},
            values=values,
            revision=revision,
        )

    q_first = save(org.officer_a, {"hoi_nghi_quan_triet": 1}, None)
    save(org.chair_a, {"hoi_nghi_quan_triet": 2}, q_first.revision)
    with pytest.raises(EditConflict):
        save(org.officer_a, {"hoi_nghi_quan_triet": 3}, q_first.revision)
    assert QuarterlyReport.objects.get().values == {"hoi_nghi_quan_triet": 2}


@pytest.mark.parametrize("reasons", [[], ["made_up"]], ids=["none", "unknown"])
def test_the_quarterly_decide_view_validates_through_its_form_and_keeps_the_note(client, org, pending, reasons):
    client.force_login(org.reviewer)
    note = "Đề nghị bổ sung số liệu hội nghị quán triệt"
    response = client.post(
        reverse("reports:quarterly_decide", args=[pending["quarterly"].pk]),
        {"decision": "return", "return-reasons": reasons, "return-note": note},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert note in body
    form = response.context["return_form"]
    assert form.errors["reasons"], form.errors
    assert QuarterlyReport.objects.get(pk=pending["quarterly"].pk).status == SubmissionStatus.SUBMITTED


def test_both_decide_views_say_the_same_about_a_missing_reason(client, org, pending):
    client.force_login(org.office_staff)
    task_page = client.post(reverse("tasks:report_return", args=[pending["task"].pk]), {"return-note": "x"})
    client.force_login(org.reviewer)
    quarterly_page = client.post(
        reverse("reports:quarterly_decide", args=[pending["quarterly"].pk]), {"decision": "return", "return-note": "x"}
    )
    assert task_page.status_code == quarterly_page.status_code == 400
    assert task_page.context["return_form"].errors == quarterly_page.context["return_form"].errors
    assert "Chọn ít nhất một lý do trả lại." in task_page.content.decode()

"""A unit's quarterly report: template from the directive, pre-filled task counts, drafting, signing
by the head (deputy only "KT."), on time at the local-day boundary, review, versions, scoping, Word."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from reports import selectors, services
from reports.models import Indicator, QuarterlyReport, ReportTemplate, TemplateSection
from submissions.models import ReturnReason, SubmissionStatus
from submissions.services import submission_detach
from tasks.tests.factories import AssignmentFactory
from units.tests.factories import DelegationFactory
from units.tests.support import ELF, PDF, Q3, header_text


def draft(org, template, user=None, **values):
    return services.quarterly_save_draft(
        actor=user or org.officer_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives={str(template.sections.first().pk): "Đã tổ chức 3 hội nghị quán triệt."},
        values={"hoi_nghi_quan_triet": 3, **values},
        revision=None,
    )


def test_demo_template_follows_the_directive_items(template):
    assert [s.item.number for s in template.sections.all()] == list(range(1, 9))
    assert Indicator.objects.filter(section__template=template).count() == 20
    assert template.sections.get(order=5).indicators.filter(code="hop_cu_cap_pho_khong_dong_y").exists()


def test_draft_is_prefilled_with_the_units_task_counts_for_the_decree_09_period(org, template, time_machine):
    time_machine.move_to("2026-09-10 09:00 +07:00")
    for deadline in (date(2026, 6, 20), date(2026, 9, 1), date(2026, 6, 10)):  # the last is before the period
        AssignmentFactory(
            unit=org.commune_a, original_deadline=deadline, deadline=deadline, effective_deadline=deadline
        )
    report = draft(org, template)
    assert report.task_counts["total"] == 2 and report.task_counts["overdue"] == 2


@pytest.mark.parametrize("moment,on_time", [("2026-09-21 23:30 +07:00", True), ("2026-09-22 00:30 +07:00", False)])
def test_on_time_is_judged_by_the_local_day_of_the_moved_deadline(org, template, time_machine, moment, on_time):
    time_machine.move_to(moment)
    report = services.quarterly_submit(actor=org.chair_a, report=draft(org, template), confirmed_empty=True)
    assert selectors.is_on_time(report) is on_time


def test_officer_drafts_head_signs_deputy_only_with_delegation(org, template):
    report = draft(org, template)
    for user in (org.officer_a, org.deputy_a):
        with pytest.raises(PermissionDenied):
            services.quarterly_submit(actor=user, report=report, confirmed_empty=True)
    DelegationFactory(
        unit=org.commune_a,
        deputy=org.deputy_a,
        granted_by=org.chair_a,
        start_date=date(2020, 1, 1),
        end_date=date(2030, 1, 1),
    )
    from units.roles import forget_roles

    forget_roles(org.deputy_a)
    assert services.quarterly_submit(actor=org.deputy_a, report=report, confirmed_empty=True).signing_mode == "KT."


def test_reviewer_returns_unit_resubmits_new_version_reviewer_accepts(org, template):
    first = services.quarterly_submit(actor=org.chair_a, report=draft(org, template), confirmed_empty=True)
    with pytest.raises(PermissionDenied):
        services.quarterly_accept(actor=org.office_staff, report=first)
    services.quarterly_return(
        actor=org.reviewer, report=first, reasons=[ReturnReason.LOW_QUALITY], note="Bổ sung số liệu mục 2"
    )
    second = services.quarterly_submit(
        actor=org.chair_a, report=draft(org, template, ho_so_dung_han=120), confirmed_empty=True
    )
    assert second.version == 2 and second.pk != first.pk
    services.quarterly_accept(actor=org.reviewer, report=second)
    assert list(QuarterlyReport.objects.filter(unit=org.commune_a).values_list("version", "status")) == [
        (2, "accepted"),
        (1, "returned"),
    ]
    with pytest.raises(ValidationError):
        draft(org, template)


def test_a_template_in_use_cannot_change_new_version_instead(org, template):
    services.quarterly_submit(actor=org.chair_a, report=draft(org, template), confirmed_empty=True)
    section = template.sections.first()
    section.title = "Đổi tên"
    with pytest.raises(ValidationError):
        section.save()
    with pytest.raises(ValidationError):
        Indicator.objects.create(section=section, code="moi", label="Chỉ tiêu mới")
    newer = services.template_new_version(actor=org.admin, template=template)
    assert newer.version == 2 and TemplateSection.objects.filter(template=newer).count() == 8
    TemplateSection.objects.filter(template=newer, order=1).update(title="Tên mới")
    submitted = QuarterlyReport.objects.get()
    assert submitted.template == template and submitted.template.sections.get(order=1).title != "Tên mới"


def test_pages_scoping_and_forms(client, org, template):
    url_a = reverse("reports:quarterly_report", args=[org.commune_a.code, Q3.key])
    url_b = reverse("reports:quarterly_report", args=[org.commune_b.code, Q3.key])
    client.force_login(org.chair_a)
    assert client.get(url_a).status_code == 200
    assert client.get(url_b).status_code == 404
    # A bad figure is refused with a Vietnamese message next to the field; what was typed is kept.
    section = template.sections.get(order=2)
    response = client.post(
        reverse("reports:quarterly_save", args=[org.commune_a.code, Q3.key]),
        {f"section_{section.pk}": "Nội dung mục 2", "ind_ty_le_van_ban_dien_tu": "140", "then": "save"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nội dung mục 2" in body and "nhỏ hơn hoặc bằng với 100" in body
    assert not QuarterlyReport.objects.exists()
    response = client.post(
        reverse("reports:quarterly_save", args=[org.commune_a.code, Q3.key]),
        {f"section_{section.pk}": "Nội dung mục 2", "ind_ty_le_van_ban_dien_tu": "87.5", "then": "submit"},
    )
    sign_url = reverse("reports:quarterly_sign", args=[org.commune_a.code, Q3.key])
    assert response.status_code == 302 and response["Location"] == sign_url
    report = QuarterlyReport.objects.get()
    response = client.post(sign_url, {"revision": report.revision, "confirm_empty": "yes"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.values["ty_le_van_ban_dien_tu"]) == (SubmissionStatus.SUBMITTED, 87.5)
    client.force_login(org.chair_b)
    assert client.get(reverse("reports:quarterly_docx", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:quarterly_decide", args=[report.pk]), {"decision": "accept"}).status_code == 404
    client.force_login(org.reviewer)
    listing = client.get(reverse("reports:quarterly_list"), {"quarter": Q3.key})
    rows = {r["unit"].code: r["report"] for r in listing.context["rows"]}
    assert rows[org.commune_a.code] == report and rows[org.commune_b.code] is None
    client.post(
        reverse("reports:quarterly_decide", args=[report.pk]),
        {"decision": "return", "return-reasons": ["late"], "return-note": "Gửi muộn"},
    )
    report.refresh_from_db()
    assert (report.status, report.return_reasons) == (SubmissionStatus.RETURNED, ["late"])


def test_word_file_of_a_deputys_report_shows_kt(org, template):
    DelegationFactory(
        unit=org.commune_a,
        deputy=org.deputy_a,
        granted_by=org.chair_a,
        start_date=date(2020, 1, 1),
        end_date=date(2030, 1, 1),
    )
    report = services.quarterly_submit(actor=org.deputy_a, report=draft(org, template), confirmed_empty=True)
    from reports.documents import quarterly_report_docx

    doc = Document(io.BytesIO(quarterly_report_docx(report)))
    left, right = header_text(doc)
    assert "XÃ TÂN TRÀO" in left and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Tân Trào, ngày" in right
    # The commune's People's Committee in its own name, numbered in its own register.
    assert left.splitlines()[:2] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN TRÀO"] and "Số: 01/BC-UBND" in left
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert "Quý III/2026" in texts and "Đã tổ chức 3 hội nghị quán triệt." in texts
    signature = doc.tables[-1].rows[0].cells[1].text
    assert "TM. ỦY BAN NHÂN DÂN" in signature and "KT. CHỦ TỊCH" in signature and "PHÓ CHỦ TỊCH" in signature
    assert org.deputy_a.full_name in signature


def test_load_demo_adds_the_template_once(db):
    call_command("load_demo", "--district", stdout=io.StringIO())
    call_command("load_demo", "--district", stdout=io.StringIO())
    assert ReportTemplate.objects.count() == 1


def test_province_demo_gives_each_authority_its_template_once(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    assert sorted(ReportTemplate.all_authorities.values_list("directive__authority__code", flat=True)) == [
        "UBND-TAN-TRAO",
        "UBND-TQ",
    ]


def test_attachments_checked_kept_and_scoped(client, org, template):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.models import QuarterlyAttachment

    url = reverse("reports:quarterly_save", args=[org.commune_a.code, Q3.key])
    section = template.sections.get(order=1)
    client.force_login(org.officer_a)
    response = client.post(
        url, {f"section_{section.pk}": "Nội dung", "file": SimpleUploadedFile("phu-luc.pdf", PDF), "then": "save"}
    )
    assert response.status_code == 302
    good = QuarterlyAttachment.objects.get()
    report = good.report
    response = client.post(
        url,
        {
            f"section_{section.pk}": "Nội dung đã sửa",
            "revision": report.revision,
            "file": SimpleUploadedFile("virus.pdf", ELF),
            "then": "save",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "không thuộc loại được phép" in body and "Nội dung đã sửa" in body
    assert list(QuarterlyAttachment.objects.all()) == [good]
    download = reverse("reports:attachment_download", args=[good.pk])
    assert b"".join(client.get(download).streaming_content) == PDF
    client.force_login(org.chair_b)
    assert client.get(download).status_code == 404
    assert client.post(reverse("reports:attachment_delete", args=[good.pk])).status_code == 404
    client.force_login(org.reviewer)
    assert client.get(download).status_code == 200
    services.quarterly_submit(actor=org.chair_a, report=report, confirmed_empty=True)
    with pytest.raises(ValidationError):
        submission_detach(actor=org.chair_a, attachment=good)


def test_form_query_count_does_not_grow_with_units(client, org, template, django_assert_num_queries):
    from units.tests.factories import MembershipFactory, UnitFactory

    client.force_login(org.chair_a)
    url = reverse("reports:quarterly_report", args=[org.commune_a.code, Q3.key])
    with django_assert_num_queries(21):  # with the meetings, inspections and ratings registers' counts
        assert client.get(url).status_code == 200
    for _ in range(12):
        MembershipFactory(unit=UnitFactory())
    with django_assert_num_queries(21):  # with the meetings, inspections and ratings registers' counts
        assert client.get(url).status_code == 200


def test_run_job_quarter_commands(org, template, time_machine):
    from io import StringIO

    time_machine.move_to("2026-09-26 09:00 +07:00")
    out = StringIO()
    call_command("run_job", "quarter-submissions", "--quarter", "2026Q3", stdout=out)
    call_command("run_job", "quarter-submissions", "--quarter", "2026Q3", stdout=out)
    call_command("run_job", "quarter-rollup", "--quarter", "2026Q3", "--force", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2026Q3 on_time=0 late=0 missing=") and lines[0].endswith(" created")
    assert lines[1].endswith(" already-present") and lines[2].startswith("2026Q3 version=1 ")
    from django.core.management import CommandError

    for args in (["--quarter", "2026Q5"], ["--quarter", "2027Q1"], []):
        with pytest.raises(CommandError) as error:
            call_command("run_job", "quarter-rollup", *args)
        assert error.value.returncode == 2

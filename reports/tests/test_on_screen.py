"""A quarterly report is read on screen, not only in Word: every section and figure of the version
under review, what changed since the version before, what is missing before signing; and the
rollup is issued through a preview too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services
from reports.models import Indicator, QuarterlyReport, QuarterRollup, RollupStatus
from reports.services import periodic
from submissions.models import SubmissionStatus
from units.models import Position
from units.tests.factories import MembershipFactory
from units.tests.support import Q3


@pytest.fixture
def q3(time_machine):
    time_machine.move_to("2026-09-18 10:00 +07:00")


def _narratives(template, texts: dict[int, str]) -> dict[str, str]:
    return {str(template.sections.get(order=order).pk): text for order, text in texts.items()}


def _send(org, template, narratives, values, revision=None):
    draft = services.quarterly_save_draft(
        actor=org.chair_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives=narratives,
        values=values,
        revision=revision,
    )
    return services.quarterly_submit(actor=org.chair_a, report=draft, confirmed_empty=True)


def test_the_reviewer_reads_every_section_and_figure_and_what_changed(client, org, template, q3):
    first = _send(
        org,
        template,
        _narratives(template, {1: "Đã tổ chức hội nghị quán triệt cho toàn thể cán bộ xã.", 2: "Một cửa ổn định."}),
        {"hoi_nghi_quan_triet": 2, "ty_le_van_ban_dien_tu": 92.5, "ho_so_dung_han": 1430, "quy_che_da_ra_soat": "yes"},
    )
    services.quarterly_return(actor=org.reviewer, report=first, reasons=["low_quality"], note="Bổ sung số liệu")
    _send(
        org,
        template,
        _narratives(template, {1: "Đã tổ chức ba hội nghị quán triệt cho toàn thể cán bộ xã.", 2: "Một cửa ổn định."}),
        {"hoi_nghi_quan_triet": 3, "ty_le_van_ban_dien_tu": 92.5, "ho_so_dung_han": 1430, "quy_che_da_ra_soat": "yes"},
    )
    client.force_login(org.reviewer)
    body = client.get(reverse("reports:quarterly_report", args=[org.commune_a.code, Q3.key])).content.decode()
    # The version under review, section by section, figures the Vietnamese way.
    for section in template.sections.all():
        assert f"{section.order}. {section.title}" in body
    assert "Đã tổ chức ba hội nghị quán triệt cho toàn thể cán bộ xã." in body
    assert ">92,5%<" in body and ">1.430<" in body and ">Có<" in body
    assert "(Không có nội dung.)" in body  # the empty sections say so
    # What changed since version 1: the figure and the words.
    assert "So với lần 1: 1 phần thay đổi" in body
    assert "<del>2</del> → <ins>3</ins>" in body
    assert "<ins>ba</ins>" in body
    # And the decision forms are there for the reviewer.
    assert "Chấp nhận báo cáo" in body and "Trả lại, yêu cầu hoàn thiện" in body


def test_a_required_figure_left_blank_blocks_signing_and_empty_sections_ask(client, org, template, q3):
    required = Indicator.objects.get(code="ho_so_dung_han")
    Indicator.objects.filter(pk=required.pk).update(required=True)  # set by the template's administrator
    draft = services.quarterly_save_draft(
        actor=org.chair_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives=_narratives(template, {1: "Có nội dung"}),
        values={"hoi_nghi_quan_triet": 1},
        revision=None,
    )
    client.force_login(org.chair_a)
    sign_url = reverse("reports:quarterly_sign", args=[org.commune_a.code, Q3.key])
    preview = client.get(sign_url).content.decode()
    assert "Chưa ký được, còn thiếu" in preview and required.label in preview
    assert 'name="revision"' not in preview  # nothing to confirm yet
    with pytest.raises(ValidationError) as error:
        services.quarterly_submit(actor=org.chair_a, report=draft, revision=draft.revision, confirmed_empty=True)
    assert required.label in str(error.value)
    # With the figure filled in, the seven empty sections are named and need a confirmation.
    draft = services.quarterly_save_draft(
        actor=org.chair_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives=_narratives(template, {1: "Có nội dung"}),
        values={"hoi_nghi_quan_triet": 1, "ho_so_dung_han": 0},
        revision=draft.revision,
    )
    preview = client.get(sign_url).content.decode()
    assert "7 phần chưa có nội dung" in preview and "2. Cải cách hành chính" in preview
    assert 'name="confirm_empty"' in preview
    response = client.post(sign_url, {"revision": draft.revision})
    assert response.status_code == 400
    assert "Hãy bổ sung, hoặc xác nhận gửi như vậy" in response.content.decode()
    assert QuarterlyReport.objects.get().status == SubmissionStatus.DRAFT
    assert client.post(sign_url, {"revision": draft.revision, "confirm_empty": "yes"}).status_code == 302
    assert QuarterlyReport.objects.get().status == SubmissionStatus.SUBMITTED


def test_the_rollup_is_issued_through_a_preview_at_the_revision_shown(client, org, template, q3):
    rollup = periodic.quarter_rollup_run(quarter=Q3).result
    head = MembershipFactory(unit=org.home_affairs, position=Position.HEAD).user
    client.force_login(head)
    response = client.post(
        reverse("reports:rollup_action", args=[Q3.key]),
        {"action": "issue", "commentary": "Nhận xét của cơ quan", "revision": rollup.revision},
    )
    issue_url = reverse("reports:rollup_issue", args=[Q3.key])
    assert response.status_code == 302 and response["Location"] == issue_url
    rollup.refresh_from_db()
    assert rollup.status == RollupStatus.DRAFT and rollup.commentary == "Nhận xét của cơ quan"
    preview = client.get(issue_url).content.decode()
    assert "Nhận xét của cơ quan" in preview and "không sửa được nữa" in preview
    assert client.post(issue_url, {"revision": rollup.revision - 1}).status_code == 302  # stale: back to preview
    assert QuarterRollup.objects.get(pk=rollup.pk).status == RollupStatus.DRAFT
    assert client.post(issue_url, {"revision": rollup.revision}).status_code == 302
    assert QuarterRollup.objects.get(pk=rollup.pk).status == RollupStatus.ISSUED
    assert client.get(issue_url).status_code == 404  # nothing left to issue


def test_a_new_rollup_draft_only_after_the_current_one_is_issued(client, org, template, q3):
    periodic.quarter_rollup_run(quarter=Q3)
    with pytest.raises(ValidationError):
        services.rollup_redraft(actor=org.reviewer, quarter=Q3)
    client.force_login(org.reviewer)
    response = client.post(reverse("reports:rollup_action", args=[Q3.key]), {"action": "redraft"})
    assert response.status_code == 400
    assert QuarterRollup.objects.count() == 1

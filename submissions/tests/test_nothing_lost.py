"""Nothing a unit types is lost and nothing is signed unseen, in both kinds of submission (task
reports and quarterly reports), through the pages as a browser posts them: a refused file keeps the
text, two first saves conflict, a resubmission carries its files, signing is a preview and a
confirmation at the revision shown, and only a reviewer may decide."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports import services as report_services
from reports.models import QuarterlyAttachment, QuarterlyReport
from submissions.models import SubmissionStatus
from submissions.services import submission_attach
from tasks import services as task_services
from tasks.models import Attachment, TaskReport
from tasks.tests.factories import assign
from units.tests.support import PDF, Q3, docx_bytes


@dataclass
class Kind:
    """One kind of submission as its pages see it."""

    name: str
    save_url: str
    page_url: str
    sign_url: str
    text_field: str
    model: type
    attachment_model: type
    owner: dict

    def drafts(self):
        return self.model.objects.filter(status=SubmissionStatus.DRAFT, **self.owner)

    def versions(self):
        return self.model.objects.filter(**self.owner).order_by("version")

    def post(self, client: Client, text: str, revision="", **extra):
        return client.post(self.save_url, {self.text_field: text, "revision": revision, "then": "save", **extra})

    def sent_text(self, report) -> str:
        return report.text if self.name == "task" else next(iter(report.narratives.values()), "")


@pytest.fixture(params=["task", "quarterly"])
def kind(request, org, template, time_machine) -> Kind:
    time_machine.move_to("2026-09-18 10:00 +07:00")
    if request.param == "task":
        assignment = assign(org, org.commune_a).assignments.get()
        return Kind(
            "task",
            reverse("tasks:draft_save", args=[assignment.pk]),
            reverse("tasks:assignment_detail", args=[assignment.pk]),
            reverse("tasks:report_submit", args=[assignment.pk]),
            "text",
            TaskReport,
            Attachment,
            {"assignment": assignment},
        )
    section = template.sections.get(order=1)
    code = org.commune_a.code
    return Kind(
        "quarterly",
        reverse("reports:quarterly_save", args=[code, Q3.key]),
        reverse("reports:quarterly_report", args=[code, Q3.key]),
        reverse("reports:quarterly_sign", args=[code, Q3.key]),
        f"section_{section.pk}",
        QuarterlyReport,
        QuarterlyAttachment,
        {"unit": org.commune_a, "quarter": Q3.key},
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sign(client: Client, kind: Kind):
    draft = kind.drafts().get()
    return client.post(kind.sign_url, {"revision": draft.revision, "confirm_empty": "yes"})


# ---- 1. a 0-byte attachment -----------------------------------------------------------------------


def test_an_empty_file_is_refused_beside_the_file_field_and_the_text_is_saved(kind, org):
    client = _client(org.officer_a)
    text = "Báo cáo dài đã gõ xong trên điện thoại."
    response = kind.post(client, text, file=SimpleUploadedFile("bao-cao.pdf", b""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "rỗng (0 byte)" in body  # beside the file field
    assert "Đã lưu nội dung dự thảo; tệp chưa được đính kèm" in body
    assert text in body
    draft = kind.drafts().get()
    assert kind.sent_text(draft) == text
    assert not kind.attachment_model.objects.exists()


# ---- 2. two first saves -----------------------------------------------------------------------


def test_two_people_saving_the_first_draft_one_saves_the_other_gets_the_conflict_with_text_kept(kind, org):
    officer, chair = _client(org.officer_a), _client(org.chair_a)
    # Both opened the page when there was no draft: the form carries an empty revision.
    assert kind.post(officer, "Bản của chuyên viên").status_code == 302
    response = kind.post(chair, "Bản của chủ tịch")
    assert response.status_code == 409
    body = response.content.decode()
    assert "vừa được người khác lưu" in body
    assert "Bản của chủ tịch" in body  # what this user typed, in the form
    assert "Bản của chuyên viên" in body  # what is saved, shown to compare
    assert kind.sent_text(kind.drafts().get()) == "Bản của chuyên viên"
    # Saving again from the conflict page (it carries the current revision) goes through.
    current = kind.drafts().get().revision
    assert kind.post(chair, "Bản đã đối chiếu", revision=current).status_code == 302
    assert kind.sent_text(kind.drafts().get()) == "Bản đã đối chiếu"


# ---- 3. a resubmission carries its files ------------------------------------------------------------


def test_a_resubmission_after_a_return_carries_the_files_and_one_can_be_removed(kind, org, settings):
    chair = _client(org.chair_a)
    assert kind.post(chair, "Lần 1").status_code == 302
    draft = kind.drafts().get()
    for name, data in (("bao-cao.pdf", PDF), ("phu-luc.docx", docx_bytes())):
        submission_attach(actor=org.chair_a, submission=draft, upload=SimpleUploadedFile(name, data))
    assert _sign(chair, kind).status_code == 302
    first = kind.versions().get()
    if kind.name == "task":
        task_services.report_return(actor=org.office_staff, report=first, reasons=["low_quality"])
    else:
        report_services.quarterly_return(actor=org.reviewer, report=first, reasons=["low_quality"])
    page = chair.get(kind.page_url).content.decode()
    assert "sẽ được mang theo khi lưu" in page and "phu-luc.docx" in page
    response = kind.post(chair, "Lần 2, đã bổ sung", revision="")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("mang theo 2 tệp" in m for m in messages)
    second = kind.drafts().get()
    assert sorted(second.attachments.values_list("original_name", flat=True)) == ["bao-cao.pdf", "phu-luc.docx"]
    # The unit removes one before signing; the returned version keeps both, on disk too.
    removed = second.attachments.get(original_name="phu-luc.docx")
    delete = "tasks:attachment_delete" if kind.name == "task" else "reports:attachment_delete"
    assert chair.post(reverse(delete, args=[removed.pk])).status_code == 302
    assert list(second.attachments.values_list("original_name", flat=True)) == ["bao-cao.pdf"]
    kept = first.attachments.get(original_name="phu-luc.docx")
    with kept.file.open("rb") as stored:
        assert stored.read() == docx_bytes()
    assert _sign(chair, kind).status_code == 302
    sent = kind.versions().last()
    assert (sent.version, sent.status) == (2, SubmissionStatus.SUBMITTED)
    assert list(sent.attachments.values_list("original_name", flat=True)) == ["bao-cao.pdf"]


# ---- 8. preview and confirm -----------------------------------------------------------------------


def test_signing_is_a_preview_then_a_confirmation_and_a_stale_preview_is_not_signed(kind, org):
    officer, chair = _client(org.officer_a), _client(org.chair_a)
    assert kind.post(officer, "Bản đầu").status_code == 302
    response = chair.post(
        kind.save_url, {kind.text_field: "Bản xem trước", "revision": kind.drafts().get().revision, "then": "submit"}
    )
    assert response.status_code == 302 and response["Location"] == kind.sign_url
    assert kind.drafts().exists()  # not signed by the first tap
    preview = chair.get(kind.sign_url).content.decode()
    assert "Bản xem trước" in preview and "Sau khi ký" in preview and "không sửa được nữa" in preview
    shown = kind.drafts().get().revision
    # The officer saves again while the chair reads the preview: the preview is stale.
    assert kind.post(officer, "Bản sửa sau", revision=shown).status_code == 302
    response = chair.post(kind.sign_url, {"revision": shown, "confirm_empty": "yes"})
    assert response.status_code == 302 and response["Location"] == kind.sign_url
    assert kind.drafts().exists()
    fresh = chair.get(kind.sign_url).content.decode()
    assert "đã thay đổi sau khi bạn mở trang xem trước" in fresh and "Bản sửa sau" in fresh
    # A POST without the revision of a preview signs nothing either.
    assert chair.post(kind.sign_url, {"confirm_empty": "yes"}).status_code == 400
    assert _sign(chair, kind).status_code == 302
    assert kind.sent_text(kind.versions().get()) == "Bản sửa sau"


def test_only_a_signer_sees_the_confirmation(kind, org):
    officer = _client(org.officer_a)
    assert kind.post(officer, "Bản đầu").status_code == 302
    page = officer.get(kind.sign_url).content.decode()
    assert "Chỉ cấp trưởng" in page and 'name="revision"' not in page
    response = officer.post(kind.sign_url, {"revision": kind.drafts().get().revision, "confirm_empty": "yes"})
    assert response.status_code == 403
    assert kind.drafts().exists()


# ---- 15. who may decide ------------------------------------------------------------------------


def test_a_non_reviewer_posting_a_return_without_reasons_gets_403(kind, org):
    chair = _client(org.chair_a)
    assert kind.post(chair, "Bản gửi").status_code == 302
    assert _sign(chair, kind).status_code == 302
    report = kind.versions().get()
    url = (
        reverse("tasks:report_return", args=[report.pk])
        if kind.name == "task"
        else reverse("reports:quarterly_decide", args=[report.pk])
    )
    outsider = org.reviewer if kind.name == "task" else org.office_staff
    response = _client(outsider).post(url, {"decision": "return"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED


def test_a_long_report_text_shows_its_beginning_with_the_whole_folded(org, time_machine):
    """A 100k-character version does not make the assignment page metres tall on a phone."""
    import re

    time_machine.move_to("2026-09-18 10:00 +07:00")
    assignment = assign(org, org.commune_a).assignments.get()
    text = "Ủy ban nhân dân xã đã tổ chức quán triệt Chỉ thị. " * 2000
    task_services.report_save_draft(actor=org.chair_a, assignment=assignment, text=text, revision=None)
    task_services.report_submit(actor=org.chair_a, assignment=assignment)
    body = _client(org.office_staff).get(reverse("tasks:assignment_detail", args=[assignment.pk])).content.decode()
    outside = re.sub(r"<details.*?</details>", "", body, flags=re.S)
    assert len(outside) < 30_000 and text.strip() not in outside
    assert "xem toàn bộ" in body and text.strip() in body  # the whole text is one tap away

"""Attachments: type checked by content, size and name rules, refused uploads leave everything as it was."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.services import submission_attach, submission_detach
from tasks import services
from tasks.models import Attachment
from tasks.tests.factories import assign
from units.tests.support import ELF, PDF, PNG, WINDOWS_EXE, docx_bytes


@pytest.fixture
def draft(org):
    assignment = assign(org, org.commune_a).assignments.get()
    return services.report_save_draft(actor=org.officer_a, assignment=assignment, text="Dự thảo", revision=None)


@pytest.mark.parametrize(
    "name,content,mime",
    [
        ("bao-cao.pdf", PDF, "application/pdf"),
        ("ảnh chụp biên bản.png", PNG, "image/png"),
        ("Báo cáo quý.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_office_documents_and_photos_are_accepted(org, draft, name, content, mime):
    attachment = submission_attach(actor=org.officer_a, submission=draft, upload=SimpleUploadedFile(name, content))
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, mime, len(content))
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    # Stored under a generated name, outside the web root.
    assert name not in attachment.file.name and attachment.file.name.startswith("attachments/")
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("hoa-don.pdf", ELF, "không thuộc loại được phép"),
        ("cong-van.pdf", WINDOWS_EXE, "không thuộc loại được phép"),
        ("trong.pdf", b"", "rỗng"),
        ("../../etc/passwd.pdf", PDF, "không được chứa đường dẫn"),
        ("C:\\Windows\\bao-cao.pdf", PDF, "không được chứa đường dẫn"),
        ("anh.pdf", PNG, "nội dung là tệp .png"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(org, draft, name, content, message):
    # ContentFile keeps the name as given (an UploadedFile would already have cut "../" off).
    upload = ContentFile(content, name=name)
    with pytest.raises(ValidationError) as error:
        submission_attach(actor=org.officer_a, submission=draft, upload=upload)
    assert message in " ".join(error.value.messages)
    assert not Attachment.objects.exists()


def test_oversized_file_is_refused(org, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        submission_attach(
            actor=org.officer_a, submission=draft, upload=SimpleUploadedFile("lon.pdf", PDF + b"0" * 2000)
        )
    assert "vượt mức tối đa 1,0" in error.value.messages[0] or "vượt mức tối đa" in error.value.messages[0]


def test_a_refused_upload_leaves_the_existing_attachment_untouched(client, org, draft, settings):
    good = submission_attach(actor=org.officer_a, submission=draft, upload=SimpleUploadedFile("bao-cao.pdf", PDF))
    draft.refresh_from_db()  # attaching a file is a change of the draft: the page shows the new revision
    client.force_login(org.officer_a)
    url = reverse("tasks:draft_save", args=[draft.assignment_id])
    response = client.post(
        url, {"text": "Văn bản đã sửa", "revision": draft.revision, "file": SimpleUploadedFile("virus.pdf", ELF)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "không thuộc loại được phép" in body and "Văn bản đã sửa" in body
    assert list(Attachment.objects.all()) == [good]
    with good.file.open("rb") as stored:
        assert stored.read() == PDF


def test_upload_through_the_page_strips_path_parts_and_stores_a_generated_name(client, org, draft):
    client.force_login(org.officer_a)
    response = client.post(
        reverse("tasks:draft_save", args=[draft.assignment_id]),
        {"text": "x", "revision": draft.revision, "file": SimpleUploadedFile("../../bao-cao.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "bao-cao.pdf" and ".." not in attachment.file.name


def test_download_returns_the_file_to_its_unit_and_the_office(client, org, draft):
    attachment = submission_attach(actor=org.officer_a, submission=draft, upload=SimpleUploadedFile("Báo cáo.pdf", PDF))
    url = reverse("tasks:attachment_download", args=[attachment.pk])
    for user in (org.chair_a, org.office_staff, org.chairman):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]


def test_attachments_of_a_submitted_version_cannot_be_removed(org, draft):
    attachment = submission_attach(actor=org.officer_a, submission=draft, upload=SimpleUploadedFile("a.pdf", PDF))
    services.report_submit(actor=org.chair_a, assignment=draft.assignment)
    with pytest.raises(ValidationError):
        submission_detach(actor=org.chair_a, attachment=attachment)
    with pytest.raises(ValidationError):
        submission_attach(actor=org.chair_a, submission=attachment.report, upload=SimpleUploadedFile("b.pdf", PDF))

"""Checking an uploaded attachment before anything is stored: name, size, and type by content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Detected type -> the file-name endings that may carry it.
ALLOWED = {
    "application/pdf": {"pdf"},
    "application/msword": {"doc"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/heic": {"heic"},
    "image/webp": {"webp"},
}
# The file picker's filter, from the same list.
ACCEPT_ATTRIBUTE = ",".join(sorted(f".{ending}" for endings in ALLOWED.values() for ending in endings))
ALLOWED_LABEL = "PDF, Word (.doc, .docx), Excel (.xls, .xlsx), OpenDocument, ảnh (JPG, PNG, HEIC, WEBP)"


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def check_upload(upload) -> CheckedUpload:
    """Refuse (ValidationError, in Vietnamese) anything that is not a plain office document or photo."""
    name = upload.name or ""
    if not name or any(part in name for part in ("/", "\\", "\x00")) or name in {".", ".."} or name.startswith("."):
        raise ValidationError(_("Tên tệp “%(name)s” không hợp lệ: tên tệp không được chứa đường dẫn.") % {"name": name})
    if len(name) > 200:
        raise ValidationError(_("Tên tệp quá dài (tối đa 200 ký tự)."))
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng (0 byte).") % {"name": name})
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt mức tối đa %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không thuộc loại được phép (%(allowed)s). Hệ thống kiểm tra nội dung tệp, không chỉ "
                "phần đuôi tên."
            )
            % {"name": name, "allowed": ALLOWED_LABEL}
        )
    if ending not in ALLOWED[kind.mime]:
        raise ValidationError(
            _("Tệp “%(name)s” có đuôi .%(ending)s nhưng nội dung là tệp .%(actual)s. Vui lòng đổi tên đúng loại tệp.")
            % {"name": name, "ending": ending or "?", "actual": kind.extension}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name=name, content_type=kind.mime, size=upload.size, sha256=digest.hexdigest())

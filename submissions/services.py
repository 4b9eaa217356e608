"""The one submission workflow (docs/architecture.md §4): draft, attach, detach, sign and submit,
accept or return with the reasons of item 8. Keyword-only, with the acting user, one transaction
each; nothing submitted is ever changed and a stale save never overwrites (EditConflict). And the
one request workflow (§4, "Requests"): a unit asks, the one who decides says yes or no, or the unit
withdraws its request (`request_ask`, `request_decide`, `request_withdraw`).

Each app wraps these in services of its own that say what is its own: which owner row to lock,
who may ask or decide, what happens to the owner on submit, accept, return or a yes, and whom to
tell."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from library.workcalendar import local_date
from units.models import SpecialRole, User
from units.notify import notify, special_unit_people, unit_people
from units.services import save_with_history  # noqa: F401 — the one helper, re-exported for the apps above

from . import permissions
from .models import ReturnReason, StoredFile, Submission, SubmissionStatus
from .requests import DecisionRequest, DecisionStatus


class EditConflict(Exception):
    """Someone else saved the draft since this user opened it; their text must not be overwritten."""


# The revision a form carries when it was opened with no draft yet; a saved draft counts from 1.
NO_DRAFT = 0


def _not_member() -> PermissionDenied:
    return PermissionDenied(_("Bạn không thuộc đơn vị này."))


def require_signer(actor: User, unit_id: int | None, refused: str | None = None) -> str:
    """The signing mode ("" or "KT.") of `actor` for the unit, or PermissionDenied (item 1) saying
    `refused` (by default: who signs a report)."""
    mode = permissions.signing_mode(actor, unit_id) if unit_id is not None else None
    if mode is None:
        raise PermissionDenied(
            refused
            or _(
                "Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được ký và gửi báo cáo "
                "(điểm 1 Chỉ thị 01/CT-UBND)."
            )
        )
    return mode


def validate_return_reasons(reasons: Iterable[str]) -> list[str]:
    """The reasons of item 8, each once; none, or an unknown one, is refused with one message."""
    reasons = list(dict.fromkeys(reasons))
    if not reasons:
        raise ValidationError({"reasons": _("Chọn ít nhất một lý do trả lại.")})
    unknown = [r for r in reasons if r not in ReturnReason.values]
    if unknown:
        raise ValidationError({"reasons": _("Lý do không hợp lệ: %(codes)s") % {"codes": ", ".join(unknown)}})
    return reasons


def _locked(submission: Submission) -> Submission:
    return type(submission).objects.select_for_update().get(pk=submission.pk)


def _touch(submission: Submission, actor: User) -> None:
    """A file added or removed changes what would be signed: a preview opened before is stale."""
    submission.revision += 1
    submission.updated_by = actor
    submission._history_user = actor
    submission.save(update_fields=["revision", "updated_by", "updated_at"])


@transaction.atomic
def submission_draft_save(
    *,
    actor: User,
    unit_id: int,
    versions: QuerySet,
    revision: int | None,
    content: dict,
    first: Callable[[Submission | None], dict],
) -> Submission:
    """Create or update the draft among `versions` (all versions of one owner; the caller has locked
    the owner row, so two first drafts queue). `content` is what the user typed; `first(last)` gives
    the owner's fields for a new version. A stale `revision` raises EditConflict and changes nothing."""
    if not permissions.can_prepare(actor, unit_id):
        raise _not_member()
    existing = list(versions.select_for_update(of=("self",)).order_by("version"))
    if any(v.status == SubmissionStatus.ACCEPTED for v in existing):
        raise ValidationError(_("Báo cáo đã được chấp nhận; không soạn thêm."))
    if any(v.status == SubmissionStatus.SUBMITTED for v in existing):
        raise ValidationError(_("Báo cáo đã gửi đang chờ xem xét; chưa thể soạn bản mới."))
    draft = next((v for v in existing if v.status == SubmissionStatus.DRAFT), None)
    # The user's form carries the revision it was opened at, NO_DRAFT when there was no draft yet: a
    # first save that finds a draft someone else started is as stale as any other.
    if (draft.revision if draft else NO_DRAFT) != (NO_DRAFT if revision is None else revision):
        raise EditConflict()
    carried: list[StoredFile] = []
    if draft is None:
        last = existing[-1] if existing else None
        draft = versions.model(version=last.version + 1 if last else 1, created_by=actor, **first(last))
        if last is not None and last.status == SubmissionStatus.RETURNED:
            carried = list(last.attachments.all())
    draft.revision += 1
    for name, value in content.items():
        setattr(draft, name, value)
    draft.updated_by = actor
    save_with_history(draft, actor)
    for stored in carried:
        # The new version starts with the returned version's files (the same stored file, shared:
        # a submitted version's files are never deleted, and detach keeps a file still referenced).
        draft.attachments.create(
            file=stored.file.name,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=stored.uploaded_by,
        )
    draft.carried_files = [stored.original_name for stored in carried]
    return draft


@transaction.atomic
def submission_attach(*, actor: User, submission: Submission, upload) -> StoredFile:
    """Attach a checked file to a draft; a refused file leaves the draft and its files as they were."""
    # Re-read under lock: the draft may have been submitted since the caller loaded it.
    submission = _locked(submission)
    if not permissions.can_prepare(actor, submission.owning_unit_id()):
        raise _not_member()
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Chỉ đính kèm tệp vào bản dự thảo; báo cáo đã gửi không được sửa."))
    attachment = submission.attachments.model(report=submission, uploaded_by=actor)
    attachment.store(upload)
    _touch(submission, actor)
    return attachment


@transaction.atomic
def submission_detach(*, actor: User, attachment: StoredFile) -> None:
    """Remove a file from a draft (a submitted version keeps its files for ever); the file itself
    goes only once the removal has committed."""
    submission_model = type(attachment)._meta.get_field("report").related_model
    submission = submission_model.objects.select_for_update().get(pk=attachment.report_id)
    if not permissions.can_prepare(actor, submission.owning_unit_id()):
        raise _not_member()
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Không thể xóa tệp của báo cáo đã gửi."))
    stored = attachment.file
    attachment.delete()
    _touch(submission, actor)
    if not type(attachment).objects.filter(file=stored.name).exists():
        # A file carried forward from a returned version is still that version's: keep it.
        transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def draft_sign(
    *,
    actor: User,
    document,
    unit_id: int | None,
    revision: int | None,
    confirmed_empty: bool,
    refused: str | None = None,
    not_draft: str | None = None,
    empty: str | None = None,
):
    """What every signing shares — a unit's report sent up, the day-25 rollup issued (docs §4,
    "Signing is two steps"): only the head of `unit_id`, or a deputy under delegation ("KT."); only
    a draft (`document.status`); only as it stood at `revision`, what the signer's preview showed
    (else EditConflict); nothing `missing`; empty parts only when `confirmed_empty`. The document
    comes back locked, signed (`signed_by`, `signing_mode`, `signer_title`), not saved: the caller
    sets its own status and time. `refused`, `not_draft` and `empty` (with "%(list)s") say it in
    the kind's words. Call it inside the caller's transaction."""
    mode = require_signer(actor, unit_id, refused)
    document = type(document).objects.select_for_update().get(pk=document.pk)
    if document.status != SubmissionStatus.DRAFT:
        raise ValidationError(not_draft or _("Chỉ ký và gửi được bản dự thảo."))
    if revision is not None and document.revision != revision:
        raise EditConflict()
    check = document.completeness()
    if check.missing:
        raise ValidationError(_("Chưa ký gửi được, còn thiếu: %(list)s.") % {"list": "; ".join(check.missing)})
    if check.empty and not confirmed_empty:
        empty = empty or _("Báo cáo còn phần chưa có nội dung (%(list)s). Hãy bổ sung, hoặc xác nhận gửi như vậy.")
        raise ValidationError(empty % {"list": "; ".join(check.empty)})
    document.signed_by, document.signing_mode = actor, mode
    document.signer_title = permissions.signer_title(actor, unit_id)
    return document


@transaction.atomic
def submission_sign_and_submit(
    *,
    actor: User,
    submission: Submission,
    revision: int | None,
    confirmed_empty: bool = False,
    also: dict | None = None,
) -> Submission:
    """The head signs and sends the draft as it stands at `revision` (what the signer saw in the
    preview); a deputy only under a delegation, as "KT." (`draft_sign`). Anything `missing` refuses
    signing; empty sections need `confirmed_empty`. `also` sets the kind's own fields at the moment
    of sending."""
    submission = draft_sign(
        actor=actor,
        document=submission,
        unit_id=submission.owning_unit_id(),
        revision=revision,
        confirmed_empty=confirmed_empty,
    )
    now = timezone.now()
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at, submission.submitted_on = now, local_date(now)
    submission.updated_by = actor
    for name, value in (also or {}).items():
        setattr(submission, name, value)
    save_with_history(submission, actor)
    return submission


@transaction.atomic
def submission_decide(
    *, actor: User, submission: Submission, accept: bool, reasons: Iterable[str] = (), note: str = ""
) -> Submission:
    """Accept a submitted version, or return it with the reasons of item 8 (validated here, once for
    every kind). The caller has checked that `actor` may decide this kind."""
    reasons = [] if accept else validate_return_reasons(reasons)
    submission = _locked(submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Báo cáo này không ở trạng thái chờ xem xét."))
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    submission.decided_by, submission.decided_at = actor, timezone.now()
    submission.return_reasons, submission.decision_note = reasons, note.strip()
    save_with_history(submission, actor)
    return submission


# ---- requests (docs/architecture.md §4, "Requests") ----------------------------------------------


def _tell_deciders(request: DecisionRequest, *, key: str, template: str) -> None:
    """The one who decides and the Office, linking to the request's page."""
    notify(
        users=[*request.deciders(), *special_unit_people(SpecialRole.OFFICE)],
        key=key,
        template=template,
        context={
            "request": request,
            "asking_unit": request.asking_unit,
            "what": request._meta.verbose_name,
            **request.notice_context(),
        },
        url=request.get_absolute_url(),
    )


@transaction.atomic
def request_ask(*, actor: User, request: DecisionRequest, errors: dict | None = None) -> DecisionRequest:
    """Send a unit's request (its own fields set) once the kind's checks — `errors` by field, the
    caller having checked who may ask and locked the subject row — and the shared one pass: one
    pending request per subject. Every error is said at once. Saved with its history; the one who
    decides and the Office are told (templates/emails/<notice>_requested)."""
    model = type(request)
    errors = dict(errors or {})
    if "__all__" not in errors and model.objects.filter(**{model.subject_field: request.subject}).pending().exists():
        errors["__all__"] = model.already_pending
    if errors:
        raise ValidationError(errors)
    request.requested_by, request.status = actor, DecisionStatus.PENDING
    try:
        with transaction.atomic():
            save_with_history(request, actor)
    except IntegrityError:  # another request for the subject went in first (the unique constraint)
        raise ValidationError(model.already_pending) from None
    _tell_deciders(request, key=f"{model.notice}-requested:{request.pk}", template=f"{model.notice}_requested")
    return request


def _pending(request: DecisionRequest, subject=None) -> DecisionRequest:
    """The request re-read under a row lock, with its subject (`subject` when the caller has locked
    it), refused unless pending."""
    model = type(request)
    locked = model.objects.select_for_update().get(pk=request.pk)
    setattr(locked, model.subject_field, subject if subject is not None else request.subject)
    if locked.status == DecisionStatus.WITHDRAWN:
        raise ValidationError(_("Đơn vị đã rút đề nghị này."))
    if not locked.is_pending:
        raise ValidationError(_("Đề nghị này đã được quyết định."))
    return locked


@transaction.atomic
def request_decide(
    *, actor: User, request: DecisionRequest, approve: bool, note: str = "", subject=None
) -> DecisionRequest:
    """Say yes (the kind's `YES`) or no to a pending request, with a note; history kept, the unit
    that asked is told (templates/emails/<notice>_decided). The caller has checked that `actor`
    may decide, locked the subject row first (`subject`, as when asking: two decisions, or a
    decision and a new request, queue there) and does what a yes does."""
    request = _pending(request, subject)
    request.status = request.YES if approve else DecisionStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()
    save_with_history(request, actor)
    unit_id = request.asking_unit.pk
    notify(
        users=unit_people([unit_id]).get(unit_id, []),
        key=f"{request.notice}-decided:{request.pk}",
        template=f"{request.notice}_decided",
        context={"request": request, **request.notice_context()},
        url=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def request_withdraw(*, actor: User, request: DecisionRequest) -> DecisionRequest:
    """The unit takes back its pending request — whoever may speak for it, as when asking: its head,
    or a deputy under delegation. History kept; the one who would have decided and the Office are
    told. The subject may then be asked about again."""
    if permissions.signing_mode(actor, request.asking_unit.pk) is None:
        raise PermissionDenied(
            _("Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được rút đề nghị của đơn vị.")
        )
    request = _pending(request)
    request.status = DecisionStatus.WITHDRAWN
    request.decided_by, request.decided_at = actor, timezone.now()
    save_with_history(request, actor)
    _tell_deciders(request, key=f"{request.notice}-withdrawn:{request.pk}", template="request_withdrawn")
    return request

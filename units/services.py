"""Writes of the organisation app that are not the administrator's: a person's own notices, the PDF
copies of Word documents (library.pdf)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from library import pdf

from . import jobs
from .access import granted_by
from .models import (
    CalendarException,
    Delegation,
    ImportStatus,
    Leader,
    LeaderPosition,
    Membership,
    Notification,
    OrganisationImport,
    PdfStatus,
    Position,
    RenderedPdf,
    Unit,
    User,
    today_local,
)
from .onboarding import read
from .permissions import can_administer, can_administer_unit, can_manage_people
from .roles import roles_of


def save_with_history(instance, actor: User) -> None:
    """Save and name the actor in the change history, also outside a web request (jobs, commands)."""
    instance._history_user = actor
    instance.save()


def notifications_mark_read(*, actor: User, pk: int | None = None) -> Notification | None:
    """Mark one of the actor's own notices read (and return it), or all of them when `pk` is None.
    Another person's notice is never found (None)."""
    own = Notification.objects.filter(user=actor)
    if pk is None:
        own.filter(read_at__isnull=True).update(read_at=timezone.now())
        return None
    notice = own.filter(pk=pk).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def pdf_request(*, key: str, make_docx) -> RenderedPdf:
    """The PDF of the document state `key`: the one made already, or the Word file (`make_docx()`)
    kept and a job to convert it queued after commit (library.pdf). A failed one is tried again."""

    with transaction.atomic():
        rendered, created = RenderedPdf.objects.select_for_update().get_or_create(key=key)
        if not created and rendered.status != PdfStatus.FAILED:
            return rendered
        rendered.docx.save(f"{uuid.uuid4().hex}.docx", ContentFile(make_docx()), save=False)
        rendered.status, rendered.error, rendered.finished_at = PdfStatus.PENDING, "", None
        rendered.save()
        transaction.on_commit(lambda: jobs.render_pdf_job.delay(rendered.pk))
    return rendered


def pdf_render(pk: int) -> RenderedPdf | None:
    """Convert a waiting Word file to PDF (the job's work); a PDF made already is left alone."""
    with transaction.atomic():
        rendered = RenderedPdf.objects.select_for_update().filter(pk=pk).first()
        if rendered is None or rendered.status == PdfStatus.READY or not rendered.docx:
            return rendered
        with rendered.docx.open("rb") as source:
            docx = source.read()
        try:
            content = pdf.convert(docx)
        except pdf.ConversionError as exc:
            rendered.status, rendered.error, rendered.finished_at = PdfStatus.FAILED, str(exc), timezone.now()
            rendered.save(update_fields=["status", "error", "finished_at"])
            return rendered
        rendered.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
        old = rendered.docx
        rendered.docx = ""
        rendered.status, rendered.finished_at = PdfStatus.READY, timezone.now()
        rendered.save()
        transaction.on_commit(lambda: old.storage.delete(old.name))
    return rendered


# ---- a head manages the unit's people and delegations (docs/architecture.md §7) -----------------


def _may_manage(actor: User, unit) -> None:

    if not can_manage_people(actor, unit.pk):
        raise PermissionDenied(_("Chỉ cấp trưởng của đơn vị quản lý cán bộ và ủy quyền ký thay của đơn vị."))


def _username_for(email: str) -> str:
    base = "".join(c for c in email.split("@", 1)[0].lower() if c.isalnum() or c in "._-")[:30] or "canbo"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def _send_password_setting(user: User) -> None:
    """The "set your password" email of "Quên mật khẩu?", to a new account (which has no password
    yet, so Django's reset form would skip it); sent once the transaction commits."""
    context = {
        "email": user.email,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    transaction.on_commit(
        lambda: PasswordResetForm().send_mail(
            "registration/password_reset_subject.txt",
            "registration/password_reset_email.txt",
            context,
            None,
            user.email,
        )
    )


@transaction.atomic
def member_add(*, actor: User, unit, full_name: str, email: str, position: str, title: str = ""):
    """Add a person to the unit as a deputy or an officer: the account with that email, or a new one
    (no password: an email lets them set it). Returns (membership, created)."""
    _may_manage(actor, unit)
    # The head is appointed from above: the authority's administrator records them here.
    heads_allowed = can_administer_unit(actor, unit.pk) or roles_of(actor).system_administrator
    if position not in (Position.DEPUTY, Position.OFFICER) and not (position == Position.HEAD and heads_allowed):
        raise ValidationError({"position": _("Cấp trưởng thêm cấp phó hoặc chuyên viên.")})
    user, created = _account(email, full_name)
    if not created and Membership.objects.active().filter(unit=unit, user=user).exists():
        raise ValidationError({"email": _("%(name)s đã là cán bộ của đơn vị.") % {"name": user.get_full_name()}})
    membership = Membership(user=user, unit=unit, position=position, title=title.strip(), start_date=today_local())
    membership.full_clean()
    save_with_history(membership, actor)
    return membership, created


def _end_from_today(record, actor: User) -> None:
    """A membership or a delegation stops from today: it ends yesterday; one that had not begun
    before today is withdrawn (deleted, the history keeps it)."""
    today = today_local()
    record._history_user = actor
    if record.start_date >= today:
        record.delete()
    elif record.end_date is None or record.end_date >= today:
        record.end_date = today - timedelta(days=1)
        record.save()


@transaction.atomic
def membership_end(*, actor: User, membership):
    """The person no longer works in the unit from today (the record and its history stay); not the
    head himself."""
    _may_manage(actor, membership.unit)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.position == Position.HEAD and not (
        can_administer_unit(actor, membership.unit_id) or roles_of(actor).system_administrator
    ):
        raise ValidationError(_("Không thể tự cho cấp trưởng thôi giữ chức vụ ở đây; việc này do cấp trên làm."))
    _end_from_today(membership, actor)
    return membership


@transaction.atomic
def membership_change(*, actor: User, membership, position: str, title: str = ""):
    """Make a deputy an officer or an officer a deputy (and their title), with history."""
    _may_manage(actor, membership.unit)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.position == Position.HEAD or position not in (Position.DEPUTY, Position.OFFICER):
        raise ValidationError(_("Chỉ đổi giữa cấp phó và chuyên viên."))
    membership.position, membership.title = position, title.strip()
    save_with_history(membership, actor)
    return membership


@transaction.atomic
def delegation_grant(*, actor: User, unit, deputy: User, start_date, end_date, reference: str):
    """The head records that a deputy signs for him ("KT.") from `start_date` to `end_date` under the
    assigning document `reference`."""

    _may_manage(actor, unit)
    errors = {}
    if not Membership.objects.active().filter(unit=unit, user=deputy, position=Position.DEPUTY).exists():
        errors["deputy"] = _("Chỉ giao ký thay cho cấp phó đang công tác tại đơn vị.")
    if end_date < start_date:
        errors["end_date"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    if end_date < today_local():
        errors.setdefault("end_date", _("Ủy quyền phải còn hiệu lực: ngày kết thúc không được trước hôm nay."))
    if not reference.strip():
        errors["reference"] = _("Ghi số, ngày văn bản phân công ký thay.")
    if errors:
        raise ValidationError(errors)
    delegation = Delegation(
        unit=unit,
        deputy=deputy,
        granted_by=actor,
        start_date=start_date,
        end_date=end_date,
        reference=reference.strip(),
    )
    save_with_history(delegation, actor)
    return delegation


@transaction.atomic
def delegation_end(*, actor: User, delegation):
    """The delegation stops from today: the deputy no longer signs "KT."."""
    _may_manage(actor, delegation.unit)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    _end_from_today(delegation, actor)
    return delegation


# ---- onboarding from Excel (units.onboarding; docs/architecture.md §17) -------------------------------


def organisation_import_upload(*, actor: User, authority, file_name: str, content: bytes):
    """Check an uploaded file row by row; keep it for the preview only when every row is right.
    Returns (the kept import or None, the reading with its errors)."""

    _may_administer(actor, authority)
    reading = read(content, authority)
    if reading.errors:
        return None, reading
    batch = OrganisationImport.objects.create(
        authority=authority, file_name=file_name[:200], content=content, uploaded_by=actor, result=reading.as_json()
    )
    return batch, reading


@transaction.atomic
def organisation_import_apply(*, actor: User, batch):
    """Create the file's units, accounts and positions in one transaction — all or none: the file
    is read again first (someone may have added a code since the preview). Each new person gets
    the "set your password" email once the transaction commits. Returns the reading applied."""

    # Rows of the batch's own authority, named (its administrator may act from the authority above).
    batch = OrganisationImport.all_authorities.select_for_update().get(pk=batch.pk)
    _may_administer(actor, batch.authority)
    if batch.status != ImportStatus.PENDING:
        raise ValidationError(_("Tệp này đã được nhập hoặc đã hủy."))
    reading = read(bytes(batch.content), batch.authority)
    if reading.errors:
        raise ValidationError(reading.errors)
    order = (
        Unit.all_authorities.filter(authority=batch.authority).order_by("-sort_order").first() or Unit()
    ).sort_order
    units = {u.code: u for u in Unit.all_authorities.filter(authority=batch.authority)}
    for n, row in enumerate(reading.units, start=1):
        unit = Unit(
            authority=batch.authority,
            code=row.code,
            name=row.name,
            short_name=row.name[:100],
            kind=row.kind,
            parent=units.get(row.parent) if row.parent else None,
            special_role=row.special_role,
            sort_order=order + n,
        )
        unit.full_clean()
        save_with_history(unit, actor)
        units[row.code] = unit
    accounts = {u.email.lower(): u for u in User.objects.exclude(email="")}
    created = []
    for row in reading.people:
        user = accounts.get(row.email)
        if user is None:
            user, _new = _account(row.email, row.full_name)
            accounts[row.email] = user
            created.append(user)
        membership = Membership(user=user, unit=units[row.unit], position=row.position, title=row.title)
        membership.full_clean()
        save_with_history(membership, actor)
    batch.status, batch.applied_at = ImportStatus.APPLIED, timezone.now()
    batch.result = {**reading.as_json(), "new_accounts": len(created)}
    batch.save(update_fields=["status", "applied_at", "result"])
    return reading


@transaction.atomic
def organisation_import_cancel(*, actor: User, batch):

    # The batch names its authority (its administrator may act from the authority above).
    batch = OrganisationImport.all_authorities.select_for_update().get(pk=batch.pk)
    _may_administer(actor, batch.authority)
    if batch.status == ImportStatus.PENDING:
        batch.status = ImportStatus.CANCELLED
        batch.save(update_fields=["status"])
    return batch


def _may_administer(actor: User, authority) -> None:

    roles = roles_of(actor)
    if not (can_administer(actor) and (roles.system_administrator or roles.authority_id == authority.pk)):
        raise PermissionDenied(_("Chỉ quản trị của cơ quan ban hành nhập đơn vị, cán bộ."))


@transaction.atomic
def administrator_grant(*, actor: User, authority, email: str):
    """The authority above gives a person who works in `authority` the right to administer it
    (docs/architecture.md §17); with history."""

    roles = roles_of(actor)
    if not (roles.system_administrator or (roles.administrator and authority.parent_id == roles.authority_id)):
        raise PermissionDenied(_("Quyền quản trị do cơ quan cấp trên giao."))
    # The person works in the authority below: read across on purpose.
    membership = (
        Membership.all_authorities.active()
        .select_for_update()
        .filter(unit__authority=authority, user__email__iexact=email.strip())
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise ValidationError(
            _("Không có cán bộ nào có thư điện tử “%(email)s” đang công tác ở %(authority)s.")
            % {"email": email.strip(), "authority": authority.name}
        )
    if not membership.administers:
        membership.administers = True
        save_with_history(membership, actor)
    return membership


@transaction.atomic
def administrator_revoke(*, actor: User, membership):

    roles = roles_of(actor)
    authority = membership.unit.authority
    if not (roles.system_administrator or (roles.administrator and authority.parent_id == roles.authority_id)):
        raise PermissionDenied(_("Quyền quản trị do cơ quan cấp trên giao."))
    # Administrators of the authority below are given and taken from the authority above (§17).
    membership = Membership.all_authorities.select_for_update().get(pk=membership.pk)
    membership.administers = False
    save_with_history(membership, actor)
    return membership


# ---- leaders and the calendar, by an authority's administrators (docs/architecture.md §17) -----------


def _account(email: str, full_name: str) -> tuple[User, bool]:
    """The account with this email, or a new one without a password (it gets the email to set it)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    if not full_name.strip():
        raise ValidationError({"full_name": _("Ghi họ và tên người mới.")})
    user = User(username=_username_for(email), email=email, full_name=full_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _send_password_setting(user)
    return user, True


@transaction.atomic
def leader_appoint(*, actor: User, authority, email: str, full_name: str, position: str, portfolio: str, start_date):
    """Record the authority's Chairman or a Vice Chairman from `start_date`, with history; one
    Chairman at a time."""

    _may_administer(actor, authority)
    if (
        position == LeaderPosition.CHAIRMAN
        # Leaders of `authority`, named (the authority above appoints a commune's first administrator).
        and Leader.all_authorities.active(start_date)
        .filter(authority=authority, position=LeaderPosition.CHAIRMAN)
        .exists()
    ):
        raise ValidationError(
            {
                "position": _("%(authority)s đang có Chủ tịch; cho người đó thôi giữ chức vụ trước.")
                % {"authority": authority.name}
            }
        )
    user, _created = _account(email, full_name)
    if Leader.all_authorities.active(start_date).filter(authority=authority, user=user).exists():
        raise ValidationError({"email": _("%(name)s đang là lãnh đạo.") % {"name": user.get_full_name()}})
    leader = Leader(
        authority=authority, user=user, position=position, portfolio=portfolio.strip(), start_date=start_date
    )
    leader.full_clean()
    save_with_history(leader, actor)
    return leader


@transaction.atomic
def leader_end(*, actor: User, leader):
    """The leader no longer holds the position from today (the record and its history stay)."""

    # The leader's own authority, named by the row (its administrator may act from above).
    leader = Leader.all_authorities.select_for_update().get(pk=leader.pk)
    _may_administer(actor, leader.authority)
    _end_from_today(leader, actor)
    return leader


def _may_keep_calendar(actor: User, authority) -> None:
    """An authority's administrator keeps its calendar (a system administrator any, and the ones
    that apply everywhere)."""

    roles = roles_of(actor)
    by = granted_by("calendar.keep", roles)
    if by == "system_administrator":
        return
    if not (by == "authority_administrator" and authority is not None and roles.authority_id == authority.pk):
        raise PermissionDenied(_("Ngày nghỉ, ngày làm bù của cơ quan do quản trị của cơ quan đó ghi."))


@transaction.atomic
def calendar_exception_add(*, actor: User, authority, date, kind: str, note: str = "", reference: str = ""):
    """A day-swap from a government notice, for `authority` and the authorities below it (a
    province's day off for its communes); deadlines that fall on it move there (tasks.apps)."""

    _may_keep_calendar(actor, authority)
    if CalendarException.objects.filter(authority=authority, date=date).exists():
        raise ValidationError({"date": _("Ngày %(day)s đã được ghi.") % {"day": date.strftime("%d/%m/%Y")}})
    exception = CalendarException(
        authority=authority, date=date, kind=kind, note=note.strip(), reference=reference.strip()
    )
    exception.full_clean()
    save_with_history(exception, actor)
    return exception


@transaction.atomic
def calendar_exception_remove(*, actor: User, exception) -> None:
    _may_keep_calendar(actor, exception.authority)
    exception._history_user = actor
    exception.delete()


@transaction.atomic
def unit_save(*, actor: User, form):
    """Save an administrator's unit form with history; refused when someone else saved the unit
    since the form was shown (what was typed is kept by the caller)."""

    unit = form.instance
    _may_administer(actor, unit.authority)
    if unit.pk:
        # The unit's own row, re-read under a lock; who may save it was checked against its authority.
        Unit.all_authorities.select_for_update().get(pk=unit.pk)
        latest = unit.history.order_by("-history_id").values_list("history_id", flat=True).first()
        if latest != form.cleaned_data.get("version"):
            raise ValidationError(_("Đơn vị vừa được người khác sửa; tải lại trang để xem bản mới rồi sửa lại."))
    unit = form.save(commit=False)
    unit._history_user = actor
    unit.save()
    return unit

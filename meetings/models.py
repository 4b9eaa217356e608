"""Meetings the Chairman (or a Vice Chairman) convenes that units' heads must attend (item 5 of
directive 01/CT-UBND): the invitation of each unit, a unit's request to send its deputy and the
chair's answer, and the attendance the Office records (docs/architecture.md §13)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from submissions.requests import DecisionRequest, one_pending, status_field
from units.acting import cross_authority_manager, scoped_manager
from units.models import Authority, AuthorityOwned, Leader, Unit, User, scoped_by_unit
from units.roles import roles_of, visible_unit_ids


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Everyone who sees every unit sees every meeting; a unit's people see the meetings their
        unit is invited to."""

        ids = visible_unit_ids(user)
        if ids is None:
            return self.filter(authority_id=roles_of(user).authority_id)
        return self.filter(pk__in=Invitation.objects.filter(unit_id__in=ids).values("meeting_id"))


class Meeting(AuthorityOwned):
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("cơ quan ban hành")
    )
    title = models.CharField(_("nội dung cuộc họp"), max_length=300)
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    chaired_by = models.ForeignKey(
        Leader, on_delete=models.PROTECT, related_name="meetings_chaired", verbose_name=_("người chủ trì")
    )
    invitation_reference = models.CharField(
        _("giấy mời"), max_length=200, blank=True, help_text=_("Số, ngày giấy mời hoặc thông báo triệu tập")
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    attendance_recorded_at = models.DateTimeField(_("ghi nhận dự họp lúc"), null=True, blank=True)
    # Raised by every save of the attendance screen: a form opened before another's save is stale.
    attendance_version = models.PositiveIntegerField(default=0, editable=False)

    objects = scoped_manager(MeetingQuerySet)
    all_authorities = cross_authority_manager(MeetingQuerySet)
    history = HistoricalRecords(verbose_name=_("lịch sử cuộc họp"))

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    """What the Office records for an invited unit after the meeting (item 5)."""

    HEAD = "head", _("Cấp trưởng dự")
    DEPUTY_CONSENTED = "deputy_consented", _("Cấp phó dự thay, được người chủ trì đồng ý")
    DEPUTY_UNCONSENTED = "deputy_unconsented", _("Cấp phó dự thay, không được đồng ý")
    ABSENT_EXCUSED = "absent_excused", _("Vắng, có lý do được chấp nhận")
    ABSENT = "absent", _("Vắng, không có lý do")


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user) -> InvitationQuerySet:
        return scoped_by_unit(self, user, "unit_id")


class Invitation(models.Model):
    """A unit invited to a meeting: its head must attend; after the meeting, what happened."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("cuộc họp")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="meeting_invitations", verbose_name=_("đơn vị")
    )
    attendance = models.CharField(_("dự họp"), max_length=20, choices=Attendance.choices, blank=True)
    attendee = models.CharField(_("người dự"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người ghi nhận")
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử dự họp"))

    class Meta:
        verbose_name = _("đơn vị được mời")
        verbose_name_plural = _("đơn vị được mời")
        ordering = ["meeting", "unit__kind", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="invitation_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.unit}"


class DeputyRequestStatus(models.TextChoices):
    PENDING = "pending", _("Chờ người chủ trì")
    CONSENTED = "consented", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút đề nghị")


class DeputyRequest(DecisionRequest):
    """Before the meeting, the unit asks to send its deputy for an objective reason; the chair (or
    the Office for them) consents or refuses (item 5: "phải được sự đồng ý của người chủ trì"). The
    shared workflow is submissions.requests (docs/architecture.md §4, "Requests")."""

    subject_field = "invitation"
    unit_path = "invitation__unit_id"
    decider_path = "invitation__meeting__chaired_by__user"
    notice = "deputy"
    already_pending = _("Đơn vị đã có đề nghị cử người dự thay cho cuộc họp này.")
    YES = DeputyRequestStatus.CONSENTED

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="deputy_requests", verbose_name=_("đơn vị được mời")
    )
    deputy = models.CharField(_("cấp phó dự thay"), max_length=200)
    status = status_field(DeputyRequestStatus)
    decision_note = models.CharField(_("ý kiến"), max_length=300, blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử đề nghị cử cấp phó"))

    class Meta(DecisionRequest.Meta):
        verbose_name = _("đề nghị cử cấp phó dự thay")
        verbose_name_plural = _("đề nghị cử cấp phó dự thay")
        constraints = [one_pending("invitation", "deputy_request_one_pending")]

    def __str__(self) -> str:
        return f"{self.invitation} — {self.deputy}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.invitation.meeting_id])

    @property
    def asking_unit(self) -> Unit:
        return self.invitation.unit

    def deciders(self) -> list[User]:
        return [self.invitation.meeting.chaired_by.user]

    def notice_context(self) -> dict:
        return {"meeting": self.invitation.meeting, "unit": self.invitation.unit}

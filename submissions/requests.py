"""The one request-and-decision workflow (docs/architecture.md §4, "Requests"): a unit asks, with
its reason; the one who decides says yes or no, with a note; or the unit takes its request back.
Abstract only, like `Submission`: each app owns its concrete kind — an extension or a withdrawal or
reassignment of an assignment (tasks), sending a deputy to a meeting (meetings) — and says in a few
lines what is its own: what the request is about (`subject_field`), which unit asks (`unit_path`),
who decides besides the Office (`decider_path`, `deciders`), its notices (`notice`) and what a yes
does (its service). The writes are `submissions.services.request_ask`, `request_decide` and
`request_withdraw`; the views `submissions.views.RequestDecideView` and `RequestWithdrawView`."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import Unit, User, scoped_by_unit
from units.roles import roles_of


class DecisionStatus(models.TextChoices):
    """Where a request stands. A kind may name its own labels (and its yes: `DecisionRequest.YES`),
    with the same pending, refused and withdrawn values."""

    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút đề nghị")


def status_field(choices: type[models.TextChoices] = DecisionStatus) -> models.CharField:
    """The status column every kind has (varchar 20, pending first), with the kind's labels."""
    return models.CharField(_("trạng thái"), max_length=20, choices=choices.choices, default=DecisionStatus.PENDING)


def one_pending(subject: str, name: str) -> models.UniqueConstraint:
    """At most one pending request per subject: the database's guard behind `request_ask`'s check."""
    return models.UniqueConstraint(fields=[subject], condition=Q(status="pending"), name=name)


class DecisionRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> DecisionRequestQuerySet:
        """The one scoping rule (units.models.scoped_by_unit), through the unit that asked."""
        return scoped_by_unit(self, user, self.model.unit_path)

    def pending(self) -> DecisionRequestQuerySet:
        return self.filter(status=DecisionStatus.PENDING)

    def waiting_for(self, user) -> DecisionRequestQuerySet:
        """The pending requests `user` decides, among those they see: all of them for the Office
        (which decides for any leader), else those whose `decider_path` names them."""
        waiting = self.visible_to(user).pending()
        return waiting if roles_of(user).office else waiting.filter(**{self.model.decider_path: user})


class DecisionRequest(models.Model):
    """A unit's request and its answer: who asked, when and why; who decided, when and what they
    said. The status is pending until decided — the kind's `YES`, or refused — or withdrawn by the
    unit (then `decided_by` and `decided_at` say who took it back and when)."""

    # What each kind says (class attributes, not columns).
    subject_field: ClassVar[str]  # the row the request is about, locked while asked and decided
    unit_path: ClassVar[str]  # the unit that asks, as a lookup ("assignment__unit_id")
    decider_path: ClassVar[str]  # the user who decides besides the Office ("assignment__task__given_by__user")
    notice: ClassVar[str]  # templates/emails/<notice>_requested, <notice>_decided; the notices' keys
    already_pending: ClassVar[str]  # said when the subject has a pending request
    YES: ClassVar[str] = DecisionStatus.APPROVED

    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đề nghị"))
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    reason = models.TextField(_("lý do"))
    status = status_field()
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người quyết định")
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    objects = DecisionRequestQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    def get_absolute_url(self) -> str:
        """The page the request is asked and decided on."""
        raise NotImplementedError

    @property
    def is_pending(self) -> bool:
        return self.status == DecisionStatus.PENDING

    @property
    def approved(self) -> bool:
        return self.status == self.YES

    @property
    def subject(self) -> models.Model:
        return getattr(self, self.subject_field)

    @property
    def asking_unit(self) -> Unit:
        """The unit that asked (its people are told of the decision)."""
        raise NotImplementedError

    def deciders(self) -> list[User]:
        """Who decides besides the Office (told when the unit asks or withdraws)."""
        raise NotImplementedError

    def notice_context(self) -> dict:
        """What the kind's notice templates read besides `request`."""
        raise NotImplementedError

"""Pages of the organisation: landing, sign-in and password reset, units, the reporting calendar,
the login lockout answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from library.workcalendar import Quarter, Week
from library.xlsx import XLSX, xlsx_response

from . import exports, services
from .acting import SESSION_KEY
from .forms import (
    CalendarExceptionForm,
    DelegationForm,
    LeaderForm,
    LoginForm,
    MemberAddForm,
    UnitForm,
    form_errors_from,
)
from .models import (
    LOCAL_GOVERNMENT_KINDS,
    Authority,
    CalendarException,
    Delegation,
    Export,
    ExportStatus,
    Leader,
    Membership,
    Notification,
    OrganisationImport,
    PdfStatus,
    Position,
    SpecialRole,
    Unit,
    UnitKind,
    matching,
    today_local,
)
from .onboarding import template_xlsx
from .permissions import can_administer, can_administer_unit, can_manage_people
from .roles import forget_roles, roles_of
from .scoping import VisibleToMixin
from .selectors import work_calendar

# Addresses that only answer a form's POST: never a place to land after signing in.
NOT_A_LANDING = {"set_language", "logout"}


def landing_url(user) -> str:
    """Where a user lands after login: the page that makes sense for their role."""
    roles = roles_of(user)
    if roles.leader:
        return reverse("tasks:leader_tasks")
    if roles.office:
        return reverse("tasks:assignment_list")
    if roles.home_affairs:
        return reverse("reports:dashboard")
    if roles.unit_member:
        unit = Unit.objects.filter(pk__in=roles.unit_ids).order_by("sort_order", "name").first()
        return reverse("tasks:unit_tasks", args=[unit.code])
    if roles.administrator:
        return reverse("admin:index")
    return reverse("units:no_role")


def home(request: HttpRequest) -> HttpResponse:
    """The site root sends each user to their landing page."""
    return redirect(landing_url(request.user))


class SignInView(auth_views.LoginView):
    """Django's login with the plainer message; an old `?next=/i18n/setlang/` (left by the language
    switch before it was open to anonymous visitors) lands on the home page instead of looping."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()
        try:
            if url and resolve(url.split("?", 1)[0]).url_name in NOT_A_LANDING:
                return ""
        except Resolver404:
            pass
        return url


class PasswordResetView(auth_views.PasswordResetView):
    """ "Quên mật khẩu?": a link by email, in the office's words; the link uses SITE_URL (the address
    people reach the app at), not whatever host the request came through."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


def no_role(request: HttpRequest) -> HttpResponse:
    """A signed-in account that has no unit or role yet."""
    return render(request, "units/no_role.html")


class UnitListView(VisibleToMixin, ListView):
    """Units the user may see, agencies and communes apart, with search and a kind filter."""

    model = Unit
    template_name = "units/unit_list.html"
    context_object_name = "units"

    def get_queryset(self):
        qs = super().get_queryset().active().select_related("parent")
        qs = qs.annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today_local()),
            )
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            qs = matching(qs, query)
        kind = self.request.GET.get("kind", "")
        if kind == "local":
            qs = qs.filter(kind__in=LOCAL_GOVERNMENT_KINDS)
        elif kind == "agency":
            qs = qs.exclude(kind__in=LOCAL_GOVERNMENT_KINDS)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = list(context["units"])
        context["agencies"] = [u for u in units if not u.is_local_government]
        context["local_governments"] = [u for u in units if u.is_local_government]
        context["query"] = self.request.GET.get("q", "")
        context["kind"] = self.request.GET.get("kind", "")
        return context


class UnitDetailView(VisibleToMixin, DetailView):
    """One unit: who holds which position, its sub-units. Another unit's page answers 404."""

    model = Unit
    template_name = "units/unit_detail.html"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        active = Membership.objects.active().select_related("user").by_rank()
        return (
            super()
            .get_queryset()
            .select_related("parent", "authority")
            .prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = Unit.objects.visible_to(self.request.user).filter(parent=self.object).active()
        context["delegations"] = self.object.delegations.active().select_related("deputy", "granted_by")
        context["can_manage_people"] = can_manage_people(self.request.user, self.object.pk)
        return context


def reporting_calendar(request: HttpRequest) -> HttpResponse:
    """ "Lịch báo cáo": the current and next quarter's dates and each week's Monday-summary delivery."""
    calendar = work_calendar()
    today = today_local()
    quarters = []
    for quarter in (Quarter.containing(today), Quarter.containing(today).next()):
        dates = calendar.quarter_dates(quarter)
        weeks = []
        week = Week.containing(quarter.first_day)
        while week.monday <= quarter.last_day:
            delivery = calendar.week_delivery_date(week)
            weeks.append(
                {
                    "week": week,
                    "delivery": delivery,
                    "moved": delivery != week.monday,
                    "reason": calendar.day_off_reason(week.monday),
                }
            )
            week = week.next()
        quarters.append(
            {
                "quarter": quarter,
                "dates": dates,
                "unit_deadline_reason": calendar.day_off_reason(dates.unit_deadline),
                "rollup_reason": calendar.day_off_reason(dates.rollup_date),
                "weeks": weeks,
            }
        )
    return render(request, "units/reporting_calendar.html", {"quarters": quarters, "today": today, "kinds": UnitKind})


def notifications(request: HttpRequest) -> HttpResponse:
    """The user's own notices, newest first, unread ones marked; reading changes nothing until the
    user opens a notice or marks them all read (a GET never writes)."""
    items = list(Notification.objects.filter(user=request.user)[:100])
    return render(request, "units/notifications.html", {"items": items, "unread": any(not n.read_at for n in items)})


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notice: it is marked read and the user goes where it points."""
    notice = services.notifications_mark_read(actor=request.user, pk=pk)
    if notice is None:
        raise Http404
    return redirect(_local_path_or(notice.url, reverse("units:notifications")))


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all of the user's notices read."""
    services.notifications_mark_read(actor=request.user)
    return redirect("units:notifications")


def _local_path_or(url: str, fallback: str) -> str:
    """A notice's link is a path of this site; anything else falls back to the list."""
    return url if url.startswith("/") and not url.startswith("//") else fallback


def pdf_answer(request: HttpRequest, rendered, *, filename: str, word_url: str) -> HttpResponse:
    """The PDF once made (a download named `filename`); until then a page that says it is being
    made and looks again by itself, with the Word file meanwhile; a failure said plainly."""
    from django.http import FileResponse

    if rendered.status == PdfStatus.READY:
        return FileResponse(
            rendered.pdf.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
        )
    return render(
        request,
        "units/pdf_wait.html",
        {"rendered": rendered, "word_url": word_url, "failed": rendered.status == PdfStatus.FAILED},
        status=200 if rendered.status == PdfStatus.PENDING else 503,
    )


# ---- exports built in the background (units.exports) -------------------------------------------


def _own_export(request: HttpRequest, pk: int):
    """The export only its requester may see: anyone else gets 404, as for another unit's data."""

    return get_object_or_404(Export, pk=pk, user=request.user)


def export_list(request: HttpRequest) -> HttpResponse:
    """ "Tệp Excel đã xuất": the person's own large exports still kept, newest first."""

    items = list(Export.objects.filter(user=request.user)[:50])
    return render(request, "units/export_list.html", {"items": items})


def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One export: its progress while the job writes it (the page looks again by itself), the
    download once done, the error if it failed or its job stopped answering."""

    export = _own_export(request, pk)
    failed = export.status == ExportStatus.FAILED or exports.is_stale(export)
    expired = export.status == ExportStatus.DONE and (not export.file or export.expires_at < timezone.now())
    return render(
        request,
        "units/export_detail.html",
        {
            "export": export,
            "failed": failed,
            "done": export.status == ExportStatus.DONE and not expired,
            "expired": expired,
            "waiting": not failed and export.status in (ExportStatus.PENDING, ExportStatus.RUNNING),
        },
    )


def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import FileResponse

    export = _own_export(request, pk)
    if export.status != ExportStatus.DONE or not export.file or export.expires_at < timezone.now():
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=XLSX)


# ---- a head manages the unit's people and delegations: /units/<code>/people/ ----------------------


def _managed_unit(request: HttpRequest, code: str) -> Unit:
    """The unit, if the user may see it (404 otherwise) and manage its people (403 otherwise)."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), code=code)
    if not can_manage_people(request.user, unit.pk):
        raise PermissionDenied
    return unit


def _may_record_head(request: HttpRequest, unit) -> bool:

    return roles_of(request.user).system_administrator or can_administer_unit(request.user, unit.pk)


def unit_people(request: HttpRequest, code: str, add_form=None, delegation_form=None, status: int = 200):
    """The unit's people by rank, each with "cấp phó / chuyên viên" and "thôi công tác"; add a
    person; delegations ("KT.") in force and to come, record one, end one; the history of both."""
    unit = _managed_unit(request, code)
    memberships = list(Membership.objects.active().filter(unit=unit).select_related("user").by_rank())
    today = today_local()
    delegations = list(
        unit.delegations.filter(end_date__gte=today).select_related("deputy", "granted_by").order_by("start_date")
    )
    history = sorted(
        [
            *Membership.history.filter(unit_id=unit.pk).select_related("history_user", "user")[:30],
            *Delegation.history.filter(unit_id=unit.pk).select_related("history_user", "deputy")[:30],
        ],
        key=lambda h: h.history_date,
        reverse=True,
    )[:30]
    return render(
        request,
        "units/unit_people.html",
        {
            "unit": unit,
            "memberships": memberships,
            "delegations": delegations,
            "add_form": add_form or MemberAddForm(head=_may_record_head(request, unit)),
            "delegation_form": delegation_form or DelegationForm(unit=unit, initial={"start_date": today}),
            "positions": [(Position.DEPUTY, Position.DEPUTY.label), (Position.OFFICER, Position.OFFICER.label)],
            "history": history,
            "today": today,
        },
        status=status,
    )


@require_POST
def people_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _managed_unit(request, code)
    form = MemberAddForm(request.POST, head=_may_record_head(request, unit))
    if form.is_valid():
        try:
            membership, created = services.member_add(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            name = membership.user.get_full_name()
            if created:
                messages.success(
                    request,
                    _("Đã thêm %(name)s; thư hướng dẫn đặt mật khẩu đã gửi tới %(email)s.")
                    % {"name": name, "email": membership.user.email},
                )
            else:
                messages.success(request, _("Đã thêm %(name)s vào đơn vị.") % {"name": name})
            return redirect("units:unit_people", code=unit.code)
    return unit_people(request, code, add_form=form, status=400)


def _unit_membership(request: HttpRequest, code: str, pk: int):
    unit = _managed_unit(request, code)
    return unit, get_object_or_404(Membership.objects.active().select_related("user", "unit"), pk=pk, unit=unit)


@require_POST
def membership_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit, membership = _unit_membership(request, code, pk)
    try:
        services.membership_end(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s không còn công tác tại đơn vị từ hôm nay.") % {"name": membership.user.get_full_name()}
        )
    return redirect("units:unit_people", code=unit.code)


@require_POST
def membership_change(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit, membership = _unit_membership(request, code, pk)
    try:
        services.membership_change(
            actor=request.user,
            membership=membership,
            position=request.POST.get("position", ""),
            title=request.POST.get("title", membership.title),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cập nhật vị trí của %(name)s.") % {"name": membership.user.get_full_name()})
    return redirect("units:unit_people", code=unit.code)


@require_POST
def delegation_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _managed_unit(request, code)
    form = DelegationForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            delegation = services.delegation_grant(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi ủy quyền: %(name)s ký thay (KT.) từ %(start)s đến %(end)s.")
                % {
                    "name": delegation.deputy.get_full_name(),
                    "start": delegation.start_date.strftime("%d/%m/%Y"),
                    "end": delegation.end_date.strftime("%d/%m/%Y"),
                },
            )
            return redirect("units:unit_people", code=unit.code)
    return unit_people(request, code, delegation_form=form, status=400)


@require_POST
def delegation_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _managed_unit(request, code)
    delegation = get_object_or_404(Delegation, pk=pk, unit=unit)
    services.delegation_end(actor=request.user, delegation=delegation)
    messages.success(
        request,
        _("Ủy quyền của %(name)s chấm dứt từ hôm nay.") % {"name": delegation.deputy.get_full_name()},
    )
    return redirect("units:unit_people", code=unit.code)


@require_POST
def authority_switch(request: HttpRequest) -> HttpResponse:
    """Act in another authority the person holds a role in (docs/architecture.md §17); the choice
    stays in the session. Back to the home page: the page one was on belongs to the other one."""

    try:
        chosen = int(request.POST.get("authority", ""))
    except ValueError:
        raise Http404 from None
    held = roles_of(request.user).authority_ids
    if held is None:
        if not Authority.objects.filter(pk=chosen).exists():
            raise Http404
    elif chosen not in held:
        raise Http404
    request.session[SESSION_KEY] = chosen
    forget_roles(request.user)
    authority = Authority.objects.get(pk=chosen)
    messages.success(request, _("Đang làm việc tại %(name)s.") % {"name": authority.name})
    # From a page that was not found here (404.html): back to it, now in the other authority.
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("home")


# ---- an authority's own administration (docs/architecture.md §17) ------------------------------------


def _administered(request: HttpRequest):
    """The authority the person acts in, if they administer it (404 otherwise, as for any page
    that is not theirs)."""

    if not can_administer(request.user):
        raise Http404
    return Authority.objects.get(pk=roles_of(request.user).authority_id)


def authority_admin(request: HttpRequest, leader_form=None, calendar_form=None, status: int = 200) -> HttpResponse:
    """The administrator's page: the authority's units and their heads, its leaders, the Excel
    onboarding and its past files, the authorities below with their administrators (granted from
    here); for the top authority, the calendar's days off and make-up days."""

    authority = _administered(request)
    today = today_local()
    units = Unit.objects.filter(authority=authority).order_by("sort_order", "name")
    heads = {
        m.unit_id: m.user
        for m in Membership.objects.active().filter(unit__in=units, position=Position.HEAD).select_related("user")
    }
    below = list(Authority.objects.filter(parent=authority).select_related("unit").order_by("sort_order", "name"))
    # The authorities below are another scope: their administrators are read across on purpose.
    administrators = {}
    for membership in (
        Membership.all_authorities.active()
        .filter(unit__authority__in=below, administers=True)
        .select_related("user", "unit")
    ):
        administrators.setdefault(membership.unit.authority_id, []).append(membership)
    return render(
        request,
        "units/authority_admin.html",
        {
            "authority": authority,
            "units": [(u, heads.get(u.pk)) for u in units],
            "imports": OrganisationImport.objects.filter(authority=authority).select_related("uploaded_by")[:10],
            "below": [(a, administrators.get(a.pk, [])) for a in below],
            "leaders": Leader.objects.active().filter(authority=authority).select_related("user").order_by("position"),
            "leader_form": leader_form or LeaderForm(initial={"start_date": today}),
            # Its own days, and those that apply to it from above (shown, not changed here).
            "exceptions": CalendarException.objects.filter(
                Q(authority=authority)
                | Q(authority__isnull=True)
                | Q(authority__children=authority)
                | Q(authority__children__children=authority),
                date__year__gte=today.year - 1,
            )
            .select_related("authority")
            .order_by("-date"),
            "calendar_form": calendar_form or CalendarExceptionForm(),
        },
        status=status,
    )


@require_POST
def leader_add(request: HttpRequest) -> HttpResponse:

    authority = _administered(request)
    form = LeaderForm(request.POST)
    if form.is_valid():
        try:
            leader = services.leader_appoint(actor=request.user, authority=authority, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi %(position)s %(name)s.") % {"position": leader.get_position_display(), "name": leader.user},
            )
            return redirect("units:authority_admin")
    return authority_admin(request, leader_form=form, status=400)


@require_POST
def leader_end(request: HttpRequest, pk: int) -> HttpResponse:

    authority = _administered(request)
    leader = get_object_or_404(Leader.objects.filter(authority=authority), pk=pk)
    services.leader_end(actor=request.user, leader=leader)
    messages.success(request, _("%(name)s thôi giữ chức vụ từ hôm nay.") % {"name": leader.user})
    return redirect("units:authority_admin")


@require_POST
def calendar_add(request: HttpRequest) -> HttpResponse:

    authority = _administered(request)
    form = CalendarExceptionForm(request.POST)
    if form.is_valid():
        try:
            exception = services.calendar_exception_add(actor=request.user, authority=authority, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("Đã ghi %(day)s; các thời hạn rơi vào ngày đó được tính lại.") % {"day": exception}
            )
            return redirect("units:authority_admin")
    return authority_admin(request, calendar_form=form, status=400)


@require_POST
def calendar_remove(request: HttpRequest, pk: int) -> HttpResponse:

    authority = _administered(request)
    # Only the authority's own days are removed here (those from above are the above's).
    exception = get_object_or_404(CalendarException.objects.filter(authority=authority), pk=pk)
    services.calendar_exception_remove(actor=request.user, exception=exception)
    messages.success(request, _("Đã bỏ %(day)s.") % {"day": exception})
    return redirect("units:authority_admin")


def import_template(request: HttpRequest) -> HttpResponse:

    _administered(request)
    return xlsx_response("mau-nhap-don-vi-can-bo.xlsx", template_xlsx())


def organisation_import(request: HttpRequest) -> HttpResponse:
    """Upload the filled template: every row checked; any wrong row refuses the whole file, each
    wrong row named; a right file goes to its preview."""
    authority = _administered(request)
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Chọn tệp Excel đã điền theo mẫu.")]
        else:
            batch, reading = services.organisation_import_upload(
                actor=request.user, authority=authority, file_name=upload.name, content=upload.read()
            )
            if batch is not None:
                return redirect("units:import_preview", pk=batch.pk)
            errors = reading.errors
    return render(
        request,
        "units/organisation_import.html",
        {"authority": authority, "errors": errors},
        status=400 if errors else 200,
    )


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:

    authority = _administered(request)
    batch = get_object_or_404(OrganisationImport.objects.filter(authority=authority), pk=pk)
    data = batch.result
    units = [
        {
            **u,
            "kind_label": UnitKind(u["kind"]).label,
            "role_label": SpecialRole(u["special_role"]).label if u["special_role"] else "",
        }
        for u in data.get("units", [])
    ]
    people = [{**p, "position_label": Position(p["position"]).label} for p in data.get("people", [])]
    return render(
        request,
        "units/import_preview.html",
        {
            "authority": authority,
            "batch": batch,
            "units": units,
            "people": people,
            "new_accounts": len({p["email"] for p in data.get("people", []) if not p["existing"]}),
        },
    )


@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:

    authority = _administered(request)
    batch = get_object_or_404(OrganisationImport.objects.filter(authority=authority), pk=pk)
    if request.POST.get("cancel"):
        services.organisation_import_cancel(actor=request.user, batch=batch)
        messages.info(request, _("Đã hủy, không nhập gì."))
        return redirect("units:authority_admin")
    try:
        reading = services.organisation_import_apply(actor=request.user, batch=batch)
    except ValidationError as error:
        return render(
            request, "units/organisation_import.html", {"authority": authority, "errors": error.messages}, status=400
        )
    messages.success(
        request,
        _("Đã nhập %(units)d đơn vị và %(people)d chức vụ; %(accounts)d người mới nhận thư để đặt mật khẩu.")
        % {"units": len(reading.units), "people": len(reading.people), "accounts": reading.new_accounts},
    )
    return redirect("units:authority_admin")


@require_POST
def administrator_grant(request: HttpRequest) -> HttpResponse:
    """Give a person of an authority below the right to administer it (by their email)."""
    authority = _administered(request)
    below = get_object_or_404(Authority.objects.filter(parent=authority), pk=request.POST.get("authority") or 0)
    try:
        membership = services.administrator_grant(
            actor=request.user, authority=below, email=request.POST.get("email", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s quản trị %(authority)s.") % {"name": membership.user.get_full_name(), "authority": below.name},
        )
    return redirect("units:authority_admin")


@require_POST
def administrator_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _administered(request)
    # A membership in an authority below: read across on purpose, limited to this one's children.
    membership = get_object_or_404(
        Membership.all_authorities.filter(unit__authority__parent=authority, administers=True), pk=pk
    )
    services.administrator_revoke(actor=request.user, membership=membership)
    messages.success(request, _("%(name)s thôi quản trị.") % {"name": membership.user.get_full_name()})
    return redirect("units:authority_admin")


def unit_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """An administrator adds a unit to the authority, or edits one (its code stays)."""

    authority = _administered(request)
    unit = get_object_or_404(Unit.objects.filter(authority=authority), code=code) if code else None
    version = unit.history.order_by("-history_id").values_list("history_id", flat=True).first() if unit else None
    form = UnitForm(request.POST or None, instance=unit, authority=authority, initial={"version": version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.unit_save(actor=request.user, form=form)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Đã lưu %(name)s.") % {"name": saved.name})
                return redirect("units:authority_admin")
        status = 400
    return render(request, "units/unit_edit.html", {"authority": authority, "unit": unit, "form": form}, status=status)

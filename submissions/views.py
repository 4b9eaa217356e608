"""View helpers every kind of submission shares: serving an attached file, and turning a posted
decision into a call of the kind's accept or return service; and the views that decide a request
of any kind, or withdraw it (`RequestDecideView`, `RequestWithdrawView`; docs/architecture.md §4
"Requests"). Each app keeps its own URLs and scoping."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from units.forms import form_errors_from  # noqa: F401 — the one helper, re-exported for the apps above

from .forms import AcceptForm, ReturnForm
from .models import StoredFile, Submission
from .requests import DecisionRequest
from .services import EditConflict, request_withdraw


def serve_stored_file(stored: StoredFile) -> HttpResponse:
    """Send a checked upload as a download (never rendered inline); the caller has scoped it."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_refused(request: HttpRequest, error: ValidationError) -> list[str]:
    """A refused file after the text was saved: say that the text is safe; the errors go beside the
    file field."""
    messages.warning(request, _("Đã lưu nội dung dự thảo; tệp chưa được đính kèm (xem lỗi ở ô đính kèm)."))
    return error.messages


def tell_carried_files(request: HttpRequest, draft: Submission) -> None:
    """Say so when a new version started with the files of the version that was returned."""
    names = getattr(draft, "carried_files", [])
    if names:
        messages.info(
            request,
            ngettext(
                "Bản mới mang theo tệp đính kèm của lần trước: %(names)s. Xóa tệp không còn cần trước khi ký.",
                "Bản mới mang theo %(count)d tệp đính kèm của lần trước: %(names)s. "
                "Xóa tệp không còn cần trước khi ký.",
                len(names),
            )
            % {"count": len(names), "names": ", ".join(names)},
        )


def confirm_signing(
    request: HttpRequest,
    *,
    sign: Callable[[int, bool], object],
    preview: Callable[[int], HttpResponse],
    signed: str,
    done: str,
) -> HttpResponse:
    """The second step of signing: the POST carries the revision its preview showed (a draft changed
    since is not signed: the preview is shown again, fresh) and whether the signer confirmed sending
    with empty sections. `sign(revision, confirmed)` calls the kind's service."""
    revision = request.POST.get("revision", "")
    if not revision.isdigit():
        messages.error(request, _("Hãy ký từ trang xem trước của bản dự thảo."))
        return preview(400)
    try:
        sign(int(revision), request.POST.get("confirm_empty") == "yes")
    except EditConflict:
        messages.error(
            request,
            _(
                "Bản dự thảo đã thay đổi sau khi bạn mở trang xem trước, nên chưa được ký. Đây là bản mới nhất: "
                "hãy xem lại rồi ký."
            ),
        )
        return redirect(request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return preview(400)
    messages.success(request, signed)
    return redirect(done)


def back_to(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Redirect to the page the decision was opened from (a local `next`, e.g. the queue of what
    waits for a decision) or else to `redirect(*args, **kwargs)`."""
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(*args, **kwargs)


def decide(
    request: HttpRequest,
    *,
    allowed: bool,
    accept: bool,
    on_accept: Callable[[str], object],
    on_return: Callable[[list[str], str], object],
    accepted: str,
    returned: str,
) -> ReturnForm | None:
    """Validate the posted decision form and call the kind's service. Returns None when done (a
    message says what happened), or the bound return form with its errors for the page to show
    again with what the reviewer typed. Someone who may not decide gets 403 before any validation."""
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền xem xét báo cáo này."))
    if accept:
        form = AcceptForm(request.POST, prefix="accept")
        form.is_valid()
        try:
            on_accept(form.cleaned_data.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, accepted)
        return None
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            on_return(form.cleaned_data["reasons"], form.cleaned_data["note"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, returned)
            return None
    return form


class RequestDecideView(View):
    """The one decide view of every kind of request: POST `decision` (the kind's `yes`, or
    "refuse") and an optional `note`. The request is found through the kind's `visible_to` (another
    unit's is 404); the kind's service `decide(actor=, request=, approve=, note=)` decides (someone
    who may not decide gets 403); a message says what was done and the page goes back to `next`
    (the queue, the leader's page) or to the request's own page. Each app points a URL here with
    its kind: `RequestDecideView.as_view(model=…, decide=…)`."""

    http_method_names = ["post"]
    model: type[DecisionRequest] | None = None
    decide: Callable[..., DecisionRequest] | None = None
    yes = "approve"
    said = (gettext_lazy("Đã đồng ý."), gettext_lazy("Đã không đồng ý."))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        asked = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        decision = request.POST.get("decision")
        note = request.POST.get("note", "").strip()
        limit = self.model._meta.get_field("decision_note").max_length
        if decision not in (self.yes, "refuse"):
            messages.error(request, _("Chọn Đồng ý hoặc Không đồng ý."))
        elif limit is not None and len(note) > limit:
            messages.error(request, _("Ý kiến dài quá %(n)d ký tự.") % {"n": limit})
        else:
            approve = decision == self.yes
            try:
                self.decide(actor=request.user, request=asked, approve=approve, note=note)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, self.said[0] if approve else self.said[1])
        return back_to(request, asked.get_absolute_url())


class RequestWithdrawView(View):
    """The unit takes back its pending request, of any kind (`submissions.services.request_withdraw`):
    found through the kind's `visible_to` (another unit's is 404); someone who may not speak for the
    unit gets 403; back to `next` or the request's own page. Each app points a URL here with its
    kind: `RequestWithdrawView.as_view(model=…)`."""

    http_method_names = ["post"]
    model: type[DecisionRequest] | None = None

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        asked = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        try:
            request_withdraw(actor=request.user, request=asked)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã rút đề nghị."))
        return back_to(request, asked.get_absolute_url())

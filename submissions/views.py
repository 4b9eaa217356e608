"""View helpers every kind of submission shares: serving an attached file, and turning a posted
decision into a call of the kind's accept or return service. Each app keeps its own URLs and scoping."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from .forms import AcceptForm, ReturnForm
from .models import StoredFile


def serve_stored_file(stored: StoredFile) -> HttpResponse:
    """Send a checked upload as a download (never rendered inline); the caller has scoped it."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def decide(
    request: HttpRequest,
    *,
    accept: bool,
    on_accept: Callable[[str], object],
    on_return: Callable[[list[str], str], object],
    accepted: str,
    returned: str,
) -> ReturnForm | None:
    """Validate the posted decision form and call the kind's service. Returns None when done (a
    message says what happened), or the bound return form with its errors for the page to show
    again with what the reviewer typed."""
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

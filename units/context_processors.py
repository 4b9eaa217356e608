"""Template context shared by every page: the user's roles for the navigation, the languages."""

import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info

from . import pdf
from .models import Authority, Notification
from .roles import roles_of


def navigation(request):
    """Roles (for the menu), the Authority's name (for the header) and the footer's languages."""
    languages = {"language_choices": language_choices()}
    if not hasattr(request, "user"):
        return languages
    context = {
        **languages,
        "roles": roles_of(request.user),
        "authority_name": _authority_name(),
        # Word documents also as PDF when LibreOffice is installed (units.pdf); else no PDF links.
        "pdf_available": pdf.available(),
    }
    if request.user.is_authenticated:
        context["unread_notifications"] = lambda: Notification.objects.filter(
            user=request.user, read_at__isnull=True
        ).count()
    return context


def _authority_name() -> str:
    authority = Authority.current()
    return authority.name if authority else ""


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of each language in its own words, whatever the page's language: "Tiếng Việt",
    "English" (Django's endonyms, in composed Unicode)."""
    return [
        (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]

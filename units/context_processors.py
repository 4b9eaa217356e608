"""Template context shared by every page: the user's roles for the navigation, the languages."""

import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info

from library import pdf

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
        **_authorities(request.user),
        # Word documents also as PDF when LibreOffice is installed (library.pdf); else no PDF links.
        "pdf_available": pdf.available(),
    }
    if request.user.is_authenticated:
        context["unread_notifications"] = lambda: Notification.objects.filter(
            user=request.user, read_at__isnull=True
        ).count()
    return context


def _authorities(user) -> dict:
    """The authority the page acts in (the header) and the others the person may switch to."""
    roles = roles_of(user)
    if not roles.authenticated:
        authority = Authority.current()
        return {"authority_name": authority.name if authority else "", "acting_authority": authority}
    # Across authorities on purpose: the switch lists every authority the person holds a role in.
    held = Authority.objects.order_by("sort_order", "pk")
    if roles.authority_ids is not None:
        held = held.filter(pk__in=roles.authority_ids)
    held = list(held)
    acting = next((a for a in held if a.pk == roles.authority_id), None)
    return {
        "authority_name": acting.name if acting else "",
        "acting_authority": acting,
        "other_authorities": [a for a in held if a.pk != roles.authority_id],
    }


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of each language in its own words, whatever the page's language: "Tiếng Việt",
    "English" (Django's endonyms, in composed Unicode)."""
    return [
        (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]

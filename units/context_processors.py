"""Template context shared by every page: the user's roles for the navigation."""

from .models import Authority, Notification
from .roles import roles_of


def navigation(request):
    """Roles (for the menu) and the Authority's name (for the header)."""
    if not hasattr(request, "user"):
        return {}
    context = {"roles": roles_of(request.user), "authority_name": _authority_name()}
    if request.user.is_authenticated:
        context["unread_notifications"] = lambda: Notification.objects.filter(
            user=request.user, read_at__isnull=True
        ).count()
    return context


def _authority_name() -> str:
    authority = Authority.current()
    return authority.name if authority else ""

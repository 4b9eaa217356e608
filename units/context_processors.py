"""Template context shared by every page: the user's roles for the navigation."""

from .models import Authority
from .roles import roles_of


def navigation(request):
    """Roles (for the menu) and the Authority's name (for the header)."""
    if not hasattr(request, "user"):
        return {}
    return {"roles": roles_of(request.user), "authority_name": _authority_name()}


def _authority_name() -> str:
    authority = Authority.current()
    return authority.name if authority else ""

"""Forms of the organisation app."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with a plainer Vietnamese message for wrong credentials."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
    }


# "Giao cho" / "Mời": every unit, every commune, every agency, or the units ticked (the task form
# and the meeting form offer the same choice).
SCOPE_ALL, SCOPE_LOCAL, SCOPE_AGENCIES, SCOPE_PICKED = "all", "local", "agencies", "picked"


def units_in_scope(scope: str, units, picked) -> list:
    """The units a scope choice names, among `units` (a Unit queryset); `picked` for SCOPE_PICKED."""
    if scope == SCOPE_ALL:
        return list(units)
    if scope == SCOPE_LOCAL:
        return list(units.local_governments())
    if scope == SCOPE_AGENCIES:
        return list(units.agencies())
    return list(picked or [])

"""The Django admin is the system administrator's page over every authority (docs/architecture.md
§17): a superuser's admin requests read across authorities by name; anyone else's keep their
request's scope (the authority they act in)."""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .acting import across_authorities


class ChithiAdminSite(admin.AdminSite):
    site_header = "Chỉ thị — Quản trị"
    site_title = "Chỉ thị"
    index_title = "Quản trị hệ thống"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def scoped(request, *args, **kwargs):
            if request.user.is_active and request.user.is_superuser:
                with across_authorities("the system administrator's admin covers every authority"):
                    return inner(request, *args, **kwargs)
            return inner(request, *args, **kwargs)

        return scoped


class ChithiAdminConfig(AdminConfig):
    """The Django admin with the system administrator's scope (INSTALLED_APPS names it)."""

    default_site = "units.admin_site.ChithiAdminSite"

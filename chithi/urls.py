"""Top-level URLs: each app's pages under its own prefix; sign-in, passwords, admin, language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from units import views as unit_views

urlpatterns = [
    path("", unit_views.home, name="home"),
    path("login/", unit_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Forgotten password, by email; Django's views are open to anonymous visitors.
    path("password/reset/", unit_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The footer's language switch works before signing in too (the login page has the footer).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("units.urls")),
    path("", include("registers.urls")),
    path("", include("tasks.urls")),
    path("", include("meetings.urls")),
    path("", include("inspections.urls")),
    path("", include("ratings.urls")),
    path("", include("reports.urls")),
    path("", include("api.urls")),
]

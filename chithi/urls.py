"""Top-level URLs: each app's pages under its own prefix; login, admin, language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from units import views as unit_views
from units.forms import LoginForm

admin.site.site_header = "Chỉ thị — Quản trị"
admin.site.site_title = "Chỉ thị"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", unit_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(form_class=LoginForm, redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("units.urls")),
    path("", include("tasks.urls")),
    path("", include("reports.urls")),
]

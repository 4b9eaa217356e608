"""URLs of the organisation pages (/units/, /calendar/)."""

from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/<slug:code>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<slug:code>/people/", views.unit_people, name="unit_people"),
    path("units/<slug:code>/people/add/", views.people_add, name="people_add"),
    path("units/<slug:code>/people/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("units/<slug:code>/people/<int:pk>/position/", views.membership_change, name="membership_change"),
    path("units/<slug:code>/delegations/add/", views.delegation_add, name="delegation_add"),
    path("units/<slug:code>/delegations/<int:pk>/end/", views.delegation_end, name="delegation_end"),
    path("calendar/", views.reporting_calendar, name="reporting_calendar"),
    path("authority/", views.authority_switch, name="authority_switch"),
    path("no-role/", views.no_role, name="no_role"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]

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
    path("authority/admin/", views.authority_admin, name="authority_admin"),
    path("authority/admin/import/", views.organisation_import, name="organisation_import"),
    path("authority/admin/import/template.xlsx", views.import_template, name="import_template"),
    path("authority/admin/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("authority/admin/import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("authority/admin/administrators/", views.administrator_grant, name="administrator_grant"),
    path("authority/admin/units/new/", views.unit_edit, name="unit_add"),
    path("authority/admin/units/<slug:code>/", views.unit_edit, name="unit_edit"),
    path("authority/admin/leaders/", views.leader_add, name="leader_add"),
    path("authority/admin/leaders/<int:pk>/end/", views.leader_end, name="leader_end"),
    path("authority/admin/calendar/", views.calendar_add, name="calendar_add"),
    path("authority/admin/calendar/<int:pk>/remove/", views.calendar_remove, name="calendar_remove"),
    path("authority/admin/administrators/<int:pk>/revoke/", views.administrator_revoke, name="administrator_revoke"),
    path("no-role/", views.no_role, name="no_role"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]

"""URLs of the quarterly cycle (/reports/quarterly/…)."""

from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/quarterly/", views.quarterly_list, name="quarterly_list"),
    re_path(
        r"^reports/quarterly/(?P<code>[-\w]+)/(?P<quarter>\d{4}Q[1-4])/$",
        views.quarterly_report,
        name="quarterly_report",
    ),
    re_path(
        r"^reports/quarterly/(?P<code>[-\w]+)/(?P<quarter>\d{4}Q[1-4])/save/$",
        views.quarterly_save,
        name="quarterly_save",
    ),
    re_path(
        r"^reports/quarterly/(?P<code>[-\w]+)/(?P<quarter>\d{4}Q[1-4])/sign/$",
        views.quarterly_sign,
        name="quarterly_sign",
    ),
    path("reports/quarterly/versions/<int:pk>/decide/", views.quarterly_decide, name="quarterly_decide"),
    path("reports/quarterly/versions/<int:pk>/docx/", views.quarterly_docx, name="quarterly_docx"),
    path("reports/quarterly/versions/<int:pk>/pdf/", views.quarterly_pdf, name="quarterly_pdf"),
    path("reports/quarterly/files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("reports/quarterly/files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("reports/dashboard/", views.dashboard, name="dashboard"),
    path("queue/", views.queue, name="queue"),
    re_path(r"^reports/rollups/(?P<quarter>\d{4}Q[1-4])/$", views.rollup_detail, name="rollup"),
    re_path(r"^reports/rollups/(?P<quarter>\d{4}Q[1-4])/action/$", views.rollup_action, name="rollup_action"),
    re_path(r"^reports/rollups/(?P<quarter>\d{4}Q[1-4])/issue/$", views.rollup_issue, name="rollup_issue"),
    re_path(
        r"^reports/rollups/(?P<quarter>\d{4}Q[1-4])/(?P<fmt>docx|xlsx|pdf)/$",
        views.rollup_download,
        name="rollup_download",
    ),
]

"""URLs of directives, tasks, assignments and their reports (/directives/, /tasks/, /assignments/…)."""

from django.urls import path, re_path

from . import views

app_name = "tasks"

urlpatterns = [
    path("directives/", views.DirectiveListView.as_view(), name="directive_list"),
    path("directives/<int:pk>/", views.DirectiveDetailView.as_view(), name="directive_detail"),
    path("tasks/", views.assignment_list, name="assignment_list"),
    path("tasks/export.xlsx", views.assignment_export, name="assignment_export"),
    path("tasks/by-unit/", views.unit_table, name="unit_table"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/given-by-me/", views.leader_tasks, name="leader_tasks"),
    path("units/<slug:code>/tasks/", views.unit_tasks, name="unit_tasks"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/draft/", views.draft_save, name="draft_save"),
    path("assignments/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("assignments/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("summaries/", views.summary_list, name="summary_list"),
    path("summaries/<str:week>/", views.summary_detail, name="summary_detail"),
    re_path(r"^summaries/(?P<week>\d{4}-W\d{2})/(?P<fmt>docx|xlsx)/$", views.summary_download, name="summary_download"),
]

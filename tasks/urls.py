"""URLs of directives, tasks, assignments and their reports (/directives/, /tasks/, /assignments/…)."""

from django.urls import path, re_path

from .views import assignment, create, directives, lists, progress, search, summaries

app_name = "tasks"

urlpatterns = [
    path("directives/", directives.DirectiveListView.as_view(), name="directive_list"),
    path("directives/<int:pk>/", directives.DirectiveDetailView.as_view(), name="directive_detail"),
    path("search/", search.search_page, name="search"),
    path("tasks/", lists.assignment_list, name="assignment_list"),
    path("tasks/export.xlsx", lists.assignment_export, name="assignment_export"),
    path("tasks/by-unit/", lists.unit_table, name="unit_table"),
    path("tasks/new/", create.task_create, name="task_create"),
    path("tasks/<int:pk>/", progress.task_detail, name="task_detail"),
    path("tasks/<int:pk>/remind/", progress.task_remind, name="task_remind"),
    path("tasks/<int:pk>/priority/", progress.task_priority, name="task_priority"),
    path("tasks/<int:pk>/coefficient/", progress.task_coefficient, name="task_coefficient"),
    path("tasks/given-by-me/", lists.leader_tasks, name="leader_tasks"),
    path("units/<slug:code>/tasks/", lists.unit_tasks, name="unit_tasks"),
    path("assignments/<int:pk>/", assignment.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/draft/", assignment.draft_save, name="draft_save"),
    path("assignments/<int:pk>/sign/", assignment.report_submit, name="report_submit"),
    path("assignments/<int:pk>/extension/", assignment.extension_request, name="extension_request"),
    path("attachments/<int:pk>/", assignment.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", assignment.attachment_delete, name="attachment_delete"),
    path("reports/<int:pk>/accept/", assignment.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", assignment.report_return, name="report_return"),
    path("extensions/<int:pk>/decide/", assignment.extension_decide, name="extension_decide"),
    path("extensions/<int:pk>/withdraw/", assignment.extension_withdraw, name="extension_withdraw"),
    path("assignments/<int:pk>/change/", assignment.change_request, name="change_request"),
    path("changes/<int:pk>/decide/", assignment.change_decide, name="change_decide"),
    path("changes/<int:pk>/withdraw/", assignment.change_withdraw, name="change_withdraw"),
    path("summaries/", summaries.summary_list, name="summary_list"),
    path("summaries/<str:week>/", summaries.summary_detail, name="summary_detail"),
    path("summaries/<str:week>/tasks/<int:pk>/", summaries.summary_task, name="summary_task"),
    re_path(
        r"^summaries/(?P<week>\d{4}-W\d{2})/(?P<fmt>docx|xlsx|pdf)/$",
        summaries.summary_download,
        name="summary_download",
    ),
]

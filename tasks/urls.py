"""URLs of directives and tasks (/directives/...)."""

from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("directives/", views.DirectiveListView.as_view(), name="directive_list"),
    path("directives/<int:pk>/", views.DirectiveDetailView.as_view(), name="directive_detail"),
]

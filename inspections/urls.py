"""URLs of inspections (/inspections/)."""

from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("inspections/<int:pk>/measures/", views.measure_add, name="measure_add"),
    path("inspections/<int:pk>/decisions/", views.decision_add, name="decision_add"),
]

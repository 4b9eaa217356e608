"""URLs of ratings (/ratings/)."""

from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("ratings/", views.rating_list, name="rating_list"),
    path("ratings/propose/", views.rating_propose, name="rating_propose"),
    path("ratings/word/", views.rating_docx, name="rating_docx"),
    path("ratings/excel/", views.rating_xlsx, name="rating_xlsx"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/recompute/", views.rating_recompute, name="rating_recompute"),
    path("ratings/<int:pk>/score/", views.rating_score, name="rating_score"),
    path("ratings/<int:pk>/approve/", views.rating_approve, name="rating_approve"),
    path("ratings/<int:pk>/exempt/", views.rating_exempt, name="rating_exempt"),
]

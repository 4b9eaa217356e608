"""URLs of the register (/register/)."""

from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/export.xlsx", views.register_export, name="register_export"),
]

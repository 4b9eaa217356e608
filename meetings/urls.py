"""URLs of meetings (/meetings/)."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/invitations/<int:pk>/deputy/", views.deputy_request, name="deputy_request"),
    path("meetings/deputy-requests/<int:pk>/decide/", views.deputy_decide, name="deputy_decide"),
    path("meetings/deputy-requests/<int:pk>/withdraw/", views.deputy_withdraw, name="deputy_withdraw"),
]

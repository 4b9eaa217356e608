"""URLs of the API (/api/v1/…), its OpenAPI schema and its two readers, and the token pages."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import pages, views

app_name = "api"

router = DefaultRouter()
router.register("authorities", views.AuthorityViewSet, basename="authority")
router.register("units", views.UnitViewSet, basename="unit")
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("reports", views.TaskReportViewSet, basename="report")
router.register("summaries", views.WeeklySummaryViewSet, basename="summary")
router.register("quarterly-reports", views.QuarterlyReportViewSet, basename="quarterly-report")
router.register("rollups", views.QuarterRollupViewSet, basename="rollup")

# Token requests carry no session: the API's own permission (IsAuthenticated) guards them instead of
# the sign-in redirect; the documentation pages stay behind the sign-in page.
api_urls = router.urls
for pattern in api_urls:
    login_not_required(pattern.callback)

urlpatterns = [
    path("api/v1/schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="swagger"),
    path("api/v1/", include(api_urls)),
    # Any other address under /api/v1/ (an id that is not a number…) answers as the API does.
    re_path(r"^api/v1/", login_not_required(views.not_found), name="not_found"),
    path("api/tokens/", pages.token_list, name="token_list"),
    path("api/tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]

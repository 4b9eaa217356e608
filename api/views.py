"""/api/v1/: read what the person may read, create directives and tasks as the Office does. Every
queryset goes through the same `visible_to` as the pages; another unit's object is 404 (docs §16)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from reports.models import QuarterlyReport, QuarterRollup
from submissions.models import SubmissionStatus
from submissions.services import submission_attach
from tasks import services as task_services
from tasks.models import Assignment, Directive, TaskReport, WeeklySummary
from tasks.selectors import tasks_visible_to
from units.models import Authority, Unit, today_local
from units.roles import roles_of, sees_all_units

from . import serializers
from .filters import AssignmentFilter


class Pages(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"


def _service(call):
    """Run a service the way the pages do; its Vietnamese refusal becomes the API's 400 or 403."""
    try:
        return call()
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise exceptions.ValidationError(detail) from error


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pages

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today_local()}


class AuthorityViewSet(ReadOnly):
    """The authorities the person holds a role in (every one, for a system administrator); `acting`
    marks the one this request acts in (the `X-Chithi-Authority` header chooses; docs §17)."""

    serializer_class = serializers.AuthoritySerializer

    def get_queryset(self):
        held = roles_of(self.request.user).authority_ids
        authorities = Authority.objects.select_related("parent", "unit").order_by("sort_order", "pk")
        return authorities if held is None else authorities.filter(pk__in=held)


class UnitViewSet(ReadOnly):
    serializer_class = serializers.UnitSerializer

    def get_queryset(self):
        return Unit.objects.visible_to(self.request.user).select_related("parent")


class DirectiveViewSet(mixins.CreateModelMixin, ReadOnly):
    """Directives and their items; POST records one as it arrives (the Office or a leader)."""

    serializer_class = serializers.DirectiveSerializer

    def get_queryset(self):
        return Directive.objects.prefetch_related("items")

    @extend_schema(request=serializers.DirectiveCreateSerializer, responses={201: serializers.DirectiveSerializer})
    def create(self, request, *args, **kwargs):
        data = serializers.DirectiveCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        items = [(i["number"], i["text"]) for i in fields.pop("items", [])]
        directive = _service(
            lambda: task_services.directive_create(
                actor=request.user, authority=Authority.current(), items=items, **fields
            )
        )
        directive = Directive.objects.prefetch_related("items").get(pk=directive.pk)
        return Response(serializers.DirectiveSerializer(directive).data, status=status.HTTP_201_CREATED)


class TaskViewSet(mixins.CreateModelMixin, ReadOnly):
    """Tasks with the assignments the person may see, each with its status today; POST gives a task
    to units (the Office or a leader), as the Office's form does."""

    serializer_class = serializers.TaskSerializer

    def get_queryset(self):
        user = self.request.user
        visible = Assignment.objects.visible_to(user).current().with_status(today_local()).select_related("unit")
        return (
            tasks_visible_to(user)
            .select_related("given_by__user")
            .prefetch_related(Prefetch("assignments", queryset=visible.order_by("pk"), to_attr="visible_assignments"))
        )

    @extend_schema(request=serializers.TaskCreateSerializer, responses={201: serializers.TaskSerializer})
    def create(self, request, *args, **kwargs):
        data = serializers.TaskCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        units = list(Unit.objects.active().filter(code__in=fields.pop("units")))
        lead_code = fields.pop("lead_unit")
        lead = next((u for u in units if u.code == lead_code), None) if lead_code else None
        if not units or (lead_code and lead is None):
            raise exceptions.ValidationError({"units": ["Không tìm thấy đơn vị với mã đã gửi."]})
        item_number = fields.pop("directive_item", None)
        directive = fields.get("directive")
        item = None
        if item_number is not None:
            if directive is None:
                raise exceptions.ValidationError({"directive_item": ["Chọn văn bản chỉ đạo trước khi chọn điểm."]})
            item = directive.items.filter(number=item_number).first()
            if item is None:
                raise exceptions.ValidationError({"directive_item": ["Văn bản không có điểm này."]})
        task = _service(
            lambda: task_services.task_create(
                actor=request.user, units=units, lead_unit=lead, directive_item=item, **fields
            )
        )
        task = get_object_or_404(self.get_queryset(), pk=task.pk)
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)


class AssignmentViewSet(ReadOnly):
    """Assignments with their status today; filter by status, unit, deadline range, directive. POST
    …/report/ sends the unit's report on one, signed by the token's owner under the same rules as
    the page: the unit's head, or a deputy with a recorded delegation ("KT.")."""

    serializer_class = serializers.AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        return Assignment.objects.visible_to(self.request.user).with_status(today_local()).select_related("unit")

    @extend_schema(
        request={
            "application/json": serializers.ReportSendSerializer,
            "multipart/form-data": serializers.ReportSendSerializer,
        },
        responses={201: serializers.TaskReportSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        filterset_class=None,
        pagination_class=None,
        parser_classes=[JSONParser, MultiPartParser],
    )
    def report(self, request, pk=None):
        """The unit's report, with its files, signed and sent in one step (head, or deputy "KT.")."""
        assignment = self.get_object()
        data = serializers.ReportSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        @transaction.atomic  # a refused file or signature leaves no draft behind
        def send():
            draft = task_services.report_save_draft(
                actor=request.user, assignment=assignment, text=data.validated_data["text"], revision=None
            )
            for upload in data.validated_data.get("files", []):
                submission_attach(actor=request.user, submission=draft, upload=upload)
            return task_services.report_submit(actor=request.user, assignment=assignment)

        report = _service(send)
        return Response(serializers.TaskReportSerializer(report).data, status=status.HTTP_201_CREATED)


class TaskReportViewSet(ReadOnly):
    """Report versions that were sent (drafts stay with their unit)."""

    serializer_class = serializers.TaskReportSerializer

    def get_queryset(self):
        return (
            TaskReport.objects.visible_to(self.request.user)
            .exclude(status=SubmissionStatus.DRAFT)
            .select_related("signed_by")
            .prefetch_related("attachments")
        )


class WeeklySummaryViewSet(ReadOnly):
    """The Monday summaries (those who see every unit, as on /summaries/)."""

    serializer_class = serializers.WeeklySummarySerializer

    def get_queryset(self):
        if not sees_all_units(self.request.user):
            return WeeklySummary.objects.none()
        return WeeklySummary.objects.filter(superseded_at__isnull=True)


class QuarterlyReportViewSet(ReadOnly):
    serializer_class = serializers.QuarterlyReportSerializer

    def get_queryset(self):
        return (
            QuarterlyReport.objects.visible_to(self.request.user)
            .exclude(status=SubmissionStatus.DRAFT)
            .select_related("unit")
        )


class QuarterRollupViewSet(ReadOnly):
    serializer_class = serializers.QuarterRollupSerializer

    def get_queryset(self):
        return QuarterRollup.objects.all() if sees_all_units(self.request.user) else QuarterRollup.objects.none()


@csrf_exempt  # a POST to an address the API lacks is a 404 too, not the sign-in form's CSRF page
def not_found(request, *args, **kwargs):
    """JSON 404 for an address the API does not have, as for an object the person may not see."""
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)

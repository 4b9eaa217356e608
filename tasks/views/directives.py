"""Pages of directives: the list with search, and one directive with its items and recipients."""

from __future__ import annotations

from django.db.models import Count
from django.views.generic import DetailView, ListView

from tasks.models import Directive, DirectiveKind
from units.models import matching


class DirectiveListView(ListView):
    """Every directive of the Authority; they are the Committee's public instructions, not unit data."""

    model = Directive
    template_name = "tasks/directive_list.html"
    context_object_name = "directives"
    paginate_by = 50

    def get_queryset(self):
        qs = Directive.objects.annotate(item_count=Count("items")).order_by("-issued_on", "number")
        query = self.request.GET.get("q", "").strip()
        if query:
            qs = matching(qs, query)
        kind = self.request.GET.get("kind", "")
        if kind in DirectiveKind.values:
            qs = qs.filter(kind=kind)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.request.GET.get("q", ""), kind=self.request.GET.get("kind", ""), kinds=DirectiveKind.choices
        )
        return context


class DirectiveDetailView(DetailView):
    """A directive with its items and recipients."""

    model = Directive
    template_name = "tasks/directive_detail.html"

    def get_queryset(self):
        return Directive.objects.select_related("authority").prefetch_related("items", "units")

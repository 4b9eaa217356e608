"""The one view-side scoping mixin: every view that shows unit data gets its rows from visible_to(user)."""

from __future__ import annotations


class VisibleToMixin:
    """For generic views: the queryset is `model.objects.visible_to(request.user)`, so a
    detail view asked for an object the user may not see answers 404, never 403."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

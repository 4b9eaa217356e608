"""One search across tasks, directives and units (/search/, the header's box): accent- and
case-insensitive on any database, through the folded `search_text` columns (docs/architecture.md
§10), each kind scoped like its own pages."""

from __future__ import annotations

from django.db.models import QuerySet

from units.models import Unit, matching
from units.text import search_words

from .models import Directive
from .selectors import tasks_visible_to

# Rows shown per kind; the count says how many were found.
SHOWN = 30


def _found(queryset: QuerySet, query: str) -> dict:
    rows = matching(queryset, query)
    return {"rows": list(rows[:SHOWN]), "count": rows.count()}


def search(user, query: str) -> dict:
    """Tasks with an assignment the user may see, directives (the Committee's public instructions,
    like their list), units the user may see: each a dict of rows (at most SHOWN) and count."""
    if not search_words(query):
        return {}
    return {
        "tasks": _found(
            tasks_visible_to(user)
            .select_related("given_by__user", "directive", "directive_item")
            .order_by("-created_at", "-pk"),
            query,
        ),
        "directives": _found(Directive.objects.order_by("-issued_on", "number"), query),
        "units": _found(Unit.objects.visible_to(user).active().order_by("sort_order", "name"), query),
    }

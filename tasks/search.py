"""One search across tasks, directives and units (/search/, the header's box): accent- and
case-insensitive on any database, through the folded `search_text` columns (docs/architecture.md
§10), each kind scoped like its own pages."""

from __future__ import annotations

from django.db.models import QuerySet

from library.text import search_words
from units.models import Unit, matching

from .models import Directive
from .selectors import tasks_visible_to

# Rows shown per kind; the count says how many were found, the rest are a link away.
LIMIT = 50


def _found(queryset: QuerySet, query: str, limit: int) -> dict:
    rows = matching(queryset, query)
    shown = list(rows[:limit])
    count = rows.count()  # always asked: the same number of queries however many are found
    return {"rows": shown, "count": count, "more": count - len(shown)}


def search(user, text: str, limit: int | None = None) -> dict:
    """Tasks with an assignment the user may see, directives (the Committee's public instructions,
    like their list), units the user may see: each a dict of `rows` (at most `limit`), `count` and
    `more` (found but not shown; `limit` defaults to LIMIT). Every folded word of `text` must be
    found; a text with no word in it (empty, punctuation only) searches nothing and gives {}."""
    if not search_words(text):
        return {}
    limit = LIMIT if limit is None else limit
    return {
        "tasks": _found(
            tasks_visible_to(user)
            .select_related("given_by__user", "directive", "directive_item")
            .order_by("-created_at", "-pk"),
            text,
            limit,
        ),
        "directives": _found(Directive.objects.order_by("-issued_on", "number"), text, limit),
        "units": _found(Unit.objects.visible_to(user).active().order_by("sort_order", "name"), text, limit),
    }

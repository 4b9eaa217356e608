"""/search/: the header's search box, across tasks, directives and units (tasks.search)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from library.text import MAX_QUERY, without_control_characters
from tasks.search import search


def search_page(request: HttpRequest) -> HttpResponse:
    """Results grouped by kind; an empty or unsearchable query asks for words, never an error."""
    query = without_control_characters(request.GET.get("q", ""))[:MAX_QUERY].strip()
    results = search(request.user, query)
    return render(request, "tasks/search.html", {"query": query, "results": results})

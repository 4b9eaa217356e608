"""The register page /register/ and its Excel download (docs/architecture.md §6)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from units import exports

from . import selectors

PAGE_SIZE = 50


def register(request: HttpRequest) -> HttpResponse:
    """ "Sổ văn bản đi": number, date, kind, subject, signer and a link, per body and year."""
    units, years, unit, year = selectors.register_filters(request.user, request.GET)
    entries = selectors.register_entries(request.user, unit=unit, year=year)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = "&".join(p for p in (f"unit={unit.code}" if unit else "", f"year={year}" if year else "") if p)
    return render(
        request,
        "registers/register.html",
        {"units": units, "years": years, "unit": unit, "year": year, "page": page, "querystring": querystring},
    )


def register_export(request: HttpRequest) -> HttpResponse:
    """The same lines as an .xlsx (the paper register's columns): at once when small, else in the
    background (registers.exports)."""
    return exports.respond(request, "registers.register")

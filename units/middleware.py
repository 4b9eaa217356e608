"""Request-wide rules: the chosen language, a query string without control characters, and no
caching of what a signed-in person sees."""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers

from library.text import has_control_characters, without_control_characters


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but ignores the browser's Accept-Language: an office PC set to
    English must still show the Vietnamese UI; only the user's explicit choice (cookie) changes it.
    The cookie is set by the footer's switch (Django's set_language, open to anonymous visitors so
    it works on the login page) and outlives login and logout."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The same address answers in either language, by cookie.
        patch_vary_headers(response, ("Cookie",))
        return response


class CleanQueryMiddleware:
    """Every view, filter and export reads `request.GET` without control characters (a NUL byte
    makes PostgreSQL fail): one place for every search box and filter, present and future."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lists = request.GET.lists()
        if any(has_control_characters(key) or any(map(has_control_characters, values)) for key, values in lists):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(without_control_characters(key), [without_control_characters(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in person (pages and downloads), so a
    shared office PC's browser or a proxy keeps no copy. Static files never get here (whitenoise
    answers them first) and pages for anonymous visitors keep their own headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response

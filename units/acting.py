"""The authority a request or a job acts in (docs/architecture.md §17).

One deployment serves several authorities (a province and its communes). Every request acts in one
of them — the signed-in person's choice, kept in the session, among the authorities they hold a role
in — and every periodic job runs once per authority inside `acting_in(authority)`. Models owned by
an authority take `AuthorityScopedManager`: while a scope is active their querysets hold only that
authority's rows (related managers too), so a page, an export or a job cannot reach another
authority's data even where it forgets to ask; `visible_to(user)` then narrows to the user's units
within it. With no scope active (the shell, migrations, tests that call code directly) nothing is
filtered: that is the one difference from django-scopes, which refuses such queries and would make
every thread, command and test declare a scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.http import HttpRequest

SESSION_KEY = "chithi_authority"
# A scope that holds nothing: a signed-in person with no role in any authority.
NOWHERE = 0


class _Scope:
    """The active scope: an authority id resolved on first use (a request resolves it from the
    person's roles, which costs nothing more once the page has asked for them)."""

    def __init__(self, resolve: Callable[[], int], fixed: int | None = None):
        self._resolve = resolve
        self._value: int | None = fixed
        # Named by a job or a command (acting_in), not derived from a person's roles.
        self.fixed = fixed is not None

    @property
    def authority_id(self) -> int:
        if self._value is None:
            self._value = self._resolve()
        return self._value


_scope: ContextVar[_Scope | None] = ContextVar("chithi_acting_authority", default=None)
# The request being answered: its session holds the signed-in person's choice.
_request: ContextVar[HttpRequest | None] = ContextVar("chithi_request", default=None)


def active_authority_id() -> int | None:
    """The authority id of the active scope, NOWHERE for a person with no role, None when unscoped."""
    scope = _scope.get()
    return None if scope is None else scope.authority_id


def chosen_authority_id(user) -> int | None:
    """The authority `user` acts in by choice: the one kept in this request's session, if this
    request is theirs; else the one a job or command named (acting_in)."""
    scope = _scope.get()
    named = scope.authority_id if scope is not None and scope.fixed else None
    request = _request.get()
    if request is None or user is None or getattr(request, "user", None) is None:
        return named
    if not request.user.is_authenticated or request.user.pk != user.pk:
        return named
    chosen = request.session.get(SESSION_KEY)
    return chosen if isinstance(chosen, int) else named


class ActingAuthorityMiddleware:
    """Every request acts in one authority: the signed-in person's (resolved on the first query
    that needs it); an anonymous visitor's requests reach no authority's rows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def resolve() -> int:
            from .roles import roles_of

            user = request.user
            return (roles_of(user).authority_id or NOWHERE) if user.is_authenticated else NOWHERE

        request_token = _request.set(request)
        scope_token = _scope.set(_Scope(resolve))
        try:
            return self.get_response(request)
        finally:
            _scope.reset(scope_token)
            _request.reset(request_token)


@contextmanager
def acting_in(authority) -> Iterator[None]:
    """Run the block in `authority` (a model instance or an id): what jobs and commands use."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    token = _scope.set(_Scope(lambda: authority_id, fixed=authority_id))
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Run the block in the authority `user` acts in (their choice this request, else their
    default): a request's middleware and the API's token authentication."""
    from .roles import roles_of

    token = _scope.set(_Scope(lambda: roles_of(user).authority_id or NOWHERE))
    try:
        yield
    finally:
        _scope.reset(token)


def enter_as(user, code: str | None = None) -> None:
    """`acting_as` for code that cannot wrap a block (DRF authenticates inside the view): in the
    authority with `code` if given (PermissionDenied unless the person holds a role there), else in
    theirs; the request's middleware restores the previous scope when the response leaves."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from .models import Authority
    from .roles import forget_roles, roles_of

    if code:
        authority_id = Authority.objects.filter(code=code).values_list("pk", flat=True).first()
        forget_roles(user)
        _scope.set(_Scope(lambda: authority_id or NOWHERE, fixed=authority_id or NOWHERE))
        if authority_id is None or roles_of(user).authority_id != authority_id:
            raise PermissionDenied(_("Không có vai trò tại cơ quan ban hành “%(code)s”.") % {"code": code})
        return
    _scope.set(_Scope(lambda: roles_of(user).authority_id or NOWHERE))


class AuthorityScopedManager(models.Manager):
    """Filters by the active scope through the class's `lookup` ("authority", "unit__authority"…): a
    class attribute, since Django builds related managers from the class with no arguments. Use
    `Model.objects.unscoped()` where a read must cross authorities, and say why there."""

    lookup = "authority"

    def get_queryset(self):
        queryset = super().get_queryset()
        authority_id = active_authority_id()
        if authority_id is None:
            return queryset
        if authority_id == NOWHERE:
            return queryset.none()
        return queryset.filter(**{f"{self.lookup}_id": authority_id})

    def unscoped(self) -> models.QuerySet:
        return super().get_queryset()


def scoped_manager(queryset_class: type[models.QuerySet] = models.QuerySet, lookup: str = "authority"):
    """An `AuthorityScopedManager` with the model's own chainable queryset methods."""
    manager_class = AuthorityScopedManager.from_queryset(queryset_class)
    return type(f"Scoped{queryset_class.__name__}Manager", (manager_class,), {"lookup": lookup})()

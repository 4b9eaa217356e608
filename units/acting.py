"""The authority a request or a job acts in (docs/architecture.md §17).

One deployment serves several authorities (a province and its communes). Every request acts in one
of them — the signed-in person's choice, kept in the session, among the authorities they hold a role
in — and every periodic job runs once per authority inside `acting_in(authority)`. Models owned by
an authority take `AuthorityScopedManager`: their querysets hold only the active authority's rows
(related managers too), so a page, an export or a job cannot reach another authority's data even
where it forgets to ask; `visible_to(user)` then narrows to the user's units within it.

The wall fails closed, as django-scopes does: with no scope active (the shell, a command, a thread,
a test that names none) a query on such a model raises `ScopeError` instead of returning every
authority's rows. A read that must cross authorities says so by name: `Model.all_authorities` for
one query, `across_authorities("why")` for a block (migrations use neither: their historical models
have plain managers). Threads started with `thread_in_scope` and Celery jobs carry the scope they
were started in (units.apps wires the job signals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models import sql
from django.http import HttpRequest

SESSION_KEY = "chithi_authority"
# A scope that holds nothing: a signed-in person with no role in any authority.
NOWHERE = 0
# A scope that holds every authority: entered only through `across_authorities(reason)`.
EVERY = -1


class ScopeError(RuntimeError):
    """A query on an authority's rows with no authority named: the wall fails closed."""


class _Scope:
    """The active scope: an authority id resolved on first use (a request resolves it from the
    person's roles, which costs nothing more once the page has asked for them)."""

    def __init__(self, resolve: Callable[[], int], fixed: int | None = None, keep_nowhere: bool = True):
        self._resolve = resolve
        self._value: int | None = fixed
        # Named by a job or a command (acting_in), not derived from a person's roles.
        self.fixed = fixed is not None
        # False: an answer of NOWHERE is asked again next time (a test's data may not exist yet).
        self._keep_nowhere = keep_nowhere

    @property
    def authority_id(self) -> int:
        if self._value is None:
            value = self._resolve()
            if value != NOWHERE or self._keep_nowhere:
                self._value = value
            return value
        return self._value


_scope: ContextVar[_Scope | None] = ContextVar("chithi_acting_authority", default=None)
# The request being answered: its session holds the signed-in person's choice.
_request: ContextVar[HttpRequest | None] = ContextVar("chithi_request", default=None)


def active_authority_id() -> int | None:
    """The authority id of the active scope: NOWHERE for a person with no role, None when no scope
    is active or the block reads across authorities (`across_authorities`)."""
    scope = _scope.get()
    if scope is None:
        return None
    authority_id = scope.authority_id
    return None if authority_id == EVERY else authority_id


def required_authority_id() -> int:
    """The one authority acting now; `ScopeError` when none is named (no scope, or a block that
    reads across authorities): what a write or a document for one authority needs."""
    scope = _scope.get()
    authority_id = None if scope is None else scope.authority_id
    if authority_id is None or authority_id == EVERY:
        raise ScopeError(
            "No authority is acting here: wrap the code in units.acting.acting_in(authority) "
            "(docs/architecture.md §17)."
        )
    return authority_id


def scope_state() -> int | None:
    """What a job or thread must carry: the active scope's authority id (EVERY, NOWHERE or an id),
    None when no scope is active."""
    scope = _scope.get()
    return None if scope is None else scope.authority_id


def chosen_authority_id(user) -> int | None:
    """The authority `user` acts in by choice: the one kept in this request's session, if this
    request is theirs; else the one a job or command named (acting_in)."""
    scope = _scope.get()
    named = scope.authority_id if scope is not None and scope.fixed else None
    if named == EVERY:  # reading across authorities names none of them
        named = None
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
            from .roles import roles_of  # acting loads before the models (models import it)

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
def _entered(scope: _Scope) -> Iterator[None]:
    """The one way a scope is entered and left again (every context manager below)."""
    token = _scope.set(scope)
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def acting_in(authority) -> Iterator[None]:
    """Run the block in `authority` (a model instance or an id): what jobs and commands use."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    with _entered(_Scope(lambda: authority_id, fixed=authority_id)):
        yield


@contextmanager
def across_authorities(reason: str) -> Iterator[None]:
    """Run the block reading every authority's rows: the system administrator's pages, the demo
    loader, checks that are database-wide (a unit code is unique everywhere). `reason` says why,
    where it is used; it is not stored."""
    if not reason.strip():
        raise ValueError("across_authorities needs a reason")
    with _entered(_Scope(lambda: EVERY, fixed=EVERY)):
        yield


@contextmanager
def restored_scope(state: int | None) -> Iterator[None]:
    """Enter the scope `scope_state()` returned elsewhere (a job's caller, a thread's starter);
    None enters none, so the block's queries fail closed."""
    if state is None:
        yield
        return
    with _entered(_Scope(lambda: state, fixed=state)):
        yield


@contextmanager
def restored_scope_lazily(resolve: Callable[[], int]) -> Iterator[None]:
    """A scope whose authority `resolve()` names when first needed, asked again while it answers
    NOWHERE: the tests' default scope (conftest), resolved once their own data exists."""
    with _entered(_Scope(resolve, keep_nowhere=False)):
        yield


def carrying_scope(target: Callable) -> Callable:
    """`target` wrapped to run in the scope active now, wherever it is called: a thread's target,
    a function given to a thread pool (threads start with no scope of their own)."""
    state = scope_state()

    def run(*args, **kwargs):
        with restored_scope(state):
            return target(*args, **kwargs)

    return run


def thread_in_scope(target: Callable, *args, **kwargs):
    """A started `threading.Thread` running `target` in the scope it was started in (a plain
    thread starts with none, and its queries on an authority's rows raise `ScopeError`)."""
    import threading

    thread = threading.Thread(target=carrying_scope(target), args=args, kwargs=kwargs, daemon=True)
    thread.start()
    return thread


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Run the block in the authority `user` acts in (their choice this request, else their
    default): a request's middleware and the API's token authentication."""
    from .roles import roles_of  # acting loads before the models (models import it)

    with _entered(_Scope(lambda: roles_of(user).authority_id or NOWHERE)):
        yield


def enter_as(user, code: str | None = None) -> None:
    """`acting_as` for code that cannot wrap a block (DRF authenticates inside the view): in the
    authority with `code` if given (PermissionDenied unless the person holds a role there), else in
    theirs; the request's middleware restores the previous scope when the response leaves."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    # acting loads before the models (models import it): a circle, broken here.
    from .models import Authority
    from .roles import forget_roles, roles_of  # as above

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
    class attribute, since Django builds related managers from the class with no arguments. With no
    scope active it raises `ScopeError` (fails closed); `Model.all_authorities` is the named way
    across, used where a read must cross authorities, saying why there."""

    lookup = "authority"

    def get_queryset(self):
        scope = _scope.get()
        if scope is None:
            # Built, not run: a form field declared at import time holds such a queryset, and
            # running it (or anything chained from it) raises, even later inside a request.
            return self._queryset_class(
                model=self.model, query=_ScopeRequiredQuery(self.model), using=self._db, hints=self._hints
            )
        queryset = super().get_queryset()
        authority_id = scope.authority_id
        if authority_id == EVERY:
            return queryset
        if authority_id == NOWHERE:
            return queryset.none()
        return queryset.filter(**{f"{self.lookup}_id": authority_id})


class _ScopeRequiredQuery(sql.Query):
    """The query of a scoped model's queryset made with no scope active: it raises `ScopeError`
    when it is run (read, counted, used as a subquery, updated or deleted)."""

    def _refuse(self):
        name = self.model.__name__
        return ScopeError(
            f"{name}: no authority scope is active. Run the code in units.acting.acting_in(authority), or "
            f"read across authorities by name with {name}.all_authorities / across_authorities(reason) "
            "(docs/architecture.md §17)."
        )

    def get_compiler(self, *args, **kwargs):
        raise self._refuse()

    def chain(self, klass=None):
        if klass is not None:  # update() and delete() change the query's class
            raise self._refuse()
        return super().chain()


def scoped_manager(queryset_class: type[models.QuerySet] = models.QuerySet, lookup: str = "authority"):
    """An `AuthorityScopedManager` with the model's own chainable queryset methods."""
    manager_class = AuthorityScopedManager.from_queryset(queryset_class)
    return type(f"Scoped{queryset_class.__name__}Manager", (manager_class,), {"lookup": lookup})()


def cross_authority_manager(queryset_class: type[models.QuerySet] = models.QuerySet) -> models.Manager:
    """The named manager that reads every authority's rows (`Model.all_authorities`): declared
    after `objects`, so `objects` stays the default and the wall stays where Django looks."""
    return models.Manager.from_queryset(queryset_class)()


# A Celery job runs in the scope it was published in: the scope travels as a message header and is
# entered before the job runs (units.apps connects these). A job published with no scope (beat's
# triggers) runs with none and names each authority itself (units.periodic.each_authority).
JOB_HEADER = "chithi_scope"


def _publish_with_scope(headers=None, **kwargs):
    state = scope_state()
    if headers is not None and state is not None:
        headers[JOB_HEADER] = state


def _enter_job_scope(task=None, **kwargs):
    state = getattr(task.request, JOB_HEADER, None) if task is not None else None
    if state is not None:
        task.request._chithi_scope_token = _scope.set(_Scope(lambda: state, fixed=state))


def _leave_job_scope(task=None, **kwargs):
    token = getattr(task.request, "_chithi_scope_token", None) if task is not None else None
    if token is not None:
        _scope.reset(token)
        task.request._chithi_scope_token = None


def carry_scope_into_jobs() -> None:
    from celery import signals

    signals.before_task_publish.connect(_publish_with_scope, weak=False, dispatch_uid="chithi_scope_publish")
    signals.task_prerun.connect(_enter_job_scope, weak=False, dispatch_uid="chithi_scope_enter")
    signals.task_postrun.connect(_leave_job_scope, weak=False, dispatch_uid="chithi_scope_leave")

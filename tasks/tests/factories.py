"""factory_boy factories for tasks; `assign` goes through the real service."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from tasks import services
from tasks.models import Assignment, Task
from units.models import today_local
from units.tests.factories import AuthorityFactory, LeaderFactory, UnitFactory, UserFactory


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    authority = factory.SubFactory(AuthorityFactory)
    subject = factory.Sequence(lambda n: f"Báo cáo kết quả thực hiện nhiệm vụ số {n}")
    given_by = factory.SubFactory(LeaderFactory)
    created_by = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A raw assignment with given dates (for status tables); use `assign` for the real flow."""

    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    original_deadline = factory.LazyFunction(lambda: today_local() + timedelta(days=10))
    deadline = factory.LazyAttribute(lambda a: a.original_deadline)
    effective_deadline = factory.LazyAttribute(lambda a: a.deadline)
    assigned_by = factory.LazyAttribute(lambda a: a.task.created_by)


def assign(org, *units, deadline: date | None = None, leader=None, **kwargs) -> Task:
    """The Office assigns a task to `units` through the service, as the page does."""
    return services.task_create(
        actor=org.office_staff,
        subject=kwargs.pop("subject", "Rà soát quy chế làm việc của cơ quan"),
        given_by=leader or org.chairman.leaderships.get(),
        deadline=deadline or today_local() + timedelta(days=14),
        units=list(units) or [org.commune_a],
        **kwargs,
    )

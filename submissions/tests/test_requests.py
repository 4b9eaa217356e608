"""The one request workflow (submissions.requests; docs/architecture.md §4, "Requests") in each of its
kinds — an extension, a withdrawal or reassignment (tasks), sending a deputy to a meeting (meetings):
one pending request per subject, the decider and the Office told, the unit may take it back (then it
leaves the queue and may be asked again), a withdrawn request cannot be decided, and the pages go
through the same shared views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from library.workcalendar import LOCAL_TZ
from meetings import services as meeting_services
from meetings.models import DeputyRequest
from reports.queue import queue_count, queue_items
from submissions.requests import DecisionStatus
from submissions.services import request_withdraw
from tasks import services as task_services
from tasks.models import AssignmentChange, ChangeKind, ExtensionRequest
from tasks.tests.factories import assign
from units.models import Notification


@dataclass
class Kind:
    name: str
    model: type
    ask: object  # (org, subject) -> request
    decide: object  # the kind's decide service
    withdraw_url: str
    decide_url: str
    yes: str


def _subject(org, name):
    """What commune A asks about, on Monday 2/11/2026: an assignment, or its invitation to a meeting."""
    if name == "deputy":
        meeting = meeting_services.meeting_create(
            actor=org.office_staff,
            title="Giao ban quý IV",
            starts_at=datetime(2026, 11, 20, 8, 0, tzinfo=LOCAL_TZ),
            chaired_by=org.chairman.leaderships.get(),
            units=[org.commune_a],
        )
        return meeting.invitations.get()
    return assign(org, org.commune_a, deadline=date(2026, 11, 13), subject="Rà soát quỹ đất công").assignments.get()


KINDS = [
    Kind(
        "extension",
        ExtensionRequest,
        lambda org, a: task_services.extension_request_create(
            actor=org.chair_a, assignment=a, requested_deadline=date(2026, 11, 27), reason="Chờ số liệu"
        ),
        task_services.extension_decide,
        "tasks:extension_withdraw",
        "tasks:extension_decide",
        "approve",
    ),
    Kind(
        "change",
        AssignmentChange,
        lambda org, a: task_services.change_request_create(
            actor=org.chair_a, assignment=a, kind=ChangeKind.WITHDRAW, reason="Không thuộc chức năng của xã"
        ),
        task_services.change_request_decide,
        "tasks:change_withdraw",
        "tasks:change_decide",
        "approve",
    ),
    Kind(
        "deputy",
        DeputyRequest,
        lambda org, i: meeting_services.deputy_request_create(
            actor=org.chair_a, invitation=i, deputy="Ông Phó", reason="Công tác tỉnh"
        ),
        meeting_services.deputy_request_decide,
        "meetings:deputy_withdraw",
        "meetings:deputy_decide",
        "consent",
    ),
]


@pytest.fixture(params=KINDS, ids=[k.name for k in KINDS])
def kind(request):
    return request.param


@pytest.fixture
def asked(org, kind, time_machine):
    time_machine.move_to("2026-11-02 09:00 +07:00")
    subject = _subject(org, kind.name)
    return kind.ask(org, subject)


def test_one_pending_request_per_subject_and_the_decider_and_the_office_are_told(org, kind, asked):
    assert asked.is_pending and asked.requested_by == org.chair_a
    with pytest.raises(ValidationError) as twice:
        kind.ask(org, asked.subject)
    assert str(kind.model.already_pending) in twice.value.messages
    told = set(
        Notification.objects.filter(key=f"{kind.model.notice}-requested:{asked.pk}").values_list("user", flat=True)
    )
    assert {org.chairman.pk, org.office_staff.pk} <= told
    assert [i.kind for i in queue_items(org.chairman, date(2026, 11, 3))] == [kind.name]


def test_the_unit_withdraws_its_request_then_may_ask_again(org, kind, asked):
    for someone in (org.officer_a, org.deputy_a, org.chair_b):  # nobody else speaks for the unit
        with pytest.raises(PermissionDenied):
            request_withdraw(actor=someone, request=asked)
    withdrawn = request_withdraw(actor=org.chair_a, request=asked)
    assert (withdrawn.status, withdrawn.decided_by) == (DecisionStatus.WITHDRAWN, org.chair_a)
    assert withdrawn.history.count() == 2  # asked, withdrawn
    assert Notification.objects.filter(user=org.chairman, key=f"{kind.model.notice}-withdrawn:{asked.pk}").exists()
    assert queue_items(org.chairman, date(2026, 11, 3)) == [] and queue_count(org.office_staff) == 0
    with pytest.raises(ValidationError, match="đã rút đề nghị"):
        kind.decide(actor=org.chairman, request=asked, approve=True)
    with pytest.raises(ValidationError, match="đã rút đề nghị"):
        request_withdraw(actor=org.chair_a, request=asked)
    again = kind.ask(org, asked.subject)
    assert again.is_pending and again.pk != asked.pk


def test_a_decided_request_is_not_withdrawn_nor_decided_twice(org, kind, asked):
    decided = kind.decide(actor=org.chairman, request=asked, approve=True)
    assert decided.approved and decided.status == kind.model.YES
    with pytest.raises(ValidationError, match="đã được quyết định"):
        request_withdraw(actor=org.chair_a, request=asked)
    with pytest.raises(ValidationError, match="đã được quyết định"):
        kind.decide(actor=org.chairman, request=asked, approve=False)


def test_the_shared_views_decide_and_withdraw_each_kind(client, org, kind, asked):
    withdraw, decide = reverse(kind.withdraw_url, args=[asked.pk]), reverse(kind.decide_url, args=[asked.pk])
    page = asked.get_absolute_url()
    client.force_login(org.chair_b)  # another commune: 404, nothing changed
    assert client.post(withdraw).status_code == 404 and client.post(decide, {"decision": kind.yes}).status_code == 404
    client.force_login(org.officer_a)  # sees the request, may not take it back
    assert client.post(withdraw).status_code == 403
    client.force_login(org.chair_a)
    assert f'action="{withdraw}"' in client.get(page).content.decode()
    response = client.post(withdraw, follow=True)
    assert response.redirect_chain[-1][0] == page and "Đã rút đề nghị." in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == DecisionStatus.WITHDRAWN
    again = kind.ask(org, asked.subject)
    client.force_login(org.vice_chairman)  # not theirs to decide
    assert client.post(reverse(kind.decide_url, args=[again.pk]), {"decision": kind.yes}).status_code == 403
    client.force_login(org.chairman)
    response = client.post(reverse(kind.decide_url, args=[again.pk]), {"decision": "maybe"}, follow=True)
    assert "Chọn Đồng ý hoặc Không đồng ý." in response.content.decode()
    client.post(reverse(kind.decide_url, args=[again.pk]), {"decision": "refuse", "note": "Đơn vị tự thực hiện"})
    again.refresh_from_db()
    assert (again.status, again.decided_by, again.decision_note) == ("refused", org.chairman, "Đơn vị tự thực hiện")


def test_a_withdrawn_extension_is_in_the_assignments_history(client, org, time_machine):
    time_machine.move_to("2026-11-02 09:00 +07:00")
    asked = KINDS[0].ask(org, _subject(org, "extension"))
    request_withdraw(actor=org.chair_a, request=asked)
    client.force_login(org.chairman)
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "Rút đề nghị gia hạn đến 27/11/2026" in page and "Đơn vị đã rút đề nghị" in page

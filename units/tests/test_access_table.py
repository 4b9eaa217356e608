"""The table of who may see and do what (units.access, docs/architecture.md §7): walked for every
role against each app's own permission function and against what the docs say in words; the apps
read it (empty a row and nobody may); the docs hold it verbatim."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

import api.services
import inspections.permissions
import meetings.permissions
import ratings.permissions
import reports.permissions
import reports.queue
import submissions.permissions
import tasks.permissions
import units.permissions
import units.services
from inspections.models import Inspector
from ratings.models import Subject
from units import access
from units.models import Position, today_local
from units.roles import roles_of, sees_all_units

from .factories import DelegationFactory, MembershipFactory
from .org import authority_administrator

DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


class World:
    """The `org` fixture's people, one per role, plus those it lacks: the head of Organization–Home
    Affairs, deputies with a delegation on file ("KT.") in a commune and in Organization–Home
    Affairs, and an authority's administrator. The task at hand and the meeting at hand were given
    and are chaired by the Vice Chairman; the unit at hand is commune A."""

    def __init__(self, org):
        today = today_local()
        self.org = org
        self.unit = org.commune_a
        ha_head = MembershipFactory(unit=org.home_affairs, position=Position.HEAD, user__username="truong.tcnv").user
        ha_deputy_kt = MembershipFactory(
            unit=org.home_affairs, position=Position.DEPUTY, user__username="pho.tcnv"
        ).user
        deputy_kt = MembershipFactory(unit=org.commune_a, position=Position.DEPUTY, user__username="pct.kt.a").user
        for unit, deputy, head in ((org.home_affairs, ha_deputy_kt, ha_head), (org.commune_a, deputy_kt, org.chair_a)):
            DelegationFactory(
                unit=unit, deputy=deputy, granted_by=head, start_date=today - timedelta(days=1), end_date=today
            )
        self.users = {
            "nobody": org.nobody,
            "officer_a": org.officer_a,
            "deputy_a": org.deputy_a,  # a deputy without a delegation
            "deputy_kt": deputy_kt,
            "chair_a": org.chair_a,  # the head of the unit at hand
            "chair_b": org.chair_b,  # another unit's head
            "office_staff": org.office_staff,
            "reviewer": org.reviewer,  # an officer of Organization–Home Affairs
            "ha_head": ha_head,
            "ha_deputy_kt": ha_deputy_kt,
            "chairman": org.chairman,
            "vice_chairman": org.vice_chairman,  # gave the task, chairs the meeting
            "authority_admin": authority_administrator(org),
            "admin": org.admin,  # a system administrator
        }
        given_by = SimpleNamespace(user_id=org.vice_chairman.pk)
        self.task = SimpleNamespace(given_by=given_by)
        self.assignment = SimpleNamespace(task=self.task, unit_id=self.unit.pk)
        self.meeting = SimpleNamespace(chaired_by=given_by)


@pytest.fixture
def world(org):
    return World(org)


def _passes(check, *args) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def _all(*results) -> bool:
    """Every reader of a row must answer alike: True, False, or a mismatch the test reports."""
    assert len(set(results)) == 1, results
    return results[0]


# Each row, as the apps answer it for a user (the unit, task and meeting at hand).
CHECKS = {
    "task.assign": lambda u, w: tasks.permissions.can_assign(u),
    "submission.prepare": lambda u, w: _all(
        submissions.permissions.can_prepare(u, w.unit.pk),
        tasks.permissions.can_draft(u, w.assignment),
        reports.permissions.can_edit_report(u, w.unit),
    ),
    "submission.sign": lambda u, w: submissions.permissions.signing_mode(u, w.unit.pk) is not None,
    "task_report.decide": lambda u, w: tasks.permissions.can_decide_report(u),
    "quarterly_report.review": lambda u, w: reports.permissions.can_review(u),
    "rollup.issue": lambda u, w: reports.permissions.can_issue(u),
    "extension.decide": lambda u, w: tasks.permissions.can_decide_extension(u, w.assignment),
    "task.follow_up": lambda u, w: tasks.permissions.can_follow_up(u, w.task),
    "task.set_coefficient": lambda u, w: tasks.permissions.can_set_coefficient(u),
    "request.decide": lambda u, w: submissions.permissions.can_decide_requests(u),
    "queue.see": lambda u, w: reports.queue.has_queue(u),
    "all_units.see": lambda u, w: _all(sees_all_units(u), reports.permissions.can_read_all_units(u)),
    "unit.manage_people": lambda u, w: units.permissions.can_manage_people(u, w.unit.pk),
    "authority.administer": lambda u, w: units.permissions.can_administer(u),
    "calendar.keep": lambda u, w: _passes(units.services._may_keep_calendar, u, w.unit.authority),
    "api_token.issue": lambda u, w: _passes(api.services._administrator, u, w.org.officer_a),
    "meeting.convene": lambda u, w: meetings.permissions.can_convene(u),
    "meeting.record_attendance": lambda u, w: meetings.permissions.can_record_attendance(u),
    "deputy_request.ask": lambda u, w: meetings.permissions.can_ask_for_deputy(u, w.unit.pk),
    "deputy_request.decide": lambda u, w: meetings.permissions.can_answer(u, w.meeting),
    "inspection.record": lambda u, w: inspections.permissions.can_record(u, w.unit.pk),
    "inspection.see_names": lambda u, w: inspections.permissions.sees_names(u, w.unit.pk),
    "rating.see_all": lambda u, w: ratings.permissions.sees_all(u),
    "rating.prepare": lambda u, w: _all(
        ratings.permissions.can_prepare(u, Subject.UNIT), ratings.permissions.can_prepare(u, Subject.HEAD)
    ),
    "rating.approve": lambda u, w: _all(
        ratings.permissions.can_approve(u, Subject.UNIT), ratings.permissions.can_approve(u, Subject.HEAD)
    ),
    "rating.prepare_staff": lambda u, w: ratings.permissions.can_prepare(u, Subject.STAFF, w.unit.pk),
    "rating.approve_staff": lambda u, w: ratings.permissions.can_approve(u, Subject.STAFF, w.unit.pk),
    "rating.exempt": lambda u, w: ratings.permissions.can_exempt(u),
}

HOME_AFFAIRS = {"reviewer", "ha_head", "ha_deputy_kt"}
LEADERS = {"chairman", "vice_chairman"}
ADMINISTRATORS = {"authority_admin", "admin"}
SIGNERS = {"chair_a", "deputy_kt"}

# The docs in words (§7, §13–§15), for the unit, task and meeting at hand: who may.
EXPECTED = {
    "task.assign": {"office_staff"} | LEADERS,
    "submission.prepare": {"officer_a", "deputy_a", "deputy_kt", "chair_a"},
    "submission.sign": SIGNERS,
    "task_report.decide": {"office_staff"},
    "quarterly_report.review": HOME_AFFAIRS,
    "rollup.issue": {"ha_head", "ha_deputy_kt"},
    "extension.decide": {"office_staff", "vice_chairman"},
    "task.follow_up": {"office_staff", "vice_chairman"},
    "task.set_coefficient": {"office_staff"},
    # The Office and every leader decide requests; each kind then narrows it (giver, chair).
    "request.decide": {"office_staff"} | LEADERS,
    "queue.see": {"office_staff"} | HOME_AFFAIRS | LEADERS,
    "all_units.see": {"office_staff"} | HOME_AFFAIRS | LEADERS | ADMINISTRATORS,
    "unit.manage_people": {"chair_a"} | ADMINISTRATORS,
    "authority.administer": ADMINISTRATORS,
    "calendar.keep": ADMINISTRATORS,
    "api_token.issue": ADMINISTRATORS,
    "meeting.convene": {"office_staff"} | ADMINISTRATORS,
    "meeting.record_attendance": {"office_staff"} | ADMINISTRATORS,
    "deputy_request.ask": SIGNERS,
    "deputy_request.decide": {"office_staff", "vice_chairman"} | ADMINISTRATORS,
    # Item 7: Home Affairs any unit, the head their own; administrators neither record nor see names.
    "inspection.record": HOME_AFFAIRS | {"chair_a"},
    "inspection.see_names": HOME_AFFAIRS | LEADERS | {"chair_a"},
    "rating.see_all": HOME_AFFAIRS | LEADERS | ADMINISTRATORS,
    "rating.prepare": HOME_AFFAIRS,
    "rating.approve": {"chairman"},
    "rating.prepare_staff": {"chair_a"},
    "rating.approve_staff": {"chair_a"},
    "rating.exempt": LEADERS,
}


def _table_says(world, action, key, user) -> bool:
    """The table alone, with the context the app would give for the objects at hand."""
    ha = action == "rollup.issue"
    return access.allowed(
        action,
        roles_of(user),
        unit_id=(world.org.home_affairs if ha else world.unit).pk,
        delegated_deputy=key == ("ha_deputy_kt" if ha else "deputy_kt"),
        giver_of_task=user == world.org.vice_chairman,
        chair_of_meeting=user == world.org.vice_chairman,
    )


def test_every_row_has_its_check_and_its_expectation():
    assert set(CHECKS) == set(access.RULES) == set(EXPECTED)


@pytest.mark.parametrize("action", list(access.RULES))
def test_every_role_is_allowed_as_the_table_and_the_docs_say(world, action):
    app = {key: CHECKS[action](user, world) for key, user in world.users.items()}
    table = {key: _table_says(world, action, key, user) for key, user in world.users.items()}
    assert {key for key, yes in app.items() if yes} == EXPECTED[action], "the app"
    assert {key for key, yes in table.items() if yes} == EXPECTED[action], "the table"


@pytest.mark.parametrize("action", list(access.RULES))
def test_the_apps_read_the_table(world, monkeypatch, action):
    """A row with no roles allows nobody: no permission function keeps a rule of its own."""
    monkeypatch.setitem(access.RULES, action, replace(access.RULES[action], roles=()))
    assert not any(CHECKS[action](user, world) for user in world.users.values())


def test_an_inspection_is_recorded_as_the_inspector_chosen(world):
    reviewer, chair_a = world.users["reviewer"], world.users["chair_a"]
    unit = world.unit.pk
    can_record = inspections.permissions.can_record
    assert can_record(reviewer, unit, Inspector.HOME_AFFAIRS) and not can_record(reviewer, unit, Inspector.HEAD)
    assert can_record(chair_a, unit, Inspector.HEAD) and not can_record(chair_a, unit, Inspector.HOME_AFFAIRS)
    assert not can_record(chair_a, world.org.commune_b.pk)
    for key in ("authority_admin", "admin"):
        assert not inspections.permissions.can_record_some(world.users[key])
    assert inspections.permissions.can_record_some(chair_a)  # the list's button: their own unit


def test_signing_rows_name_only_roles_that_sign():
    for action in ("submission.sign", "rollup.issue", "deputy_request.ask"):
        assert set(access.RULES[action].roles) <= set(submissions.permissions._SIGNS_AS), action


def test_the_code_each_row_names_exists():
    for rule in access.RULES.values():
        for dotted in re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", rule.code):
            module, _, name = dotted.rpartition(".")
            assert callable(getattr(importlib.import_module(module), name)), (rule.action, dotted)


def test_an_unknown_action_or_role_is_an_error():
    with pytest.raises(ValueError):
        access.granted_by("inspection.see_names", roles_of(None), via="office")
    with pytest.raises(KeyError):
        access.allowed("no.such.action", roles_of(None))


def test_the_docs_hold_the_table_verbatim():
    """Paste the output of `python -m units.access` into docs/architecture.md §7 after changing it."""
    assert access.markdown() in DOCS.read_text(encoding="utf-8")

"""The authority wall fails closed (docs/architecture.md §17): with no scope a query on an
authority's rows raises; the named way across is `Model.all_authorities` / `across_authorities`;
threads and jobs carry the scope they were started in; the admin checks uniqueness everywhere."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tasks.models import Assignment, WeeklySummary
from tasks.services.weekly import recipients
from units.acting import (
    ActingAuthorityMiddleware,
    ScopeError,
    across_authorities,
    acting_in,
    required_authority_id,
    thread_in_scope,
)
from units.models import Authority, Leader, Membership, Unit, User
from units.tests.factories import AuthorityFactory, UnitFactory, UserFactory


@pytest.fixture
def province(db):
    call_command("load_demo", stdout=io.StringIO())
    return Authority.objects.get(code="UBND-TQ")


@pytest.mark.unscoped
def test_a_shell_without_a_scope_cannot_read_an_authoritys_rows(province):
    """As `manage.py shell` is: no scope. Reads raise — lists, counts, subqueries, related managers,
    updates — and the named cross-authority manager reads every authority."""
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    with pytest.raises(ScopeError, match="no authority scope is active"):
        list(Unit.objects.all())
    with pytest.raises(ScopeError):
        Leader.objects.active().count()
    with pytest.raises(ScopeError):
        Unit.objects.filter(code="TQ-VP-UBND").exists()
    with pytest.raises(ScopeError):
        list(Assignment.all_authorities.filter(unit__in=Unit.objects.filter(authority=commune)))
    with pytest.raises(ScopeError):
        list(province.units.all())
    with pytest.raises(ScopeError):
        Unit.objects.filter(code="TQ-VP-UBND").update(name="x")
    with pytest.raises(ScopeError):
        Authority.current()
    with pytest.raises(ScopeError):
        required_authority_id()
    # The Monday summary's recipients cannot be read without naming the authority: never "everyone".
    with pytest.raises(ScopeError):
        recipients()
    # Named, the read crosses.
    everywhere = set(Unit.all_authorities.values_list("authority__code", flat=True))
    assert everywhere == {"UBND-TQ", "UBND-TAN-TRAO"}
    with across_authorities("this test compares the two authorities"):
        assert Unit.objects.count() == Unit.all_authorities.count()
    with acting_in(commune):
        assert set(Unit.objects.values_list("authority_id", flat=True)) == {commune.pk}
    # An instance names its authority: saving it needs no scope (its row says where it belongs).
    unit = Unit.all_authorities.get(code="TQ-VP-UBND")
    unit.short_name = "VP"
    unit.save()


@pytest.mark.unscoped
def test_across_authorities_needs_a_reason():
    with pytest.raises(ValueError), across_authorities(" "):
        pass


def test_the_monday_summary_recipients_are_the_authoritys_whichever_way_the_job_starts(province, time_machine):
    """6 in the province (its Chairman, two Vice Chairmen, the Office's three), never the commune's
    leaders: through run_job, through the beat's job, in the authority's own scope."""
    from tasks.jobs import reconcile_weekly_summaries_job
    from units.models import SpecialRole

    commune = Authority.objects.get(code="UBND-TAN-TRAO")

    def expected(authority) -> set[str]:
        leaders = Leader.all_authorities.active().filter(authority=authority)
        office = Membership.all_authorities.active().filter(
            unit__authority=authority, unit__special_role=SpecialRole.OFFICE
        )
        return {*leaders.values_list("user__username", flat=True), *office.values_list("user__username", flat=True)}

    province_people, commune_people = expected(province), expected(commune)
    assert len(province_people) == 6 and not province_people & {"chutich.tantrao", "pct.tantrao"}
    with acting_in(province):
        assert {u.username for u in recipients()} == province_people
    with acting_in(commune):
        assert {u.username for u in recipients()} == commune_people
    # The test's default scope is the province (the top of the tree), as a request of its Office.
    assert {u.username for u in recipients()} == province_people

    time_machine.move_to("2026-12-07 08:00 +07:00")
    call_command("run_job", "weekly-summary", "--week", "2026-W49", stdout=io.StringIO())
    reconcile_weekly_summaries_job()
    from units.models import Notification

    for authority, people in ((province, province_people), (commune, commune_people)):
        for week in ("2026-W49", "2026-W50"):
            assert WeeklySummary.all_authorities.filter(authority=authority, week=week).exists()
            told = set(
                Notification.objects.filter(key=f"weekly:{week}:{authority.pk}").values_list(
                    "user__username", flat=True
                )
            )
            assert told == people, (authority.code, week)


@pytest.mark.django_db(transaction=True)
def test_a_thread_started_inside_a_request_sees_only_its_authority():
    """A thread started with `thread_in_scope` inside a request reads its authority only; a plain
    thread has no scope, and its query raises instead of reading every authority."""
    district = AuthorityFactory(code="UBND-A", name="UBND A")
    other = AuthorityFactory(code="UBND-B", name="UBND B")
    UnitFactory.create_batch(3, authority=district)
    UnitFactory.create_batch(2, authority=other)
    person = UserFactory(username="cv.a")
    Membership.all_authorities.create(
        user=person, unit=Unit.all_authorities.filter(authority=district).first(), position="officer"
    )
    seen: dict[str, object] = {}

    def count_units(into: str) -> None:
        try:
            seen[into] = sorted(Unit.objects.values_list("authority__code", flat=True))
        except ScopeError as error:
            seen[into] = error

    def view(request):
        thread_in_scope(count_units, "carried").join(10)
        import threading

        plain = threading.Thread(target=count_units, args=("plain",))
        plain.start()
        plain.join(10)
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = person
    request.session = {}
    ActingAuthorityMiddleware(view)(request)
    assert seen["carried"] == ["UBND-A"] * 3
    assert isinstance(seen["plain"], ScopeError)


def test_the_admin_refuses_a_duplicate_code_across_authorities_with_a_form_error(province, client):
    """The code of a Tân Trào office typed for a province unit: a form error, not a 500."""
    admin = UserFactory(username="quantri.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    taken = Unit.all_authorities.filter(authority__code="UBND-TAN-TRAO").first().code
    response = client.post(
        reverse("admin:units_unit_add"),
        {
            "authority": province.pk,
            "code": taken,
            "name": "Đơn vị trùng mã",
            "kind": "agency",
            "sort_order": 0,
            "is_active": "on",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Đã có Đơn vị với Mã đơn vị này." in response.content.decode()
    assert Unit.all_authorities.filter(code=taken).count() == 1
    # The system administrator's admin lists every authority's units.
    listing = client.get(reverse("admin:units_unit_changelist"), {"q": taken})
    assert listing.status_code == 200 and taken in listing.content.decode()


def test_uniqueness_is_checked_in_every_authority_from_inside_one(province):
    """Inside the province's scope (a request of its administrator), a model's own validation
    still finds the commune's code: the check reads across authorities by name."""
    from django.core.exceptions import ValidationError

    taken = Unit.all_authorities.filter(authority__code="UBND-TAN-TRAO").first().code
    with acting_in(province), pytest.raises(ValidationError) as refused:
        Unit(authority=province, code=taken, name="Trùng mã", kind="agency").full_clean()
    assert "code" in refused.value.message_dict


def test_a_province_officer_adding_a_unit_in_the_app_with_a_communes_code_gets_a_form_error(province, client):
    """The app's own unit form (an authority's administrator) checks the code everywhere too."""
    taken = Unit.all_authorities.filter(authority__code="UBND-TAN-TRAO").first().code
    client.force_login(User.objects.get(username="quantri.tinh"))
    before = Unit.all_authorities.count()
    response = client.post(reverse("units:unit_add"), {"code": taken, "name": "Trùng mã", "kind": "agency"})
    assert response.status_code in (200, 400)
    assert Unit.all_authorities.count() == before


@pytest.mark.unscoped
def test_every_scheduled_job_runs_with_no_scope_as_beat_starts_it(province, time_machine, settings):
    """Beat publishes with no scope: every scheduled job names each authority itself
    (units.periodic.each_authority) and none meets the wall's error."""
    from chithi.celery import app

    settings.WEEKLY_SUMMARY_LOOKBACK_WEEKS = 0
    time_machine.move_to("2026-12-07 08:00 +07:00")
    app.loader.import_default_modules()
    ran = []
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        job = app.tasks[entry["task"]]
        job.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True)
        ran.append(entry["task"])
    assert "tasks.reconcile_weekly_summaries_job" in ran and len(ran) >= 5
    assert WeeklySummary.all_authorities.filter(week="2026-W50").count() == 2

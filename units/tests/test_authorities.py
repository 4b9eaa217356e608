"""Several authorities in one deployment (docs/architecture.md §17), on the province demo: Tuyên
Quang province with its Office, departments and communes, and Tân Trào commune running its own plan
to its own offices. Each authority's people see their own authority only; the commune chairman acts
in both and switches; jobs run once per authority, to each authority's own people."""

from __future__ import annotations

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse

from api.services import token_issue
from inspections.models import Inspection
from meetings.models import Meeting
from ratings.models import Rating
from reports.models import QuarterlyReport
from tasks.models import Assignment, Directive, Task, WeeklySummary
from units.acting import SESSION_KEY, acting_in
from units.models import Authority, JobRun, Notification, Unit, User
from units.roles import forget_roles, roles_of


@pytest.fixture
def province(db):
    call_command("load_demo", stdout=io.StringIO())
    return Authority.objects.get(code="UBND-TQ")


def user(username: str) -> User:
    return User.objects.get(username=username)


def act_in(client, person: User, authority: Authority) -> None:
    """Sign `person` in and choose `authority`, as the header's switch does."""
    client.force_login(person)
    response = client.post(reverse("units:authority_switch"), {"authority": authority.pk})
    assert response.status_code == 302


def objects_of(authority: Authority) -> dict[str, list[str]]:
    """Addresses of every kind of object the authority owns, for the matrix below."""

    def of(model, lookup="authority"):
        return list(model.all_authorities.filter(**{lookup: authority}))

    units, assignments, directives, tasks = of(Unit), of(Assignment, "unit__authority"), of(Directive), of(Task)
    reports = [r for r in of(QuarterlyReport, "unit__authority") if r.status != "draft"]
    urls = {
        "directive": [reverse("tasks:directive_detail", args=[d.pk]) for d in directives],
        "task": [reverse("tasks:task_detail", args=[t.pk]) for t in tasks],
        "assignment": [reverse("tasks:assignment_detail", args=[a.pk]) for a in assignments],
        "unit": [reverse("units:unit_detail", args=[u.code]) for u in units],
        "unit tasks": [reverse("tasks:unit_tasks", args=[u.code]) for u in units],
        "quarterly report": [reverse("reports:quarterly_report", args=[r.unit.code, r.quarter]) for r in reports],
        "quarterly Word": [reverse("reports:quarterly_docx", args=[r.pk]) for r in reports],
        "meeting": [reverse("meetings:meeting_detail", args=[m.pk]) for m in of(Meeting)],
        "inspection": [reverse("inspections:inspection_detail", args=[i.pk]) for i in of(Inspection)],
        "rating": [reverse("ratings:rating_detail", args=[r.pk]) for r in of(Rating)],
        "api directive": [f"/api/v1/directives/{d.pk}/" for d in directives],
        "api task": [f"/api/v1/tasks/{t.pk}/" for t in tasks],
        "api assignment": [f"/api/v1/assignments/{a.pk}/" for a in assignments],
        "api unit": [f"/api/v1/units/{u.pk}/" for u in units],
        "api quarterly report": [f"/api/v1/quarterly-reports/{r.pk}/" for r in reports],
    }
    return {kind: found for kind, found in urls.items() if found}


def test_the_province_demo_has_two_authorities_in_a_tree(province):
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    assert commune.parent == province and commune.unit.code == "TQ-TAN-TRAO"
    assert commune.unit.authority == province
    assert Unit.all_authorities.filter(authority=province).count() == 7
    assert set(Unit.all_authorities.filter(authority=commune).values_list("special_role", flat=True)) == {
        "office",
        "home_affairs",
        "",
    }
    # The commune chairman heads the commune's unit in the province and leads the commune.
    chair = user("chutich.tantrao")
    with acting_in(province):
        assert roles_of(chair).head_of == {commune.unit.pk} and not roles_of(chair).leader
    forget_roles(chair)
    with acting_in(commune):
        assert roles_of(chair).chairman and roles_of(chair).sees_all_units
    assert roles_of(chair).authority_ids == {province.pk, commune.pk}


def test_each_office_sees_its_own_authority_and_gets_404_for_the_other(client, province):
    """Province Office vs commune Office: every page, Word file and API endpoint of the other
    authority's objects is a 404; their own open (the matrix of docs §17)."""
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    own_province, own_commune = objects_of(province), objects_of(commune)
    assert {"directive", "task", "assignment", "unit", "quarterly report", "api task"} <= own_commune.keys()
    for person, authority, own, other in (
        (user("vanphong"), province, own_province, own_commune),
        (user("cv.tantrao"), commune, own_commune, own_province),
    ):
        act_in(client, person, authority)
        for kind, urls in own.items():
            if kind in ("inspection", "rating", "quarterly Word") or "api" in kind:
                continue  # the Office's own rights on these are tested where they live
            for url in urls:
                assert client.get(url).status_code == 200, (person.username, kind, url)
        for kind, urls in other.items():
            for url in urls:
                assert client.get(url).status_code == 404, (person.username, kind, url)


def test_a_commune_unit_and_another_commune_see_only_their_own(client, province):
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    economy = Unit.all_authorities.get(code="TT-KT")
    minh_thanh = Unit.all_authorities.get(code="TQ-MINH-THANH")
    for person, unit in ((user("truong.kt.tantrao"), economy), (user("chutich.minhthanh"), minh_thanh)):
        client.force_login(person)
        mine = Assignment.all_authorities.filter(unit=unit)
        assert mine
        for assignment in mine:
            assert client.get(reverse("tasks:assignment_detail", args=[assignment.pk])).status_code == 200
        others = Assignment.all_authorities.exclude(unit=unit)
        for assignment in others:
            assert client.get(reverse("tasks:assignment_detail", args=[assignment.pk])).status_code == 404
        listing = client.get(reverse("tasks:assignment_list")).content.decode()
        for assignment in others.select_related("task"):
            if not mine.filter(task__subject=assignment.task.subject).exists():
                assert assignment.task.subject not in listing
    # The list pages of each Office hold their own authority's tasks only.
    act_in(client, user("vanphong"), province)
    page = client.get(reverse("tasks:assignment_list")).content.decode()
    assert "Trung tâm Phục vụ hành chính công" not in page
    assert "đất công" in page
    act_in(client, user("cv.tantrao"), commune)
    page = client.get(reverse("tasks:assignment_list")).content.decode()
    assert "Trung tâm Phục vụ hành chính công" in page and "đất công" not in page


def test_the_commune_chairman_switches_between_the_province_and_his_commune(client, province):
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    chair = user("chutich.tantrao")
    client.force_login(chair)
    # He leads the commune: that is where he starts.
    home = client.get(reverse("tasks:assignment_list"))
    assert home.context["acting_authority"] == commune
    assert [a.code for a in home.context["other_authorities"]] == ["UBND-TQ"]
    assert "Đang làm việc tại" in home.content.decode()
    act_in(client, chair, province)
    assert client.session[SESSION_KEY] == province.pk
    page = client.get(reverse("home"), follow=True)
    assert page.context["acting_authority"] == province
    # In the province he is the commune's head: the land task given to his commune, not his own plan.
    land = Assignment.all_authorities.get(unit__code="TQ-TAN-TRAO", task__subject__contains="đất công")
    assert client.get(reverse("tasks:assignment_detail", args=[land.pk])).status_code == 200
    own_plan = Assignment.all_authorities.filter(unit__authority=commune).first()
    assert client.get(reverse("tasks:assignment_detail", args=[own_plan.pk])).status_code == 404
    act_in(client, chair, commune)
    assert client.get(reverse("tasks:assignment_detail", args=[own_plan.pk])).status_code == 200
    assert client.get(reverse("tasks:assignment_detail", args=[land.pk])).status_code == 404
    # A page not found here offers the switch and comes back to it; never to another site.
    act_in(client, chair, province)
    missing = client.get(reverse("tasks:assignment_detail", args=[own_plan.pk]))
    assert missing.status_code == 404 and "Chuyển sang UBND xã Tân Trào và mở trang này" in missing.content.decode()
    back = client.post(
        reverse("units:authority_switch"),
        {"authority": commune.pk, "next": reverse("tasks:assignment_detail", args=[own_plan.pk])},
    )
    assert back.url == reverse("tasks:assignment_detail", args=[own_plan.pk])
    assert client.post(
        reverse("units:authority_switch"), {"authority": commune.pk, "next": "https://ngoai.example/"}
    ).url == reverse("home")
    # An authority he holds no role in cannot be chosen.
    elsewhere = Authority.objects.create(
        code="UBND-KHAC", name="UBND xã Khác", full_name="x", parent_name="", place="x"
    )
    assert client.post(reverse("units:authority_switch"), {"authority": elsewhere.pk}).status_code == 404
    assert client.post(reverse("units:authority_switch"), {"authority": "abc"}).status_code == 404
    assert client.session[SESSION_KEY] == commune.pk


def test_the_api_acts_in_the_chosen_authority_and_refuses_one_without_a_role(client, province):
    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    _token, key = token_issue(actor=user("quantri"), user=user("cv.tantrao"), name="e-office")
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    listed = client.get("/api/v1/authorities/", **auth).json()["results"]
    assert {a["code"] for a in listed} == {"UBND-TQ", "UBND-TAN-TRAO"}
    tasks = client.get("/api/v1/tasks/", HTTP_X_CHITHI_AUTHORITY="UBND-TAN-TRAO", **auth).json()["results"]
    assert {t["id"] for t in tasks} == set(Task.all_authorities.filter(authority=commune).values_list("pk", flat=True))
    in_province = client.get("/api/v1/tasks/", HTTP_X_CHITHI_AUTHORITY="UBND-TQ", **auth).json()["results"]
    assert in_province and not {t["id"] for t in in_province} & {t["id"] for t in tasks}
    refused = client.get("/api/v1/tasks/", HTTP_X_CHITHI_AUTHORITY="UBND-KHONG-CO", **auth)
    assert refused.status_code == 403 and "Không có vai trò" in refused.json()["detail"]


def test_jobs_run_once_per_authority_each_to_its_own_leaders(
    province, time_machine, settings, django_capture_on_commit_callbacks
):
    """Two authorities: each gets its own Monday summary, sent to its own leaders only, once."""
    from tasks.jobs import reconcile_weekly_summaries_job

    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    settings.WEEKLY_SUMMARY_LOOKBACK_WEEKS = 0
    time_machine.move_to("2026-12-07 08:00 +07:00")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lines = reconcile_weekly_summaries_job()
    assert sorted(line.split()[0] for line in lines) == ["UBND-TAN-TRAO", "UBND-TQ"]
    summaries = {s.authority_id: s for s in WeeklySummary.all_authorities.filter(week="2026-W50")}
    assert set(summaries) == {province.pk, commune.pk}
    assert summaries[commune.pk].overdue_total == 1  # the economy office's overdue task, nothing of the province
    noticed = Notification.objects.filter(key__startswith="weekly:2026-W50:").values_list("user__username", "key")
    by_person = dict(noticed)
    assert by_person["chutich"] == f"weekly:2026-W50:{province.pk}"
    assert by_person["chutich.tantrao"] == f"weekly:2026-W50:{commune.pk}"
    assert {"chutich", "pct.kinhte", "pct.vanhoa", "vanphong", "chanhvanphong"} <= by_person.keys()
    assert {"chutich.tantrao", "pct.tantrao", "cv.tantrao"} <= by_person.keys()
    # The commune chairman leads only the commune: one notice, his commune's; no one gets both.
    assert (
        Notification.objects.filter(key__startswith="weekly:2026-W50:", user__username="chutich.tantrao").count() == 1
    )
    sent_to = [address for message in mail.outbox for address in message.to]
    assert sent_to and len(sent_to) == len(set(sent_to))
    assert JobRun.objects.filter(kind="weekly", period="2026-W50").count() == 2
    # Once: a second trigger does nothing in either authority.
    before = (WeeklySummary.all_authorities.count(), Notification.objects.count(), len(mail.outbox))
    assert reconcile_weekly_summaries_job() == []
    assert (WeeklySummary.all_authorities.count(), Notification.objects.count(), len(mail.outbox)) == before


def test_run_job_runs_each_authority_or_the_one_named(province, time_machine):
    time_machine.move_to("2026-12-07 08:00 +07:00")
    out = io.StringIO()
    call_command("run_job", "weekly-summary", "--week", "2026-W49", stdout=out)
    assert [line.split()[0] for line in out.getvalue().splitlines()] == ["UBND-TQ", "UBND-TAN-TRAO"]
    out = io.StringIO()
    call_command("run_job", "--authority", "UBND-TAN-TRAO", "weekly-summary", "--week", "2026-W48", stdout=out)
    assert out.getvalue().startswith("2026-W48 ")
    assert set(WeeklySummary.all_authorities.filter(week="2026-W48").values_list("authority__code", flat=True)) == {
        "UBND-TAN-TRAO"
    }


def test_a_user_with_no_role_reaches_no_authority(client, province):
    stranger = User.objects.create_user("nguoi.la", password="x")
    client.force_login(stranger)
    with acting_in(province):
        assert Unit.objects.exists()
    assert roles_of(stranger).authority_id is None
    response = client.get(
        "/api/v1/units/", HTTP_AUTHORIZATION=f"Token {token_issue(actor=user('quantri'), user=stranger, name='x')[1]}"
    )
    assert response.status_code == 200 and response.json()["results"] == []


def test_an_installation_from_before_migrates_without_changing_anything(tmp_path):
    """A copy of the one-authority demo database made before several authorities existed
    (units/tests/data/demo-before-authorities.*): after `migrate` every table keeps its row count
    and every assignment its derived status; the runs, summaries and rollups are the one authority's."""
    import sqlite3
    from pathlib import Path

    from units.tests.support import migrate_a_copy

    expected = json.loads((Path(__file__).parent / "data" / "demo-before-authorities.json").read_text())
    copy, statuses = migrate_a_copy(tmp_path, "demo-before-authorities", expected["as_of"])
    assert statuses == expected["assignment_status"]
    with sqlite3.connect(copy) as db:
        counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in expected["row_counts"]}
        authorities = db.execute("SELECT id FROM units_authority").fetchall()
        assert len(authorities) == 1
        for table in ("units_jobrun", "tasks_weeklysummary", "reports_submissionrollup", "reports_quarterrollup"):
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE authority_id IS NULL").fetchone()[0] == 0
            assert db.execute(f"SELECT COUNT(DISTINCT authority_id) FROM {table}").fetchone()[0] in (0, 1)
        old = expected["row_counts"]["django_content_type"]
        new_types = db.execute(f"SELECT app_label || '.' || model FROM django_content_type WHERE id > {old}").fetchall()
    # What grows: the migrations applied, and the new models' content types and permissions.
    grown = {"django_migrations", "django_content_type", "auth_permission"}
    assert {t: n for t, n in counts.items() if t not in grown} == {
        t: n for t, n in expected["row_counts"].items() if t not in grown
    }
    assert counts["django_migrations"] > expected["row_counts"]["django_migrations"]
    added = [
        "units.historicalauthority",
        "units.historicalcalendarexception",
        "units.historicalleader",
        "units.historicalunit",
        "units.organisationimport",
    ]
    assert sorted(t for (t,) in new_types) == added
    assert counts["django_content_type"] == expected["row_counts"]["django_content_type"] + len(added)
    assert counts["auth_permission"] == expected["row_counts"]["auth_permission"] + 4 * len(added)


def querysets_at_import(source: str, scoped: set[str]) -> list[int]:
    """Lines of `source` where a scoped model's manager is used outside any function or lambda
    (at import, in a class body or at module level), `Model.objects.none()` placeholders aside."""
    import ast

    def at_import(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            yield node, child
            yield from at_import(child)

    lines = []
    for parent, node in at_import(ast.parse(source)):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "all_authorities"}
            and isinstance(node.value, ast.Name)
            and node.value.id in scoped
        ):
            continue
        placeholder = isinstance(parent, ast.Attribute) and parent.attr == "none"
        if not placeholder:
            lines.append(node.lineno)
    return lines


def test_no_class_level_queryset_of_an_authority_owned_model():
    """A queryset written at class or module level (a form field, a filter, a serializer field) is
    built once, at import, with no scope: it fails closed when run (units.acting), so none may be
    written. They are built per request instead (in __init__, or `api.serializers.InScope`). Every
    module of the project is parsed, at any depth; only code outside functions counts."""
    from pathlib import Path

    from django.apps import apps

    from units.acting import AuthorityScopedManager

    scoped = {m.__name__ for m in apps.get_models() if isinstance(m._default_manager, AuthorityScopedManager)}
    assert {"Unit", "Leader", "Directive", "Task", "Assignment"} <= scoped
    root = Path(__file__).resolve().parents[2]
    found, modules = [], 0
    for path in root.rglob("*.py"):
        if set(path.relative_to(root).parts) & {".venv", "tests", "migrations", "var", "scripts"}:
            continue
        modules += 1
        found += [f"{path.relative_to(root)}:{line}" for line in querysets_at_import(path.read_text(), scoped)]
    assert found == []
    # tasks/views/*.py and other packages are read too, not only one level of each app.
    assert modules > 150


def test_the_check_finds_a_declaration_and_leaves_methods_and_placeholders():
    source = (
        "class F(Form):\n"
        "    unit = ModelChoiceField(queryset=Unit.objects.filter(is_active=True))\n"
        "    leader = ModelChoiceField(queryset=Leader.objects.none())\n"
        "    class Meta:\n"
        "        rows = Task.all_authorities.all()\n"
        "    def __init__(self):\n"
        "        self.fields['unit'].queryset = Unit.objects.all()\n"
        "ALL = Directive.objects.all()\n"
    )
    assert querysets_at_import(source, {"Unit", "Leader", "Task", "Directive"}) == [2, 5, 8]


@pytest.mark.unscoped
def test_a_class_level_queryset_fails_closed_when_run_inside_a_request(org):
    """Built with no scope (as at import), such a queryset raises even when later run in a scope."""
    from units.acting import ScopeError, acting_in

    declared = Unit.objects.filter(is_active=True)
    with acting_in(org.office.authority), pytest.raises(ScopeError):
        list(declared)


def test_each_offices_excel_and_monday_summary_hold_only_its_authority(client, province, time_machine):
    from openpyxl import load_workbook

    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    time_machine.move_to("2026-12-07 08:00 +07:00")
    call_command("run_job", "weekly-summary", "--week", "2026-W50", stdout=io.StringIO())
    for person, authority, own, other, closing in (
        ("vanphong", province, "đất công", "Trung tâm Phục vụ hành chính công", "Văn phòng UBND tỉnh kính báo cáo"),
        ("cv.tantrao", commune, "Trung tâm Phục vụ hành chính công", "đất công", "Văn phòng HĐND và UBND xã Tân Trào"),
    ):
        act_in(client, user(person), authority)
        response = client.get(reverse("tasks:assignment_export"))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)
        assert own in cells and other not in cells, person
        summary = client.get(reverse("tasks:summary_detail", args=["2026-W50"]))
        assert summary.context["summary"].authority == authority
        word = client.get(reverse("tasks:summary_download", args=["2026-W50", "docx"]))
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
        # In the authority's own words, never the district's.
        assert closing in text and "huyện" not in text, person


def test_a_background_export_is_built_in_the_authority_it_was_asked_in(province):
    """The job has no request: the file is made in the authority the person acted in when asking."""
    from openpyxl import load_workbook

    from units import exports

    chair = user("chutich.tantrao")
    spec = exports.SPECS["tasks.assignments"]
    with acting_in(province):
        export = exports.start(chair, spec, QueryDict(""))
    forget_roles(chair)  # the job's own user object: no request, no choice but what was kept
    built = exports.build(export.pk)
    assert built.status == "done", built.error
    cells = " ".join(
        str(c.value) for row in load_workbook(built.file.open("rb")).active.iter_rows() for c in row if c.value
    )
    assert "đất công" in cells and "Trung tâm Phục vụ hành chính công" not in cells


def test_an_authoritys_administrator_issues_tokens_to_its_own_people_only(client, province):
    import re

    from api.models import ApiToken

    commune = Authority.objects.get(code="UBND-TAN-TRAO")
    province_token, _key = token_issue(actor=user("quantri"), user=user("vanphong"), name="Một cửa tỉnh")
    act_in(client, user("cv.tantrao"), commune)
    page = client.get(reverse("api:token_list"))
    people = {u.username for u in page.context["form"].fields["user"].queryset}
    assert "truong.kt.tantrao" in people and "vanphong" not in people and "chutich" not in people
    # Not the commune's chairman: a token of his would also carry his rights in the province.
    assert "chutich.tantrao" not in people and "cv.tantrao" not in people
    assert "Một cửa tỉnh" not in page.content.decode()
    refused = client.post(reverse("api:token_list"), {"user": user("vanphong").pk, "name": "Không được"})
    assert refused.status_code == 200 and "Chọn người dùng." in refused.content.decode()
    issued = client.post(
        reverse("api:token_list"), {"user": user("truong.kt.tantrao").pk, "name": "Phần mềm của phòng"}
    )
    key = re.search(r'class="api-key">([^<]+)<', issued.content.decode()).group(1)
    own = client.get("/api/v1/assignments/", HTTP_AUTHORIZATION=f"Token {key}").json()["results"]
    assert own and {a["unit"] for a in own} == {"TT-KT"}
    assert client.post(reverse("api:token_revoke", args=[province_token.pk])).status_code == 404
    assert not ApiToken.objects.get(pk=province_token.pk).revoked

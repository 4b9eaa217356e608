"""The reporting_calendar and load_demo commands, as an official or a script would run them."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from units.models import CalendarException, CalendarExceptionKind, SpecialRole, Unit
from units.tests.support import manage_py

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_reporting_calendar_prints_quarters_and_weeks_as_tsv(db):
    lines = run("reporting_calendar", "--year", "2026").splitlines()
    assert lines[0].split("\t") == [
        "kind",
        "quarter",
        "cutoff_start",
        "cutoff_end",
        "unit_deadline",
        "unit_deadline_effective",
        "rollup_date",
        "rollup_date_effective",
    ]
    quarters = [line.split("\t") for line in lines if line.startswith("quarter\t")]
    weeks = [line.split("\t") for line in lines if line.startswith("week\t")]
    assert len(quarters) == 4 and len(weeks) == 53
    # Q3 2026: 20/9 is a Sunday, 25/9 a Friday.
    assert quarters[2] == [
        "quarter",
        "2026Q3",
        "2026-06-15",
        "2026-09-14",
        "2026-09-20",
        "2026-09-21",
        "2026-09-25",
        "2026-09-25",
    ]
    # Hùng Kings observed Monday 27/4/2026: that week's summary goes out on Tuesday.
    assert ["week", "2026-W18", "2026-04-27", "2026-04-28"] in weeks
    # Tết 2026 (16–20/2): no working day, no delivery.
    assert ["week", "2026-W08", "2026-02-16", ""] in weeks


def test_reporting_calendar_json_has_the_same_fields(db):
    data = json.loads(run("reporting_calendar", "--year", "2027", "--format", "json"))
    assert set(data) == {"quarters", "weeks"}
    assert [q["quarter"] for q in data["quarters"]] == ["2027Q1", "2027Q2", "2027Q3", "2027Q4"]
    q4 = data["quarters"][3]
    # 25/12/2027 is a Saturday -> Monday 27/12.
    assert (q4["rollup_date"], q4["rollup_date_effective"]) == ("2027-12-25", "2027-12-27")
    assert set(data["weeks"][0]) == {"week", "monday", "delivery"}


def test_reporting_calendar_applies_the_administrators_exceptions(db):
    CalendarException.objects.create(date="2026-09-21", kind=CalendarExceptionKind.DAY_OFF, note="Nghỉ bù")
    q3 = json.loads(run("reporting_calendar", "--year", "2026", "--format", "json"))["quarters"][2]
    assert q3["unit_deadline_effective"] == "2026-09-22"


@pytest.mark.parametrize(
    "args", [["--year", "20x6"], ["--year", "1850"], ["--year", "3000"], [], ["--year", "2026", "--format", "pdf"]]
)
def test_reporting_calendar_bad_input_is_one_line_and_exit_2(args):
    result = manage_py("reporting_calendar", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi:"), result.stderr


def test_reporting_calendar_bad_year_from_python_raises_command_error(db):
    with pytest.raises(CommandError) as error:
        call_command("reporting_calendar", "--year", "1850")
    assert error.value.returncode == 2


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("units", "registers", "tasks", "meetings", "inspections", "reports")
        for model in apps.get_app_config(app).get_models()
    }


def test_load_demo_twice_changes_nothing(db):
    run("load_demo", "--district")
    first = _row_counts()
    run("load_demo", "--district")
    assert _row_counts() == first
    assert first["units.Unit"] == 44 and first["tasks.DirectiveItem"] == 8
    # Four sample tasks and the demo inspection's follow-up measure; three meetings, one inspection.
    assert first["tasks.Task"] == 5 and first["inspections.Measure"] == 1
    assert first["meetings.Meeting"] == 3 and first["inspections.Inspection"] == 1


def test_load_demo_builds_sơn_dương_as_in_2021(db):
    out = run("load_demo", "--district")
    from tasks.models import Directive

    directive = Directive.objects.get(number="01/CT-UBND")
    assert directive.issued_on.isoformat() == "2021-09-23"
    assert directive.signer_name == "Giang Tuấn Anh"
    assert [i.number for i in directive.items.all()] == list(range(1, 9))
    assert directive.items.get(number=8).text.count("\n- ") == 3
    assert directive.recipient_lines[-1] == "Lưu: VT."
    assert Unit.objects.get(special_role=SpecialRole.OFFICE).code == "VP-HDND-UBND"
    assert Unit.objects.get(special_role=SpecialRole.HOME_AFFAIRS).code == "TCNV"
    assert Unit.objects.local_governments().count() == 31
    assert Unit.objects.get(code="TT-SON-DUONG").kind == "town"
    # Every demo account is printed with the password.
    for username in ("quantri", "chutich", "pct.kinhte", "vanphong", "tcnv", "chutich.tantrao", "pct.tantrao"):
        assert username in out
    assert "ChiThi@2026" in out


def test_demo_accounts_can_sign_in(client, db):
    run("load_demo", "--district")
    response = client.post("/login/", {"username": "chutich.tantrao", "password": "ChiThi@2026"})
    assert response.status_code == 302


def test_load_demo_keeps_a_database_made_with_the_district_demo(db):
    """`python3 run.py` repeats `load_demo`: a database from before the province demo keeps its own."""
    from units.models import Authority

    run("load_demo", "--district")
    out = run("load_demo")
    assert "giữ bộ này" in out
    assert list(Authority.objects.values_list("code", flat=True)) == ["UBND-SD"]


def test_load_demo_refuses_the_district_into_the_province(db):
    run("load_demo")
    with pytest.raises(CommandError, match="không nạp chung"):
        run("load_demo", "--district")

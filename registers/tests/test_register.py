"""The register of outgoing documents: consecutive numbers per body and year, never reused or
skipped, even when two documents are issued at the same moment; the page and its Excel download,
scoped like everything else (docs/architecture.md §6)."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse
from openpyxl import load_workbook

from conftest import require
from registers.models import RegisteredDocument, RegisterYear
from registers.services import register_document
from units.acting import carrying_scope
from units.models import Unit, UnitKind
from units.tests.factories import UnitFactory

DAY = date(2026, 11, 25)


def issue(unit, key, day=DAY, **extra):
    return register_document(unit=unit, key=key, issued_on=day, subject=f"Báo cáo {key}", **extra)


def test_numbers_follow_each_other_per_body_and_year_with_the_body_symbol(org):
    agency = UnitFactory(name="Phòng Tư pháp", kind=UnitKind.AGENCY, symbol="TP")
    labels = [issue(org.office, "a").label, issue(org.office, "b").label, issue(agency, "c").label]
    labels.append(issue(org.commune_a, "d").label)
    labels.append(issue(org.office, "e", day=date(2027, 1, 4)).label)
    assert labels == ["01/BC-VP", "02/BC-VP", "01/BC-TP", "01/BC-UBND", "01/BC-VP"]
    assert issue(org.office, "f").label == "03/BC-VP"
    assert RegisteredDocument.objects.get(key="f").number == 3


def test_a_document_registered_twice_keeps_its_one_number(org):
    first = issue(org.office, "rollup:1")
    again = issue(org.office, "rollup:1")
    assert again.pk == first.pk and RegisteredDocument.objects.count() == 1
    assert issue(org.office, "rollup:2").number == 2


def test_an_issue_rolled_back_gives_its_number_back(org):
    issue(org.office, "a")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert issue(org.office, "b").number == 2
        raise RuntimeError("the signing failed after the number was taken")
    assert issue(org.office, "c").number == 2
    assert list(RegisteredDocument.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_an_office_switching_in_mid_year_sets_the_starting_number(org):
    RegisterYear.objects.create(unit=org.office, year=2026, start_number=41)
    assert [issue(org.office, k).label for k in "ab"] == ["41/BC-VP", "42/BC-VP"]
    register = RegisterYear.objects.get(unit=org.office, year=2026)
    register.start_number = 10
    with pytest.raises(ValidationError) as error:
        register.full_clean()
    assert "đã cấp đến số 42" in str(error.value)


def _issue_at_once(units_and_keys):
    barrier = threading.Barrier(len(units_and_keys))
    numbers, errors = [], []

    def run(unit, key):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                numbers.append(issue(Unit.objects.get(pk=unit.pk), key).number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=carrying_scope(run), args=pair) for pair in units_and_keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return numbers, errors


@pytest.mark.integration
def test_documents_issued_at_the_same_moment_get_consecutive_different_numbers(transactional_db, org):
    """Four issuers of the same body at once, the register created by the first of them (PostgreSQL:
    the register row's lock orders them; none fails, none repeats, none is skipped)."""
    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")
    numbers, errors = _issue_at_once([(org.office, f"k{i}") for i in range(4)])
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]
    assert RegisterYear.objects.get(unit=org.office).last_number == 4


@pytest.mark.django_db(transaction=True)
def test_two_issued_at_once_on_sqlite_get_two_numbers(org, settings):
    """The embedded default: transactions begin IMMEDIATE, so the second issuer waits for the first."""
    if connection.vendor != "sqlite" or connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("a file-based SQLite database is what the embedded default runs on")
    numbers, errors = _issue_at_once([(org.office, "x"), (org.office, "y")])
    assert errors == [] and sorted(numbers) == [1, 2]


def test_the_register_page_lists_what_the_user_may_see(client, org):
    issue(org.office, "weekly:1", signer_name="Nguyễn Văn Hùng", signer_title="Chánh Văn phòng", url="/summaries/")
    issue(org.commune_a, "quarterly:1", signer_name="Hà Văn Quân", signer_title="Chủ tịch")
    issue(org.commune_b, "quarterly:2", signer_name="Vũ Minh Tuấn", signer_title="Chủ tịch")
    client.force_login(org.office_staff)
    html = client.get(reverse("registers:register")).content.decode()
    assert all(label in html for label in ("01/BC-VP", "Nguyễn Văn Hùng", "Xã Tân Trào", "Xã Hợp Thành"))
    client.force_login(org.chair_a)
    page = client.get(reverse("registers:register"))
    html = page.content.decode()
    assert "Hà Văn Quân" in html and "Vũ Minh Tuấn" not in html and "Nguyễn Văn Hùng" not in html
    # Asking for another commune's register shows nothing of it.
    other = client.get(reverse("registers:register"), {"unit": org.commune_b.code}).content.decode()
    assert "Vũ Minh Tuấn" not in other
    sheet = load_workbook(io.BytesIO(client.get(reverse("registers:register_export")).content)).worksheets[0]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "01/BC-UBND" in values and "Hà Văn Quân" not in " ".join(map(str, values)).replace(
        "Chủ tịch Hà Văn Quân", ""
    )
    assert not any("Vũ Minh Tuấn" in str(v) for v in values)
    assert any(isinstance(v, type(DAY)) or getattr(v, "date", None) for v in values)

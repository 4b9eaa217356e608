"""Lists never count past a limit (library.paging, docs/architecture.md §11); the task list's unit
filter is a search box once there are too many units for a drop-down; the per-unit table pages."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from library.paging import CappedPaginator, capped_count
from tasks import filters
from tasks.tests.factories import AssignmentFactory, assign
from tasks.views import lists
from units.models import Unit
from units.tests.factories import UnitFactory


def test_capped_count_and_paginator(db, org):
    for n in range(8):
        UnitFactory(code=f"DV-{n}", name=f"Đơn vị {n}")
    units = Unit.objects.order_by("name")
    total = units.count()
    assert capped_count(units, 5) == 6 and capped_count(units, 100) == total
    union = (
        Unit.objects.filter(code__startswith="DV-")
        .order_by()
        .values_list("pk")
        .union(Unit.objects.filter(code__startswith="XA-").order_by().values_list("pk"), all=True)
    )
    assert capped_count(union, 3) == 4 and capped_count(union, 100) == 10
    paginator = CappedPaginator(units, 2, limit=5)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)
    uncapped = CappedPaginator(units, 2, limit=100)
    assert (uncapped.count, uncapped.capped) == (total, False)


def test_the_list_says_more_than_past_its_limit(client, org, monkeypatch, time_machine):
    time_machine.move_to("2026-11-02 08:00 +07:00")
    for n in range(4):
        assign(org, org.commune_a, deadline=date(2026, 11, 16), subject=f"Việc {n}")
    monkeypatch.setattr(lists, "CappedPaginator", lambda rows, per_page=50: CappedPaginator(rows, 2, limit=3))
    client.force_login(org.office_staff)
    html = client.get(reverse("tasks:assignment_list")).content.decode()
    assert "Hơn 3 lượt giao — hãy lọc để thu hẹp danh sách" in html and "Trang 1/hơn 2" in html


def test_many_units_are_searched_not_listed(client, org, monkeypatch, time_machine):
    time_machine.move_to("2026-11-02 08:00 +07:00")
    assign(org, org.commune_a, deadline=date(2026, 11, 16), subject="Việc của Tân Trào")
    assign(org, org.commune_b, deadline=date(2026, 11, 16), subject="Việc của Hợp Thành")
    client.force_login(org.office_staff)
    few = client.get(reverse("tasks:assignment_list")).content.decode()
    assert '<select name="unit"' in few and 'name="unit_name"' not in few
    monkeypatch.setattr(filters, "UNIT_SELECT_LIMIT", 2)
    many = client.get(reverse("tasks:assignment_list")).content.decode()
    assert '<select name="unit"' not in many and 'name="unit_name"' in many
    found = client.get(reverse("tasks:assignment_list"), {"unit_name": "tan trao"})
    assert [a.unit for a in found.context["page"]] == [org.commune_a]
    # A link that names the unit (the dashboard's) keeps working and says which unit it is.
    linked = client.get(reverse("tasks:assignment_list"), {"unit": org.commune_b.pk})
    assert [a.unit for a in linked.context["page"]] == [org.commune_b]
    html = linked.content.decode()
    assert "<strong>Xã Hợp Thành</strong>" in html and "Bỏ chọn đơn vị" in html
    assert f'<input type="hidden" name="unit" value="{org.commune_b.pk}"' in html


def test_the_per_unit_table_pages_and_counts_each_page(client, org, monkeypatch):
    monkeypatch.setattr(lists, "UNITS_PER_PAGE", 2)
    day = date(2026, 10, 1)
    for unit in Unit.objects.all():
        AssignmentFactory(unit=unit, original_deadline=day, deadline=day, effective_deadline=day)
    client.force_login(org.office_staff)
    seen = []
    for number in (1, 2):
        page = client.get(reverse("tasks:unit_table"), {"page": number})
        assert all(row.total == 1 for row in page.context["rows"])
        seen += [row.unit for row in page.context["rows"]]
    assert len(seen) == 4 == Unit.objects.active().count() and len(set(seen)) == 4
    assert "Trang 1/2" in client.get(reverse("tasks:unit_table")).content.decode()

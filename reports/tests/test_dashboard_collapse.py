"""At province or national scale the dashboard shows who needs attention, not every unit
(reports.selectors.DASHBOARD_UNITS, docs/architecture.md §11): the units that did not send on time,
the top and the bottom of the ranking with the gap said in words and linked to the full table."""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse

from library.workcalendar import LOCAL_TZ, Quarter
from reports import selectors
from tasks.tests.factories import AssignmentFactory
from units.tests.factories import UnitFactory

Q4 = Quarter.parse("2026Q4")


def test_the_dashboard_collapses_long_lists(client, org, monkeypatch, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL_TZ))
    monkeypatch.setattr(selectors, "DASHBOARD_UNITS", 4)  # 40 in production: fewer units to make here
    units = [UnitFactory(code=f"XA-{n:02d}", name=f"Xã Thử {n:02d}", sort_order=100 + n) for n in range(10)]
    day = date(2026, 10, 1)
    for n, unit in enumerate(units):  # unit n reported n of its 10 overdue tasks: a strict ranking
        for k in range(10):
            AssignmentFactory(
                unit=unit,
                original_deadline=day,
                deadline=day,
                effective_deadline=day,
                reported_on=day if k < n else None,
            )
    client.force_login(org.reviewer)
    page = client.get(reverse("reports:dashboard"), {"quarter": Q4.key})
    html = page.content.decode()
    shown = [r["unit"] for r in page.context["completion"] if r]
    assert shown == ["Xã Thử 09", "Xã Thử 08", "Xã Thử 01", "Xã Thử 00"]  # the best two, the worst two
    assert page.context["completion"][2] is None and page.context["completion_hidden"] == 6
    assert "… 6 đơn vị ở giữa bảng xếp hạng không hiện ở đây" in html
    assert reverse("tasks:unit_table") + "?due_from=15/09/2026" in html
    # Nobody sent the quarter's report: four are listed, the rest counted and linked.
    assert len(page.context["submissions"]) == 4 and page.context["submissions_hidden"] > 0
    assert "status=missing" in html

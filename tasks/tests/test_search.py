"""Accent-insensitive search across tasks, directives and units (issue 10): "quan triet", "QUAN
TRIET", "quán triệt" and "Quán Triệt" find the same rows on SQLite and on PostgreSQL (the suite runs
on both in CI), scoped like every page; odd input answers 200 with nothing found."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from django.urls import reverse

from tasks.models import Task
from tasks.tests.factories import assign
from units.models import Unit
from units.tests.factories import UnitFactory
from units.text import fold

SPELLINGS = ["quan triet", "QUAN TRIET", "quán triệt", "Quán Triệt", unicodedata.normalize("NFD", "Quán triệt")]


def test_fold():
    assert fold("Quán Triệt") == fold("QUÁN TRIỆT") == fold(unicodedata.normalize("NFD", "quán triệt")) == "quan triet"
    assert fold("Đồng Quý  ĐẠI\tPhú") == "dong quy dai phu"
    assert fold("a\x00b") == "ab"


@pytest.fixture
def found(org, template):
    directive = template.directive
    directive.subject = "Về việc tăng cường kỷ luật, kỷ cương hành chính; quán triệt tới toàn thể cán bộ"
    directive.save()
    return {
        "a": assign(org, org.commune_a, subject="Tổ chức QUÁN TRIỆT Chỉ thị 01/CT-UBND", directive=directive),
        "b": assign(org, org.commune_b, subject="Quán triệt quy chế làm việc ở xã Hợp Thành"),
        "other": assign(org, org.commune_a, subject="Rà soát đất công"),
        "directive": directive,
    }


@pytest.mark.parametrize("query", SPELLINGS)
def test_every_spelling_finds_the_same_rows(client, org, found, query):
    client.force_login(org.office_staff)
    results = client.get(reverse("tasks:search"), {"q": query}).context["results"]
    assert {t.pk for t in results["tasks"]["rows"]} == {found["a"].pk, found["b"].pk}
    assert results["tasks"]["count"] == 2
    assert [d.pk for d in results["directives"]["rows"]] == [found["directive"].pk]
    listing = client.get(reverse("tasks:assignment_list"), {"q": query}).context["page"]
    assert {a.task_id for a in listing} == {found["a"].pk, found["b"].pk}


def test_units_and_directive_numbers_are_found_without_diacritics(client, org, found):
    client.force_login(org.office_staff)
    results = client.get(reverse("tasks:search"), {"q": "xa tan trao"}).context["results"]
    assert [u.code for u in results["units"]["rows"]] == ["XA-TAN-TRAO"]
    by_number = client.get(reverse("tasks:search"), {"q": "01/ct-ubnd"}).context["results"]
    assert found["a"] in by_number["tasks"]["rows"] and found["directive"] in by_number["directives"]["rows"]
    # Every word must be found, in any order.
    both = client.get(reverse("tasks:search"), {"q": "hop thanh quy che"}).context["results"]
    assert [t.pk for t in both["tasks"]["rows"]] == [found["b"].pk]
    assert client.get(reverse("units:unit_list"), {"q": "HOP THANH"}).context["units"][0].code == "XA-HOP-THANH"
    assert list(client.get(reverse("tasks:directive_list"), {"q": "quan triet"}).context["directives"]) == [
        found["directive"]
    ]


def test_a_commune_finds_only_its_own(client, org, found):
    client.force_login(org.chair_a)
    results = client.get(reverse("tasks:search"), {"q": "quan triet"}).context["results"]
    assert [t.pk for t in results["tasks"]["rows"]] == [found["a"].pk]
    assert client.get(reverse("tasks:search"), {"q": "hop thanh"}).context["results"]["units"]["rows"] == []


@pytest.mark.parametrize("query", ["quan\x00triet", "q" * 1000, "!!! ---", "", "   "])
def test_odd_queries_answer_200_with_nothing(client, org, found, query):
    client.force_login(org.office_staff)
    response = client.get(reverse("tasks:search"), {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    assert not any(group["rows"] for group in results.values()) if results else True
    listing = client.get(reverse("tasks:assignment_list"), {"q": query})
    assert listing.status_code == 200


def test_the_folded_column_follows_every_save(client, org, found):
    task = found["other"]
    task.subject = "Kiểm tra công vụ đột xuất"
    task.save()
    client.force_login(org.office_staff)
    assert [
        t.pk for t in client.get(reverse("tasks:search"), {"q": "kiem tra cong vu"}).context["results"]["tasks"]["rows"]
    ] == [task.pk]
    assert client.get(reverse("tasks:search"), {"q": "ra soat dat cong"}).context["results"]["tasks"]["count"] == 0
    unit = org.commune_b
    unit.name = "Xã Đồng Quý"
    unit.save(update_fields=["name"])
    assert Unit.objects.get(pk=unit.pk).search_text.startswith("xa dong quy")
    # What the data migration does for rows written before the column existed.
    Task.objects.filter(pk=task.pk).update(search_text="")
    task.refresh_from_db()
    task.refresh_search_text()
    task.save()
    assert "kiem tra cong vu" in Task.objects.get(pk=task.pk).search_text


def test_search_page_query_count_is_flat(client, org, found, django_assert_num_queries):
    client.force_login(org.office_staff)

    def count() -> int:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("tasks:search"), {"q": "quan triet"}).status_code == 200
        return len(ctx)

    small = count()
    for n in range(25):
        assign(org, UnitFactory(name=f"Xã Quán Triệt {n}"), subject=f"Quán triệt lần {n}")
    with django_assert_num_queries(small):
        client.get(reverse("tasks:search"), {"q": "quan triet"})
    assert small == 15


def test_trigram_indexes_exist_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%search_trgm'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"units_unit_search_trgm", "tasks_task_search_trgm", "tasks_directive_search_trgm"}

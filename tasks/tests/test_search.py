"""Accent-insensitive search across tasks, directives and units (issue 10): "quan triet", "QUAN
TRIET", "quán triệt" and "Quán Triệt" find the same rows on SQLite and on PostgreSQL (the suite runs
on both in CI), scoped like every page; odd input answers 200 with nothing found."""

from __future__ import annotations

import importlib
import unicodedata

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import translation

from library.text import fold
from tasks import search as search_module
from tasks.models import Directive, Task
from tasks.search import search
from tasks.tests.factories import assign
from units.models import Unit
from units.tests.factories import UnitFactory

SPELLINGS = ["quan triet", "QUAN TRIET", "quán triệt", "Quán Triệt", unicodedata.normalize("NFD", "Quán triệt")]


def test_fold():
    assert fold("Quán Triệt") == fold("QUÁN TRIỆT") == "quan triet"
    assert fold("Đ") == fold("đ") == "d"
    composed = unicodedata.normalize("NFC", "Quán triệt Đồng Quý")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed and fold(composed) == fold(decomposed) == "quan triet dong quy"
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
    assert results["tasks"]["count"] == 1  # not even a count of the other commune's
    assert client.get(reverse("tasks:search"), {"q": "hop thanh"}).context["results"]["units"] == {
        "rows": [],
        "count": 0,
        "more": 0,
    }
    # "xa" is in every commune's name: only its own is listed.
    assert [u.pk for u in search(org.chair_a, "xa")["units"]["rows"]] == [org.commune_a.pk]
    listing = client.get(reverse("tasks:assignment_list"), {"q": "quan triet"}).context["page"]
    assert [(a.task_id, a.unit_id) for a in listing] == [(found["a"].pk, org.commune_a.pk)]


@pytest.mark.parametrize("query", ["quan\x00triet", "q" * 1000, "!!! ---", "", "   "])
def test_odd_queries_answer_200_with_nothing(client, org, found, query):
    client.force_login(org.office_staff)
    response = client.get(reverse("tasks:search"), {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    assert not any(group["rows"] or group["count"] for group in results.values()) if results else True
    if not query.strip():
        assert "Gõ một vài chữ" in response.content.decode()  # asks for words, searches nothing
    listing = client.get(reverse("tasks:assignment_list"), {"q": query})
    assert listing.status_code == 200


def test_the_selector_itself_copes_with_nul_bytes_and_long_text(org, found):
    """Whatever a caller passes (not only the page, whose middleware strips control characters)."""
    assert search(org.office_staff, "quan\x00 triet")["tasks"]["count"] == 2
    assert search(org.office_staff, "quan triet " + "x" * 1000)["tasks"]["count"] == 0
    assert search(org.office_staff, "\x00") == {}


def test_more_than_shown_says_how_many_and_links_to_the_full_list(client, org, found, monkeypatch):
    monkeypatch.setattr(search_module, "LIMIT", 1)
    client.force_login(org.office_staff)
    response = client.get(reverse("tasks:search"), {"q": "quan triet"})
    assert response.context["results"]["tasks"] | {"rows": None} == {"rows": None, "count": 2, "more": 1}
    html = response.content.decode()
    assert "và 1 kết quả khác" in html
    assert f'href="{reverse("tasks:assignment_list")}?q=quan%20triet"' in html


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


def test_a_renumbered_directive_refolds_its_tasks_in_vietnamese(org, found):
    directive = found["directive"]
    directive.number = "07/CT-UBND"
    with translation.override("en"):  # an administrator reading English saves it
        directive.save()
    assert Directive.objects.get(pk=directive.pk).search_text.startswith("chi thi 07/ct-ubnd ")
    # The task's own subject names 01/CT-UBND too; its directive's number comes last.
    assert Task.objects.get(pk=found["a"].pk).search_text == "to chuc quan triet chi thi 01/ct-ubnd 07/ct-ubnd"


def test_the_data_migrations_fill_rows_written_before_the_column(org, found):
    """The migrations' fill functions (run on rows whose column is blank) give exactly what save() gives."""
    assign(org, org.commune_b, subject="Báo cáo", content="Kết quả thực hiện", source_reference="Công văn 12/UBND-VP")
    UnitFactory(name="Phòng Tư pháp", short_name="Tư pháp", code="TU-PHAP")
    saved = {model: dict(model.objects.values_list("pk", "search_text")) for model in (Task, Directive, Unit)}
    assert all(all(texts.values()) for texts in saved.values())
    for model in (Task, Directive, Unit):
        model.objects.update(search_text="")
    importlib.import_module("units.migrations.0004_search_text").fill(apps, None)
    importlib.import_module("tasks.migrations.0008_search_text").fill(apps, None)
    assert {model: dict(model.objects.values_list("pk", "search_text")) for model in (Task, Directive, Unit)} == saved


# The page's queries: session, user, roles, the menu's counts, then per kind its rows and its count.
QUERIES = {"office_staff": 15, "chair_a": 14}


@pytest.mark.parametrize("who", sorted(QUERIES))
def test_search_page_query_count_is_the_same_for_3_and_30_tasks(client, org, found, who, django_assert_num_queries):
    def grow(size: int) -> None:
        while (n := Task.objects.filter(search_text__contains="quan triet").count()) < size:
            assign(org, org.commune_a, UnitFactory(name=f"Xã Quán Triệt {n}"), subject=f"Quán triệt lần {n}")

    client.force_login(getattr(org, who))
    found_counts = []
    for size in (3, 30):
        grow(size)
        with django_assert_num_queries(QUERIES[who]):
            response = client.get(reverse("tasks:search"), {"q": "quan triet"})
        found_counts.append(response.context["results"]["tasks"]["count"])
    # The commune does not see the task given to the other commune only.
    assert found_counts == {"office_staff": [3, 30], "chair_a": [2, 29]}[who]


def test_trigram_indexes_exist_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%search_trgm'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"units_unit_search_trgm", "tasks_task_search_trgm", "tasks_directive_search_trgm"}
    # The index serves LIKE '%word%' (forced here: on a few rows the planner would rather scan).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM tasks_task WHERE search_text LIKE %s", ["%quan triet%"])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "tasks_task_search_trgm" in plan, plan

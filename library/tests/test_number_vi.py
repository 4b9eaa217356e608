"""Whole numbers written the Vietnamese way, thousands grouped with dots ("1.430"): one helper for
every Word file (library.documents.number_vi, which its tables use for every whole number), and the
same grouping on the rollup page (chithi/formats/vi)."""

from __future__ import annotations

import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from docx import Document

from library.documents import AdministrativeDocument, number_vi


@pytest.mark.parametrize(
    "number,shown",
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1430, "1.430"),
        (23809, "23.809"),
        (244321, "244.321"),
        (1430000, "1.430.000"),
        (-5, "-5"),
        (-1430, "-1.430"),
        (-244321, "-244.321"),
        (1430.0, "1.430"),
        (None, "—"),
    ],
)
def test_number_vi(number, shown):
    assert number_vi(number) == shown


def test_word_tables_group_whole_numbers_and_centre_them():
    doc = AdministrativeDocument(title="Thử")
    doc.table(["TT", "Đơn vị", "Số"], [[1, "Xã A", 23809], ["", "Tổng cộng", 1430], [2, "Xã B", "12,5%"]], [10, 60, 30])
    table = Document(io.BytesIO(doc.save())).tables[-1]
    cells = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert cells == [["1", "Xã A", "23.809"], ["", "Tổng cộng", "1.430"], ["2", "Xã B", "12,5%"]]
    centred = table.rows[1].cells[2].paragraphs[0].alignment
    assert centred is not None and int(centred) == 1  # WD_ALIGN_PARAGRAPH.CENTER


def test_rollup_figures_are_grouped_and_percentages_kept():
    context = {
        "missing": [],
        "late": [],
        "returned": [],
        "indicators": [
            {"section": 1, "label": "Hồ sơ", "kind": "integer", "agencies": 1430, "communes": 243891, "all": 245321},
            {"section": 2, "label": "Tỷ lệ", "kind": "percent", "agencies": 92.5, "communes": None, "all": 88.0},
            {"section": 3, "label": "Có/không", "kind": "boolean", "agencies": 0, "communes": 1200, "all": 1200},
        ],
    }
    with translation.override("vi"):
        html = render_to_string("reports/_rollup_body.html", context)
    cells = [c.strip() for c in html.split('<td class="num">')[1:]]
    figures = [c.split("</td>")[0] for c in cells]
    assert figures == ["1.430", "243.891", "245.321", "92,5", "—", "88,0", "0", "1.200", "1.200"]
